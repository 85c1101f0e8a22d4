#!/usr/bin/env bash
# Screening as an analyst runs it, on yente's candidate-generation fixtures (real names,
# with birth dates and nationalities): every row is screened as a record (`vigil screen
# --file`, default threshold 0.8) against all the official lists in ../shared/data/sanctions
# (OFAC SDN 2024 CSV, OFAC non-SDN 2018 XML, UN 2018 XML) and the FtM fixtures.
#   negatives_global, negatives_us: people who are not listed. Reported: false alerts per
#     10,000 names screened (names with at least one match at or above the threshold).
#   positives_un_treated / _untreated: UN-listed people, as the UN writes them and with
#     the perturbations yente's fixture adds. Reported: among the rows whose treated name is
#     a name of an individual in the 2018 UN list (decided here from the XML, not by
#     vigil), the share for which vigil returns that UN entity at or above the threshold,
#     and at rank one.
# None of these files was used to tune vigil's matcher: every figure is held-out.
# usage: bench/screen-candidates.sh   (VIGIL=path/to/vigil to skip the release build)
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${VIGIL_SHARED_DATA:-../shared/data}/sanctions
DEV=$SHARED/match-dev
OUT=bench/out/screen-candidates
rm -rf "$OUT" && mkdir -p "$OUT"
if [ -z "${VIGIL:-}" ]; then
  cargo build --release -p vigil --bins --quiet
  VIGIL=target/release/vigil
fi
"$VIGIL" --data-dir "$OUT/data" sanctions load "$SHARED/ofac-sdn-20240503.csv" \
  "$SHARED/un-sc-consolidated-20181029.xml" "$SHARED/ofac-consolidated-nonsdn-20180406.xml" \
  "$SHARED/yente-zala-entities.ftm.json" "$SHARED/yente-t1-entities.ftm.json" > /dev/null
for f in negatives_global negatives_us positives_un_treated positives_un_untreated; do
  "$VIGIL" --data-dir "$OUT/data" screen --file "$DEV/yente-$f.dev.csv" --format json \
    > "$OUT/$f.json" 2> "$OUT/$f.err"
  tail -n 1 "$OUT/$f.err"
done
python3 - "$OUT" "$SHARED/un-sc-consolidated-20181029.xml" "$DEV" <<'PY'
import csv, json, re, sys
import xml.etree.ElementTree as ET
out, un_xml, dev = sys.argv[1:4]
norm = lambda s: re.sub(r"\s+", " ", s).strip().upper()
for f in ("negatives_global", "negatives_us"):
    rows = json.load(open(f"{out}/{f}.json"))
    hits = sum(1 for r in rows if r["matches"])
    print(f"{f}: {len(rows)} names, {hits} with a match >= 0.8: "
          f"{10000 * hits / len(rows):.1f} false alerts per 10,000 names")
# The UN list's individuals by every name they are written with.
names = {}
for ind in ET.parse(un_xml).getroot().iter("INDIVIDUAL"):
    i = "un-" + ind.findtext("DATAID").strip()
    parts = [ind.findtext(k) or "" for k in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")]
    names.setdefault(norm(" ".join(p for p in parts if p.strip())), i)
    for a in ind.iter("INDIVIDUAL_ALIAS"):
        n = a.findtext("ALIAS_NAME") or ""
        if n.strip():
            names.setdefault(norm(n), i)
treated = list(csv.DictReader(open(f"{dev}/yente-positives_un_treated.dev.csv")))
present = {k: names[norm(r["full_name"])] for k, r in enumerate(treated) if norm(r["full_name"]) in names}
print(f"UN positives: {len(treated)} rows, {len(present)} present in the 2018 UN list")
for f in ("positives_un_treated", "positives_un_untreated"):
    rows = json.load(open(f"{out}/{f}.json"))
    found = sum(1 for k, want in present.items() if any(m["entity_id"] == want for m in rows[k]["matches"]))
    first = sum(1 for k, want in present.items() if rows[k]["matches"] and rows[k]["matches"][0]["entity_id"] == want)
    print(f"{f}: found {found}/{len(present)} ({100 * found / max(1, len(present)):.1f}%), "
          f"at rank one {first}/{len(present)}")
PY
