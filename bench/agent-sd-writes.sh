#!/usr/bin/env bash
# What the agent writes to its storage per fix (on a bike: the SD card), at two report intervals, connected
# to a real server on loopback and disconnected (its server stopped). Four agents run side by side, each
# with its own outbox and log file in a folder on this machine's disk, simulated GPS, started with the JVM
# options of deploy/bike-agent.service (so the systemd unit's choices are measured too).
#
# After a warm-up, for DURATION_S seconds it reads each agent's /proc/PID/io (write_bytes: bytes the process
# caused to be written to storage, counted per page dirtied; wchar: bytes passed to write(), sockets
# included) and its outbox's newest seq, and prints bytes per fix and per day. Also the sectors written to the
# block device holding the outbox folder (/proc/diskstats): that is the whole machine, other users included,
# so it is an upper bound only; it does count the filesystem's journal, which write_bytes does not.
# Every process it starts is stopped on exit.
# Usage: bench/agent-sd-writes.sh      (BENCH_SKIP_BUILD=1, DURATION_S=300, WARMUP_S=30,
#        SLOW=10s FAST=1s (the two report intervals), BENCH_KEEP=1, AGENT_OPTS to replace the unit's JVM options)
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"
bench_init
bench_build

DURATION_S=${DURATION_S:-300}
WARMUP_S=${WARMUP_S:-30}
SLOW=${SLOW:-10s}
FAST=${FAST:-1s}
dir=$BENCH_TMP
unit_opts=$(sed -n 's/^ExecStart=[^ ]*java \(.*\) -jar .*/\1/p' "$BENCH_ROOT/deploy/bike-agent.service")
opts=${AGENT_OPTS:-$unit_opts}

bench_machine
echo "filesystem of the outbox folder: $(df -T "$dir" | awk 'NR == 2 { print $2 " on " $1 }')"
echo "agent JVM options (from deploy/bike-agent.service unless AGENT_OPTS): $opts"
echo "git: $(git -C "$BENCH_ROOT" log -1 --format='%h %s' | cut -c1-100)$(git -C "$BENCH_ROOT" diff --quiet HEAD -- device-agent deploy || echo ' (with uncommitted changes)')"

bench_start_server "$dir/server"
live_port=$SERVER_PORT
live_pid=$SERVER_PID
bench_start_server "$dir/down"
down_port=$SERVER_PORT
down_pid=$SERVER_PID

