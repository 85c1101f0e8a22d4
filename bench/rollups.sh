#!/usr/bin/env bash
# Rollups vs scanning vs DuckDB, on the store bench/run.sh builds (10M GDELT rows over ten
# years by default), in one run:
#   (a) a dyad over ten years: `vigil dyad USA RUS --from 2006-08-01 --to 2016-07-31
#       --freq month` answered from the rollups, and with --no-rollups (the same answer
#       computed from the events); DuckDB (PyPI) computing the same daily aggregate over
#       the same Parquet files, timed inside its process (best of 5) and as a whole process,
#       over the files (a view) and over a table it loaded once (its recommended setup for
#       repeated queries; loading not timed).
#   (b) blocs for one year: `vigil blocs --from 2015-01-01 --to 2015-12-31` both ways;
#       DuckDB's aggregate of event counts per ordered pair of countries for the year.
# In-process figures on both sides: vigil's library calls (Store::dyad_days, Store::ties,
# the queries behind `dyad` and `blocs`) timed by crates/cli/examples/dyad_bench.rs, the
# best of 5 on freshly opened stores sharing one runtime (as `vigil serve` answers); the
# dyad from the rollup files read directly (the default) and through SQL.
# Each result is checked before it counts: DuckDB's event totals for the dyad and for the
# year's pairs must equal vigil's.
# A store written before rollups existed gets them first (`vigil verify --repair`, timed),
# then `vigil compact` merges the parts' rollups into a segment per year (timed).
# usage: bench/rollups.sh            (VIGIL=path skips the release build)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
OUT=bench/out
STORE=$OUT/store
need_store "$STORE"
python3 -c 'import duckdb' 2>/dev/null || pip install --quiet duckdb
if [ -z "${VIGIL:-}" ]; then
  cargo build --release -p vigil --bins --example dyad_bench --quiet
  VIGIL=target/release/vigil
fi
INPROC=$(dirname "$VIGIL")/examples/dyad_bench
ROWS=$("$VIGIL" --data-dir "$STORE" stats --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["rows"])')

s=$(date +%s.%N)
"$VIGIL" --data-dir "$STORE" verify --repair --json > "$OUT/verify.json" || { cat "$OUT/verify.json"; exit 1; }
e=$(date +%s.%N)
REPAIR=$(python3 -c "print($e - $s)")
python3 - "$OUT/verify.json" <<'PY'
import json, sys
v = json.load(open(sys.argv[1]))
assert v["sound"] and not v["parts_without_rollups"], v
print(f"verify --repair: {v['repaired_parts']} parts given rollups; {v['events_checked']:,} events, {v['daily_rows']:,} daily rollup rows")
PY

s=$(date +%s.%N)
"$VIGIL" --data-dir "$STORE" compact --json > "$OUT/compact.json"
e=$(date +%s.%N)
COMPACT=$(python3 -c "print($e - $s)")
"$VIGIL" --data-dir "$STORE" verify > /dev/null || { echo "the store is not sound after compaction" >&2; exit 1; }

FROM=2006-08-01; TO=2016-07-31; YFROM=2015-01-01; YTO=2015-12-31
DYAD=(dyad USA RUS --from $FROM --to $TO --freq month --format json)
BLOCS=(blocs --from $YFROM --to $YTO --format json)
both_ways "$OUT/rollup_dyad.json" "$OUT/scan_dyad.json" "${DYAD[@]}"
both_ways "$OUT/rollup_blocs.json" "$OUT/scan_blocs.json" "${BLOCS[@]}"
PAIRS_EVENTS=$("$VIGIL" --data-dir "$STORE" sql --format csv \
  "SELECT sum(events) FROM daily WHERE date BETWEEN DATE '$YFROM' AND DATE '$YTO' AND actor1_country <> actor2_country" | tail -1)

V_DYAD=$(best "$VIGIL" --data-dir "$STORE" "${DYAD[@]}")
S_DYAD=$(best "$VIGIL" --data-dir "$STORE" --no-rollups "${DYAD[@]}")
V_BLOCS=$(best "$VIGIL" --data-dir "$STORE" "${BLOCS[@]}")
S_BLOCS=$(best "$VIGIL" --data-dir "$STORE" --no-rollups "${BLOCS[@]}")

cat > "$OUT/duck_rollups.py" <<PY
import json, sys, time
sys.path.insert(0, "bench")
import duckdyad
load = sys.argv[1] == "table"
whole = len(sys.argv) > 2
con = duckdyad.connect("$STORE", load=load)
DYAD = duckdyad.sql("USA", "RUS", ("$FROM", "$TO"))
TIES = """SELECT actor1_country, actor2_country,
  sum(CASE WHEN quad_class <= 2 THEN 1 ELSE 0 END) AS cooperation,
  sum(CASE WHEN quad_class >= 3 THEN 1 ELSE 0 END) AS conflict
  FROM events WHERE date BETWEEN DATE '$YFROM' AND DATE '$YTO'
  AND actor1_country IS NOT NULL AND actor2_country IS NOT NULL AND actor1_country <> actor2_country
  GROUP BY 1, 2"""
if whole:
    con.execute(DYAD if sys.argv[2] == "dyad" else TIES).fetchall()
    sys.exit(0)
