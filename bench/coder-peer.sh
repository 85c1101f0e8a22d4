#!/usr/bin/env bash
# The coder beside a dependency parser (issue 14, point 7). Figures on two files with gold:
#   - Universal-PETRARCH's validation records (their <Parse> holds CoNLL-U dependency
#     parses): vigil from the text alone (no parse), from the shipped parses' tags, and
#     from the shipped parses' tags and dependency trees (vigil's dependency path: a
#     verb's nsubj is its source, its obj/iobj, else obl/nmod, its target);
#   - the PLOVER gold wire sentences: vigil from the text, and from the parses of an
#     English Universal Dependencies model installed from PyPI (en-ud-model-sm 1.1.0,
#     AllenAI, Apache-2.0, trained on UD English-EWT r1.4; runs on spaCy 2.3.9 with
#     numpy < 2), tags only and with trees.
# Speeds: vigil's whole process per file (release build), the model's parse time measured
# inside its process, and bench/code.sh's single-core figure for the built-in path.
# usage: bench/coder-peer.sh
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=bench/out/coder-peer
mkdir -p "$OUT"
SHARED=${VIGIL_SHARED_DATA:-../shared/data}
UDP="$SHARED/coder-dev/udpetrarch-validate-records-2_02.xml"
UDD="$SHARED/cameo-dictionaries/universal-petrarch/udp-validate"
GOLD="$SHARED/coder-dev/plover-gsr-cameo.dev.json"
cargo build --release -p vigil --quiet
V=target/release/vigil
VENV="$OUT/spacy2"
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import en_ud_model_sm" 2>/dev/null; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet "spacy==2.3.9" "numpy<2" "en-ud-model-sm==1.1.0"
fi
PARSE=$("$VENV/bin/python" -W ignore bench/ud_parse.py "$GOLD" "$OUT/plover.conllu")
run() { # label, then vigil code eval arguments; prints one JSON line
  local label=$1; shift
  local t0 t1
  t0=$(date +%s.%N)
  "$V" code eval "$@" --json > "$OUT/eval.json" 2> "$OUT/eval.err"
  t1=$(date +%s.%N)
  python3 - "$label" "$OUT/eval.json" "$t0" "$t1" <<'PY'
import json, sys
label, path, t0, t1 = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
e = json.load(open(path))
secs = t1 - t0
if "held_out" in e:  # PLOVER gold
    f = e["all"]; h = e["held_out"]
    n = f["records"]
    print(f"{label:<44} {n:>4} records  dyad+type p {f['dyad_type']['precision']:.3f} r {f['dyad_type']['recall']:.3f}"
          f"  (held-out p {h['dyad_type']['precision']:.3f} r {h['dyad_type']['recall']:.3f})  {n/secs:>8,.0f} records/s whole process")
else:
    n = e["records"]
    print(f"{label:<44} {n:>4} records  exact {e['exact_rate']*100:.1f}%  p {e['precision']:.3f} r {e['recall']:.3f}"
          f"  {n/secs:>8,.0f} records/s whole process")
PY
}
# Universal-PETRARCH without any parse: its records as JSON lines of text.
python3 - "$UDP" "$OUT/udp-text.xml" <<'PY'
import re, sys
src = open(sys.argv[1], encoding="utf-8").read()
# Drop every <Parse>...</Parse>: the coder then tags the text itself.
open(sys.argv[2], "w", encoding="utf-8").write(re.sub(r"<Parse>.*?</Parse>", "", src, flags=re.S))
PY
echo "Universal-PETRARCH validation records (udp-validate dictionaries):"
run "  vigil, text only (own tagging)" "$OUT/udp-text.xml" --dict "$UDD"
run "  vigil, shipped CoNLL-U parses, tags only" "$UDP" --dict "$UDD"
run "  vigil, shipped CoNLL-U parses, tags + trees" "$UDP" --dict "$UDD" --trees
echo "PLOVER gold wire sentences (vigil's own dictionaries):"
run "  vigil, text only (own tagging)" "$GOLD"
run "  vigil, en-ud-model-sm parses, tags only" "$GOLD" --parses "$OUT/plover.conllu"
run "  vigil, en-ud-model-sm parses, tags + trees" "$GOLD" --parses "$OUT/plover.conllu" --trees
echo "en-ud-model-sm (spaCy 2.3.9) parsing the PLOVER sentences, in its process: $PARSE"
echo "vigil's built-in path, one core: bench/code.sh (sentences per second on the Gigaword sample)."
