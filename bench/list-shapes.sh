#!/usr/bin/env bash
# Issue 15's list shapes on realistic data: [WARMUP=20] bench/list-shapes.sh [events=1000000] [requests per shape=100] [sqlite|postgresql]
# Generates the events (seed 1) into a fresh database, starts graphmock on it with run.sh (journal off, so that
# only the queries are measured), warms it up on every shape for WARMUP seconds, and prints p50/p99 per shape with
# one client, then with 8 clients creating.
set -euo pipefail
cd "$(dirname "$0")/.."
./run.sh --version >/dev/null
mvn -q -B -o -Dstyle.color=never -DskipTests test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >&2
exec java -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" dev.graphmock.bench.ListShapesBenchmark "$@"
