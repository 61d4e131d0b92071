#!/usr/bin/env bash
# Training run for the JDK's AOT cache (JEP 483/514/515, JDK 25+): starts the aot-jar build of the service with
# -XX:AOTCacheOutput, drives the paths production uses (API calls with an API key, signed webhooks through ingestion,
# the Kafka consumer applying them, the outbox relay, health and metrics), then stops it with SIGTERM. The JVM writes
# the cache as it exits (the class list, linked classes and method profiles of this run); every later start with
# -XX:AOTCache=<file> and the same JVM options uses it.
#
# Needs a running PostgreSQL and Kafka (DB_URL, DB_USERNAME, DB_PASSWORD, KAFKA_BOOTSTRAP_SERVERS, as in
# testing/LocalStack's stack.env) and the test classpath in CP (for SignedWebhookFile). It uses its own database
# (finch_aot_training, created afresh on the same server) and its own topics and consumer group, so the runs that
# follow start from exactly the state they would have without it.
#
#   JVM_OPTS="-XX:+UseSerialGC -Xmx128m" AOT_CACHE=target/quarkus-app/app.aot bench/aot-train.sh
#
# JVM_OPTS must be the options the measured or production runs use (GC, heap, code cache): the JVM refuses a cache
# made with different ones, or uses it only in part (see -Xlog:aot).
set -euo pipefail
cd "$(dirname "$0")/.."

: "${DB_URL:?DB_URL is required}" "${KAFKA_BOOTSTRAP_SERVERS:?KAFKA_BOOTSTRAP_SERVERS is required}" "${CP:?CP is required}"
JVM_OPTS="${JVM_OPTS-}"
AOT_CACHE="${AOT_CACHE:-target/quarkus-app/app.aot}"
APP_JAR="${APP_JAR:-target/quarkus-app/quarkus-run.jar}"
TRAIN_PORT="${TRAIN_PORT:-18099}"
TRAIN_WORK="${TRAIN_WORK:-target/aot-training}"
TRAIN_SECONDS="${TRAIN_SECONDS:-20}"       # seconds of webhooks
TRAIN_RATE="${TRAIN_RATE:-1000}"           # webhooks per second meanwhile
TRAIN_CONNECTION_IDS="${TRAIN_CONNECTION_IDS:-500}"
WEBHOOK_SECRET="OdnZztFfU6+A+lMWRWubluFv7YIzkz/sxYuG5IqIwug="   # local-only values, as bench/run.sh's
API_KEY="fc_dev_local_api_key"
BASE="http://localhost:$TRAIN_PORT"
TRAIN_DB=finch_aot_training

command -v wrk >/dev/null || { echo "wrk is required: apt-get install -y wrk" >&2; exit 1; }
grep -q AotQuarkusEntryPoint <(unzip -p "$APP_JAR" META-INF/MANIFEST.MF 2>/dev/null) || {
  echo "$APP_JAR is not an aot-jar build: package with -Dquarkus.package.jar.type=aot-jar" >&2; exit 1; }

rm -rf "$TRAIN_WORK" "$AOT_CACHE" "$AOT_CACHE.config"
mkdir -p "$TRAIN_WORK"
server_url="postgresql://${DB_USERNAME:-postgres}@${DB_URL#postgresql://}"
train_url="${server_url%/*}/$TRAIN_DB"
PGPASSWORD="${DB_PASSWORD:-}" psql "$server_url" -v ON_ERROR_STOP=1 -Atq \
  -c "drop database if exists $TRAIN_DB with (force)" -c "create database $TRAIN_DB"
sql() { PGPASSWORD="${DB_PASSWORD:-}" psql "$train_url" -v ON_ERROR_STOP=1 -Atq "$@"; }

service_pid=""
stop_training() {
  [[ -n "$service_pid" ]] || return 0
  kill -TERM "$service_pid" 2>/dev/null || true
  # The cache is written after the application stopped (a child JVM assembles it): that takes a while on 2 cores.
  # Never SIGKILL here, or the cache is left half-written.
  wait "$service_pid" 2>/dev/null || true
  service_pid=""
}
trap stop_training EXIT

echo "AOT training run: $APP_JAR, JVM options: ${JVM_OPTS:-(JVM defaults)}"
started=$SECONDS
PORT="$TRAIN_PORT" \
DB_URL="${DB_URL%/*}/$TRAIN_DB" \
API_KEYS="bench:$(printf '%s' "$API_KEY" | sha256sum | cut -d' ' -f1)" \
FINCH_WEBHOOK_SECRETS="$WEBHOOK_SECRET" \
TOKEN_ENCRYPTION_KEYS="bench-1:4T75Oj96Yf2r8TnfWvYWF91OYJmfcxA1DHOnmbeFOXE=" \
TOKEN_ENCRYPTION_ACTIVE_KEY_ID="bench-1" \
FINCH_CLIENT_ID="bench-client" FINCH_CLIENT_SECRET="bench-secret" \
MP_MESSAGING_OUTGOING_FINCH_WEBHOOKS_OUT_TOPIC=aot-training.finch.webhooks.v1 \
MP_MESSAGING_INCOMING_FINCH_WEBHOOKS_IN_TOPIC=aot-training.finch.webhooks.v1 \
MP_MESSAGING_INCOMING_FINCH_WEBHOOKS_IN_GROUP_ID=finch-connections-aot-training \
MP_MESSAGING_OUTGOING_FINCH_WEBHOOKS_DLQ_TOPIC=aot-training.finch.webhooks.v1.dlq \
MP_MESSAGING_OUTGOING_OUTBOX_RELAY_TOPIC=aot-training.connections.status.v1 \
  java $JVM_OPTS -XX:AOTCacheOutput="$AOT_CACHE" -jar "$APP_JAR" > "$TRAIN_WORK/service.log" 2>&1 &
