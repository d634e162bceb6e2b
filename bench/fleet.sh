#!/usr/bin/env bash
# Fleet benchmark scenarios (docs/fleet-simulator.md): starts a server on a temporary SQLite folder,
# provisions the virtual bikes in one batch, runs fleet-simulator processes (bikes split over several,
# listeners in one more), stops everything, and writes a report to bench/results/<scenario>-<time>/:
# result.json, summary.md and PNG charts.
#
# Usage: bench/fleet.sh seed|tenx|storm|backfill|smoke
# Environment (defaults per scenario below): BIKES, APPS, DASHBOARDS, INTERVAL, DURATION, RAMP, BIKE_PROCS,
# BACKFILL_BIKES, BACKLOG, STORM_AFTER, JFR=1 (server flight recording into the report folder),
# BENCH_SKIP_BUILD=1, RESULTS (report folder), SERVER_HEAP (default 2g), RECONNECT_BASE and RECONNECT_CAP (the
# bikes' reconnect.base and reconnect.cap; default the agent's 1s and 120s).
# Exit status: non-zero when the run failed, and for smoke when any fix was lost or stored twice.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
scenario=${1:-}

case "$scenario" in
    seed)     : "${BIKES:=10000}" "${APPS:=3000}" "${DASHBOARDS:=10}" "${INTERVAL:=10s}" "${DURATION:=600s}" "${RAMP:=60s}" "${BIKE_PROCS:=2}"
              targets=(--target-ack-p99-ms 50 --target-listener-p99-ms 100) ;;
    tenx)     : "${BIKES:=10000}" "${APPS:=3000}" "${DASHBOARDS:=10}" "${INTERVAL:=1s}" "${DURATION:=300s}" "${RAMP:=60s}" "${BIKE_PROCS:=2}"
              targets=(--target-ack-p99-ms 200 --target-listener-p99-ms 1000) ;;
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
: "${RECONNECT_BASE:=1s}" "${RECONNECT_CAP:=120s}"

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
    cp "$work"/*.log "$work"/*.json "$results"/ 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [[ -z "${BENCH_SKIP_BUILD:-}" ]]; then
    mvn -B -ntp -q -DskipTests package -pl server,fleet-simulator -am
fi
server_jar=$root/server/target/bike-server.jar
sim_jar=$root/fleet-simulator/target/fleet-simulator.jar

total=$((BIKES + BACKFILL_BIKES))
data=$work/data
java -jar "$server_jar" provision-batch --data "$data" --prefix sim- --count "$total" --out "$work/tokens.tsv" >/dev/null
java -jar "$server_jar" api-token --data "$data" create fleet-bench >"$work/api-token"
echo "provisioned $total bikes in $data"

jfr=()
if [[ -n "${JFR:-}" ]]; then
    jfr=("-XX:StartFlightRecording=filename=$results/server.jfr,settings=profile,dumponexit=true")
fi
# The bench lifts the per-bike rate limit only where the scenario needs it: a backfilling bike sends
# batches back to back.
start_server() {
    local port=$1 log=$work/server-$2.log
    java -Xmx"$SERVER_HEAP" "${jfr[@]}" -jar "$server_jar" serve --bind 127.0.0.1 --port "$port" --data "$data" \
        --set ingest.max-messages-per-second=1000 --set ingest.burst=2000 >"$log" 2>&1 &
    server_pid=$!
    pids+=("$server_pid")
    echo "$server_pid" >"$work/server.pid"
    for _ in $(seq 1 600); do
        server_port=$(sed -n 's/.*Listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$log" | sed -n 1p)
        [[ -n "$server_port" ]] && return 0
        kill -0 "$server_pid" 2>/dev/null || { cat "$log" >&2; echo "the server died" >&2; return 1; }
        sleep 0.1
    done
    echo "the server did not listen within 60 s" >&2
    return 1
}
start_server 0 1
url=http://127.0.0.1:$server_port
echo "server pid $server_pid on $url; load: $(cat /proc/loadavg)"

sim_opts=(-Xms256m -Xmx2g -XX:+UseParallelGC)
sims=()
outs=()
listener_secs=$(( ${DURATION%s} + 5 ))
if (( APPS + DASHBOARDS > 0 )); then
    java "${sim_opts[@]}" -jar "$sim_jar" run --role listeners --server "$url" --tokens "$work/tokens.tsv" --bikes 0 \
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
    java "${sim_opts[@]}" -jar "$sim_jar" run --role "bikes-$k" --server "$url" --tokens "$work/tokens.tsv" \
        --bikes "$count" --bike-offset "$offset" --expect-bikes "$BIKES" --interval "$INTERVAL" --duration "$DURATION" --ramp "$RAMP" \
        --reconnect-base "$RECONNECT_BASE" --reconnect-cap "$RECONNECT_CAP" \
        --api-token-file "$work/api-token" --source-address "127.0.0.$((2 + 2 * k)),127.0.0.$((3 + 2 * k))" \
        "${sample[@]}" --out "$work/bikes-$k.json" >"$work/sim-bikes-$k.log" 2>&1 &
    sims+=($!); pids+=($!); outs+=("$work/bikes-$k.json")
done
if (( BACKFILL_BIKES > 0 )); then
    # Starts once the live fleet is up, so the backfill's effect on live latency shows in the charts.
    sleep "${RAMP%s}"
    java -Xms1g -Xmx3g -XX:+UseParallelGC -jar "$sim_jar" run --role backfill --server "$url" --tokens "$work/tokens.tsv" \
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
for f in "$work"/sim-*.log; do tail -n 4 "$f"; done

existing=()
for o in "${outs[@]}"; do [[ -f "$o" ]] && existing+=("$o"); done
cp "${existing[@]}" "$results"/ 2>/dev/null || true
report_status=0
java -jar "$sim_jar" report --scenario "fleet $scenario" --out "$results" \
    --command "bench/fleet.sh $scenario (BIKES=$BIKES APPS=$APPS DASHBOARDS=$DASHBOARDS INTERVAL=$INTERVAL DURATION=$DURATION BACKFILL_BIKES=$BACKFILL_BIKES BACKLOG=$BACKLOG RECONNECT_BASE=$RECONNECT_BASE RECONNECT_CAP=$RECONNECT_CAP)" \
    --note "figures taken on a shared 2-core machine; other builds may have run (load averages above)" \
    "${events[@]}" "${targets[@]}" "${existing[@]}" >"$work/report.log" 2>&1 || report_status=$?
cat "$work/report.log"
echo "report in $results"
(( ${#existing[@]} == ${#outs[@]} )) || { echo "a simulator process wrote no result" >&2; exit 1; }
if [[ "$scenario" == smoke ]]; then
    (( status == 0 && report_status == 0 )) || exit 1
fi
exit 0
