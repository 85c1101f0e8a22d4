#!/usr/bin/env bash
# Interoperability check (run by .ci/run): vigil's exports and its manifest, read by DuckDB
# (the `duckdb` package from PyPI, never the Rust crate built from source), give the same
# counts as vigil itself. On the shared GDELT file and on the demo store.
# usage: scripts/export-duckdb.sh   (VIGIL=path to the binary; default target/debug/vigil)
set -euo pipefail
cd "$(dirname "$0")/.."
VIGIL=${VIGIL:-target/debug/vigil}
SHARED=${VIGIL_SHARED_DATA:-../shared/data}
[ -x "$VIGIL" ] || { echo "no vigil binary at $VIGIL: build it first (cargo build -p vigil)" >&2; exit 1; }
if ! python3 -c 'import duckdb' 2>/dev/null; then
  python3 -m pip install --quiet duckdb 2>/dev/null || python3 -m pip install --quiet --break-system-packages duckdb
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
"$VIGIL" --data-dir "$T/gdelt" ingest "$SHARED/gdelt/gdelt1-events-20160728-sample.tsv" > /dev/null 2>&1
"$VIGIL" demo --dir "$T/demo" > /dev/null 2>&1
for store in gdelt demo; do
  S="$T/$store"
  WHERE="quad_class >= 3 AND actor1_country IS NOT NULL"
  "$VIGIL" --data-dir "$S" export -o "$T/$store-all.parquet" 2> /dev/null
  "$VIGIL" --data-dir "$S" export --format csv --where "$WHERE" -o "$T/$store-conflict.csv" 2> /dev/null
  "$VIGIL" --data-dir "$S" export --format parquet --where "$WHERE" -o "$T/$store-conflict.parquet" 2> /dev/null
  "$VIGIL" --data-dir "$S" export --manifest -o "$T/$store-manifest.json" 2> /dev/null
  "$VIGIL" --data-dir "$S" stats --json > "$T/$store-stats.json"
  "$VIGIL" --data-dir "$S" sql --format json "SELECT count(*) AS n FROM events WHERE $WHERE" > "$T/$store-where.json"
  "$VIGIL" --data-dir "$S" sql --format json \
    "SELECT actor1_country AS c, count(*) AS n FROM events WHERE actor1_country IS NOT NULL GROUP BY 1" > "$T/$store-by-country.json"
done
python3 - "$T" <<'PY'
import json, sys
import duckdb
t = sys.argv[1]
passed = failed = 0
def check(what, got, want):
    global passed, failed
    if got == want:
        passed += 1
    else:
        failed += 1
        print(f"FAILED {what}: DuckDB {got}, vigil {want}")
con = duckdb.connect()
for store in ("gdelt", "demo"):
    rows = json.load(open(f"{t}/{store}-stats.json"))["rows"]
    conflict = json.load(open(f"{t}/{store}-where.json"))[0]["n"]
    by_country = {r["c"]: r["n"] for r in json.load(open(f"{t}/{store}-by-country.json"))}
    n = con.execute(f"SELECT count(*) FROM read_parquet('{t}/{store}-all.parquet')").fetchone()[0]
    check(f"{store}: events in the Parquet export", n, rows)
    got = dict(con.execute(f"SELECT actor1_country, count(*) FROM read_parquet('{t}/{store}-all.parquet') WHERE actor1_country IS NOT NULL GROUP BY 1").fetchall())
    check(f"{store}: events by actor 1 country in the Parquet export", got, by_country)
    n = con.execute(f"SELECT count(*) FROM read_csv('{t}/{store}-conflict.csv', header=true, all_varchar=true)").fetchone()[0]
    check(f"{store}: rows of the CSV export with --where", n, conflict)
    n = con.execute(f"SELECT count(*) FROM read_parquet('{t}/{store}-conflict.parquet')").fetchone()[0]
    check(f"{store}: rows of the Parquet export with --where", n, conflict)
    m = json.load(open(f"{t}/{store}-manifest.json"))
    events = [f["path"] for f in m["files"] if f["kind"] == "events"]
    daily = [f["path"] for f in m["files"] if f["kind"] == "daily"]
    n = con.execute(f"SELECT count(*) FROM read_parquet({events!r})").fetchone()[0]
    check(f"{store}: events in the manifest's files", n, rows)
    n = con.execute(f"SELECT sum(events) FROM read_parquet({daily!r})").fetchone()[0]
    check(f"{store}: events the manifest's daily rollups count", n, rows)
    # The folder read directly (no write or compaction running: every file is listed).
    n = con.execute(f"SELECT count(*) FROM read_parquet('{t}/{store}/events/**/*.parquet', hive_partitioning=false)").fetchone()[0]
    check(f"{store}: events read from the folder directly", n, rows)
print(f"exports read by DuckDB {duckdb.__version__}:")
print(f"duckdb: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY
