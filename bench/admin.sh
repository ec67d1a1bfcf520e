#!/usr/bin/env bash
# Issue 11's import/export benchmark: bench/admin.sh [events=1000000]
# Generates the events (seed 1) into a scratch database, exports them and turns the export into NDJSON, then starts
# graphmock as run.sh does (its JVM settings, 256 MiB heap) on a fresh database and times, over HTTP with curl:
# POST /__admin/import of the NDJSON, then GET /__admin/export. Prints events/s for each and the server's peak RSS.
# With the sqlite3 command installed it then measures SQLite's own floor on the same rows, no Java involved: the
# rows inserted in random id order into an empty copy of the table in one transaction, its indexes made after, and
# the rows read back as JSON (json_object, in id order) by the sqlite3 shell.
set -euo pipefail
cd "$(dirname "$0")/.."
events=${1:-1000000}
work=$(mktemp -d /tmp/graphmock-admin-bench.XXXXXX)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
pid=
./run.sh generate --count "$events" --seed 1 --db "$work/gen.db" >/dev/null
./run.sh export "$work/events.json" --db "$work/gen.db"
jq -c '.value[]' "$work/events.json" >"$work/events.ndjson"
rm -f "$work/events.json" "$work"/gen.db*
bytes=$(stat -c %s "$work/events.ndjson")

./run.sh --port 0 --db "$work/server.db" >"$work/out" 2>&1 &
pid=$!
for _ in $(seq 1 200); do grep -q serving "$work/out" && break; sleep 0.1; done
origin=$(sed -n 's|^graphmock serving \(http://[^/ ]*\)/.*|\1|p' "$work/out")

seconds() { python3 -c "import sys; print(f'{float(sys.argv[1]):.2f}')" "$1"; }
import_s=$(curl -sS -o "$work/import.out" -w '%{time_total}' -X POST "$origin/__admin/import" \
  -H 'Content-Type: application/x-ndjson' -T "$work/events.ndjson")
grep -q "\"imported\":$events" "$work/import.out" || { cat "$work/import.out"; exit 1; }
export_s=$(curl -sS -o "$work/export.json" -w '%{time_total}' "$origin/__admin/export")
exported=$(stat -c %s "$work/export.json")
rss=$(sed -n 's/^VmHWM:\s*//p' "/proc/$pid/status")
printf 'import: %d events (%d bytes NDJSON) in %s s = %.0f events/s\n' "$events" "$bytes" "$(seconds "$import_s")" \
  "$(python3 -c "print($events / $import_s)")"
printf 'export: %d events (%d bytes) in %s s = %.0f events/s\n' "$events" "$exported" "$(seconds "$export_s")" \
  "$(python3 -c "print($events / $export_s)")"
echo "server peak RSS: $rss"
kill "$pid"; wait "$pid" 2>/dev/null || true

command -v sqlite3 >/dev/null || exit 0
python3 - "$work" "$events" <<'PY'
import sqlite3, subprocess, sys, time
work, events = sys.argv[1], int(sys.argv[2])
server = sqlite3.connect(f"{work}/server.db")
table = server.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'graphmock'").fetchone()[0]
names = [row[1] for row in server.execute(f"PRAGMA table_info('{table}')")]
create = server.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
indexes = [row[0] for row in server.execute("SELECT sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")]
server.close()
quoted = '"' + table + '"'
create = create[create.index("("):]
shuffle = (f"PRAGMA journal_mode = WAL; ATTACH '{work}/server.db' AS s; CREATE TABLE shuffled AS SELECT * FROM"
           f" s.{quoted} ORDER BY random(); CREATE TABLE copy {create};")
subprocess.run(["sqlite3", f"{work}/floor.db", shuffle], check=True, stdout=subprocess.DEVNULL)
load = ("PRAGMA synchronous = NORMAL; BEGIN; INSERT INTO copy SELECT * FROM shuffled; "
        + " ".join(sql.replace(quoted, "copy") + ";" for sql in indexes) + " COMMIT;")
columns = ", ".join("'" + name + "', \"" + name + '"' for name in names)
start = time.monotonic()
subprocess.run(["sqlite3", f"{work}/floor.db", load], check=True)
loaded = time.monotonic()
subprocess.run(["sqlite3", f"{work}/floor.db", f"SELECT json_object({columns}) FROM copy ORDER BY \"@tenant\", id"],
               check=True, stdout=subprocess.DEVNULL)
read = time.monotonic()
print(f"SQLite floor, sqlite3 shell: insert + indexes {loaded - start:.2f} s = {events / (loaded - start):.0f} rows/s;"
      f" json_object in id order {read - loaded:.2f} s = {events / (read - loaded):.0f} rows/s")
PY
