#!/usr/bin/env bash
# Starts graphmock: ./run.sh [--port N] [--db PATH] [...]; ./run.sh --help lists the flags.
# Builds first (quietly, tests skipped) when the build is missing or older than the sources.
set -euo pipefail
cd "$(dirname "$0")"

jar=target/graphmock.jar  # the runnable jar: graphmock and all it needs (mvn package makes it)
# A test server should be small: the serial collector and a 256 MiB heap keep the whole process near 200 MB
# (BENCHMARKS.md). A young generation of 32 MiB holds a whole page of 999 events while it is written, so its rows
# are not promoted only to be collected by a full collection (one every half second before; p99 40 -> 25 ms).
# GRAPHMOCK_JAVA_OPTS replaces these defaults.
java_opts=${GRAPHMOCK_JAVA_OPTS:--XX:+UseSerialGC -Xms64m -Xmn32m -Xmx256m -XX:ReservedCodeCacheSize=64m}
archive=target/graphmock.jsa

stamp=target/.run-build
if [ ! -f "$stamp" ] || [ -n "$(find pom.xml src/main metadata -newer "$stamp" -print -quit)" ]; then
  echo "graphmock: building (mvn package -DskipTests)..." >&2
  # copy-dependencies never removes jars of versions no longer used; target/native is unpacked again from the new jar
  rm -rf target/lib target/native target/native.* "$archive"
  mvn -q -B -Dstyle.color=never -DskipTests package >&2
  touch "$stamp"
fi

# SQLite's driver copies its native library into /tmp at every start, and a JVM killed with -9 leaves its copy
# there for good (the driver's clean-up skips copies whose lock file is left, and lists its folder at each start).
# Unpacked once instead, from the jar that runs (whose driver classes it must match), for this platform (the
# driver's own OSInfo names its folder), into target/native, and loaded from there; the driver's folder for copies
# is pointed there too, so its clean-up lists that folder and not /tmp. The first start to make target/native
# unpacks (mkdir is the lock) and renames the library into it whole; a start beside it, or one where the library
# cannot be unpacked (no `jar` tool), finds no library there and leaves the driver to do as before.
native=target/native
if mkdir "$native" 2>/dev/null; then
  unpacked=$(mktemp -d target/native.XXXXXX)
  runnable="$PWD/$jar"
  if folder=$(java -cp "$runnable" org.sqlite.util.OSInfo 2>/dev/null) \
      && (cd "$unpacked" && jar xf "$runnable" "org/sqlite/native/$folder/") 2>/dev/null; then
    for file in "$unpacked/org/sqlite/native/$folder"/*; do
      if [ -f "$file" ]; then mv "$file" "$native/"; fi
    done
  fi
  rm -rf "$unpacked"
fi
sqlite_lib=()
for file in "$native"/*sqlitejdbc*; do
  if [ -f "$file" ]; then
    sqlite_lib=(-Dorg.sqlite.lib.path="$PWD/$native" -Dorg.sqlite.lib.name="${file##*/}"
      -Dorg.sqlite.tmpdir="$PWD/$native")
  fi
done

# Class-data sharing: a training start records the classes graphmock loads into an archive that later starts
# map instead of loading and verifying them again (about half the start-up time, BENCHMARKS.md). It also makes
# Jdbi's first handle, which the store's first request would otherwise load.
if [ ! -f "$archive" ]; then
  training=$(mktemp -d)
  # shellcheck disable=SC2086
  java $java_opts "${sqlite_lib[@]}" -Dgraphmock.prepareHandles=true -XX:ArchiveClassesAtExit="$archive" -jar "$jar" \
    --port 0 --db "$training/graph.db" >"$training/out" 2>/dev/null &
  pid=$!
  for _ in $(seq 1 100); do
    grep -q "serving" "$training/out" 2>/dev/null && break
    sleep 0.1
  done
  root=$(sed -n 's/^graphmock serving \(http[^ ]*\) .*/\1/p' "$training/out")
  if [ -n "$root" ] && command -v curl >/dev/null; then
    curl -s -o /dev/null -X POST "$root/deviceManagement/autopilotEvents" -H 'Authorization: Bearer t' \
      -H 'Content-Type: application/json' --data-binary @src/test/resources/seed/create-request.json || true
    curl -s -o /dev/null "$root/deviceManagement/autopilotEvents?\$top=1" -H 'Authorization: Bearer t' || true
  fi
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -rf "$training"
fi
cds=()
[ -f "$archive" ] && cds=(-XX:SharedArchiveFile="$archive" -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off)
# shellcheck disable=SC2086
exec java $java_opts "${sqlite_lib[@]}" "${cds[@]}" -jar "$jar" "$@"
