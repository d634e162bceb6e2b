#!/usr/bin/env bash
# Builds the server module's test classes and runs the live fan-out benchmark (LiveHubBenchmark) briefly:
# microseconds per published fix ("publish", paid by the store's committer thread) and per 100 ms of
# 10,000 fixes/s ("tick": 1,000 fixes published, then every listener flushed), at 10,000 bikes, 3,000
# apps (one bike and a box around it each) and 10 dashboards.
# Usage: bench/live-fanout.sh [JMH options, replacing the default: -f 1 -wi 3 -w 2s -i 5 -r 2s -prof gc]
set -euo pipefail
cd "$(dirname "$0")/.."

classpath_file="$PWD/server/target/bench-classpath.txt"
mvn -B -q -pl server -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$classpath_file" -Dmdep.includeScope=test
classpath="server/target/test-classes:server/target/classes:shared-model/target/classes:$(cat "$classpath_file")"

if [[ $# -eq 0 ]]; then
    set -- -f 1 -wi 3 -w 2s -i 5 -r 2s -prof gc
fi
java -cp "$classpath" org.openjdk.jmh.Main LiveHubBenchmark "$@"
