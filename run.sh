#!/usr/bin/env bash
# Starts graphmock: ./run.sh [--port N] [--db PATH] [...]; ./run.sh --help lists the flags.
# Builds first (quietly, tests skipped) when the build is missing or older than the sources.
set -euo pipefail
cd "$(dirname "$0")"

stamp=target/.run-build
if [ ! -f "$stamp" ] || [ -n "$(find pom.xml src/main metadata -newer "$stamp" -print -quit)" ]; then
  echo "graphmock: building (mvn package -DskipTests)..." >&2
  rm -rf target/lib  # copy-dependencies never removes jars of versions no longer used
  mvn -q -B -Dstyle.color=never -DskipTests package >&2
  touch "$stamp"
fi
# A test server should be small: the serial collector and a 256 MiB heap keep the whole process near 200 MB
# (BENCHMARKS.md); GRAPHMOCK_JAVA_OPTS replaces these defaults.
exec java ${GRAPHMOCK_JAVA_OPTS:--XX:+UseSerialGC -Xms32m -Xmx256m -XX:ReservedCodeCacheSize=64m} \
  -cp "target/classes:target/lib/*" dev.graphmock.Main "$@"
