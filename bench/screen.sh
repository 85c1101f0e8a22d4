#!/usr/bin/env bash
# Screening benchmark: vigil's sanctions index against rapidfuzz (PyPI) on the same list
# and the same perturbed queries, in one run.
#   The list: N entities (2/3 people, 1/3 companies) whose names combine words of the
#   people's and organisations' names in ../shared/data/sanctions, written as FtM JSON
#   lines and loaded through vigil's loader. The queries: Q listed names with one typing
#   or transliteration change each (dropped or doubled letter, upper case, words swapped,
#   v/w, ch/tch, y/i).
#   vigil: build the index, then screen every query (threshold 0.7, top 5).
#   rapidfuzz: process.extractOne with token_sort_ratio over all N names, on the first
#   PEER_Q queries (it scans the whole list for each query).
# usage: bench/screen.sh [N] [Q] [PEER_Q]   (defaults 1,000,000 10,000 100)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
Q=${2:-10000}
PEER_Q=${3:-100}
OUT=bench/out/screen
mkdir -p "$OUT"
SHARED=${VIGIL_SHARED_DATA:-../shared/data}/sanctions
cargo build --release -p vigil-sanctions --example screen_bench --quiet
V=$(target/release/examples/screen_bench "$SHARED" "$OUT" "$N" "$Q")
[ -x "$OUT/venv/bin/python" ] || { python3 -m venv "$OUT/venv" && "$OUT/venv/bin/pip" install --quiet rapidfuzz; }
P=$("$OUT/venv/bin/python" bench/screen_peer.py "$OUT" "$PEER_Q")
echo "vigil:     $V"
echo "rapidfuzz: $P"
python3 - "$V" "$P" <<'PY'
import json, sys
v, p = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print(f"{v['entities']:,} entities; index built in {v['index_seconds']:.1f} s, peak RSS {v['peak_rss_mib']:.0f} MiB")
print(f"vigil     {v['queries_per_second']:9.0f} queries/s, top-1 {100*v['top1_accuracy']:.1f}% ({v['queries']} queries)")
print(f"rapidfuzz {p['queries_per_second']:9.1f} queries/s, top-1 {100*p['top1_accuracy']:.1f}% ({p['queries']} queries)")
print(f"ratio (vigil / rapidfuzz, queries per second): {v['queries_per_second']/p['queries_per_second']:.0f}x")
PY
