#!/usr/bin/env bash
# Issue 3's query benchmark: bench/queries.sh [events=1000000] [requests per shape=2000]
# Loads the events into a fresh temporary database, starts graphmock on it as its own process and times the
# query shapes Graph tooling sends. Prints p50/p99 per shape, the page 5,000 / page 1 ratio and peak server RSS.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -Dstyle.color=never -DskipTests test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >&2
exec java -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" dev.graphmock.bench.QueryBenchmark "$@"
