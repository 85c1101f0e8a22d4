"""Peer for bench/code.sh: spaCy's blank English pipeline with its rule-based sentencizer
over the same texts, one process, one thread. It only splits sentences and tokenises
(no tagging, no dictionaries, no coding), so it is a lower bound on the work of any
pipeline that reads the text. Prints one JSON object."""
import json
import sys
import time

import spacy

texts = open(sys.argv[1], encoding="utf-8").read().splitlines()
nlp = spacy.blank("en")
nlp.add_pipe("sentencizer")
t = time.perf_counter()
sentences = 0
for doc in nlp.pipe(texts, batch_size=256):
    sentences += sum(1 for _ in doc.sents)
secs = time.perf_counter() - t
print(json.dumps({"texts": len(texts), "sentences": sentences, "seconds": round(secs, 3),
                  "sentences_per_second": round(sentences / secs)}))
