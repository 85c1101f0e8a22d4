"""The peer for bench/screen.sh: rapidfuzz (PyPI) on the same list and queries.

As rapidfuzz's documentation recommends for many queries against one list: the names are
preprocessed once (utils.default_process: lower case, punctuation stripped), and the
queries are scored against all names at once with process.cdist on all cores
(workers=-1), token_sort_ratio as the scorer, in chunks of queries so the score matrix
stays small. A query is found only when the intended name is the best-scoring one
(argmax; a tie with an earlier name is not found). Prints JSON: preprocessing time,
query time inside the process, queries per second, top-1 accuracy.
usage: screen_peer.py OUT_DIR QUERIES
"""
import json
import sys
import time

import numpy as np
from rapidfuzz import fuzz, process, utils

out, limit = sys.argv[1], int(sys.argv[2])
names = open(f"{out}/names.txt", encoding="utf-8").read().split("\n")[:-1]
queries = []
for line in open(f"{out}/queries.tsv", encoding="utf-8"):
    i, text = line.rstrip("\n").split("\t", 1)
    queries.append((int(i), text))
queries = queries[:limit]
start = time.perf_counter()
choices = [utils.default_process(n) for n in names]
prep = time.perf_counter() - start
start = time.perf_counter()
top1 = 0
chunk = 64
for k in range(0, len(queries), chunk):
    part = queries[k:k + chunk]
    texts = [utils.default_process(t) for _, t in part]
    scores = process.cdist(texts, choices, scorer=fuzz.token_sort_ratio,
                           processor=None, dtype=np.uint8, workers=-1)
    best = scores.argmax(axis=1)
    top1 += sum(1 for (i, _), b in zip(part, best) if b == i)
took = time.perf_counter() - start
print(json.dumps({"queries": len(queries), "preprocess_seconds": prep, "seconds": took,
                  "queries_per_second": len(queries) / took,
                  "top1_accuracy": top1 / len(queries)}))
