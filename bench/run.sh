#!/usr/bin/env bash
# Benchmarks finch-connections end to end (issue 8) and writes the results to BENCHMARKS.md.
# Builds the jar, starts PostgreSQL + Kafka (the testing/LocalStack launcher, fresh data under target/bench/),
# starts the service as the prod jar, measures a baseline GET and the scenarios with wrk, stops everything it
# started (trap on exit), and replaces the "Throughput, latency, start-up and memory" section of BENCHMARKS.md.
# Last, scenario 1 again with the processor's channel off (1b, the receiver alone), to tell the two costs apart.
#
#   bench/run.sh                      # whole run, ~16 minutes on an idle 2-core machine, build included
#   DURATION=30 CONNECTIONS=50 bench/run.sh
#   DRAIN_EVENTS=200000 bench/run.sh  # a smaller backlog for scenario 3
#   SKIP_BUILD=1 bench/run.sh         # reuse target/quarkus-app and target/local-stack.classpath
#   AOT=0 bench/run.sh                # the plain fast-jar, no AOT cache (the build and start before the cache)
#   JVM_OPTS="-XX:+UseSerialGC -Xmx256m" bench/run.sh   # other JVM options (the training run uses them too)
#
# By default the service is packaged as Quarkus' aot-jar and a training run (bench/aot-train.sh: its own database
# and topics on the same stack) writes the JDK's AOT cache before anything is measured; every measured start uses
# it (-XX:AOTCache), made with the same JVM_OPTS.
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/java-home.sh

DURATION="${DURATION:-30}"            # seconds per measured wrk run
WARMUP="${WARMUP:-10}"                # seconds of warm-up before each measured run (scenario 1: per round)
WARMUP_ROUNDS="${WARMUP_ROUNDS:-12}"  # scenario 1: most warm-up rounds, ended early once the JIT has settled
JIT_SETTLED="${JIT_SETTLED:-10}"      # scenario 1: settled = C2 below this % of one core over a round
WARMUP_EVENTS="${WARMUP_EVENTS:-600000}"  # scenario 1: pre-signed warm-up deliveries (cycled if the rounds need more)
CONNECTIONS="${CONNECTIONS:-50}"      # concurrent HTTP connections (wrk -c)
THREADS="${THREADS:-2}"               # wrk threads
CONNECTION_IDS="${CONNECTION_IDS:-1000}"  # distinct Finch connection ids the webhooks are spread across
REQUESTS="${REQUESTS:-250000}"        # pre-signed deliveries for the measured run (cycled if exhausted)
PORT="${PORT:-18088}"
AOT="${AOT:-1}"                       # 1: aot-jar packaging + training run + -XX:AOTCache on every start; 0: fast-jar
# JVM options of the service: Dockerfile.jvm's (a JDK 21 image), plus compact object headers when this JDK has them
# (25+, JEP 519: 8-byte object headers, so less heap per batch and fewer collections), plus C2 alone with the AOT
# cache: the cache holds the training run's method profiles, so C2 needs no C1 tier to profile first, and without
# C1's profiled code the code cache and RSS are 30-45 MB smaller (BENCHMARKS.md, eleventh session). JVM_OPTS= for
# JVM defaults. HEAP is the old name, still honoured.
default_jvm_opts="-XX:+UseSerialGC -Xmx160m -Xmn80m -XX:SurvivorRatio=2 -XX:TargetSurvivorRatio=90 -Xss512k -XX:ReservedCodeCacheSize=64m -XX:SweeperThreshold=50 -XX:TrimNativeHeapInterval=5000"
[[ "$(java_major "$JAVA_HOME")" -ge 25 ]] && default_jvm_opts="$default_jvm_opts -XX:+UseCompactObjectHeaders"
[[ "$AOT" == 1 ]] && default_jvm_opts="$default_jvm_opts -XX:-TieredCompilation -XX:CompileThreshold=2000"
JVM_OPTS="${JVM_OPTS-${HEAP-$default_jvm_opts}}"
AOT_CACHE=target/quarkus-app/app.aot
E2E_RATE="${E2E_RATE:-5000}"          # scenario 2: offered webhooks per second
E2E_DURATION="${E2E_DURATION:-60}"    # scenario 2: seconds
E2E_CONNECTION_IDS="${E2E_CONNECTION_IDS:-10000}"  # scenario 2 and 3: connections, created beforehand
DRAIN_EVENTS="${DRAIN_EVENTS:-1000000}"  # scenario 3: backlog on the topic before the processor starts
PROFILE_SECONDS="${PROFILE_SECONDS:-20}"  # profiling pass of the webhook path (at E2E_RATE), after the measured runs
PROFILE_DRAIN_EVENTS="${PROFILE_DRAIN_EVENTS:-200000}"  # profiling pass of a drain, after the measured one
WORK=target/bench
BASE="http://localhost:$PORT"
TOPIC=finch.webhooks.v1
# Local-only values (the same as the %dev profile's): the dev API key and webhook secret.
WEBHOOK_SECRET="OdnZztFfU6+A+lMWRWubluFv7YIzkz/sxYuG5IqIwug="
API_KEY="fc_dev_local_api_key"

stack_pid=""
service_pid=""

stop_service() {
  if [[ -n "$service_pid" ]] && kill -0 "$service_pid" 2>/dev/null; then
    kill -TERM "$service_pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$service_pid" 2>/dev/null || break; sleep 0.25; done
    kill -KILL "$service_pid" 2>/dev/null || true
    wait "$service_pid" 2>/dev/null || true
  fi
  service_pid=""
}

