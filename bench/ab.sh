#!/usr/bin/env bash
# Creates/s, GETs by id/s and pages/s of two graphmock jars side by side: bench/ab.sh OLD.jar NEW.jar [seconds=10]
# [rounds=3]. Each jar serves its own fresh database with run.sh's JVM settings; wrk -t2 -c16 posts the seed body to
# one, then the other, alternating, after a 3 s warm-up each, then reads one event by id from each the same way,
# then the list shape (a page of 100 of what the creates made, ?$top=100). Prints
# requests/s, p99 and the server's CPU per request (from /proc) per run, and each round's new/old. For "what a change
# bought".
# OLD_ARGS / NEW_ARGS (environment) add server options to one side, OLD_JAVA / NEW_JAVA JVM options, to compare
# settings of one jar.
set -euo pipefail
old=$(realpath "$1"); new=$(realpath "$2"); secs=${3:-10}; rounds=${4:-3}
body=$(realpath "$(dirname "$0")/../src/test/resources/seed/create-request.json")
work=$(mktemp -d)
trap 'kill $p1 $p2 2>/dev/null || true; rm -rf "$work"' EXIT
cat >"$work/get.lua" <<LUA
wrk.method = "GET"
wrk.headers["Authorization"] = "Bearer bench"
LUA
cat >"$work/create.lua" <<LUA
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer bench"
wrk.headers["Content-Type"] = "application/json"
local f = io.open("$body", "r")
wrk.body = f:read("*a")
f:close()
LUA
opts="-XX:+UseSerialGC -Xms64m -Xmn32m -Xmx256m -XX:ReservedCodeCacheSize=64m"
# shellcheck disable=SC2086
java $opts ${OLD_JAVA:-} -jar "$old" --port 0 --db "$work/old.db" ${OLD_ARGS:-} >"$work/old.out" 2>&1 & p1=$!
# shellcheck disable=SC2086
java $opts ${NEW_JAVA:-} -jar "$new" --port 0 --db "$work/new.db" ${NEW_ARGS:-} >"$work/new.out" 2>&1 & p2=$!
for out in old new; do
  for _ in $(seq 1 100); do grep -q serving "$work/$out.out" && break; sleep 0.1; done
done
declare -A root
for out in old new; do
  root[$out]=$(sed -n 's/^graphmock serving \(http[^ ]*\) .*/\1/p' "$work/$out.out")/deviceManagement/autopilotEvents
  wrk -t2 -c16 -d3s -s "$work/create.lua" "${root[$out]}" >/dev/null
done
for out in old new; do
  curl -s -o /dev/null -X POST "${root[$out]}" -H 'Authorization: Bearer bench' -H 'Content-Type: application/json' \
    -d '{"id":"ab-read","deviceId":"d"}'
  wrk -t2 -c16 -d3s -s "$work/get.lua" "${root[$out]}/ab-read" >/dev/null
done
declare -A rate pid
pid[old]=$p1; pid[new]=$p2
# CPU the server spent (user + system, in clock ticks), from /proc: steadier than requests/s on a shared machine.
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)
for round in $(seq 1 "$rounds"); do
  for shape in create get list; do
    for out in old new; do
      url=${root[$out]}; [ "$shape" = get ] && url="$url/ab-read"; [ "$shape" = list ] && url="$url?\$top=100"
      before=$(ticks "${pid[$out]}")
      script=$shape; [ "$shape" = list ] && script=get
      result=$(wrk -t2 -c16 -d"${secs}s" --latency -s "$work/$script.lua" "$url")
      after=$(ticks "${pid[$out]}")
      rate[$out]=$(sed -n 's/^Requests\/sec:\s*//p' <<<"$result")
      requests=$(sed -n 's/^\s*\([0-9]*\) requests in.*/\1/p' <<<"$result")
      printf 'round %d %-6s %-3s %8s /s  p99 %-8s %6.1f us CPU each\n' "$round" "$shape" "$out" "${rate[$out]}" \
        "$(awk '$1 == "99%" {print $2}' <<<"$result")" "$(awk -v t=$((after - before)) -v n="$requests" -v hz="$hz" \
        'BEGIN { print t / hz * 1e6 / n }')"
    done
    awk -v r="$round" -v s="$shape" -v n="${rate[new]}" -v o="${rate[old]}" \
      'BEGIN { printf "round %d %-6s new/old %.2f\n", r, s, n / o }'
  done
done