service_pid=$!
for _ in $(seq 1 3600); do
  curl -fs -o /dev/null "$BASE/q/health/ready" && break
  kill -0 "$service_pid" 2>/dev/null || { echo "The training service exited; see $TRAIN_WORK/service.log" >&2; exit 1; }
  sleep 0.05
done
curl -fs -o /dev/null "$BASE/q/health/ready" || { echo "Not ready; see $TRAIN_WORK/service.log" >&2; exit 1; }
echo "  ready after $((SECONDS - started)) s; exercising it..."

# Connections in status reauth, so each one's first event is a status change (audit row, outbox, relay).
java -cp "$CP" com.acme.finchconnections.bench.SignedWebhookFile "$TRAIN_WORK/hooks" \
  $(( TRAIN_RATE * (TRAIN_SECONDS + 5) )) "$TRAIN_CONNECTION_IDS" "$WEBHOOK_SECRET" > /dev/null
sql <<SQL
create temp table ids (connection_id text);
\copy ids from '$PWD/$TRAIN_WORK/hooks/connections.txt'
insert into connection (connection_id, customer_id, customer_name, provider_id, status, status_observed_at,
    status_updated_at, authentication_methods, created_at, updated_at)
select connection_id, 'train-' || connection_id, 'Training Co', 'gusto', 'reauth', now() - interval '1 day', now(),
    '[{"type":"credential","status":"reauth","products":["company"]}]'::jsonb, now(), now()
from ids;
SQL
first_id=$(head -1 "$TRAIN_WORK/hooks/connections.txt")

api_round() {
  local auth="Authorization: Bearer $API_KEY" u
  for u in "/api/v1/connections?limit=50" "/api/v1/connections?limit=5&status=connected" \
      "/api/v1/connections/$first_id" "/api/v1/connections/$first_id/events" \
      "/api/v1/connections/$first_id/jobs" "/api/v1/connections/no-such-connection" \
      "/api/v1/analytics/auth-funnel" "/api/v1/analytics/billable-connections" \
      "/api/v1/connect/sessions/no-such-session"; do
    curl -s -o /dev/null -H "$auth" "$BASE$u" || true
  done
  curl -s -o /dev/null -H "Authorization: Bearer wrong-key" "$BASE/api/v1/connections" || true
  curl -s -o /dev/null -H "Authorization: Bearer $API_KEY" -H 'Content-Type: application/json' \
    -d '{"customer_id":""}' "$BASE/api/v1/connect/sessions" || true                      # 400, violations
  curl -s -o /dev/null -H 'Content-Type: application/json' -H 'Finch-Event-Id: x' -H 'Finch-Timestamp: 1' \
    -H 'Finch-Signature: v1,AAAA' -d '{}' "$BASE/webhooks/finch" || true                  # refused webhook
  curl -s -o /dev/null "$BASE/q/health/ready"; curl -s -o /dev/null "$BASE/q/health/live"
  curl -s -o /dev/null "$BASE/q/metrics"; curl -s -o /dev/null "$BASE/ping"
}
for _ in $(seq 1 20); do api_round; done
curl -s -o /dev/null "$BASE/q/openapi"; curl -s -o /dev/null "$BASE/"

RATE="$TRAIN_RATE" BENCH_DIR="$TRAIN_WORK/hooks" WRK_THREADS=2 \
  wrk -t2 -c20 -d"${TRAIN_SECONDS}s" -s bench/webhooks.lua "$BASE/webhooks/finch" > "$TRAIN_WORK/wrk.txt" 2>&1 &
wrk_pid=$!
while kill -0 "$wrk_pid" 2>/dev/null; do api_round; sleep 1; done
wait "$wrk_pid" || true
# Let the consumer apply what was accepted (its inbox stops growing), then one more round of reads.
previous=-1
for _ in $(seq 1 30); do
  current=$(sql -c "select count(*) from webhook_inbox")
  [[ "$current" == "$previous" ]] && break
  previous=$current
  sleep 2
done
api_round
echo "  $(grep -o '^RESULT .*' "$TRAIN_WORK/wrk.txt" | grep -o 'requests=[0-9]*' || echo 'requests=?') webhooks sent, ${current} in the inbox; stopping (the JVM writes the cache)..."
stop_training
trap - EXIT
[[ -s "$AOT_CACHE" ]] || { echo "No AOT cache was written; see $TRAIN_WORK/service.log" >&2; exit 1; }
grep -h 'AOTCache creation is complete' "$TRAIN_WORK/service.log" || true
echo "  cache written in $((SECONDS - started)) s in all: $AOT_CACHE ($(( $(stat -c %s "$AOT_CACHE") / 1048576 )) MB)"
PGPASSWORD="${DB_PASSWORD:-}" psql "$server_url" -Atq -c "drop database if exists $TRAIN_DB with (force)" || true