cleanup() {
  trap - INT TERM EXIT
  stop_service
  if [[ -n "$stack_pid" ]] && kill -0 "$stack_pid" 2>/dev/null; then
    # Its shutdown hook stops the broker and PostgreSQL (pg_ctl) before it exits.
    kill -TERM "$stack_pid" 2>/dev/null || true
    wait "$stack_pid" 2>/dev/null || true
  fi
}
trap cleanup INT TERM EXIT

command -v wrk >/dev/null || { echo "wrk is required: apt-get install -y wrk" >&2; exit 1; }
if [[ "$AOT" == 1 && "$(java_major "$JAVA_HOME")" -lt 25 ]]; then
  echo "AOT=1 needs a JDK 25 or newer (the AOT cache with -XX:AOTCacheOutput); set JAVA_HOME, or AOT=0" >&2; exit 1
fi

# CPU ticks (1/100 s) of a process and its waited-for children; of all PostgreSQL processes; of the whole machine
# (busy, and idle).
ticks_of() { awk '{ print $14 + $15 + $16 + $17 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
postgres_ticks() { local total=0 p; for p in $(pgrep -x postgres); do total=$((total + $(ticks_of "$p"))); done; echo "$total"; }
machine_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }
idle_ticks() { awk '/^cpu / { print $5 + $6 }' /proc/stat; }

load_start="$(cut -d' ' -f1 /proc/loadavg)"
# How busy the machine is before anything of ours runs: the percentage of all CPUs used over 3 s. The load average
# is no test of that: its minute still counts whatever ran just before (a previous bench, a CI run) on an idle box.
busy_before=$(machine_ticks) idle_before=$(idle_ticks)
sleep 3
busy_ticks=$(( $(machine_ticks) - busy_before ))
busy_start=$(( 100 * busy_ticks / (busy_ticks + $(idle_ticks) - idle_before) ))
if [[ -z "${SKIP_BUILD:-}" ]]; then
  echo "Building the jar and the launcher's classpath..."
  package_type=fast-jar
  [[ "$AOT" == 1 ]] && package_type=aot-jar
  ./mvnw -B -q package -DskipTests -Dquarkus.package.jar.type=$package_type dependency:build-classpath \
    -Dmdep.outputFile=target/local-stack.classpath -Dmdep.includeScope=test
fi
# The service's java command line (what every measured start runs, and what the results record).
service_opts="$JVM_OPTS"
[[ "$AOT" == 1 ]] && service_opts="${JVM_OPTS:+$JVM_OPTS }-XX:AOTCache=$AOT_CACHE"
CP="target/test-classes:target/classes:$(cat target/local-stack.classpath)"

rm -rf "$WORK"
mkdir -p "$WORK"
echo "Starting PostgreSQL and Kafka (data in $WORK/stack)..."
java -Xmx512m -cp "$CP" com.acme.finchconnections.testing.LocalStack "$WORK/stack" "$$" > "$WORK/stack.log" 2>&1 &
stack_pid=$!
for _ in $(seq 1 240); do
  [[ -f "$WORK/stack/stack.env" ]] && break
  kill -0 "$stack_pid" 2>/dev/null || { echo "PostgreSQL/Kafka failed; see $WORK/stack.log" >&2; exit 1; }
  sleep 0.5
done
[[ -f "$WORK/stack/stack.env" ]] || { echo "PostgreSQL/Kafka did not start; see $WORK/stack.log" >&2; exit 1; }
set -a; source "$WORK/stack/stack.env"; set +a
psql_url="postgresql://${DB_USERNAME}@${DB_URL#postgresql://}"
sql() { PGPASSWORD="$DB_PASSWORD" psql "$psql_url" -v ON_ERROR_STOP=1 -Atq "$@"; }

# Starts the prod jar (more java options after the log, if any); sets ready_ms to the milliseconds from process start
# to /q/health/ready answering 200.
start_service() {
  local log=$1 started now
  shift
  started=$(date +%s%N)
  PORT="$PORT" \
  API_KEYS="bench:$(printf '%s' "$API_KEY" | sha256sum | cut -d' ' -f1)" \
  FINCH_WEBHOOK_SECRETS="$WEBHOOK_SECRET" \
  TOKEN_ENCRYPTION_KEYS="bench-1:4T75Oj96Yf2r8TnfWvYWF91OYJmfcxA1DHOnmbeFOXE=" \
  TOKEN_ENCRYPTION_ACTIVE_KEY_ID="bench-1" \
  FINCH_CLIENT_ID="bench-client" FINCH_CLIENT_SECRET="bench-secret" \
    java $service_opts "$@" -jar target/quarkus-app/quarkus-run.jar > "$log" 2>&1 &
  service_pid=$!
  for _ in $(seq 1 1200); do
    if curl -fs -o /dev/null "$BASE/q/health/ready"; then
      now=$(date +%s%N)
      ready_ms=$(( (now - started) / 1000000 ))
      return 0
    fi
    kill -0 "$service_pid" 2>/dev/null || { echo "The service exited; see $log" >&2; return 1; }
    sleep 0.05
  done
  echo "The service was not ready in 60 s; see $log" >&2
  return 1
}

# wrk's RESULT line as shell variables: requests duration_us non2xx socket_errors p50_us p99_us max_us (and
# webhooks.lua's next_offset).
run_wrk() {
  local out=$1; shift
  wrk -t"$THREADS" -c"$CONNECTIONS" "$@" > "$out" 2>&1
  local line
  line=$(grep '^RESULT ' "$out" | sed 's/^RESULT //')
  [[ -n "$line" ]] || { echo "wrk printed no result; see $out" >&2; exit 1; }
  eval "$line"
}

