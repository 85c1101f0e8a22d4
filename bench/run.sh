#!/usr/bin/env bash
# Benchmarks vigil against DuckDB (the `duckdb` package from PyPI) on the same input, in one run.
#   (a) ingest: GDELT 1.0 TSV -> Parquet. vigil: `vigil ingest` (parse, map to the canonical
#       schema, partition by month, sort for dyads, zstd Parquet). DuckDB: read_csv -> COPY TO
#       Parquet (zstd), no mapping or sorting.
#   (b) dyad query: monthly event counts by quad class for USA->RUS and RUS->USA, over the same
#       Parquet files (vigil's store), by `vigil sql` and by DuckDB.
# usage: bench/run.sh [ROWS]   (default 10,000,000; needs ~8 GB of free disk)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
ROWS=${1:-10000000}
OUT=bench/out
mkdir -p "$OUT"
python3 -c 'import duckdb' 2>/dev/null || pip install --quiet duckdb
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time; }
cargo build --release -p vigil --quiet
VIGIL=target/release/vigil
INPUT=$OUT/gdelt1-$ROWS.tsv
[ -f "$INPUT" ] || python3 bench/gen_gdelt.py "$INPUT" "$ROWS"
SIZE=$(stat -c %s "$INPUT")
rm -rf "$OUT/store" "$OUT/duckdb.parquet"
sync

measure() { # prints "seconds peak_rss_mib" of a command
  /usr/bin/time -f "%e %M" -o "$OUT/time.txt" "$@" > /dev/null
  awk '{printf "%s %.0f\n", $1, $2/1024}' "$OUT/time.txt"
}

read V_S V_MB < <(measure "$VIGIL" --data-dir "$OUT/store" ingest "$INPUT")
COLS=$(python3 - <<'PY'
print(", ".join(f"'c{i}': 'VARCHAR'" for i in range(58)))
PY
)
cat > "$OUT/duck_ingest.py" <<PY
import duckdb
con = duckdb.connect()
con.execute("SET threads=2")
con.execute("""COPY (SELECT * FROM read_csv('$INPUT', delim='\t', header=false, quote='', escape='',
  columns={$COLS}, auto_detect=false, null_padding=true))
  TO '$OUT/duckdb.parquet' (FORMAT parquet, COMPRESSION zstd)""")
PY
read D_S D_MB < <(measure python3 "$OUT/duck_ingest.py")
STORED=$("$VIGIL" --data-dir "$OUT/store" stats --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["rows"])')

Q="SELECT actor1_country, actor2_country, date_trunc('month', date) AS month, quad_class, count(*) AS events
   FROM events WHERE (actor1_country = 'USA' AND actor2_country = 'RUS') OR (actor1_country = 'RUS' AND actor2_country = 'USA')
   GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4"
VQ=$(best "$VIGIL" --data-dir "$OUT/store" sql "$Q" --format csv)
cat > "$OUT/duck_query.py" <<PY
import duckdb
con = duckdb.connect()
con.execute("SET threads=2")
con.execute("CREATE VIEW events AS SELECT * FROM read_parquet('$OUT/store/events/**/*.parquet')")
con.execute("""$Q""").fetchall()
PY
DQ=$(best python3 "$OUT/duck_query.py")
# The same query timed inside one DuckDB process (no interpreter start, connection and
# view made once): the best of 5 runs, for the honest in-engine comparison.
cat > "$OUT/duck_query_inproc.py" <<PY
import time, duckdb
con = duckdb.connect()
con.execute("SET threads=2")
con.execute("CREATE VIEW events AS SELECT * FROM read_parquet('$OUT/store/events/**/*.parquet')")
best = 1e9
for _ in range(5):
    t = time.perf_counter()
    rows = con.execute("""$Q""").fetchall()
    best = min(best, time.perf_counter() - t)
assert rows, "the query found no rows"
print(best)
PY
DQI=$(python3 "$OUT/duck_query_inproc.py")

python3 - "$ROWS" "$SIZE" "$STORED" "$V_S" "$V_MB" "$D_S" "$D_MB" "$VQ" "$DQ" "$DQI" <<'PY'
import sys
rows, size, stored = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
vs, vmb, ds, dmb, vq, dq, dqi = map(float, sys.argv[4:])
print(f"input: {rows:,} GDELT 1.0 rows, {size/1e9:.2f} GB; vigil stored {stored:,}")
print(f"(a) ingest   vigil  {vs:7.2f} s  {rows/vs:12,.0f} rows/s  peak {vmb:6.0f} MiB")
print(f"             duckdb {ds:7.2f} s  {rows/ds:12,.0f} rows/s  peak {dmb:6.0f} MiB")
print(f"             ratio vigil/duckdb throughput: {ds/vs:.2f}x")
print(f"(b) dyad query (best of 5, whole process)  vigil {vq*1000:7.0f} ms   duckdb {dq*1000:7.0f} ms   ratio duckdb/vigil time: {dq/vq:.2f}x")
print(f"    duckdb inside its process (best of 5, no interpreter start): {dqi*1000:7.0f} ms   ratio to vigil's whole process: {dqi/vq:.2f}x")
PY
