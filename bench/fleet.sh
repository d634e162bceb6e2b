#!/usr/bin/env bash
# Fleet benchmark scenarios (docs/fleet-simulator.md): starts a server on a temporary SQLite folder,
# provisions the virtual bikes in one batch, runs fleet-simulator processes (bikes split over several,
# listeners in one more), stops everything, and writes a report to bench/results/<scenario>-<time>/:
# result.json, summary.md and PNG charts.
#
# Usage: bench/fleet.sh seed|tenx|storm|backfill|smoke
# MODE=lean|agent: how bikes and listeners are simulated (docs/fleet-simulator.md). lean (the default for seed and
# tenx): one simulator process with precomputed frames on LEAN_THREADS (default 2) selector threads; agent (the
# default otherwise, and the only mode with INSTANCES > 1): every bike runs the agent's real link code.
# FLOOR=1 first runs the same scenario against the floor (fleet-simulator.jar floor: the server's Tyrus/Grizzly
# stack decoding and acknowledging, nothing else) into <results>/floor, then against the server; the report then
# prints the server's CPU per fix and latencies as ratios to the floor's. FLOOR=only runs against the floor alone
# (no loss check: the floor stores nothing). FLOOR_OPTS: options for the floor, to measure the stack's configuration
# (--io-strategy WORKER|SAME, --workers N, --selectors N; fleet-simulator floor --help).
# Environment (defaults per scenario below): BIKES, APPS, DASHBOARDS, INTERVAL, DURATION, RAMP, BIKE_PROCS,
# BACKFILL_BIKES, BACKLOG, STORM_AFTER, JFR=1 (server flight recording into the report folder),
# SERVER_SETS (more server settings, e.g. "--set store.queue-capacity=400"), BENCH_SKIP_BUILD=1, KEEP_DATA=1 (move the server's data folder into the report), RESULTS (report folder), SERVER_HEAP (default 2g), RECONNECT_BASE and RECONNECT_CAP (the
# bikes' reconnect.base and reconnect.cap; default the agent's 1s and 20s), SERVER_OPTS and SIM_OPTS (JVM
# options; both default to -XX:+UseShenandoahGC, see docs/performance-log.md), INSTANCES (default 1; see below).
#
# INSTANCES=N (N >= 2) runs the scale-out deployment of docs/scaling.md instead of one SQLite server: a fresh
# PostgreSQL database on the machine's PostgreSQL (127.0.0.1:5432, user postgres; dropped at the end), a
# private redis-server on a free loopback port as the backplane, N server instances sharing both, and
# HAPROXIES haproxy processes in front of all instances. The simulators connect through haproxy. One haproxy
# holds two sockets per connection and this machine allows 20,000 open files per process, so the seed
# scenario's 13,010 connections need two (default: one per 8,000 connections), as a real deployment runs
# several balancer nodes. The report adds the CPU of haproxy, Redis and PostgreSQL over the run and each
# instance's backplane counters. Not for the storm scenario.
# Every run also writes commit-metrics.txt: the servers' commit-time and ack-latency histograms at the end.
# Exit status: non-zero when the run failed, and for smoke when any fix was lost or stored twice.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
scenario=${1:-}