topic_count() {
  java -cp "$CP" com.acme.finchconnections.bench.TopicRecordCount "$KAFKA_BOOTSTRAP_SERVERS" "$TOPIC" 2>/dev/null
}

# The topic's count once it stops growing: requests wrk gave up on (timeouts) may still be published after it ends.
settled_topic_count() {
  local previous current
  previous=$(topic_count)
  for _ in $(seq 1 15); do
    sleep 2
    current=$(topic_count)
    [[ "$current" == "$previous" ]] && break
    previous=$current
  done
  echo "$current"
}

# The profile asked for where a target is missed: the CPU time each process used during every measured run (from
# /proc, nothing in the service), and a JDK Flight Recorder recording of the service (its hottest methods, from
# `jfr view hot-methods`) in profiling passes of their own after the measured runs. Flight Recorder is kept out of
# the measured runs: with settings=profile it had cost the service about 55 MB of RSS (its buffers, and classes the
# AOT cache does not hold) and a quarter of scenario 1's throughput, by hand on this machine.
jfr_start() { jcmd "$service_pid" JFR.start name="$1" settings=profile > /dev/null 2>&1 || true; }
jfr_stop() {
  jcmd "$service_pid" JFR.stop name="$1" filename="$PWD/$WORK/$1.jfr" > /dev/null 2>&1 || true
  jfr view --width 140 hot-methods "$WORK/$1.jfr" 2>/dev/null | sed -n '4,18p' > "$WORK/$1-hot-methods.txt" || true
}
# The service's garbage collections so far, from its perf counters (jstat, outside the service): "young young_ms
# full full_ms". A full collection stops every event loop for 100-300 ms here, so the report counts them.
gc_counts() {
  jstat -gc "$service_pid" 2>/dev/null | awk 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i }
    NR == 2 { printf "%d %.0f %d %.0f\n", $col["YGC"], 1000 * $col["YGCT"], $col["FGC"], 1000 * $col["FGCT"] }' \
    | grep . || echo "0 0 0 0"
}
cpu_mark() {
  eval "mark_$1=\"$(date +%s%N) $(ticks_of "$service_pid") $(ticks_of "$stack_pid") $(postgres_ticks) $(machine_ticks) $(gc_counts)\""
}
cpu_report() {
  local start now service kafka postgres machine young young_ms full full_ms
  eval "read -r start service kafka postgres machine young young_ms full full_ms <<< \"\$mark_$1\""
  now=$(date +%s%N)
  read -r young_now young_ms_now full_now full_ms_now <<< "$(gc_counts)"
  awk -v wall=$(( (now - start) / 10000000 )) -v cpus="$(nproc)" \
    -v s=$(( $(ticks_of "$service_pid") - service )) -v k=$(( $(ticks_of "$stack_pid") - kafka )) \
    -v p=$(( $(postgres_ticks) - postgres )) -v m=$(( $(machine_ticks) - machine )) \
    -v yc=$(( young_now - young )) -v yms=$(( young_ms_now - young_ms )) \
    -v fc=$(( full_now - full )) -v fms=$(( full_ms_now - full_ms )) \
    'BEGIN { o = m - s - k - p; if (o < 0) o = 0
             printf "CPU busy %.0f%% of %d cores over %.0f s: service %.0f%%, PostgreSQL %.0f%%, Kafka %.0f%%, load generator and rest %.0f%% (of one core each); service GC: %d young collections (%d ms), %d full (%d ms)\n",
               100 * m / (wall * cpus), cpus, wall / 100, 100 * s / wall, 100 * p / wall, 100 * k / wall, 100 * o / wall, yc, yms, fc, fms }'
}

rss_mb() { echo $(( $(ps -o rss= -p "$service_pid") / 1024 )); }

aot_training_s=""
if [[ "$AOT" == 1 ]]; then
  echo "AOT cache: training run (its own database and topics)..."
  training_started=$SECONDS
  JVM_OPTS="$JVM_OPTS" AOT_CACHE="$AOT_CACHE" CP="$CP" TRAIN_WORK="$WORK/aot-training" bench/aot-train.sh
  aot_training_s=$(( SECONDS - training_started ))
fi

echo "Starting the service (first start: Flyway migrates an empty database)..."
start_service "$WORK/service-1.log"
first_start_ms=$ready_ms
echo "  ready after ${first_start_ms} ms"

echo "Baseline: GET /ping, ${WARMUP} s warm-up + ${DURATION} s..."
run_wrk "$WORK/baseline-warmup.txt" -d"${WARMUP}s" -s bench/baseline.lua "$BASE/ping"
run_wrk "$WORK/baseline.txt" -d"${DURATION}s" --latency -s bench/baseline.lua "$BASE/ping"
base_rps=$(awk -v r="$requests" -v d="$duration_us" 'BEGIN { printf "%.0f", r / (d / 1e6) }')
base_p99_ms=$(awk -v p="$p99_us" 'BEGIN { printf "%.2f", p / 1000 }')
base_non2xx=$non2xx
echo "  ${base_rps} req/s, p99 ${base_p99_ms} ms"

