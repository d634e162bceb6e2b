#!/usr/bin/env bash
# Bytes on the wire per fix, through a counting proxy (bench/ws-count-proxy.py) between agent and server.
# The agent starts with a backlog of BACKLOG prefilled fixes (default 5,000: ten batches of 500), which it
# sends batched, then reports live at 1 Hz (one fix per positions frame) for LIVE_S seconds (default 60).
# Counts WebSocket frames as on the wire (2-14 byte header, 4-byte mask key on agent->server frames,
# payload), agent->server and server->agent; not the HTTP upgrade, not TCP/IP headers.
# Usage: bench/agent-wire-bytes.sh    (BENCH_SKIP_BUILD=1, BACKLOG=n, LIVE_S=n, BENCH_KEEP=1)
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"
bench_init
bench_build

BACKLOG=${BACKLOG:-5000}
LIVE_S=${LIVE_S:-60}
BIKE=bench-wire
dir=$BENCH_TMP

bench_machine
bench_start_server "$dir/server"
python3 "$BENCH_ROOT/bench/ws-count-proxy.py" "$SERVER_PORT" "$dir/wire.json" >"$dir/proxy.out" 2>"$dir/proxy.err" &
PROXY_PID=$!
BENCH_PIDS+=("$PROXY_PID")
PROXY_PORT=""
for _ in $(seq 1 100); do
    PROXY_PORT=$(sed -n 's/^PORT \([0-9]*\)$/\1/p' "$dir/proxy.out")
    [[ -n "$PROXY_PORT" ]] && break
    sleep 0.1
done
[[ -n "$PROXY_PORT" ]] || { cat "$dir/proxy.err" >&2; echo "proxy did not start" >&2; exit 1; }
bench_provision "$dir/server" "$BIKE" "ws://127.0.0.1:$PROXY_PORT" "$dir/agent.conf" "$dir/outbox.db" 1s
java -cp "$BENCH_CP" com.bikefleet.bench.OutboxPrefill "$dir/outbox.db" "$BACKLOG" >"$dir/prefill.log"
bench_start_agent "$dir/agent.conf" "$dir/agent.log"
for _ in $(seq 1 1200); do
    [[ $(bench_server_count "$dir/server" "$BIKE" "$BACKLOG") -ge "$BACKLOG" ]] && break
    sleep 0.1
done
[[ $(bench_server_count "$dir/server" "$BIKE" "$BACKLOG") -ge "$BACKLOG" ]] \
    || { echo "the backlog did not drain within 120 s" >&2; exit 1; }
echo "backlog of $BACKLOG stored; reporting live for $LIVE_S s"
sleep "$LIVE_S"
bench_stop "$AGENT_PID"
bench_stop "$PROXY_PID"
bench_stop "$SERVER_PID"
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$dir/wire.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
frames = s["positions"]
# Acks are cumulative: each ack's bytes are shared evenly by the fixes it newly covers (seq above the
# previous ack up to its own); an ack that covers nothing new is counted on its own below.
ack_share = {}
idle_acks = [0, 0]
previous = 0
for wire, seq in s["acks"]:
    if seq > previous:
        for q in range(previous + 1, seq + 1):
            ack_share[q] = wire / (seq - previous)
        previous = seq
    else:
        idle_acks[0] += 1
        idle_acks[1] += wire

def report(label, chosen):
    fixes = sum(f[1] for f in chosen)
    wire = sum(f[0] for f in chosen)
    if not fixes:
        print(f"{label}: no frames")
        return
    ack = sum(ack_share.get(q, 0) for f in chosen for q in range(f[3], f[4] + 1))
    framing = sum(f[5] for f in chosen)
    print(f"{label}: {len(chosen)} positions frames, {fixes} fixes, {wire} bytes agent->server = "
          f"{wire / fixes:.1f} bytes/fix (of which WebSocket header + mask key {framing / fixes:.2f}); "
          f"acks server->agent {ack:.0f} bytes = {ack / fixes:.2f} bytes/fix")

report("batched (backlog, every batch)", [f for f in frames if not f[2]])
report("batched (backlog, full 500-fix batches only)", [f for f in frames if not f[2] and f[1] == 500])
report("live (one fix per frame)", [f for f in frames if f[2] and f[1] == 1])
backlog_top = max((f[4] for f in frames if not f[2]), default=0)
report("live, after the backlog (its own ack each)", [f for f in frames if f[2] and f[1] == 1 and f[3] > backlog_top + 1])
print(f"acks: {len(s['acks'])} frames, {sum(a[0] for a in s['acks'])} bytes; of them {idle_acks[0]} acking "
      f"nothing new ({idle_acks[1]} bytes, not in the per-fix figures)")
print(f"HTTP upgrade: {s['upgrade_bytes']['agent_to_server']} bytes agent->server, "
      f"{s['upgrade_bytes']['server_to_agent']} bytes server->agent (not in the figures above)")
print(f"compressed (RSV1) frames: {s['compressed_frames']}; extension headers: {len(s.get('extension_headers', []))}")
print("other frames (direction kind: frames, bytes; not in the per-fix figures):")
for k, (n, b) in sorted(s["other"].items()):
    print(f"  {k}: {n}, {b}")
PY
