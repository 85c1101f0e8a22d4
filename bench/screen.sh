#!/usr/bin/env bash
# Screening benchmark: vigil's sanctions index against rapidfuzz (PyPI) on the same list
# and the same perturbed queries, in one run.
#   The list: N entities (2/3 people, 1/3 companies) whose names combine words of the
#   people's and organisations' names in ../shared/data/sanctions, written as FtM JSON
#   lines and loaded through vigil's loader. The queries: Q listed names with one typing
#   or transliteration change each (dropped or doubled letter, upper case, words swapped,
#   v/w, ch/tch, y/i).
#   vigil: build the index, then screen every query (threshold 0.7, top 5), and match the
#   first Q/10 as whole records. Found: the intended entity's id at rank one.
#   rapidfuzz: names preprocessed once, process.cdist with token_sort_ratio on all cores
#   (workers=-1), on the first PEER_Q queries. Found: the intended name is the argmax.
#   Both are timed inside their process; the ratio is of queries per second.
# usage: bench/screen.sh [N] [Q] [PEER_Q]   (defaults 1,000,000 10,000 1,000)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
Q=${2:-10000}
PEER_Q=${3:-1000}
OUT=bench/out/screen
mkdir -p "$OUT"
SHARED=${VIGIL_SHARED_DATA:-../shared/data}/sanctions
cargo build --release -p vigil-sanctions --example screen_bench --quiet
V=$(target/release/examples/screen_bench "$SHARED" "$OUT" "$N" "$Q")
[ -x "$OUT/venv/bin/python" ] || { python3 -m venv "$OUT/venv" && "$OUT/venv/bin/pip" install --quiet rapidfuzz numpy; }
"$OUT/venv/bin/python" -c "import numpy" 2>/dev/null || "$OUT/venv/bin/pip" install --quiet numpy
P=$("$OUT/venv/bin/python" bench/screen_peer.py "$OUT" "$PEER_Q")
echo "vigil:     $V"
echo "rapidfuzz: $P"
python3 - "$V" "$P" <<'PY'
import json, sys
v, p = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print(f"{v['entities']:,} entities; loaded in {v['load_seconds']:.1f} s, index built in {v['index_seconds']:.1f} s, peak RSS {v['peak_rss_mib']:.0f} MiB")
print(f"vigil     {v['queries_per_second']:9.0f} queries/s (one core), top-1 {100*v['top1_accuracy']:.1f}% ({v['queries']} queries; {v['tied_not_first']} more tied the best score)")
print(f"vigil match {v['records_per_second']:7.0f} records/s (one core), top-1 {100*v['match_top1_accuracy']:.1f}% ({v['records']} records)")
print(f"rapidfuzz {p['queries_per_second']:9.1f} queries/s (all cores, names preprocessed in {p['preprocess_seconds']:.1f} s), top-1 {100*p['top1_accuracy']:.1f}% ({p['queries']} queries)")
print(f"ratio (vigil / rapidfuzz, queries per second): {v['queries_per_second']/p['queries_per_second']:.0f}x")
PY