# The benchmark's connections (scenario 1 uses the first CONNECTION_IDS of them), in status reauth observed a day
# ago: a connection's first event turns it to connected (a status change: audit row, outbox message, published on
# connections.status.v1), its later ones change nothing. Created again (reset) before scenario 2.
create_connections() {
  sql <<SQL
create temp table bench_ids (connection_id text);
\copy bench_ids from '$1'
insert into connection (connection_id, customer_id, customer_name, provider_id, status, status_observed_at,
    status_updated_at, authentication_methods, created_at, updated_at)
select connection_id, 'bench-' || connection_id, 'Bench Co', 'gusto', 'reauth', now() - interval '1 day', now(),
    '[{"type":"credential","status":"reauth","products":["company"]}]'::jsonb, now(), now()
from bench_ids
on conflict (connection_id) do update set status = 'reauth', status_observed_at = now() - interval '1 day';
SQL
}
java -cp "$CP" com.acme.finchconnections.bench.SignedWebhookFile "$WORK/connections" 1 "$E2E_CONNECTION_IDS" "$WEBHOOK_SECRET"
create_connections "$PWD/$WORK/connections/connections.txt"

# The processor works through scenario 1's events after wrk stopped: wait until it is done, so that what follows
# starts with an empty backlog (the connections exist, so every event is applied, none parked).
inbox_inserts() { sql -c "select n_tup_ins from pg_stat_user_tables where relname = 'webhook_inbox'"; }
wait_for_processor() {
  local previous=-1 current stalled=0
  while :; do
    current=$(inbox_inserts)
    if [[ "$current" == "$previous" ]]; then stalled=$((stalled + 1)); else stalled=0; fi
    [[ $stalled -ge 3 ]] && break
    [[ $previous -ge 0 && $stalled -eq 0 ]] && echo "  processor: $(( current - previous )) events in the last 2 s"
    previous=$current
    sleep 2
  done
}

