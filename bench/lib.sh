# shellcheck shell=bash disable=SC2034
# Shared by the bench/agent-*.sh scripts: build, start a server and agents, clean up on exit.
# Sourced, not run. Every process started here is recorded in BENCH_PIDS and stopped by bench_cleanup.

BENCH_PIDS=()
BENCH_TMP=""

bench_cleanup() {
    local pid
    for pid in "${BENCH_PIDS[@]}"; do
        if kill -0 "$pid" 2>/dev/null; then
            kill "$pid" 2>/dev/null || true
        fi
    done
    for pid in "${BENCH_PIDS[@]}"; do
        for _ in $(seq 1 100); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -9 "$pid" 2>/dev/null || true
    done
    BENCH_PIDS=()
    if [[ -n "$BENCH_TMP" && -z "${BENCH_KEEP:-}" ]]; then
        rm -rf "$BENCH_TMP"
    elif [[ -n "$BENCH_TMP" ]]; then
        echo "kept $BENCH_TMP" >&2
    fi
}

# Stops one process started by these scripts (SIGTERM, then SIGKILL after 10 s) and forgets it.
bench_stop() {
    local pid=$1 keep=() p
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    for p in "${BENCH_PIDS[@]}"; do
        [[ "$p" == "$pid" ]] || keep+=("$p")
    done
    BENCH_PIDS=("${keep[@]}")
}

bench_init() {
    cd "$(dirname "$0")/.." || exit 1
    BENCH_ROOT=$PWD
    BENCH_TMP=$(mktemp -d /tmp/bikefleet-bench.XXXXXX)
    trap bench_cleanup EXIT
    trap 'exit 130' INT TERM
    SERVER_JAR=$BENCH_ROOT/server/target/bike-server.jar
    AGENT_JAR=$BENCH_ROOT/device-agent/target/bike-agent.jar
    BENCH_CP=$BENCH_ROOT/system-tests/target/test-classes:$AGENT_JAR
}

# Builds both jars and the bench mains, unless BENCH_SKIP_BUILD is set. Never installs into ~/.m2.
bench_build() {
    if [[ -z "${BENCH_SKIP_BUILD:-}" ]]; then
        (cd "$BENCH_ROOT" && mvn -B -ntp -q -DskipTests package && \
            mvn -B -ntp -q -pl system-tests -am -DskipTests test-compile)
    fi
}

bench_machine() {
    echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'),"\
        "$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo) RAM;"\
        "$(java -version 2>&1 | sed -n 2p)"
    echo "load: $(uptime | sed 's/.*load average/load average/')"
}

# Starts a server on a free port with data in $1 and the serve options that follow; sets SERVER_PID and SERVER_PORT.
bench_start_server() {
    local data=$1 log=$1/server.log
    shift
    mkdir -p "$data"
    # shellcheck disable=SC2086
    java -Xmx256m -XX:+ExitOnOutOfMemoryError ${SERVER_OPTS:-} -jar "$SERVER_JAR" serve --bind 127.0.0.1 --port 0 --data "$data" "$@" >"$log" 2>&1 &
    SERVER_PID=$!
    BENCH_PIDS+=("$SERVER_PID")
    SERVER_PORT=""
    for _ in $(seq 1 600); do
        SERVER_PORT=$(sed -n 's/.*Listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$log" | head -1)
        [[ -n "$SERVER_PORT" ]] && return 0
        kill -0 "$SERVER_PID" 2>/dev/null || { cat "$log" >&2; echo "server died" >&2; return 1; }
        sleep 0.1
    done
    echo "server did not listen within 60 s" >&2
    return 1
}

# bench_provision DATA BIKE URL CONFIG OUTBOX INTERVAL: writes an agent config with a 200,000 fix outbox.
bench_provision() {
    java -jar "$SERVER_JAR" provision --data "$1" --bike "$2" --url "$3" --out "$4" --buffer "$5" \
        --interval "$6" --gps simulated >/dev/null
    echo "buffer.max-fixes = 200000" >>"$4"
}

# bench_start_agent CONFIG LOG [JVM options...]: sets AGENT_PID.
bench_start_agent() {
    local config=$1 log=$2
    shift 2
    java -Xmx32m "$@" -jar "$AGENT_JAR" run --config "$config" >"$log" 2>&1 &
    AGENT_PID=$!
    BENCH_PIDS+=("$AGENT_PID")
}

# The server's count of fixes of a bike with seq <= $3 (the prefilled ones).
bench_server_count() {
    sqlite3 "$1/bikefleet.db" ".timeout 2000" \
        "SELECT count(*) FROM fixes WHERE bike_id = '$2' AND seq <= $3" 2>/dev/null || echo 0
}

# Busy CPU time of the whole machine so far, in clock ticks (user+nice+system+irq+softirq+steal).
machine_busy_ticks() {
    awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat
}

# CPU time (user+system) a process has used so far, in clock ticks.
process_ticks() {
    awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat" 2>/dev/null || echo 0
}

# Waits (at most QUIET_MAX_S, default 600 s) until the machine used less than a quarter of a core over
# 3 s, so a run does not share the 2 cores with someone else's build; prints what it waited for.
bench_wait_quiet() {
    local waited=0 b0 b1 hz max=${QUIET_MAX_S:-600}
    hz=$(getconf CLK_TCK)
    while true; do
        b0=$(machine_busy_ticks)
        sleep 3
        b1=$(machine_busy_ticks)
        if (( (b1 - b0) * 4 < 3 * hz )); then
            (( waited > 0 )) && echo "       (waited ${waited} s for the machine to be quiet)"
            return 0
        fi
        waited=$((waited + 3))
        if (( waited >= max )); then
            echo "       (machine still busy after ${waited} s: $(( (b1 - b0) * 100 / (3 * hz) )) % of a core; running anyway)"
            return 0
        fi
    done
}

now_ms() {
    date +%s%3N
}
