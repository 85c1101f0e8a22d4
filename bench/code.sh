#!/usr/bin/env bash
# Event-coder throughput: sentences per second per core on the Gigaword sample sentences
# in ../shared/data/petrarch2/text (repeated REPEAT times), one thread.
#   vigil: sentence split, tokenise, tag, find actors, verbs and patterns, code; with
#          vigil's own dictionaries and with PETRARCH 2's CAMEO/Phoenix dictionaries; and
#          from the records' Treebank parses.
#   spaCy (PyPI), blank English pipeline + sentencizer on the same texts: tokenising and
#          sentence splitting only, a lower bound for any pipeline reading the text.
# usage: bench/code.sh [REPEAT]   (default 1000)
set -euo pipefail
cd "$(dirname "$0")/.."
REPEAT=${1:-1000}
OUT=bench/out/code
mkdir -p "$OUT"
SHARED=${VIGIL_SHARED_DATA:-../shared/data}/petrarch2
XML="$SHARED/text/GigaWord.sample.PETR.xml"
PDICT="$OUT/petrarch-dicts"
mkdir -p "$PDICT"
for f in CAMEO.2.0.txt Phoenix.Countries.actors.txt Phoenix.International.actors.txt \
         Phoenix.MilNonState.actors.txt Phoenix.agents.txt Phoenix.discards.txt; do
  ln -sf "$(realpath "$SHARED/dictionaries/$f")" "$PDICT/$f"
done
cargo build --release -p vigil-coder --example code_bench --quiet
V=$(target/release/examples/code_bench "$XML" builtin "$REPEAT" "$OUT/texts.txt")
VP=$(target/release/examples/code_bench "$XML" "$PDICT" "$REPEAT")
[ -x "$OUT/venv/bin/python" ] || { python3 -m venv "$OUT/venv" && "$OUT/venv/bin/pip" install --quiet spacy; }
P=$("$OUT/venv/bin/python" bench/code_peer.py "$OUT/texts.txt")
echo "vigil (own dictionaries):      $V"
echo "vigil (PETRARCH 2 dictionaries): $VP"
echo "spaCy blank + sentencizer:     $P"
python3 - "$V" "$VP" "$P" <<'PY'
import json, sys
v, vp, p = (json.loads(a) for a in sys.argv[1:4])
print(f"{v['sentences']:,} sentences ({v['records']} records x {v['repeat']})")
print(f"vigil, own dictionaries      {v['sentences_per_second']:>9,.0f} sentences/s ({v['events']:,} events); from parses {v['parsed_per_second']:,.0f}/s")
print(f"vigil, PETRARCH 2 dictionaries {vp['sentences_per_second']:>7,.0f} sentences/s ({vp['events']:,} events); from parses {vp['parsed_per_second']:,.0f}/s")
print(f"spaCy blank + sentencizer    {p['sentences_per_second']:>9,.0f} sentences/s (split and tokenise only)")
print(f"ratio (vigil own / spaCy): {v['sentences_per_second']/p['sentences_per_second']:.1f}x")
PY
