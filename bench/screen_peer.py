"""The peer for bench/screen.sh: rapidfuzz (PyPI) on the same list and queries.

For each query, rapidfuzz's process.extractOne over every listed name with the
token_sort_ratio scorer and its default processor (lower case, punctuation stripped):
the usual way to screen a name with it. Prints JSON: queries per second, top-1 accuracy.
usage: screen_peer.py OUT_DIR QUERIES
"""
import json
import sys
import time

from rapidfuzz import fuzz, process, utils

out, limit = sys.argv[1], int(sys.argv[2])
names = open(f"{out}/names.txt", encoding="utf-8").read().split("\n")[:-1]
queries = []
for line in open(f"{out}/queries.tsv", encoding="utf-8"):
    i, text = line.rstrip("\n").split("\t", 1)
    queries.append((int(i), text))
queries = queries[:limit]
start = time.perf_counter()
top1 = 0
for i, text in queries:
    best = process.extractOne(text, names, scorer=fuzz.token_sort_ratio, processor=utils.default_process)
    # Ranked first: the intended name scores as high as the best (ties count).
    mine = fuzz.token_sort_ratio(text, names[i], processor=utils.default_process)
    if best is not None and mine >= best[1]:
        top1 += 1
took = time.perf_counter() - start
print(json.dumps({"queries": len(queries), "seconds": took,
                  "queries_per_second": len(queries) / took,
                  "top1_accuracy": top1 / len(queries)}))
