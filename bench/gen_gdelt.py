#!/usr/bin/env python3
"""Writes a large GDELT 1.0 events file by repeating the real rows of
../shared/data/gdelt/gdelt1-events-20160728-sample.tsv with fresh event ids and dates
shifted by a whole number of days per repetition (so the rows spread over many months).

usage: gen_gdelt.py OUT.tsv [ROWS]   (default 10,000,000 rows)
"""
import datetime
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE = os.environ.get(
    "VIGIL_SHARED_DATA", os.path.join(HERE, "..", "..", "shared", "data")
) + "/gdelt/gdelt1-events-20160728-sample.tsv"


def main():
    out, rows = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 10_000_000
    base = [l.rstrip("\n").split("\t") for l in open(SAMPLE, encoding="utf-8") if l.strip()]
    base = [f for f in base if len(f) == 58]
    start = datetime.date(2016, 7, 28)
    written, rep = 0, 0
    with open(out, "w", encoding="utf-8", buffering=1 << 22) as f:
        while written < rows:
            day = start - datetime.timedelta(days=rep % 3650)
            sqldate = day.strftime("%Y%m%d")
            chunk = []
            for row in base:
                if written >= rows:
                    break
                r = list(row)
                r[0] = str(written + 1)
                r[1], r[2], r[3] = sqldate, sqldate[:6], sqldate[:4]
                chunk.append("\t".join(r))
                written += 1
            f.write("\n".join(chunk) + "\n")
            rep += 1
    print(f"wrote {written} rows to {out}")


if __name__ == "__main__":
    main()