case "$scenario" in
    seed)     : "${BIKES:=10000}" "${APPS:=3000}" "${DASHBOARDS:=10}" "${INTERVAL:=10s}" "${DURATION:=600s}" "${RAMP:=60s}" "${BIKE_PROCS:=2}"
              targets=(--target-ack-p99-ms 50 --target-listener-p99-ms 100) ;;
    tenx)     : "${BIKES:=10000}" "${APPS:=3000}" "${DASHBOARDS:=10}" "${INTERVAL:=1s}" "${DURATION:=300s}" "${RAMP:=60s}" "${BIKE_PROCS:=2}"
              targets=(--target-ack-p99-ms 200 --target-listener-p99-ms 500) ;;
    storm)    : "${BIKES:=10000}" "${APPS:=0}" "${DASHBOARDS:=10}" "${INTERVAL:=10s}" "${DURATION:=150s}" "${RAMP:=60s}" "${BIKE_PROCS:=2}"
              : "${STORM_AFTER:=30}"
              targets=(--target-recovery-s 30) ;;
    backfill) : "${BIKES:=1000}" "${APPS:=0}" "${DASHBOARDS:=2}" "${INTERVAL:=10s}" "${DURATION:=120s}" "${RAMP:=10s}" "${BIKE_PROCS:=1}"
              : "${BACKFILL_BIKES:=100}" "${BACKLOG:=86400}"
              targets=(--target-ingest-per-s 100000 --target-ack-p99-ms 50) ;;
    smoke)    : "${BIKES:=500}" "${APPS:=150}" "${DASHBOARDS:=2}" "${INTERVAL:=10s}" "${DURATION:=30s}" "${RAMP:=5s}" "${BIKE_PROCS:=1}"
              targets=(--target-ack-p99-ms 50 --target-listener-p99-ms 100 --fail-on-loss) ;;
    *) echo "usage: $0 seed|tenx|storm|backfill|smoke" >&2; exit 2 ;;
esac
: "${BACKFILL_BIKES:=0}" "${BACKLOG:=0}" "${STORM_AFTER:=0}" "${SERVER_HEAP:=2g}"
case "$scenario" in seed|tenx) : "${MODE:=lean}" ;; *) : "${MODE:=agent}" ;; esac
: "${LEAN_THREADS:=2}" "${FLOOR:=}"
: "${RECONNECT_BASE:=1s}" "${RECONNECT_CAP:=20s}" "${INSTANCES:=1}"
# Concurrent collectors: G1's and Parallel's stop-the-world pauses reached 100 ms to 1.2 s on these two
# shared cores, in the server and in the simulators, whose own pauses would count as latency.
: "${SERVER_OPTS:=-XX:+UseShenandoahGC}" "${SIM_OPTS:=-XX:+UseShenandoahGC}"
if (( INSTANCES > 1 )) && [[ "$MODE" == lean ]]; then
    echo "INSTANCES=$INSTANCES: run MODE=agent (the lean mode runs one process, more connections than one haproxy takes)" >&2
    exit 2
fi
if [[ -n "$FLOOR" ]] && (( INSTANCES > 1 || STORM_AFTER > 0 || BACKFILL_BIKES > 0 )); then
    echo "FLOOR runs one server, no storm and no backfill" >&2
    exit 2
fi
if (( INSTANCES > 1 )) && (( STORM_AFTER > 0 )); then
    echo "INSTANCES=$INSTANCES: the storm scenario kills the one server; run it with one instance" >&2
    exit 2
fi

stamp=$(date -u +%Y%m%dT%H%M%SZ)
results=${RESULTS:-$root/bench/results/$scenario-$stamp}
mkdir -p "$results"
work=$(mktemp -d /tmp/bikefleet-fleet.XXXXXX)
pids=()

