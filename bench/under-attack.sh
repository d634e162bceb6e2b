#!/usr/bin/env bash
# A good fleet under attack: starts the real server jar on 127.0.0.1 (a free port, a temporary data folder,
# -Xmx256m -XX:+ExitOnOutOfMemoryError), registers GOOD good bikes and two attacker bikes (valid tokens), and
# runs the load client (system-tests/.../bench/UnderAttackBench.java). Every good bike sends one live fix a
# second, BASELINE seconds alone, then ATTACK seconds while threads of the same client JVM attack the server:
# (a) upgrades without a token, with a wrong or another bike's token, and with non-canonical paths, UPGRADES a
# second; (b) IDLE idle and SLOW slowloris sockets held open (replaced when the server closes them); (c) the first
# attacker bike sending a frame one byte over the limit or a binary frame, reconnecting after each close,
# BAD_FRAMES a second; (d) the second attacker bike sending 16-100 KB frames of an unknown type FLOOD a second
# and never reading its socket. The client prints per phase the good fixes sent and acknowledged, ack latency
# p50/p99/max, the server's CPU and RSS, and the attack counters. Then this script stops the server and checks
# the database: every good bike holds exactly the fixes it sent and had acknowledged (seq 1 to its last).
# Exits non-zero on any loss, a good bike disconnected, an attacker answered 101, or the server dying.
# Usage: bench/under-attack.sh   (environment: GOOD=100 BASELINE=20 ATTACK=30 UPGRADES=200 IDLE=1000 SLOW=200
#        BAD_FRAMES=20 FLOOD=100, REQUEST_TIMEOUT=10 (s, the server's http.request-timeout), BENCH_SKIP_BUILD=1,
#        BENCH_KEEP=1 to keep the data folder and logs, SERVER_OPTS for the server JVM, QUIET_MAX_S=120)
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"
bench_init
bench_build

GOOD=${GOOD:-100}
BASELINE=${BASELINE:-20}
ATTACK=${ATTACK:-30}
REQUEST_TIMEOUT=${REQUEST_TIMEOUT:-10}
dir=$BENCH_TMP
data=$dir/server

bench_machine
echo "open files allowed per process: $(ulimit -n)"
java -jar "$SERVER_JAR" provision-batch --data "$data" --prefix good- --count "$GOOD" --digits 4 \
    --out "$dir/good-tokens" >/dev/null
java -jar "$SERVER_JAR" provision-batch --data "$data" --prefix attacker- --count 2 --digits 1 \
    --out "$dir/attacker-tokens" >/dev/null
SERVER_OPTS="-XX:+ExitOnOutOfMemoryError ${SERVER_OPTS:-}" bench_start_server "$data" \
    --set "http.request-timeout=${REQUEST_TIMEOUT}s"
echo "server pid $SERVER_PID on port $SERVER_PORT (-Xmx256m -XX:+ExitOnOutOfMemoryError ${SERVER_OPTS:-})"
QUIET_MAX_S=${QUIET_MAX_S:-120} bench_wait_quiet
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"

client_status=0
timeout $((BASELINE + ATTACK + 240)) java -Xmx1g -cp "$BENCH_CP" \
    -Dbench.serverPid="$SERVER_PID" \
    -Dbench.requestTimeoutMillis=$((REQUEST_TIMEOUT * 1000)) \
    -Dbench.upgradesPerSecond="${UPGRADES:-200}" \
    -Dbench.idleSockets="${IDLE:-1000}" \
    -Dbench.slowSockets="${SLOW:-200}" \
    -Dbench.badFramesPerSecond="${BAD_FRAMES:-20}" \
    -Dbench.floodPerSecond="${FLOOD:-100}" \
    com.bikefleet.bench.UnderAttackBench "$SERVER_PORT" "$dir/good-tokens" "$dir/attacker-tokens" \
    "$BASELINE" "$ATTACK" "$dir/expected" || client_status=$?
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

server_died=0
if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    server_died=1
fi
bench_stop "$SERVER_PID"
if grep -q "OutOfMemoryError" "$data/server.log"; then
    echo "the server ran out of memory:"
    grep -m3 "OutOfMemoryError" "$data/server.log"
    server_died=1
fi

# Every good bike: the fixes stored are exactly seq 1..sent from its one outbox, and it had them all acknowledged.
db_status=0
if [[ -s "$dir/expected" ]]; then
    java -cp "$BENCH_CP" com.bikefleet.bench.CountFixes "$data/bikefleet.db" --per-bike >"$dir/stored"
    awk 'NR == FNR { n[$1] = $2; lo[$1] = $3; hi[$1] = $4; ob[$1] = $5; next }
         { s = ($1 in n) ? n[$1] : 0; total += s; sent += $2; if (s < $3) lost += $3 - s
           if (s != $2 || s != $3 || (s > 0 && (lo[$1] != 1 || hi[$1] != $2 || ob[$1] != 1))) {
               bad++
               if (bad <= 10) printf "  FAIL %s: sent %d, acked up to %d, stored %d (seq %s..%s)\n", $1, $2, $3, s, lo[$1], hi[$1]
           }
           delete n[$1] }
         END { other = 0; for (b in n) other += n[b]
               printf "database: %d good bikes, %d fixes sent, %d stored, %d acknowledged but not stored, %d bikes whose sent, acked and stored differ; %d fixes of other bikes\n", FNR, sent, total, lost, bad, other
               exit (bad > 0 || other > 0) }' "$dir/stored" "$dir/expected" || db_status=1
else
    echo "database: not checked, the client wrote no per-bike counts"
    db_status=1
fi

if (( client_status == 0 && db_status == 0 && server_died == 0 )); then
    echo "PASS"
else
    echo "FAIL (client exit $client_status, database check $db_status, server died $server_died)"
    [[ -n "${BENCH_KEEP:-}" ]] || tail -20 "$data/server.log"
    exit 1
fi
