#!/usr/bin/env bash
# Issue 6's benchmark: graphmock against the bare-stack floor in one run. bench/perf.sh [seconds per run=10] [rounds=2]
# bench/perf.sh journal [seconds=10] [rounds=3]: the request journal on against off (issue 12).
# bench/perf.sh postgresql [seconds=10] [rounds=2]: SQLite against PostgreSQL, one and two instances (issue 14); it
# starts its own PostgreSQL from Debian's binaries (apt-get install postgresql), as the tests do.
# bench/perf.sh startup [runs=9] [earlier.jar[,java-option...] ...]: start-up to the first served request alone,
# ./run.sh and java -jar (and java -jar of each earlier jar given, with those options), alternating.
# bench/perf.sh ramp [starts=2] [seconds=30]: creates second by second from a cold start, graphmock and the bare stack.
# WARMUP=N (environment): seconds of warm-up per server and shape before the measured runs (default 10: graphmock's
# JIT needs about 8 s of creates from a cold start, `bench/perf.sh ramp`).
# Installs wrk (Debian) when missing, builds graphmock as run.sh does, then runs bench/PerfBenchmark.java.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v wrk >/dev/null; then
  apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null
fi
./run.sh --version >/dev/null
if [ "${1:-}" = postgresql ]; then
  mvn -q -B -o -Dstyle.color=never -DskipTests test-compile >&2
fi
exec java -cp "target/test-classes:target/classes:target/lib/*" bench/PerfBenchmark.java "$@"
