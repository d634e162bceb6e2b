#!/usr/bin/env bash
# Backlog drain rate: an agent outbox prefilled with a day of 1 Hz fixes (86,400) is sent to a fresh server.
# Times from the agent's start (JVM launch) until the server's database holds all of them, RUNS times
# (default 3), each with a new server and a new outbox. Prints the seconds and fixes/s of each run, and
# the CPU time the agent, the server and everything else on the machine used meanwhile.
# Usage: bench/agent-backlog-drain.sh            (BENCH_SKIP_BUILD=1 to use the jars as built,
#        RUNS=n, FIXES=n, BENCH_KEEP=1 to keep the temporary folder, AGENT_OPTS / SERVER_OPTS="-XX:..." for
#        the JVMs, QUIET_MAX_S=n: how long each run may wait for the machine to be quiet, default 600)
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"
bench_init
bench_build

RUNS=${RUNS:-3}
FIXES=${FIXES:-86400}
BIKE=bench-drain
TIMEOUT_S=${TIMEOUT_S:-300}

bench_machine
echo "fixes per run: $FIXES; agent: -Xmx32m ${AGENT_OPTS:-}, batch 500, window 4, report interval 1s"
for run in $(seq 1 "$RUNS"); do
    dir=$BENCH_TMP/run$run
    mkdir -p "$dir"
    bench_start_server "$dir/server"
    bench_provision "$dir/server" "$BIKE" "ws://127.0.0.1:$SERVER_PORT" "$dir/agent.conf" "$dir/outbox.db" 1s
    java -cp "$BENCH_CP" com.bikefleet.bench.OutboxPrefill "$dir/outbox.db" "$FIXES" >"$dir/prefill.log"
    bench_wait_quiet
    load=$(cut -d' ' -f1-3 /proc/loadavg)
    busy0=$(machine_busy_ticks)
    server0=$(process_ticks "$SERVER_PID")
    start=$(now_ms)
    # shellcheck disable=SC2086
    bench_start_agent "$dir/agent.conf" "$dir/agent.log" ${AGENT_OPTS:-}
    count=0
    while true; do
        count=$(bench_server_count "$dir/server" "$BIKE" "$FIXES")
        [[ "$count" -ge "$FIXES" ]] && break
        if (( $(now_ms) - start > TIMEOUT_S * 1000 )); then
            echo "run $run: timed out after ${TIMEOUT_S} s with $count of $FIXES fixes on the server" >&2
            exit 1
        fi
        kill -0 "$AGENT_PID" 2>/dev/null || { tail -20 "$dir/agent.log" >&2; echo "agent died" >&2; exit 1; }
        sleep 0.1
    done
    seen=$(now_ms)
    busy=$(( $(machine_busy_ticks) - busy0 ))
    agent_cpu=$(process_ticks "$AGENT_PID")
    server_cpu=$(( $(process_ticks "$SERVER_PID") - server0 ))
    # received_at is stamped when the server takes the batch; the last one bounds the drain from above
    # more tightly than the poll (up to 0.1 s late).
    read -r first last < <(sqlite3 -separator ' ' "$dir/server/bikefleet.db" \
        "SELECT min(received_at), max(received_at) FROM fixes WHERE bike_id = '$BIKE' AND seq <= $FIXES")
    total_ms=$((seen - start))
    transfer_ms=$((last - first))
    awk -v run="$run" -v n="$FIXES" -v t="$total_ms" -v x="$transfer_ms" -v l="$load" -v lr="$((last - start))" \
        'BEGIN { printf "run %d: %d fixes in %.2f s from agent start (poll) = %.0f fixes/s; last batch received %.2f s after start; first to last batch received %.2f s = %.0f fixes/s; load before run %s\n", run, n, t/1000, n/(t/1000), lr/1000, x/1000, n/(x/1000), l }'
    hz=$(getconf CLK_TCK)
    awk -v b="$busy" -v a="$agent_cpu" -v s="$server_cpu" -v hz="$hz" -v t="$total_ms" -v c="$(nproc)" \
        'BEGIN { printf "       CPU during the run: machine busy %.1f of %.1f core-s; agent %.1f, server %.1f, everything else %.1f (the 0.1 s sqlite3 poll included)\n", b/hz, c*t/1000, a/hz, s/hz, (b-a-s)/hz }'
    bench_stop "$AGENT_PID"
    bench_stop "$SERVER_PID"
done