names=(connected-$SLOW connected-$FAST disconnected-$SLOW disconnected-$FAST)
declare -A pid interval
for name in "${names[@]}"; do
    mkdir -p "$dir/$name"
    interval[$name]=${name#*-}
    if [[ $name == connected-* ]]; then
        data=$dir/server port=$live_port
    else
        data=$dir/down port=$down_port
    fi
    java -jar "$SERVER_JAR" provision --data "$data" --bike "sd-$name" --url "ws://127.0.0.1:$port" \
        --out "$dir/$name/agent.conf" --buffer "$dir/$name/outbox.db" --interval "${interval[$name]}" \
        --gps simulated --log-file "$dir/$name/log/agent.log" >/dev/null
done
# The disconnected agents' server is gone before they start: they keep trying, as on a bike out of coverage.
bench_stop "$down_pid"

# HOME points into the bench folder, so nothing of the agent lands elsewhere. The runtime folder is in RAM
# (/dev/shm here, /run under systemd on a bike): XDG_RUNTIME_DIR, which the agent uses for its status file
# since it moved off the card (an older agent writes it next to the outbox whatever this says). stdout
# (journald on a bike, not counted here) goes to a file on another process's account: the shell's.
runtime=$(mktemp -d /dev/shm/bikefleet-bench.XXXXXX)
trap 'rm -rf "$runtime"; bench_cleanup' EXIT
echo "runtime folder: $runtime ($(df -T "$runtime" | awk 'NR == 2 { print $2 }'))"
for name in "${names[@]}"; do
    mkdir -p "$dir/$name/home" "$runtime/$name"
    # shellcheck disable=SC2086
    HOME=$dir/$name/home XDG_RUNTIME_DIR=$runtime/$name \
        java $opts -jar "$AGENT_JAR" run --config "$dir/$name/agent.conf" >"$dir/$name/stdout.log" 2>&1 &
    pid[$name]=$!
    BENCH_PIDS+=("${pid[$name]}")
done

# SQLite's last seq and the fix journal's newest fix beside it: fixes since the last fold are only there.
newest_seq() {
    python3 "$BENCH_ROOT/bench/outbox-last-seq.py" "$1" 2>/dev/null || echo 0
}
io() {
    awk -v k="$2" '$1 == k":" { print $2 }' "/proc/$1/io"
}
device=$(df "$dir" | awk 'NR == 2 { print $1 }')
device=${device#/dev/}
sectors() {
    awk -v d="$device" '$3 == d { print $10 }' /proc/diskstats
}

echo "warm-up ${WARMUP_S} s, then measuring for ${DURATION_S} s"
sleep "$WARMUP_S"
for name in "${names[@]}"; do
    kill -0 "${pid[$name]}" 2>/dev/null || { tail -20 "$dir/$name/stdout.log" >&2; echo "$name died" >&2; exit 1; }
done
# On a busy machine the JVMs take a while: wait (up to 120 s more) until both connected agents are.
for name in "connected-$SLOW" "connected-$FAST"; do
    for _ in $(seq 1 1200); do
        grep -q "Connected to" "$dir/$name/stdout.log" && break
        sleep 0.1
    done
    grep -q "Connected to" "$dir/$name/stdout.log" || { tail -20 "$dir/$name/stdout.log" >&2; echo "$name did not connect" >&2; exit 1; }
done
declare -A wb0 wc0 cw0 seq0
load0=$(cut -d' ' -f1-3 /proc/loadavg)
disk0=$(sectors)
t0=$(now_ms)
for name in "${names[@]}"; do
    wb0[$name]=$(io "${pid[$name]}" write_bytes)
    wc0[$name]=$(io "${pid[$name]}" wchar)
    cw0[$name]=$(io "${pid[$name]}" cancelled_write_bytes)
    seq0[$name]=$(newest_seq "$dir/$name/outbox.db")
done
sleep "$DURATION_S"
t1=$(now_ms)
disk1=$(sectors)
load1=$(cut -d' ' -f1-3 /proc/loadavg)
echo "load average before ${load0}, after ${load1}"
printf "%-18s %6s %12s %10s %12s %12s %12s\n" agent fixes write_bytes cancelled "bytes/fix" "MB/day" "wchar/fix"
for name in "${names[@]}"; do
    kill -0 "${pid[$name]}" 2>/dev/null || { tail -20 "$dir/$name/stdout.log" >&2; echo "$name died" >&2; exit 1; }
    wb=$(( $(io "${pid[$name]}" write_bytes) - wb0[$name] ))
    wc=$(( $(io "${pid[$name]}" wchar) - wc0[$name] ))
    cw=$(( $(io "${pid[$name]}" cancelled_write_bytes) - cw0[$name] ))
    fixes=$(( $(newest_seq "$dir/$name/outbox.db") - seq0[$name] ))
    awk -v n="$name" -v f="$fixes" -v wb="$wb" -v cw="$cw" -v wc="$wc" -v ms="$((t1 - t0))" 'BEGIN {
        printf "%-18s %6d %12d %10d %12.0f %12.1f %12.0f\n", n, f, wb, cw, (f ? wb / f : 0),
            wb / (ms / 1000) * 86400 / 1e6, (f ? wc / f : 0) }'
done
awk -v s="$((disk1 - disk0))" -v ms="$((t1 - t0))" -v d="$device" 'BEGIN {
    printf "block device %s, whole machine (other users included): %.1f MB written in %.0f s = %.0f MB/day\n",
        d, s * 512 / 1e6, ms / 1000, s * 512 / (ms / 1000) * 86400 / 1e6 }'
echo "MB/day: write_bytes over the measured time scaled to 24 h (time-driven writes included); bytes/fix: write_bytes / fixes numbered"
for name in "${names[@]}"; do
    bench_stop "${pid[$name]}"
done
bench_stop "$live_pid"
