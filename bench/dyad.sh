#!/usr/bin/env bash
# Benchmarks `vigil dyad` against DuckDB on the same query over the same Parquet files.
# vigil: `vigil dyad USA RUS --freq month --format json` (whole process: daily aggregate
# query, periods, indices, change points, anomalies with their top events).
# DuckDB: the same daily aggregate (events each way by quad class, Goldstein and tone sums,
# volumes of events involving either country) over vigil's Parquet files.
# Needs the store that bench/run.sh builds (bench/out/store, 10M rows by default).
# usage: bench/dyad.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
OUT=bench/out
[ -d "$OUT/store/events" ] || { echo "run bench/run.sh first: it builds $OUT/store" >&2; exit 1; }
python3 -c 'import duckdb' 2>/dev/null || pip install --quiet duckdb
cargo build --release -p vigil --quiet
VIGIL=target/release/vigil
ROWS=$("$VIGIL" --data-dir "$OUT/store" stats --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["rows"])')
VQ=$(best "$VIGIL" --data-dir "$OUT/store" dyad USA RUS --freq month --format json)
cat > "$OUT/duck_dyad.py" <<PY
import sys, time
sys.path.insert(0, "bench")
import duckdyad
con = duckdyad.connect("$OUT/store")
SQL = duckdyad.sql("USA", "RUS")
if len(sys.argv) > 1:
    # In-process timing: the best of 5 runs of the query alone.
    best = 1e9
    for _ in range(5):
        t = time.perf_counter()
        rows = con.execute(SQL).fetchall()
        best = min(best, time.perf_counter() - t)
    assert rows, "the query found no rows"
    print(best)
else:
    con.execute(SQL).fetchall()
PY
DQ=$(best python3 "$OUT/duck_dyad.py")
DQI=$(python3 "$OUT/duck_dyad.py" inproc)
python3 - "$ROWS" "$VQ" "$DQ" "$DQI" <<'PY'
import sys
rows, vq, dq, dqi = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
print(f"store: {rows:,} events")
print(f"vigil dyad USA RUS --freq month (whole process, best of 5): {vq*1000:.0f} ms")
print(f"duckdb, same daily aggregate over the same Parquet files:   {dq*1000:.0f} ms")
print(f"ratio duckdb/vigil time: {dq/vq:.2f}x")
print(f"duckdb inside its process (best of 5, no interpreter start): {dqi*1000:.0f} ms (ratio to vigil's whole process {dqi/vq:.2f}x)")
PY
