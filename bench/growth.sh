#!/usr/bin/env bash
# Growth (issue 17, 5(d)): query time at 1, 10 and 50 million events. The events are
# generated (bench/gen_gdelt.py: the real GDELT sample's rows with fresh ids, spread over
# ten years) and streamed into the store through a pipe (`vigil ingest -`), never written
# to a text file: 1M, then 9M more, then 40M more, each stream one commit, then
# `vigil compact`. After each step:
#   whole processes, best of 5: `vigil dyad USA RUS` over ten years by month, and `vigil
#   blocs` for one year, from the rollups and (--no-rollups) from the events; each pair of
#   answers must be identical to count. The dyad command also reads the evidence of its
#   anomalous months from the events, which grows with the store;
#   in-process, best of 5 (crates/cli/examples/dyad_bench.rs): the dyad's series alone
#   (Store::dyad_days) and the year's ties (Store::ties), both ways, whose event counts
#   must agree.
# The point: rollup queries stay about flat while scans grow with the store.
# usage: bench/growth.sh [SIZES...]   (default 1000000 10000000 50000000; VIGIL=path skips
#        the release build; the store is bench/out/growth, about 5 GB at 50M)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
OUT=bench/out
STORE=$OUT/growth
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(1000000 10000000 50000000)
if [ -z "${VIGIL:-}" ]; then
  cargo build --release -p vigil --bins --example dyad_bench --quiet
  VIGIL=target/release/vigil
fi
INPROC=$(dirname "$VIGIL")/examples/dyad_bench
rm -rf "$STORE"
FROM=2006-08-01; TO=2016-07-31; YFROM=2015-01-01; YTO=2015-12-31
DYAD=(dyad USA RUS --from $FROM --to $TO --freq month --format json)
BLOCS=(blocs --from $YFROM --to $YTO --format json)
RESULTS=$OUT/growth.tsv
printf 'events\tingest_s\tcompact_s\tstore_bytes\tdyad_rollups_s\tdyad_scan_s\tblocs_rollups_s\tblocs_scan_s\tinproc\n' > "$RESULTS"
have=0
for n in "${SIZES[@]}"; do
  add=$((n - have))
  [ "$add" -gt 0 ] || { echo "sizes must grow: $n after $have" >&2; exit 1; }
  s=$(date +%s.%N)
  python3 bench/gen_gdelt.py - "$add" $((have + 1)) \
    | "$VIGIL" --data-dir "$STORE" ingest --source gdelt1 --stdin-name "generated-$((have + 1))-$n" --json - > "$OUT/growth-ingest.json"
  e=$(date +%s.%N)
  INGEST=$(python3 -c "print($e - $s)")
  s=$(date +%s.%N)
  "$VIGIL" --data-dir "$STORE" compact --json > /dev/null
  e=$(date +%s.%N)
  COMPACT=$(python3 -c "print($e - $s)")
  have=$n
  ROWS=$("$VIGIL" --data-dir "$STORE" stats --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["rows"])')
  [ "$ROWS" = "$n" ] || { echo "the store holds $ROWS events, not $n" >&2; exit 1; }
  both_ways "$OUT/growth-rollup-dyad.json" "$OUT/growth-scan-dyad.json" "${DYAD[@]}"
  both_ways "$OUT/growth-rollup-blocs.json" "$OUT/growth-scan-blocs.json" "${BLOCS[@]}"
  BYTES=$(du -sb "$STORE" | cut -f1)
  IN=$("$INPROC" "$STORE" USA RUS $FROM $TO $YFROM $YTO)
  python3 -c 'import json,sys; d=json.loads(sys.argv[1]); r,s=d["rollups"],d["scan"]; assert r["dyad_events"]==s["dyad_events"]>0 and r["pair_events"]==s["pair_events"]>0, d' "$IN"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$INGEST" "$COMPACT" "$BYTES" \
    "$(best "$VIGIL" --data-dir "$STORE" "${DYAD[@]}")" \
    "$(best "$VIGIL" --data-dir "$STORE" --no-rollups "${DYAD[@]}")" \
    "$(best "$VIGIL" --data-dir "$STORE" "${BLOCS[@]}")" \
    "$(best "$VIGIL" --data-dir "$STORE" --no-rollups "${BLOCS[@]}")" "$IN" >> "$RESULTS"
  tail -1 "$RESULTS"
done
"$VIGIL" --data-dir "$STORE" verify > /dev/null || { echo "the store is not sound" >&2; exit 1; }
python3 - "$RESULTS" <<'PY'
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
print("whole processes (best of 5); in-process: the query alone (best of 5)")
print(f"{'events':>12} {'ingest':>8} {'compact':>8} {'store':>9} | {'dyad cmd':>9} {'(scan)':>8} {'blocs cmd':>9} {'(scan)':>8} | "
      f"{'series':>7} {'(scan)':>8} {'ties':>6} {'(scan)':>7}")
def ms(x): return f"{float(x)*1000:.0f}ms"
for r in rows:
    i = json.loads(r["inproc"])
    print(f"{int(r['events']):>12,} {float(r['ingest_s']):>7.1f}s {float(r['compact_s']):>7.1f}s {int(r['store_bytes'])/2**20:>6.0f}MiB | "
          f"{ms(r['dyad_rollups_s']):>9} {ms(r['dyad_scan_s']):>8} {ms(r['blocs_rollups_s']):>9} {ms(r['blocs_scan_s']):>8} | "
          f"{ms(i['rollups']['dyad']):>7} {ms(i['scan']['dyad']):>8} {ms(i['rollups']['ties']):>6} {ms(i['scan']['ties']):>7}")
a, b = rows[0], rows[-1]
ia, ib = json.loads(a["inproc"]), json.loads(b["inproc"])
x = lambda k: float(b[k]) / float(a[k])
print(f"from {int(a['events']):,} to {int(b['events']):,} events ({float(b['events'])/float(a['events']):.0f}x): "
      f"series from rollups x{ib['rollups']['dyad']/ia['rollups']['dyad']:.1f}, from events x{ib['scan']['dyad']/ia['scan']['dyad']:.1f}; "
      f"ties from rollups x{ib['rollups']['ties']/ia['rollups']['ties']:.1f}, from events x{ib['scan']['ties']/ia['scan']['ties']:.1f}; "
      f"dyad command x{x('dyad_rollups_s'):.1f} (its evidence reads events), blocs command x{x('blocs_rollups_s'):.1f}")
PY
