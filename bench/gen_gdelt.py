#!/usr/bin/env python3
"""Writes a large GDELT 1.0 events file by repeating the real rows of
../shared/data/gdelt/gdelt1-events-20160728-sample.tsv with fresh event ids and dates
shifted by a whole number of days per repetition (so the rows spread over ten years).

usage: gen_gdelt.py OUT.tsv|- [ROWS] [FIRST_ID]
  OUT "-" writes to standard output (to stream into `vigil ingest -` without a file);
  ROWS defaults to 10,000,000; FIRST_ID (default 1) continues an earlier run's ids, and
  its dates, so that runs of 1M, then 9M from id 1,000,001, give the rows one 10M run gives.
"""
import datetime
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE = os.environ.get(
    "VIGIL_SHARED_DATA", os.path.join(HERE, "..", "..", "shared", "data")
) + "/gdelt/gdelt1-events-20160728-sample.tsv"


def main():
    out = sys.argv[1]
    rows = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000_000
    first = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    base = [l.rstrip("\n").split("\t") for l in open(SAMPLE, encoding="utf-8") if l.strip()]
    # Everything after the id and the three date fields stays as GDELT wrote it.
    tails = ["\t".join(f[4:]) for f in base if len(f) == 58]
    start = datetime.date(2016, 7, 28)
    f = sys.stdout if out == "-" else open(out, "w", encoding="utf-8", buffering=1 << 22)
    done = 0
    rep, skip = divmod(first - 1, len(tails))
    try:
        while done < rows:
            day = start - datetime.timedelta(days=rep % 3650)
            d = day.strftime("%Y%m%d")
            dates = f"\t{d}\t{d[:6]}\t{d[:4]}\t"
            n = min(len(tails) - skip, rows - done)
            first_id = first + done
            f.write("".join(
                f"{first_id + i}{dates}{t}\n" for i, t in enumerate(tails[skip:skip + n])
            ))
            done += n
            rep, skip = rep + 1, 0
        f.flush()
    except BrokenPipeError:
        sys.exit(1)
    print(f"wrote {done} rows to {out} (ids {first} to {first + done - 1})", file=sys.stderr)


if __name__ == "__main__":
    main()
