#!/usr/bin/env bash
# Builds the hardware module's test classes and runs the NMEA decoder benchmark briefly:
# throughput (sentences/s) and, from JMH's gc profiler, bytes allocated per sentence (gc.alloc.rate.norm).
# Usage: bench/nmea-decoder.sh [extra JMH options]
set -euo pipefail
cd "$(dirname "$0")/.."

classpath_file="$PWD/hardware/target/bench-classpath.txt"
mvn -B -q -pl hardware -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$classpath_file" -Dmdep.includeScope=test
classpath="hardware/target/test-classes:hardware/target/classes:shared-model/target/classes:$(cat "$classpath_file")"

java -cp "$classpath" org.openjdk.jmh.Main NmeaDecoderBenchmark \
    -f 1 -wi 3 -w 2s -i 5 -r 2s -prof gc "$@"