cleanup() {
    local pid
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
        kill -9 "$pid" 2>/dev/null || true
    done
    cp "$work"/*.log "$work"/*.json "$work"/*.txt "$work"/*.cfg "$results"/ 2>/dev/null || true
    if [[ -n "${database:-}" ]]; then
        psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null || true
    fi
    if [[ -n "${KEEP_DATA:-}" && -d "$work/data" ]]; then
        mv "$work/data" "$results/data"
        echo "server data kept in $results/data"
    fi
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [[ -z "${BENCH_SKIP_BUILD:-}" ]]; then
    mvn -B -ntp -q -DskipTests package -pl server,fleet-simulator -am
fi
server_jar=$root/server/target/bike-server.jar
sim_jar=$root/fleet-simulator/target/fleet-simulator.jar
floor_args=()
if [[ "$FLOOR" == 1 ]]; then
    # The floor first, in the same session, so both runs see the same machine.
    echo "FLOOR=1: the floor first, into $results/floor"
    FLOOR=only RESULTS="$results/floor" BENCH_SKIP_BUILD=1 "$root/bench/fleet.sh" "$scenario" || echo "the floor run failed" >&2
    [[ -f "$results/floor/result.json" ]] && floor_args=(--floor "$results/floor/result.json")
fi

total=$((BIKES + BACKFILL_BIKES))
data=$work/data
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
store=(--data "$data")
server_sets=()
redis_pid=
database=
if (( INSTANCES > 1 )); then
    for tool in psql redis-server haproxy python3; do
        command -v "$tool" >/dev/null || { echo "INSTANCES=$INSTANCES needs $tool (.ci/run installs it)" >&2; exit 2; }
    done
    database=bikefleet_bench_$(date +%s)_$$
    psql -h 127.0.0.1 -U postgres -d postgres -qc "CREATE DATABASE $database" >/dev/null
    store_url="jdbc:postgresql://127.0.0.1:5432/$database?user=postgres"
    store=(--store-url "$store_url")
    redis_port=$(free_port)
    redis-server --bind 127.0.0.1 --port "$redis_port" --save "" --appendonly no --logfile "$work/redis.log" &
    redis_pid=$!
    pids+=("$redis_pid")
    server_sets=(--set "store.url=$store_url" --set "backplane.redis-url=redis://127.0.0.1:$redis_port")
fi
if [[ "$FLOOR" == only ]]; then
    # The floor checks no token: any will do.
    awk -v n="$total" 'BEGIN { for (i = 1; i <= n; i++) printf "sim-%05d\tfloor\n", i }' >"$work/tokens.tsv"
    echo floor >"$work/api-token"
else
    java -jar "$server_jar" provision-batch "${store[@]}" --prefix sim- --count "$total" --out "$work/tokens.tsv" >/dev/null
    java -jar "$server_jar" api-token "${store[@]}" create fleet-bench >"$work/api-token"
    echo "provisioned $total bikes in ${database:-$data}"
fi

jfr=()
if [[ -n "${JFR:-}" ]]; then
    jfr=("-XX:StartFlightRecording=filename=$results/server.jfr,settings=profile,dumponexit=true")
fi
# The bench lifts the per-bike rate limit only where the scenario needs it: a backfilling bike sends
# batches back to back.
start_server() {
    local port=$1 log=$work/server-$2.log instance=()
    (( INSTANCES > 1 )) && instance=(--set "server.instance-id=bench-$2")
    if [[ "$FLOOR" == only ]]; then
        # shellcheck disable=SC2086
        java -Xmx"$SERVER_HEAP" -XX:+ExitOnOutOfMemoryError $SERVER_OPTS "${jfr[@]}" -jar "$sim_jar" floor \
            --bind 127.0.0.1 --port "$port" ${FLOOR_OPTS:-} >"$log" 2>&1 &
    else
    # shellcheck disable=SC2086
    java -Xmx"$SERVER_HEAP" -XX:+ExitOnOutOfMemoryError $SERVER_OPTS "${jfr[@]}" -jar "$server_jar" serve --bind 127.0.0.1 --port "$port" \
        --data "$data${instance:+-$2}" "${server_sets[@]}" "${instance[@]}" \
        --set ingest.max-messages-per-second=1000 --set ingest.burst=2000 ${SERVER_SETS:-} >"$log" 2>&1 &
    fi
    server_pid=$!
    pids+=("$server_pid")
    if (( INSTANCES > 1 )); then echo "$server_pid" >>"$work/server.pid"; else echo "$server_pid" >"$work/server.pid"; fi
    for _ in $(seq 1 600); do
        server_port=$(sed -n 's/.*Listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$log" | sed -n 1p)
        [[ -n "$server_port" ]] && return 0
        kill -0 "$server_pid" 2>/dev/null || { cat "$log" >&2; echo "the server died" >&2; return 1; }
        sleep 0.1
    done
    echo "the server did not listen within 60 s" >&2
    return 1
}
metrics_urls=()
for ((i = 1; i <= INSTANCES; i++)); do
    start_server 0 "$i"
    metrics_urls+=("http://127.0.0.1:$server_port")
    echo "server $i: pid $server_pid on http://127.0.0.1:$server_port"
done
url=${metrics_urls[0]}
urls=("$url")
if (( INSTANCES > 1 )); then
    : "${HAPROXIES:=$(( (BIKES + BACKFILL_BIKES + APPS + DASHBOARDS + 7999) / 8000 ))}"
    urls=()
    for ((h = 0; h < HAPROXIES; h++)); do
        ha_port=$(free_port)
        {
            # The settings of deploy/haproxy.cfg that matter on loopback; maxconn keeps the two sockets of
            # each connection under the 20,000 open files a process may have here.
            printf 'global\n  maxconn 9500\ndefaults\n  mode http\n  timeout connect 5s\n  timeout client 60s\n'
            printf '  timeout server 60s\n  timeout tunnel 1h\n  timeout client-fin 30s\n  timeout http-request 10s\n'
            printf '  retries 3\n  option redispatch\nfrontend fleet\n  bind 127.0.0.1:%s\n  default_backend servers\n' "$ha_port"
            printf 'backend servers\n  balance leastconn\n  option httpchk GET /health\n  http-check expect status 200\n'
            printf '  timeout check 5s\n  default-server inter 2s fall 3 rise 2 maxconn 20000\n'
            for ((i = 0; i < INSTANCES; i++)); do
                printf '  server s%d %s check\n' "$((i + 1))" "${metrics_urls[$i]#http://}"
            done
        } >"$work/haproxy-$h.cfg"
        haproxy -db -f "$work/haproxy-$h.cfg" >"$work/haproxy-$h.log" 2>&1 &
        ha_pid=$!
        pids+=("$ha_pid")
        echo "$ha_pid" >>"$work/haproxy.pids"
        for _ in $(seq 1 100); do
            curl -s -o /dev/null "http://127.0.0.1:$ha_port/health" && break
            kill -0 "$ha_pid" 2>/dev/null || { cat "$work/haproxy-$h.log" >&2; echo "haproxy did not start" >&2; exit 1; }
            sleep 0.1
        done
        urls+=("http://127.0.0.1:$ha_port")
    done
    echo "$INSTANCES instances behind $HAPROXIES haproxy (${urls[*]}), PostgreSQL $database, Redis on $redis_port"
fi
metrics_list=$(IFS=,; echo "${metrics_urls[*]}")
echo "load: $(cat /proc/loadavg)"

# CPU seconds (user + system) of every process of a kind, for the cost of the balancer, Redis and PostgreSQL.
cpu_seconds() {
    local total=0 pid ticks
    for pid in "$@"; do
        ticks=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)
        total=$((total + ticks))
    done
    echo "$total"
}
service_pids() {
    case "$1" in
        haproxy) cat "$work/haproxy.pids" 2>/dev/null || true ;;
        redis) [[ -n "$redis_pid" ]] && echo "$redis_pid" ;;
        postgres) pgrep -x postgres || true ;;
        servers) cat "$work/server.pid" ;;
    esac
}
declare -A cpu_start
for kind in servers haproxy redis postgres; do
    # shellcheck disable=SC2046
    cpu_start[$kind]=$(cpu_seconds $(service_pids "$kind"))
done
cpu_from=$(date +%s)

# shellcheck disable=SC2206
sim_opts=(-Xms256m -Xmx2g $SIM_OPTS)
sims=()
outs=()
listener_secs=$(( ${DURATION%s} + 5 ))
no_loss=()
[[ "$FLOOR" == only ]] && no_loss=(--no-loss-check)
if [[ "$MODE" == lean ]]; then
    # One process for the whole fleet and its listeners: 13,010 sockets stay under the 20,000 open files a
    # process may have here, and four source addresses keep each (source, server) pair far from its ~28,000
    # ephemeral ports.
    java "${sim_opts[@]}" -jar "$sim_jar" run --mode lean --threads "$LEAN_THREADS" --role lean --server "${urls[0]}" \
        --metrics-url "$metrics_list" --tokens "$work/tokens.tsv" --bikes "$BIKES" --expect-bikes "$BIKES" \
        --interval "$INTERVAL" --duration "$DURATION" --ramp "$RAMP" --apps "$APPS" --dashboards "$DASHBOARDS" \
        --reconnect-base "$RECONNECT_BASE" --reconnect-cap "$RECONNECT_CAP" --api-token-file "$work/api-token" \
        --source-address 127.0.0.2,127.0.0.3,127.0.0.4,127.0.0.5 --server-pid-file "$work/server.pid" \
        "${no_loss[@]}" --out "$work/lean.json" >"$work/sim-lean.log" 2>&1 &
    sims+=($!); pids+=($!); outs+=("$work/lean.json")
else
    if (( APPS + DASHBOARDS > 0 )); then
        java "${sim_opts[@]}" -jar "$sim_jar" run --role listeners --server "${urls[0]}" --metrics-url "$metrics_list" \
            --tokens "$work/tokens.tsv" --bikes 0 \
            --apps "$APPS" --dashboards "$DASHBOARDS" --api-token-file "$work/api-token" --duration "${listener_secs}s" \
            --ramp "$RAMP" --expect-bikes "$BIKES" --source-address 127.0.0.10,127.0.0.11 --server-pid-file "$work/server.pid" \
            --out "$work/listeners.json" >"$work/sim-listeners.log" 2>&1 &
        sims+=($!); pids+=($!); outs+=("$work/listeners.json")
    fi
    per=$(( (BIKES + BIKE_PROCS - 1) / BIKE_PROCS ))
    for ((k = 0; k < BIKE_PROCS; k++)); do
        offset=$((k * per)); count=$(( BIKES - offset < per ? BIKES - offset : per ))
        (( count > 0 )) || continue
        sample=()
        (( APPS + DASHBOARDS == 0 && k == 0 )) && sample=(--server-pid-file "$work/server.pid")
        java "${sim_opts[@]}" -jar "$sim_jar" run --role "bikes-$k" --server "${urls[$(( (k + 1) % ${#urls[@]} ))]}" \
            --metrics-url "$metrics_list" --tokens "$work/tokens.tsv" \
            --bikes "$count" --bike-offset "$offset" --expect-bikes "$BIKES" --interval "$INTERVAL" --duration "$DURATION" --ramp "$RAMP" \
            --reconnect-base "$RECONNECT_BASE" --reconnect-cap "$RECONNECT_CAP" \
            --api-token-file "$work/api-token" --source-address "127.0.0.$((2 + 2 * k)),127.0.0.$((3 + 2 * k))" \
            "${sample[@]}" "${no_loss[@]}" --out "$work/bikes-$k.json" >"$work/sim-bikes-$k.log" 2>&1 &
        sims+=($!); pids+=($!); outs+=("$work/bikes-$k.json")
    done
fi
if (( BACKFILL_BIKES > 0 )); then
    # Starts once the live fleet is up, so the backfill's effect on live latency shows in the charts.
    sleep "${RAMP%s}"
    # shellcheck disable=SC2086
    java -Xms1g -Xmx3g $SIM_OPTS -jar "$sim_jar" run --role backfill --server "${urls[0]}" --metrics-url "$metrics_list" \
        --tokens "$work/tokens.tsv" \
        --bikes "$BACKFILL_BIKES" --bike-offset "$BIKES" --backlog "$BACKLOG" --interval 1s \
        --duration "$(( ${DURATION%s} - ${RAMP%s} - 10 ))s" --ramp 10s --warmup 0s \
        --drain-timeout 600s --api-token-file "$work/api-token" --source-address 127.0.0.20 \
        --out "$work/backfill.json" >"$work/sim-backfill.log" 2>&1 &
    sims+=($!); pids+=($!); outs+=("$work/backfill.json")
fi

events=()
if (( STORM_AFTER > 0 )); then
    # Kill only once every bike is connected: the storm is 10,000 bikes coming back at once.
    for _ in $(seq 1 900); do
        connected=$(curl -s "$url/metrics" | sed -n 's/^bikefleet_connected_bikes //p' | sed 's/\..*//')
        [[ "${connected:-0}" -ge "$BIKES" ]] && break
        sleep 1
    done
    sleep "$STORM_AFTER"
    kill_at=$(date +%s%3N)
    echo "SIGKILL server $server_pid at $kill_at with $(curl -s "$url/metrics" | sed -n 's/^bikefleet_connected_bikes //p') bikes connected"
    kill -9 "$server_pid"
    wait "$server_pid" 2>/dev/null || true
    sleep 2
    start_server "$server_port" 2
    restart_at=$(date +%s%3N)
    echo "server restarted (pid $server_pid) at $restart_at"
    events=(--event "kill=$kill_at" --event "restart=$restart_at")
fi

status=0
for pid in "${sims[@]}"; do
    wait "$pid" || status=$?
done
echo "simulators done (status $status); load: $(cat /proc/loadavg)"
cpu_to=$(date +%s)
{
    echo "CPU over $((cpu_to - cpu_from)) s of the run (100 % = one core), from /proc/PID/stat:"
    for kind in servers haproxy redis postgres; do
        # shellcheck disable=SC2046
        used=$(( $(cpu_seconds $(service_pids "$kind")) - ${cpu_start[$kind]} ))
        awk -v k="$kind" -v t="$used" -v s="$((cpu_to - cpu_from))" \
            'BEGIN { if (s > 0) printf "  %-9s %8.1f s  %6.1f %%\n", k, t / 100, t / s }'
    done
} | tee "$work/services-cpu.txt"
# How long each storage transaction took (fsync and checkpoints included), beside the ack latency the server
# measured: tells a stalling disk from a stall elsewhere; and how many handshakes were deferred and messages
# pushed back because the store was behind. Cumulative over the server's life (for the storm: the restarted
# server's).
for m in "${metrics_urls[@]}"; do
    echo "# $m"
    curl -s "$m/metrics" | grep -E '^bikefleet_(commit_seconds|ack_latency_seconds_(bucket|count|sum)\{kind="fixes"|handshakes_deferred_total|frames_rejected_total\{reason="store_busy")' || true
done >"$work/commit-metrics.txt"
if (( INSTANCES > 1 )); then
    for m in "${metrics_urls[@]}"; do
        echo "# $m"
        curl -s "$m/metrics" | grep -E '^bikefleet_(backplane|presence|connected_bikes|listeners|fixes_stored)' || true
    done >"$work/backplane-metrics.txt"
    cat "$work/backplane-metrics.txt"
fi
for f in "$work"/sim-*.log; do tail -n 4 "$f"; done

existing=()
for o in "${outs[@]}"; do [[ -f "$o" ]] && existing+=("$o"); done
cp "${existing[@]}" "$results"/ 2>/dev/null || true
report_status=0
target_name="fleet $scenario"
[[ "$FLOOR" == only ]] && target_name="fleet $scenario against the floor"
java -jar "$sim_jar" report --scenario "$target_name" --out "$results" "${floor_args[@]}" \
    --command "bench/fleet.sh $scenario (MODE=$MODE FLOOR=$FLOOR BIKES=$BIKES APPS=$APPS DASHBOARDS=$DASHBOARDS INTERVAL=$INTERVAL DURATION=$DURATION BACKFILL_BIKES=$BACKFILL_BIKES BACKLOG=$BACKLOG RECONNECT_BASE=$RECONNECT_BASE RECONNECT_CAP=$RECONNECT_CAP INSTANCES=$INSTANCES SERVER_OPTS='$SERVER_OPTS' SIM_OPTS='$SIM_OPTS')" \
    --note "figures taken on a shared 2-core machine; other builds may have run (load averages above)" \
    --note "$(if (( INSTANCES > 1 )); then echo "$INSTANCES server instances on PostgreSQL ($database) and a Redis backplane behind ${HAPROXIES:-0} haproxy; $(tr '\n' ' ' <"$work/services-cpu.txt")"; elif [[ "$FLOOR" == only ]]; then echo "the floor: Tyrus/Grizzly decoding and acknowledging, no auth, store or fan-out; $(tr '\n' ' ' <"$work/services-cpu.txt")"; else echo "one server on SQLite; $(tr '\n' ' ' <"$work/services-cpu.txt")"; fi)" \
    "${events[@]}" "${targets[@]}" "${existing[@]}" >"$work/report.log" 2>&1 || report_status=$?
cat "$work/report.log"
echo "report in $results"
(( ${#existing[@]} == ${#outs[@]} )) || { echo "a simulator process wrote no result" >&2; exit 1; }
if [[ "$scenario" == smoke ]]; then
    (( status == 0 && report_status == 0 )) || exit 1
fi
exit 0
