#!/usr/bin/env bash
# Issue 31, step 5: queries on the places of a schema the engine serves.
#   bench/engine-queries.sh [devices=20000] [runs=30] [--db-url=postgresql://…]
# Starts target/graphmock.jar on src/test/resources/engine/fleet.xml (its settings beside it name the indexes) on a
# fresh SQLite file (or the PostgreSQL database given), imports the devices through /__admin/import, then times each
# query shape with curl: median and p90 of the runs, after two warm-up runs, and the size of the answer.
set -euo pipefail
cd "$(dirname "$0")/.."
devices=${1:-20000}; runs=${2:-30}; db=${3:-}
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
./run.sh --version >/dev/null  # builds target/graphmock.jar when the sources are newer, as run.sh does
python3 - "$devices" > "$work/places.json" <<'PY'
import json, sys
n = int(sys.argv[1])
cities = ["Oslo", "Bergen", "Trondheim", "Stavanger", "Tromso"]
colors = ["red", "green", "blue"]
devices = []
for i in range(n):
    devices.append({"id": "d%06d" % i, "serialNumber": "S%06d" % i, "color": colors[i % 3],
                    "capabilities": "wifi" if i % 2 else "bluetooth,cellular",
                    "tags": ["lab%d" % (i % 100), "fleet"], "int32Value": i % 1000,
                    "placement": {"room": "R%d" % (i % 50), "address": {"city": cities[i % 5]}},
                    "dateTimeOffsetValue": "2024-01-01T00:00:00Z", "byteValue": 0, "sbyteValue": 0,
                    "int16Value": 0, "int64Value": 0, "booleanValue": i % 7 == 0})
print(json.dumps({"places": {"fleet/devices": devices}}))
PY
args=(--port 0 --auth none --metadata src/test/resources/engine/fleet.xml)
if [ -n "$db" ]; then args+=("${db/--db-url=/--db=}"); else args+=(--db "$work/fleet.db"); fi
java -jar target/graphmock.jar "${args[@]}" > "$work/out" 2>&1 &
pid=$!
for _ in $(seq 1 300); do grep -q serving "$work/out" && break; sleep 0.1; done
root=$(sed -n 's/^graphmock serving \(http[^ ]*\) .*/\1/p' "$work/out")
admin=${root%/beta}/__admin
start=$(date +%s.%N)
curl -s -f -o /dev/null -X POST "$admin/import" -H 'Content-Type: application/json' --data-binary @"$work/places.json"
echo "imported $devices devices in $(echo "$(date +%s.%N) - $start" | bc) s"
shape() {
  local name=$1 query=$2 times=() bytes
  for _ in 1 2; do curl -s -o /dev/null "$root/fleet/devices?$query"; done
  for _ in $(seq 1 "$runs"); do
    times+=("$(curl -s -o "$work/body" -w '%{time_total}' "$root/fleet/devices?$query")")
  done
  bytes=$(wc -c < "$work/body")
  printf '%-28s median %6.1f ms  p90 %6.1f ms  %8d bytes  %s\n' "$name" \
    "$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]*1000}')" \
    "$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int(NR*0.9)]*1000}')" "$bytes" "$query"
}
enc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe="=&$,"))' "$1"; }
shape "column, indexed"   "$(enc "\$filter=serialNumber eq 'S012345'")"
shape "enum, indexed"     "$(enc "\$filter=color eq 'red'&\$top=100&\$orderby=int32Value")"
shape "flags has"         "$(enc "\$filter=capabilities has 'cellular'&\$top=100")"
shape "complex path"      "$(enc "\$filter=placement/address/city eq 'Tromso'&\$top=100")"
shape "lambda any"        "$(enc "\$filter=tags/any(t: t eq 'lab42')&\$top=100")"
shape "lambda, counted"   "$(enc "\$filter=tags/any(t: t eq 'lab42')&\$count=true&\$top=1")"
shape "order by JSON"     "$(enc "\$orderby=placement/room desc&\$top=100")"
shape "first page"        "$(enc "\$top=100")"