def best(sql):
    b = 1e9
    for _ in range(5):
        t = time.perf_counter()
        rows = con.execute(sql).fetchall()
        b = min(b, time.perf_counter() - t)
    return b, rows
td, dyad = best(DYAD)
tt, ties = best(TIES)
# The intended result: the dyad's events each way, and the year's events between pairs.
dyad_events = sum(sum(r[1:5]) + sum(r[7:11]) for r in dyad)
pair_events = sum(r[2] + r[3] for r in ties)
print(json.dumps({"dyad": td, "ties": tt, "dyad_events": dyad_events, "pair_events": pair_events}))
PY
VIGIL_INPROC=$("$INPROC" "$STORE" USA RUS $FROM $TO $YFROM $YTO)
DUCK_VIEW=$(python3 "$OUT/duck_rollups.py" view)
DUCK_TABLE=$(python3 "$OUT/duck_rollups.py" table)
D_DYAD_WHOLE=$(best python3 "$OUT/duck_rollups.py" view dyad)
D_TIES_WHOLE=$(best python3 "$OUT/duck_rollups.py" view ties)

python3 - "$ROWS" "$REPAIR" "$V_DYAD" "$S_DYAD" "$V_BLOCS" "$S_BLOCS" "$D_DYAD_WHOLE" "$D_TIES_WHOLE" \
  "$DUCK_VIEW" "$DUCK_TABLE" "$OUT/rollup_dyad.json" "$PAIRS_EVENTS" "$VIGIL_INPROC" "$COMPACT" "$OUT/compact.json" <<'PY'
import json, sys
rows = int(sys.argv[1])
repair, vd, sd, vb, sb, ddw, dtw = map(float, sys.argv[2:9])
view, table = json.loads(sys.argv[9]), json.loads(sys.argv[10])
report = json.load(open(sys.argv[11]))
pairs_events = int(sys.argv[12])
inproc = json.loads(sys.argv[13])
compact_s, compact = float(sys.argv[14]), json.load(open(sys.argv[15]))
vigil_dyad_events = sum(p["a_to_b"] + p["b_to_a"] for p in report["points"])
for name, d in (("view", view), ("table", table), ("vigil rollups", inproc["rollups"]), ("vigil rollups through SQL", inproc["rollups_sql"]), ("vigil scan", inproc["scan"])):
    assert d["dyad_events"] == vigil_dyad_events, (name, d["dyad_events"], vigil_dyad_events)
for name, d in (("view", view), ("table", table)):
    assert d["pair_events"] == pairs_events, (name, d["pair_events"], pairs_events)
# Store::ties keeps countries only (regions such as EUR left out), both ways alike.
assert inproc["rollups"]["pair_events"] == inproc["scan"]["pair_events"] > 0, inproc
print(f"store: {rows:,} events; rollups written for an existing store in {repair:.1f} s; compact: {compact_s:.1f} s ({compact['segments_written']} segments written, {compact['rollup_segments']} in use)")
print(f"checked: DuckDB counts {vigil_dyad_events:,} USA-RUS events over ten years and {pairs_events:,} events between pairs in the year, as vigil does")
print("(a) dyad USA RUS, ten years, monthly (whole processes, best of 5)")
print(f"    vigil, rollups            {vd*1000:8.0f} ms")
print(f"    vigil, scanning events    {sd*1000:8.0f} ms   ({sd/vd:.1f}x the rollups' time)")
print(f"    duckdb, whole process     {ddw*1000:8.0f} ms   (ratio duckdb/vigil-rollups {ddw/vd:.1f}x)")
print(f"    duckdb in-process, files  {view['dyad']*1000:8.0f} ms   (ratio {view['dyad']/vd:.1f}x)")
print(f"    duckdb in-process, table  {table['dyad']*1000:8.0f} ms   (ratio {table['dyad']/vd:.1f}x)")
vr, vq, vs = inproc["rollups"], inproc["rollups_sql"], inproc["scan"]
print(f"    in-process: vigil rollups {vr['dyad']*1000:.1f} ms (the same files through SQL {vq['dyad']*1000:.0f} ms), vigil scanning {vs['dyad']*1000:.0f} ms; "
      f"duckdb/vigil-rollups {view['dyad']/vr['dyad']:.1f}x over files, {table['dyad']/vr['dyad']:.1f}x over its table")
print("(b) blocs, one year (whole processes, best of 5)")
print(f"    vigil, rollups            {vb*1000:8.0f} ms")
print(f"    vigil, scanning events    {sb*1000:8.0f} ms   ({sb/vb:.1f}x the rollups' time)")
print(f"    duckdb ties, whole        {dtw*1000:8.0f} ms   (ratio duckdb/vigil-rollups {dtw/vb:.1f}x)")
print(f"    duckdb ties in-process    {view['ties']*1000:8.0f} ms files, {table['ties']*1000:.0f} ms table")
print(f"    in-process: vigil rollups {vr['ties']*1000:.0f} ms, vigil scanning {vs['ties']*1000:.0f} ms; "
      f"duckdb/vigil-rollups {view['ties']/vr['ties']:.1f}x over files, {table['ties']/vr['ties']:.1f}x over its table")
PY
