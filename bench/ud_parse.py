"""Parses PLOVER gold records with an English Universal Dependencies model from PyPI and
writes CoNLL-U for `vigil code eval --parses`: one sentence per record (`# sent_id` = the
record's id, `# text` = its text), ten fields per token. Model: en-ud-model-sm 1.1.0
(AllenAI's spaCy model trained on UD English-EWT r1.4 and the Penn Treebank; Apache-2.0;
needs spaCy 2.x). Prints one JSON object with the parse time measured inside the process.

usage: ud_parse.py GOLD.json OUT.conllu
"""
import json
import sys
import time

import en_ud_model_sm

gold, out = sys.argv[1], sys.argv[2]
records = [r for r in json.load(open(gold, encoding="utf-8")) if (r.get("text") or "").strip()]
t0 = time.perf_counter()
nlp = en_ud_model_sm.load()
loaded = time.perf_counter()
lines = []
tokens = 0
for r in records:
    text = r["text"]
    doc = nlp(text)
    kept = [t for t in doc if not t.is_space]
    index = {t.i: k + 1 for k, t in enumerate(kept)}
    lines.append(f"# sent_id = {r['id']}")
    lines.append("# text = " + " ".join(text.split()))
    for k, t in enumerate(kept):
        head = 0 if t.head.i == t.i else index.get(t.head.i, 0)
        rel = "root" if head == 0 else (t.dep_ or "dep")
        lemma = t.lemma_ or "_"
        lines.append("\t".join([str(k + 1), t.text, lemma, t.pos_ or "X", t.tag_ or "_",
                                "_", str(head), rel, "_", "_"]))
    lines.append("")
    tokens += len(kept)
done = time.perf_counter()
open(out, "w", encoding="utf-8").write("\n".join(lines) + "\n")
print(json.dumps({"records": len(records), "tokens": tokens,
                  "load_seconds": round(loaded - t0, 3),
                  "parse_seconds": round(done - loaded, 3),
                  "sentences_per_second": round(len(records) / (done - loaded), 1)}))
