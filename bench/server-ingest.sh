#!/usr/bin/env bash
# Starts the real server jar on 127.0.0.1 (a free port, a temporary data folder), provisions BIKES bikes,
# and runs the load client (system-tests/.../bench/ServerIngestBench.java): every bike sends batches of
# 1, 100 and 1000 fixes back to back, each after the previous one's ack, and the client prints the
# report-to-ack latency (p50/p99/max), the fixes stored per second, and the server's CPU time per fix and
# cores used (from /proc/PID/stat over the measured phase) for each batch size.
# The rate limit is raised for the run: one bike sending back to back is far over the default 200 a second.
# Usage: bench/server-ingest.sh   (environment: BIKES=10 WARMUP=3 MEASURE=10 SIZES="1 100 1000", SERVER_OPTS for
# the server JVM, e.g. -XX:StartFlightRecording=filename=/tmp/server.jfr,settings=profile)
set -euo pipefail
cd "$(dirname "$0")/.."

bikes=${BIKES:-10}
warmup=${WARMUP:-3}
measure=${MEASURE:-10}
sizes=${SIZES:-1 100 1000}

classpath_file="$PWD/system-tests/target/bench-classpath.txt"
mvn -B -q -pl server -am -DskipTests package
mvn -B -q -pl system-tests -am -DskipTests test-compile dependency:build-classpath \
    -Dmdep.outputFile="$classpath_file" -Dmdep.includeScope=test
classpath="system-tests/target/test-classes:shared-model/target/classes:$(cat "$classpath_file")"

work=$(mktemp -d)
server_pid=
cleanup() {
    if [[ -n "$server_pid" ]]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

# shellcheck disable=SC2086
java ${SERVER_OPTS:-} -jar server/target/bike-server.jar serve --bind 127.0.0.1 --port 0 --data "$work/data" \
    --set ingest.max-messages-per-second=100000 --set ingest.burst=100000 >"$work/server.out" 2>"$work/server.err" &
server_pid=$!
port=
for _ in $(seq 1 300); do
    port=$(sed -n 's/^Listening on http:\/\/127\.0\.0\.1:\([0-9]*\) .*/\1/p' "$work/server.out")
    [[ -n "$port" ]] && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.err" >&2; exit 1; }
    sleep 0.1
done
[[ -n "$port" ]] || { echo "the server did not report its port within 30 s" >&2; exit 1; }
echo "server on port $port, data in $work/data"

: >"$work/tokens"
for i in $(seq 1 "$bikes"); do
    id=$(printf 'bench-%03d' "$i")
    java -jar server/target/bike-server.jar provision --data "$work/data" --bike "$id" \
        --url "ws://127.0.0.1:$port" --out "$work/$id.conf" --gps simulated --log-file "" >/dev/null
    echo "$id $(sed -n 's/^bike\.token *= *//p' "$work/$id.conf")" >>"$work/tokens"
done

# The server's own CPU time (user + system, from /proc/PID/stat), so its cost per fix can be read even
# when the load client and other work on the machine share the cores with it.
server_cpu_ticks() {
    awk '{print $14 + $15}' "/proc/$server_pid/stat"
}
ticks_before=$(server_cpu_ticks)
wall_before=$(date +%s.%N)
# shellcheck disable=SC2086
java -Dbench.serverPid="$server_pid" -cp "$classpath" com.bikefleet.bench.ServerIngestBench "$port" "$work/tokens" "$warmup" "$measure" $sizes
ticks_after=$(server_cpu_ticks)
wall_after=$(date +%s.%N)
stored=$(java -cp "$classpath" com.bikefleet.bench.CountFixes "$work/data/bikefleet.db")
echo "stored fixes in the database: $stored"
awk -v t="$((ticks_after - ticks_before))" -v hz="$(getconf CLK_TCK)" -v n="$stored" -v w0="$wall_before" -v w1="$wall_after" \
    'BEGIN { cpu = t / hz; printf "server CPU during the load: %.1f core-s in %.1f s wall (%.0f%% of one core); %.1f core-s per million fixes, i.e. %.0f fixes/s per core of server CPU\n", cpu, w1 - w0, 100 * cpu / (w1 - w0), cpu * 1e6 / n, n / cpu }'
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
