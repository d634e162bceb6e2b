#!/usr/bin/env bash
# Drives the server's real store directly (system-tests/.../bench/StoreRateBench.java), no network: BIKES bikes
# each write one live fix a second (RATE one-fix writes a second in all) into a store prefilled with PREFILL
# fixes per bike, and prints acks/s, refusals, submit-to-ack latency, commits, writes per commit, ms per
# commit, the committer's busy share and disk bytes per commit, then track/gaps/highestSeqs query times.
# Usage: bench/store-rate.sh   (environment: BIKES=10000 RATE=10000 PREFILL=120 WARMUP=10 MEASURE=30,
# PG_URL=jdbc:postgresql://... to run against PostgreSQL instead, JAVA_OPTS e.g.
# -XX:StartFlightRecording=filename=/tmp/store.jfr,settings=profile, BENCH_SKIP_BUILD=1 to skip the build)
set -euo pipefail
cd "$(dirname "$0")/.."

classpath_file="$PWD/system-tests/target/bench-classpath.txt"
if [[ -z "${BENCH_SKIP_BUILD:-}" ]]; then
    mvn -B -ntp -q -pl system-tests -am -DskipTests test-compile dependency:build-classpath \
        -Dmdep.outputFile="$classpath_file" -Dmdep.includeScope=test
fi
# The server's own dependencies (the system tests exclude them) come from its module.
server_cp_file="$PWD/server/target/bench-classpath.txt"
if [[ -z "${BENCH_SKIP_BUILD:-}" || ! -f "$server_cp_file" ]]; then
    mvn -B -ntp -q -pl server -am compile dependency:build-classpath -Dmdep.outputFile="$server_cp_file" -Dmdep.includeScope=runtime
fi
classpath="system-tests/target/test-classes:server/target/classes:shared-model/target/classes:$(cat "$classpath_file"):$(cat "$server_cp_file")"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
# shellcheck disable=SC2086
java -Xmx1g ${JAVA_OPTS:-} -cp "$classpath" com.bikefleet.bench.StoreRateBench "$work/data" "${BIKES:-10000}" \
    "${RATE:-10000}" "${PREFILL:-120}" "${WARMUP:-10}" "${MEASURE:-30}" ${PG_URL:-}
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
