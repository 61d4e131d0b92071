#!/usr/bin/env bash
# Migration benchmark: creates COUNT legacy tokens in the Finch simulator's sandbox of a RUNNING local service,
# posts them as one migration, polls until it is completed, and prints records per second (POST to completed) at
# the service's configured concurrency. Not part of the test suite.
#
#   ./run-local &            # or: java -jar target/quarkus-app/quarkus-run.jar with the dev/test config
#   bench/migration.sh       # COUNT=10000 BASE=http://localhost:8080 PARALLEL=8 by default
#
# Needs curl and jq. Uses the local run's defaults: API key fc_dev_local_api_key, simulator client
# finch-sim-client / finch-sim-secret.
set -euo pipefail

BASE="${BASE:-http://localhost:8080}"
COUNT="${COUNT:-10000}"
PARALLEL="${PARALLEL:-8}"
API_KEY="${API_KEY:-fc_dev_local_api_key}"
SIM_AUTH="${SIM_AUTH:-finch-sim-client:finch-sim-secret}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

curl -fsS "$BASE/q/health/ready" >/dev/null || { echo "no service answering at $BASE" >&2; exit 1; }

echo "Creating $COUNT sandbox connections in the simulator ($PARALLEL at a time)..."
started=$(date +%s.%N)
seq 1 "$COUNT" | xargs -P "$PARALLEL" -I{} sh -c '
  curl -fsS -u "$1" -H "Content-Type: application/json" \
    -d "{\"provider_id\":\"gusto\",\"products\":[\"company\",\"directory\"]}" \
    "$2/finch-sim/sandbox/connections" > "$3/conn-$4.json"' _ "$SIM_AUTH" "$BASE" "$WORK" {}
created=$(date +%s.%N)
printf 'Created in %.1f s\n' "$(awk "BEGIN {print $created - $started}")"

# One legacy record per token, with the ids a legacy caller holds.
jq -s '{connections: map({access_token, account_id, company_id})}' "$WORK"/conn-*.json > "$WORK/body.json"
echo "Request body: $(wc -c < "$WORK/body.json") bytes, $(jq '.connections | length' "$WORK/body.json") records"

posted=$(date +%s.%N)
migration_id=$(curl -fsS -X POST "$BASE/api/v1/migrations/introspect" \
  -H "Authorization: Bearer $API_KEY" -H 'Content-Type: application/json' \
  --data-binary @"$WORK/body.json" | jq -r .migration_id)
accepted=$(date +%s.%N)
printf 'Accepted as %s in %.2f s (intake: parse, seal, insert)\n' "$migration_id" "$(awk "BEGIN {print $accepted - $posted}")"

while :; do
  result=$(curl -fsS "$BASE/api/v1/migrations/$migration_id" -H "Authorization: Bearer $API_KEY")
  status=$(jq -r .status <<<"$result")
  [[ "$status" != "running" ]] && break
  sleep 0.5
done
finished=$(date +%s.%N)

elapsed=$(awk "BEGIN {print $finished - $posted}")
migrated=$(jq .migrated <<<"$result")
failed=$(jq .failed <<<"$result")
echo "Status $status: total $(jq .total <<<"$result"), migrated $migrated, failed $failed"
printf 'Elapsed %.1f s (POST to completed)\n' "$elapsed"
printf 'Throughput: %.0f records/s\n' "$(awk "BEGIN {print ($migrated + $failed) / $elapsed}")"
