#!/usr/bin/env bash
# Reconnect storm against the real server jar: registers BIKES bikes in a temporary data folder, starts the
# server on 127.0.0.1, and runs the storm client (server/src/test/.../bench/StormBench.java): every bike
# opens a WebSocket from one of SOURCES loopback addresses (127.0.0.2, ...), says hello, sends one live fix
# and waits for its ack, each at a random moment within JITTER_MS (full jitter). Prints the storm's length,
# per-bike connect-to-ack percentiles and failures, then the server's CPU time over the storm, and its
# RSS, heap and threads with every connection open (from /proc and the server's /metrics). Then LISTENERS
# apps open /ws/live at once, each subscribing to one bike and a box around it (ListenerStormBench), and
# the time until every snapshot arrived is printed.
# Usage: bench/server-storm.sh   (environment: BIKES=10000 JITTER_MS=5000 SOURCES=4 THREADS=256 LISTENERS=3000,
# SERVER_OPTS for the server JVM, SERVER_SET for extra --set options)
set -euo pipefail
cd "$(dirname "$0")/.."

bikes=${BIKES:-10000}
jitter=${JITTER_MS:-5000}
sources=${SOURCES:-4}
threads=${THREADS:-256}
listeners=${LISTENERS:-3000}

classpath_file="$PWD/server/target/bench-classpath.txt"
mvn -B -q -pl server -am -DskipTests package
mvn -B -q -pl server -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$classpath_file" -Dmdep.includeScope=test
classpath="server/target/test-classes:server/target/classes:shared-model/target/classes:$(cat "$classpath_file")"

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

java -jar server/target/bike-server.jar provision-batch --data "$work/data" --prefix storm- --count "$bikes" \
    --first 0 --out "$work/tokens" >/dev/null
java -jar server/target/bike-server.jar api-token --data "$work/data" create bench >"$work/api-token"

# shellcheck disable=SC2086
java ${SERVER_OPTS:-} -jar server/target/bike-server.jar serve --bind 127.0.0.1 --port 0 --data "$work/data" \
    ${SERVER_SET:-} >"$work/server.out" 2>"$work/server.err" &
server_pid=$!
port=
for _ in $(seq 1 300); do
    port=$(sed -n 's/^Listening on http:\/\/127\.0\.0\.1:\([0-9]*\) .*/\1/p' "$work/server.out")
    [[ -n "$port" ]] && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.err" >&2; exit 1; }
    sleep 0.1
done
[[ -n "$port" ]] || { echo "the server did not report its port within 30 s" >&2; exit 1; }
echo "server on port $port; $bikes bikes registered; load average $(cut -d' ' -f1-3 /proc/loadavg)"

metric() {
    curl -s "http://127.0.0.1:$port/metrics" | awk -v name="$1" '$1 == name {print $2}'
}
rss_kb() {
    awk '/^VmRSS/ {print $2}' "/proc/$server_pid/status"
}
ticks() {
    awk '{print $14 + $15}' "/proc/$server_pid/stat"
}
rss_before=$(rss_kb)
ticks_before=$(ticks)
java -Dstorm.holdMillis=4000 -cp "$classpath" com.bikefleet.server.bench.StormBench "$port" "$work/tokens" \
    "$jitter" "$sources" "$threads" >"$work/storm.out" 2>&1 &
client_pid=$!
# Sampled while the client holds every connection open.
until grep -q '^holding' "$work/storm.out" 2>/dev/null; do
    kill -0 "$client_pid" 2>/dev/null || break
    sleep 0.2
done
sleep 1
ticks_held=$(ticks)
rss_held=$(rss_kb)
connected=$(metric bikefleet_connected_bikes)
heap=$(metric 'jvm_memory_used_bytes{area="heap"}')
jvm_threads=$(metric jvm_threads_current)
status=0
wait "$client_pid" || status=$?
cat "$work/storm.out"
awk -v t="$((ticks_held - ticks_before))" -v hz="$(getconf CLK_TCK)" -v r0="$rss_before" -v r1="$rss_held" \
    -v n="$bikes" -v c="$connected" -v h="$heap" -v th="$jvm_threads" 'BEGIN {
    printf "server: %.1f core-s of CPU for the storm; with %s bikes connected: RSS %.0f MB (+%.0f MB, %.1f KB per connection), heap used %.0f MB, %s threads\n",
        t / hz, c, r1 / 1024, (r1 - r0) / 1024, (r1 - r0) / n, h / 1048576, th }'
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
[[ "$status" -eq 0 ]] || exit "$status"
if [[ "$listeners" -gt 0 ]]; then
    # Then the apps: every listener at once, each following one bike and a box around it.
    ticks_before=$(ticks)
    java -cp "$classpath" com.bikefleet.server.bench.ListenerStormBench "$port" "$work/api-token" "$work/tokens" \
        "$listeners"
    awk -v t="$(($(ticks) - ticks_before))" -v hz="$(getconf CLK_TCK)" \
        'BEGIN { printf "server: %.1f core-s of CPU for the listeners'"'"' storm\n", t / hz }'
    echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
fi
