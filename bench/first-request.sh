#!/usr/bin/env bash
# Start-up and first request, apart: bench/first-request.sh JAR [runs=7] [server option...]. Each run launches the
# jar with run.sh's JVM options (and the class-data archive in $ARCHIVE, if set), waits for its "serving" line,
# then times one GET of …/autopilotEvents?$top=1; prints the medians of both. For what a start leaves to the first
# request (issue 31: Jdbi's first handle).
set -euo pipefail
jar=$(realpath "$1"); runs=${2:-7}; shift; [ $# -gt 0 ] && shift
opts="-XX:+UseSerialGC -Xms64m -Xmn32m -Xmx256m -XX:ReservedCodeCacheSize=64m"
cds=()
[ -n "${ARCHIVE:-}" ] && cds=(-XX:SharedArchiveFile="$ARCHIVE" -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for _ in $(seq 1 "$runs"); do
  start=$(date +%s%N)
  # shellcheck disable=SC2086
  java $opts "${cds[@]}" -jar "$jar" --port 0 --db=:memory: --auth=none "$@" >"$work/out" 2>&1 & pid=$!
  until grep -q serving "$work/out"; do sleep 0.005; done
  up=$(date +%s%N)
  root=$(sed -n 's/^graphmock serving \(http[^ ]*\) .*/\1/p' "$work/out")
  first=$(curl -s -o /dev/null -w '%{time_total}' "$root/deviceManagement/autopilotEvents?\$top=1")
  echo "$(( (up - start) / 1000000 )) $(awk -v t="$first" 'BEGIN { print int(t * 1000) }')" >>"$work/times"
  kill "$pid"; wait "$pid" 2>/dev/null || true
done
middle=$(( (runs + 1) / 2 ))
echo "start-up median $(cut -d' ' -f1 "$work/times" | sort -n | sed -n "${middle}p") ms," \
  "first request median $(cut -d' ' -f2 "$work/times" | sort -n | sed -n "${middle}p") ms"