# CPU ticks of the service's C2 compiler threads (the JIT's optimising tier).
c2_ticks() {
  local total=0 task
  for task in /proc/"$service_pid"/task/*; do
    [[ "$(cat "$task/comm" 2>/dev/null)" == C2* ]] || continue
    total=$(( total + $(awk '{ print $14 + $15 }' "$task/stat" 2>/dev/null || echo 0) ))
  done
  echo "$total"
}

# On this machine C2 kept compiling for about 40 s of webhook load, at 38-64 % of a core (one of the two), and a
# second run on the same service accepted about 1.8 times the first's: a fixed 10 s warm-up measured the JIT's
# warm-up as much as the service. So the warm-up goes on, in rounds on fresh event ids, until a round in which C2
# used less than JIT_SETTLED % of one core (or WARMUP_ROUNDS of them); only then are the measured run's deliveries
# signed (their timestamps stay fresh) and sent. Sets warmup_rounds, warmup_sent and warmup_c2_pct; files
# $WORK/<name>-warmup*.
warm_up_ingest() {
  local name=$1 offset=0
  java -cp "$CP" com.acme.finchconnections.bench.SignedWebhookFile "$WORK/$name-warmup" "$WARMUP_EVENTS" \
    "$CONNECTION_IDS" "$WEBHOOK_SECRET"
  warmup_rounds=0 warmup_sent=0
  while (( warmup_rounds < WARMUP_ROUNDS )); do
    c2_before=$(c2_ticks)
    BENCH_DIR="$WORK/$name-warmup" WRK_THREADS="$THREADS" OFFSET="$offset" \
      run_wrk "$WORK/$name-warmup-$warmup_rounds.txt" -d"${WARMUP}s" -s bench/webhooks.lua "$BASE/webhooks/finch"
    warmup_rounds=$(( warmup_rounds + 1 ))
    offset=$next_offset
    warmup_sent=$(( warmup_sent + requests ))
    warmup_c2_pct=$(( ($(c2_ticks) - c2_before) / WARMUP ))  # ticks are 1/100 s, so per second: % of one core
    echo "  warm-up round ${warmup_rounds}: ${requests} deliveries, C2 at ${warmup_c2_pct} % of a core"
    if (( warmup_c2_pct < JIT_SETTLED )); then break; fi
  done
}

# The measured ingest run: REQUESTS fresh deliveries as fast as wrk can for DURATION s, the CPU each process used
# ($WORK/<name>-cpu.txt) and the records the topic gained meanwhile. Sets measured_requests, measured_accepted,
# measured_rps, measured_p50_ms, measured_p99_ms, measured_non2xx, measured_timeouts, measured_on_topic and
# measured_c2_pct.
measure_ingest() {
  local name=$1 topic_before topic_after
  java -cp "$CP" com.acme.finchconnections.bench.SignedWebhookFile "$WORK/$name" "$REQUESTS" "$CONNECTION_IDS" \
    "$WEBHOOK_SECRET"
  topic_before=$(settled_topic_count)
  c2_before=$(c2_ticks)
  cpu_mark "$name"
  BENCH_DIR="$WORK/$name" WRK_THREADS="$THREADS" \
    run_wrk "$WORK/$name.txt" -d"${DURATION}s" --latency -s bench/webhooks.lua "$BASE/webhooks/finch"
  cpu_report "$name" > "$WORK/$name-cpu.txt"
  measured_c2_pct=$(( ($(c2_ticks) - c2_before) / DURATION ))
  topic_after=$(settled_topic_count)
  measured_requests=$requests
  measured_accepted=$(( requests - non2xx - socket_errors ))
  measured_rps=$(awk -v r="$measured_accepted" -v d="$duration_us" 'BEGIN { printf "%.0f", r / (d / 1e6) }')
  measured_p99_ms=$(awk -v p="$p99_us" 'BEGIN { printf "%.2f", p / 1000 }')
  measured_p50_ms=$(awk -v p="$p50_us" 'BEGIN { printf "%.2f", p / 1000 }')
  measured_non2xx=$(( non2xx + socket_errors ))
  measured_timeouts=$timeouts
  measured_on_topic=$(( topic_after - topic_before ))
  echo "  ${measured_rps} accepted/s, p99 ${measured_p99_ms} ms, non-2xx ${measured_non2xx}," \
    "on topic ${measured_on_topic} of ${measured_accepted}; C2 at ${measured_c2_pct} % of a core"
}

echo "Scenario 1: signed webhook ingest, warm-up rounds of ${WARMUP} s until the JIT has settled, then ${DURATION} s..."
warmup_started=$SECONDS
warm_up_ingest ingest
wait_for_processor  # the processor catches up before the measured run
warmup_s=$(( SECONDS - warmup_started ))
ingest_warmup_rounds=$warmup_rounds ingest_warmup_sent=$warmup_sent ingest_warmup_c2_pct=$warmup_c2_pct
echo "  warmed up in ${warmup_s} s (${warmup_rounds} rounds, ${warmup_sent} deliveries)"
measure_ingest ingest
body_bytes=$(head -1 "$WORK/ingest/bodies.txt" | wc -c)
ingest_requests=$measured_requests accepted=$measured_accepted ingest_rps=$measured_rps
ingest_p50_ms=$measured_p50_ms ingest_p99_ms=$measured_p99_ms ingest_non2xx=$measured_non2xx
ingest_timeouts=$measured_timeouts on_topic=$measured_on_topic ingest_c2_pct=$measured_c2_pct

backlog_started=$SECONDS
wait_for_processor
ingest_backlog_s=$(( SECONDS - backlog_started ))
echo "  processor done with scenario 1's events ${ingest_backlog_s} s after wrk stopped"
rss_after_mb=$(rss_mb)
echo "  service RSS after ingest: ${rss_after_mb} MB"

# --- Scenario 2: end to end at a fixed rate across many connections --------------------------------------------

# count|applied|p50|p99|max of a run's inbox rows; latency = its transaction's commit - received_at (acceptance).
applied_query() {
  sql -c "select count(*), count(*) filter (where state = 'applied'),
      coalesce(round((percentile_cont(0.5) within group (order by lat))::numeric, 1), 0),
      coalesce(round((percentile_cont(0.99) within group (order by lat))::numeric, 1), 0),
      coalesce(round(max(lat)::numeric, 1), 0)
    from (select state, extract(epoch from pg_xact_commit_timestamp(xmin) - received_at) * 1000 as lat
          from webhook_inbox where event_id like '$1%') applied"
}

echo "Scenario 2: ${E2E_RATE} webhooks/s for ${E2E_DURATION} s across ${E2E_CONNECTION_IDS} connections..."
java -cp "$CP" com.acme.finchconnections.bench.SignedWebhookFile "$WORK/e2e" \
  $(( E2E_RATE * (E2E_DURATION + 10) )) "$E2E_CONNECTION_IDS" "$WEBHOOK_SECRET"
create_connections "$PWD/$WORK/e2e/connections.txt"
e2e_prefix=$(head -1 "$WORK/e2e/requests.txt" | cut -d' ' -f1 | sed 's/_[0-9]*$/_/')
cpu_mark e2e
RATE="$E2E_RATE" BENCH_DIR="$WORK/e2e" WRK_THREADS="$THREADS" \
  run_wrk "$WORK/e2e.txt" -d"${E2E_DURATION}s" --latency -s bench/webhooks.lua "$BASE/webhooks/finch"
e2e_accepted=$(( requests - non2xx - socket_errors ))
e2e_offered_rps=$(awk -v r="$requests" -v d="$duration_us" 'BEGIN { printf "%.0f", r / (d / 1e6) }')
e2e_http_p99_ms=$(awk -v p="$p99_us" 'BEGIN { printf "%.2f", p / 1000 }')
e2e_non2xx=$(( non2xx + socket_errors ))
e2e_timeouts=$timeouts
# Wait for the processor to catch up (its backlog stops shrinking for 20 s: something is wrong, report it).
previous=""; stalled=0
while :; do
  current=$(applied_query "$e2e_prefix")
  IFS='|' read -r e2e_rows e2e_applied e2e_p50_ms e2e_p99_ms e2e_max_ms <<< "$current"
  [[ "$e2e_rows" -ge "$e2e_accepted" ]] && break
  if [[ "$e2e_rows" == "${previous%%|*}" ]]; then stalled=$((stalled + 1)); else stalled=0; fi
  [[ $stalled -ge 10 ]] && break
  previous=$current
  echo "  processor: ${e2e_rows} of ${e2e_accepted} applied"
  sleep 2
done
cpu_report e2e > "$WORK/e2e-cpu.txt"
e2e_duplicates=$(sql -c "select count(*) from (select event_id from connection_event
  where event_id like '${e2e_prefix}%' group by event_id having count(*) > 1) d")
e2e_audit=$(sql -c "select count(*) from connection_event where event_id like '${e2e_prefix}%'")
e2e_still_reauth=$(sql -c "select count(*) from connection where customer_id like 'bench-%' and status <> 'connected'")
rss_e2e_mb=$(rss_mb)
echo "  offered ${e2e_offered_rps}/s, accepted ${e2e_accepted} (non-2xx ${e2e_non2xx}); applied ${e2e_applied} of ${e2e_rows} inbox rows;"
echo "  acceptance -> committed p50 ${e2e_p50_ms} ms, p99 ${e2e_p99_ms} ms, max ${e2e_max_ms} ms; audit rows ${e2e_audit}, duplicates ${e2e_duplicates}; RSS ${rss_e2e_mb} MB"

echo "Profiling pass: the webhook path (ingest and processor), ${E2E_RATE}/s for ${PROFILE_SECONDS} s, Flight Recorder on..."
java -cp "$CP" com.acme.finchconnections.bench.SignedWebhookFile "$WORK/profile" \
  $(( E2E_RATE * (PROFILE_SECONDS + 5) )) "$E2E_CONNECTION_IDS" "$WEBHOOK_SECRET"
jfr_start webhooks
RATE="$E2E_RATE" BENCH_DIR="$WORK/profile" WRK_THREADS="$THREADS" \
  run_wrk "$WORK/profile-wrk.txt" -d"${PROFILE_SECONDS}s" -s bench/webhooks.lua "$BASE/webhooks/finch"
wait_for_processor
jfr_stop webhooks

echo "Scenario 4: restart (migrated database, warm page cache)..."
stop_service
start_service "$WORK/service-2.log"
restart_ms=$ready_ms
rss_idle_mb=$(rss_mb)
echo "  ready after ${restart_ms} ms, RSS ${rss_idle_mb} MB"
stop_service

# --- Scenario 3: drain a backlog with the processor started cold ------------------------------------------------
# Waits until count more events than before are in the inbox, printing progress; gives up after a minute without.
wait_for_inbox() {
  local count=$1 before=$2 started=$3 done_count previous=-1 stalled=0
  while :; do
    done_count=$(( $(inbox_inserts) - before ))
    [[ "$done_count" -ge "$count" ]] && break
    if [[ "$done_count" == "$previous" ]]; then stalled=$((stalled + 1)); else stalled=0; fi
    [[ $stalled -ge 12 ]] && { echo "  no progress for a minute; stopping the drain" >&2; break; }
    previous=$done_count
    echo "  $(( ($(date +%s%N) - started) / 1000000000 )) s: ${done_count} of ${count} in the inbox"
    sleep 5
  done
}
echo "Scenario 3: ${DRAIN_EVENTS} events on ${TOPIC} before the service starts..."
drain_prefix=$(java -cp "$CP" com.acme.finchconnections.bench.TopicFill "$KAFKA_BOOTSTRAP_SERVERS" "$DRAIN_EVENTS" \
  "$E2E_CONNECTION_IDS" | tee "$WORK/topic-fill.txt" | awk '/^prefix / { print $2 }')
inserts_before=$(inbox_inserts)
drain_started=$(date +%s%N)
start_service "$WORK/service-3.log"
echo "  ready after ${ready_ms} ms; draining..."
cpu_mark drain
wait_for_inbox "$DRAIN_EVENTS" "$inserts_before" "$drain_started"
cpu_report drain > "$WORK/drain-cpu.txt"
IFS='|' read -r drain_rows drain_applied drain_seconds drain_from_start_s <<< "$(sql -c "
  select count(*), count(*) filter (where state = 'applied'),
    round(extract(epoch from max(c) - min(c))::numeric, 1),
    round(extract(epoch from max(c) - to_timestamp(${drain_started} / 1e9))::numeric, 1)
  from (select state, pg_xact_commit_timestamp(xmin) c from webhook_inbox where event_id like '${drain_prefix}%') d")"
drain_rate=$(awk -v n="$drain_rows" -v s="$drain_seconds" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }')
drain_rate_from_start=$(awk -v n="$drain_rows" -v s="$drain_from_start_s" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }')
echo "  ${drain_rows} events (${drain_applied} applied) in ${drain_seconds} s from first to last commit: ${drain_rate}/s; ${drain_from_start_s} s from process start"
stop_service

echo "Profiling pass: a drain of ${PROFILE_DRAIN_EVENTS} events, processor cold, Flight Recorder on..."
java -cp "$CP" com.acme.finchconnections.bench.TopicFill "$KAFKA_BOOTSTRAP_SERVERS" "$PROFILE_DRAIN_EVENTS" \
  "$E2E_CONNECTION_IDS" > "$WORK/profile-fill.txt"
inserts_before=$(inbox_inserts)
profile_started=$(date +%s%N)
start_service "$WORK/service-4.log"
jfr_start drain
wait_for_inbox "$PROFILE_DRAIN_EVENTS" "$inserts_before" "$profile_started"
jfr_stop drain
stop_service

# --- Scenario 1 again, the receiver alone -----------------------------------------------------------------------
# Scenario 1 measures the receiver while the processor applies the same events on the same two cores. This is the
# receiver as a deployment with the processor's channel off runs it (receivers apart from processors), so that the
# two costs can be told apart. Last, because the events it publishes stay on the topic unapplied.
echo "Scenario 1b: the same ingest with the processor's channel off (the receiver alone)..."
start_service "$WORK/service-5.log" -Dmp.messaging.incoming.finch-webhooks-in.enabled=false
warm_up_ingest alone
echo "  warmed up (${warmup_rounds} rounds, ${warmup_sent} deliveries)"
measure_ingest alone
alone_rps=$measured_rps alone_p50_ms=$measured_p50_ms alone_p99_ms=$measured_p99_ms
alone_non2xx=$measured_non2xx alone_requests=$measured_requests alone_accepted=$measured_accepted
alone_on_topic=$measured_on_topic alone_timeouts=$measured_timeouts alone_rounds=$warmup_rounds
stop_service

# --- Results -------------------------------------------------------------------------------------------------
quarkus_started() { grep -o 'started in [0-9.]*s' "$1" | head -1 | sed 's/started in //'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
verdict() { if awk "BEGIN { exit !($1) }"; then echo "**pass**"; else echo "**miss**"; fi; }
ingest_ratio=$(ratio "$ingest_rps" "$base_rps")
s1_rate=$(verdict "$ingest_ratio >= 0.35")
s1_p99=$(verdict "$ingest_p99_ms <= 25")
s1_errors=$(verdict "$ingest_non2xx == 0")
# wrk stops with up to CONNECTIONS requests in flight, and gives up on slow ones (timeouts): the service may still
# accept and publish those, wrk never counts them. So the topic may hold up to that many more, never fewer.
s1_topic=$(verdict "$on_topic >= $accepted && $on_topic <= $accepted + $CONNECTIONS + $ingest_timeouts")
s4_start=$(verdict "$restart_ms <= 2500")
s4_first=$(verdict "$first_start_ms <= 2500")
s4_rss=$(verdict "$rss_e2e_mb <= 350")
s2_rate=$(verdict "$e2e_offered_rps >= $E2E_RATE * 0.98 && $e2e_non2xx == 0")
s2_p99=$(verdict "$e2e_p99_ms <= 500")
# As in scenario 1, the service may have accepted requests wrk no longer counted (in flight, timed out).
s2_once=$(verdict "$e2e_applied >= $e2e_accepted && $e2e_applied <= $e2e_accepted + $CONNECTIONS + $e2e_timeouts && $e2e_audit == $e2e_applied && $e2e_rows == $e2e_applied && $e2e_duplicates == 0 && $e2e_still_reauth == 0")
alone_ratio=$(ratio "$alone_rps" "$base_rps")
s1b_rate=$(verdict "$alone_ratio >= 0.35")
s1b_p99=$(verdict "$alone_p99_ms <= 25")
s1b_topic=$(verdict "$alone_non2xx == 0 && $alone_on_topic >= $alone_accepted && $alone_on_topic <= $alone_accepted + $CONNECTIONS + $alone_timeouts")
s3_rate=$(verdict "$drain_rows >= $DRAIN_EVENTS && $drain_rate >= 10000")
commit=$(git rev-parse --short HEAD)$( [[ -n "$(git status --porcelain -- src bench pom.xml)" ]] && echo "+dirty" || true)
cpu=$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)
mem=$(free -g | awk '/^Mem:/ { print $2 " GiB total, " $7 " GiB available" }')
shared_note=""
if (( busy_start > 25 )); then
  shared_note="**The machine was shared with other work while measuring** (${busy_start} % of its ${NPROC:-$(nproc)} CPUs busy in the 3 s before the run started): the service had the CPUs for a fraction of the time, so these numbers are a floor, not a capacity figure; ratios to the baseline measured in the same run are the meaningful part."
fi

section="$WORK/section.md"
opts_prefix=""
[[ -n "$JVM_OPTS" ]] && opts_prefix="JVM_OPTS=\"$JVM_OPTS\" "
[[ "$AOT" != 1 ]] && opts_prefix="${opts_prefix}AOT=0 "
aot_note="fast-jar packaging, no AOT cache"
[[ "$AOT" == 1 ]] && aot_note="aot-jar packaging; the AOT cache came from a training run (\`bench/aot-train.sh\`, ${aot_training_s} s) with the same JVM options"
cat > "$section" <<MD
## Throughput, latency, start-up and memory

Written by \`bench/run.sh\` (issue 8); rerun it to replace this section. Service: the prod jar
(\`java ${service_opts:+$service_opts }-jar target/quarkus-app/quarkus-run.jar\`, prod profile; ${aot_note}), PostgreSQL and Kafka
from \`testing/LocalStack\` on the same machine; load from \`wrk -t${THREADS} -c${CONNECTIONS}\` on the same machine.

- Date: $(date -u '+%Y-%m-%d %H:%M UTC'); commit \`${commit}\`; command: \`${opts_prefix}DURATION=${DURATION} CONNECTIONS=${CONNECTIONS} CONNECTION_IDS=${CONNECTION_IDS} bench/run.sh\`
- Machine: \`nproc\` $(nproc), memory ${mem}, CPU "${cpu}", Java $(java -version 2>&1 | head -1 | cut -d'"' -f2), load average at start ${load_start}, CPUs ${busy_start} % busy before it
${shared_note:+- ${shared_note}}

| scenario | measured | ratio to baseline | target | result |
| --- | --- | --- | --- | --- |
| baseline: \`GET /ping\` (a constant), ${DURATION} s | ${base_rps} req/s, p99 ${base_p99_ms} ms, non-2xx ${base_non2xx} | 1.00 | — | — |
| 1. ingest: signed \`account.updated\` (${body_bytes} B) across ${CONNECTION_IDS} connection ids, ${DURATION} s | ${ingest_rps} accepted/s | ${ingest_ratio} | ≥ 0.35 | ${s1_rate} |
| 1. ingest latency | p50 ${ingest_p50_ms} ms, p99 ${ingest_p99_ms} ms | — | p99 ≤ 25 ms | ${s1_p99} |
| 1. ingest errors | ${ingest_non2xx} non-2xx or socket errors of ${ingest_requests} | — | 0 | ${s1_errors} |
| 1. records on ${TOPIC} during the run | ${on_topic} (wrk counted ${accepted} accepted; up to ${CONNECTIONS} more were in flight when it stopped, ${ingest_timeouts} timed out in wrk) | — | accepted ≤ records ≤ accepted + ${CONNECTIONS} + timeouts | ${s1_topic} |
| 1. warm-up before it | ${ingest_warmup_rounds} rounds of ${WARMUP} s, ${ingest_warmup_sent} deliveries (${warmup_s} s with the processor catching up); C2 at ${ingest_warmup_c2_pct} % of a core in the last round, ${ingest_c2_pct} % during the measured run | — | C2 < ${JIT_SETTLED} % of a core | — |
| 1. processor behind ingest | done with scenario 1's events ${ingest_backlog_s} s after wrk stopped | — | — | — |
| 1b. the same ingest, the receiver alone (processor's channel off: \`-Dmp.messaging.incoming.finch-webhooks-in.enabled=false\`; warm-up ${alone_rounds} rounds) | ${alone_rps} accepted/s, p50 ${alone_p50_ms} ms, p99 ${alone_p99_ms} ms | ${alone_ratio} | (≥ 0.35, p99 ≤ 25 ms) | (${s1b_rate}, ${s1b_p99}) |
| 1b. errors, records on ${TOPIC} | ${alone_non2xx} non-2xx or socket errors of ${alone_requests}; ${alone_on_topic} records for ${alone_accepted} accepted | — | 0; accepted ≤ records ≤ accepted + ${CONNECTIONS} + timeouts | ${s1b_topic} |
| 2. end to end: offered rate | ${e2e_offered_rps} webhooks/s (asked ${E2E_RATE}) for ${E2E_DURATION} s across ${E2E_CONNECTION_IDS} connections; ${e2e_non2xx} non-2xx; HTTP p99 ${e2e_http_p99_ms} ms | — | 5,000/s | ${s2_rate} |
| 2. end to end: acceptance → status committed | p50 ${e2e_p50_ms} ms, p99 ${e2e_p99_ms} ms, max ${e2e_max_ms} ms | — | p99 ≤ 500 ms | ${s2_p99} |
| 2. end to end: applied once | ${e2e_applied} applied (wrk counted ${e2e_accepted} accepted, up to ${CONNECTIONS} more in flight at its end); ${e2e_audit} audit rows, ${e2e_duplicates} events applied twice; ${e2e_still_reauth} connections not turned to connected | — | accepted ≤ applied ≤ accepted + in flight, once each | ${s2_once} |
| 3. drain ${DRAIN_EVENTS} events, processor cold | ${drain_rate} events/s first to last commit (${drain_rows} in ${drain_seconds} s; ${drain_rate_from_start}/s counting from process start, ${drain_from_start_s} s) | — | ≥ 10,000 events/s | ${s3_rate} |
| 4. start to ready, restart (migrated DB) | ${restart_ms} ms | — | ≤ 2,500 ms | ${s4_start} |
| 4. start to ready, first start (Flyway on empty DB) | ${first_start_ms} ms | — | (≤ 2,500 ms) | ${s4_first} |
| 4. RSS after scenario 2 | ${rss_e2e_mb} MB (after scenario 1: ${rss_after_mb} MB; idle after restart: ${rss_idle_mb} MB) | — | ≤ 350 MB | ${s4_rss} |

Quarkus' own "started in" (after the JVM is up): first start $(quarkus_started "$WORK/service-1.log"), restart $(quarkus_started "$WORK/service-2.log").

Profiles. CPU per process during each measured run, from /proc, and the service's garbage collections, from jstat
(nothing runs in the service for either). Hot methods
from JDK Flight Recorder (\`jfr view hot-methods\`), recorded in passes of their own after the measured runs, so that
its cost (RSS and CPU) is in no measured number: the webhook path at ${E2E_RATE}/s for ${PROFILE_SECONDS} s on the
warm service of scenarios 1 and 2, and a cold drain of ${PROFILE_DRAIN_EVENTS} events; recordings in \`target/bench/*.jfr\`.

\`\`\`
scenario 1 (ingest, during wrk): $(cat "$WORK/ingest-cpu.txt" 2>/dev/null)
scenario 1b (the receiver alone, during wrk): $(cat "$WORK/alone-cpu.txt" 2>/dev/null)
scenario 2 (end to end, wrk and catching up): $(cat "$WORK/e2e-cpu.txt" 2>/dev/null)
hot methods of the webhook path (scenarios 1 and 2):
$(cat "$WORK/webhooks-hot-methods.txt" 2>/dev/null)

scenario 3 (drain, from start to done): $(cat "$WORK/drain-cpu.txt" 2>/dev/null)
hot methods of a cold drain:
$(cat "$WORK/drain-hot-methods.txt" 2>/dev/null)
\`\`\`

Raw wrk output, flight recordings, service logs and the signed request files of the last run stay in \`target/bench/\`.
MD

# Replace our section in BENCHMARKS.md (from its heading to the next "## " heading), keeping every other section.
python3 - "$section" <<'PY'
import re, sys, pathlib
section = pathlib.Path(sys.argv[1]).read_text()
target = pathlib.Path("BENCHMARKS.md")
text = target.read_text() if target.exists() else "# Benchmarks\n"
marker = "## Throughput, latency, start-up and memory"
notes_marker = "<!-- bench/run.sh keeps everything below this line in its section -->"
start = text.find(marker)
if start < 0:
    text = text.rstrip("\n") + "\n\n" + section
else:
    nxt = text.find("\n## ", start + len(marker))
    end = len(text) if nxt < 0 else nxt + 1
    old = text[start:end]
    # Hand-written analysis below the notes marker survives reruns.
    keep = old[old.find(notes_marker):] if notes_marker in old else ""
    new = section + ("\n" + keep.rstrip("\n") + "\n" if keep else "")
    text = text[:start] + new + ("\n" if nxt >= 0 else "") + text[end:]
target.write_text(text)
PY
echo "Wrote BENCHMARKS.md"
cat "$section"
