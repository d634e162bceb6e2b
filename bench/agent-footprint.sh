#!/usr/bin/env bash
# Agent footprint while reporting live at 1 Hz with -Xmx32m: every 10 s for about 3 minutes, the agent's
# VmRSS (/proc/PID/status), Java heap used and committed (jcmd GC.heap_info) and GC counts (jstat -gc).
# Prints each sample, then min/median/max, the heap retained after a final full GC, and whether an
# OutOfMemoryError was logged.
# Usage: bench/agent-footprint.sh     (BENCH_SKIP_BUILD=1, DURATION_S=180, EVERY_S=10, BENCH_KEEP=1,
#        AGENT_OPTS="-XX:..." for the agent JVM)
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"
bench_init
bench_build

DURATION_S=${DURATION_S:-180}
EVERY_S=${EVERY_S:-10}
BIKE=bench-footprint
dir=$BENCH_TMP

bench_machine
bench_start_server "$dir/server"
bench_provision "$dir/server" "$BIKE" "ws://127.0.0.1:$SERVER_PORT" "$dir/agent.conf" "$dir/outbox.db" 1s
# shellcheck disable=SC2086
bench_start_agent "$dir/agent.conf" "$dir/agent.log" ${AGENT_OPTS:-}
for _ in $(seq 1 300); do
    grep -q "Connected to" "$dir/agent.log" && break
    sleep 0.1
done
grep -q "Connected to" "$dir/agent.log" || { cat "$dir/agent.log" >&2; echo "agent did not connect" >&2; exit 1; }
echo "agent pid $AGENT_PID: -Xmx32m ${AGENT_OPTS:-}; $(jcmd "$AGENT_PID" VM.flags 2>/dev/null \
    | tr ' ' '\n' | grep -E 'Use(G1|Serial|Parallel|Z|Shenandoah)GC' | tr '\n' ' ')"
echo "sampling every ${EVERY_S} s for ${DURATION_S} s"
echo "t_s rss_kib heap_used_kib heap_committed_kib young_gcs full_gcs server_fixes"
samples=$dir/samples.txt
: >"$samples"
start=$(date +%s)
while true; do
    sleep "$EVERY_S"
    t=$(( $(date +%s) - start ))
    kill -0 "$AGENT_PID" 2>/dev/null || { tail -20 "$dir/agent.log" >&2; echo "agent died" >&2; exit 1; }
    rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$AGENT_PID/status")
    # GC.heap_info: "garbage-first heap   total 32768K, used 9478K" (jstat's G1 eden figure only moves
    # when a region is retired, so it hides allocation between GCs).
    read -r committed used < <(jcmd "$AGENT_PID" GC.heap_info | awk '/heap +total/ {
        gsub(/[K,]/, ""); for (i = 1; i <= NF; i++) { if ($i == "total") t = $(i+1); if ($i == "used") u = $(i+1) }
        print t, u; exit }')
    # jstat -gc columns: S0C S1C S0U S1U EC EU OC OU MC MU CCSC CCSU YGC YGCT FGC FGCT CGC CGCT GCT
    read -r ygc fgc < <(jstat -gc "$AGENT_PID" | awk 'NR == 2 { print $13, $15 }')
    fixes=$(sqlite3 "$dir/server/bikefleet.db" ".timeout 2000" \
        "SELECT count(*) FROM fixes WHERE bike_id = '$BIKE'" 2>/dev/null || echo "?")
    echo "$t $rss $used $committed $ygc $fgc $fixes" | tee -a "$samples"
    (( t >= DURATION_S )) && break
done
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
summary() {
    sort -n | awk -v what="$1" '{ v[NR] = $1 } END {
        m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        printf "%s (KiB, %d samples): min %d, median %d, max %d\n", what, NR, v[1], m, v[NR] }'
}
awk '{print $2}' "$samples" | summary "VmRSS"
awk '{print $3}' "$samples" | summary "heap used"
awk '{print $4}' "$samples" | summary "heap committed"
# The samples include garbage not yet collected; a full GC at the end shows what the agent retains.
jcmd "$AGENT_PID" GC.run >/dev/null
echo "heap used after a full GC at the end (jcmd GC.run): $(jcmd "$AGENT_PID" GC.heap_info \
    | sed -n 's/.*heap *total \([0-9]*K\), used \([0-9]*K\).*/\2 of \1/p')"
if grep -q OutOfMemoryError "$dir/agent.log"; then
    echo "OutOfMemoryError in the agent log: TARGET MISSED"
    grep -m3 OutOfMemoryError "$dir/agent.log"
else
    echo "no OutOfMemoryError in the agent log"
fi
errors=$(grep -cE " (ERROR|WARN) " "$dir/agent.log" || true)
echo "agent log: $errors WARN/ERROR lines"
bench_stop "$AGENT_PID"
bench_stop "$SERVER_PID"
