#!/usr/bin/env bash
# CPU of every Java process on the machine, once a second, from /proc (user + system ticks): prints
# "<epoch ms> <pid> <role> <CPU % of one core over the last second>" until SECONDS have passed.
# Roles come from the command line: the server jar, or the fleet simulator's --role.
# Usage: bench/proc-cpu.sh SECONDS > cpu.txt   (run beside bench/fleet.sh; stops by itself)
set -euo pipefail
duration=${1:?usage: $0 SECONDS}
hz=$(getconf CLK_TCK)
declare -A last
end=$((SECONDS + duration))
while (( SECONDS < end )); do
    now=$(date +%s%3N)
    for pid in $(pgrep java || true); do
        stat=$(cat "/proc/$pid/stat" 2>/dev/null) || continue
        ticks=$(awk '{print $14 + $15}' <<<"$stat")
        cmd=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)
        if [[ $cmd == *bike-server.jar* ]]; then role=server
        elif [[ $cmd =~ --role[=\ ]([a-z0-9-]+) ]]; then role=${BASH_REMATCH[1]}
        else role=other; fi
        if [[ -n "${last[$pid]:-}" ]]; then
            read -r t0 c0 <<<"${last[$pid]}"
            echo "$now $pid $role $(( (ticks - c0) * 100 * 1000 / hz / (now - t0 > 0 ? now - t0 : 1) ))"
        fi
        last[$pid]="$now $ticks"
    done
    sleep 1
done
