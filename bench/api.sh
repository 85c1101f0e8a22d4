#!/usr/bin/env bash
# Load benchmark of `vigil serve` (never run by .ci/run): requests per second and p50/p99
# latency of the dyad and events endpoints at 1, 8 and 64 concurrent clients (wrk, from
# Debian), the server's memory under that load, and the same dyad question through
# DuckDB's Python API as a baseline, timed inside its process at 1, 8 and 64 threads.
#
# The store is bench/run.sh's (bench/out/store, 10M GDELT 1.0 events, 2006-2016).
# Three loads:
#   dyad      one dyad year asked again and again (USA-RUS 2015, monthly, with change
#             points, anomalies and their evidence): after the first request the server
#             answers from the report it keeps for the catalog revision;
#   dyad-cold 300 different dyad years (the 30 busiest pairs x 10 years) in turn, more than
#             the server keeps (256), so every request computes its report;
#   events    the newest 100 USA-RUS events of 2015 (computed on every request).
# Every answer is checked before the load: the dyad answer equals `vigil dyad --format
# json` on the same store, and any non-2xx answer under load fails the run.
#
# usage: bench/api.sh [SECONDS_PER_RUN]   (default 15)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=bench/out
SECS=${1:-15}
[ -d "$OUT/store/events" ] || { echo "run bench/run.sh first: it builds $OUT/store" >&2; exit 1; }
command -v wrk > /dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
python3 -c 'import duckdb' 2>/dev/null || pip install --quiet duckdb
# VIGIL=path/to/vigil uses a release binary already built.
if [ -z "${VIGIL:-}" ]; then
  cargo build --release -p vigil --quiet
  VIGIL=target/release/vigil
fi
ROWS=$("$VIGIL" --data-dir "$OUT/store" stats --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["rows"])')
PORT=18787
"$VIGIL" --data-dir "$OUT/store" serve --addr "127.0.0.1:$PORT" 2> "$OUT/serve.log" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/api/v1/health" > /dev/null && break; sleep 0.1; done
BASE="http://127.0.0.1:$PORT/api/v1"
DYAD="$BASE/dyad?a=USA&b=RUS&from=2015-01-01&to=2015-12-31&freq=month"
EVENTS="$BASE/events?dyad=USA,RUS&from=2015-01-01&to=2015-12-31&limit=100"

# The intended answers, before any load.
curl -sf "$DYAD" > "$OUT/api_dyad.json"
"$VIGIL" --data-dir "$OUT/store" dyad USA RUS --from 2015-01-01 --to 2015-12-31 --freq month --format json > "$OUT/cli_dyad.json"
python3 - "$OUT/api_dyad.json" "$OUT/cli_dyad.json" <<'PY'
import json, sys
a, c = (json.load(open(p)) for p in sys.argv[1:3])
assert a == c, "the API's dyad answer differs from the CLI's"
assert len(a["points"]) == 12, f"expected 12 months, got {len(a['points'])}"
PY
N_EVENTS=$(curl -sf "$EVENTS" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
[ "$N_EVENTS" = 100 ] || { echo "events answered $N_EVENTS rows, not 100" >&2; exit 1; }

# The 30 busiest pairs of countries (GDELT's region codes, EUR or AFR, are not countries
# and the API refuses them), each year 2006-2015, as a wrk script that walks them in turn
# (each wrk thread from its own place in the list).
"$VIGIL" --data-dir "$OUT/store" sql --format csv \
  "SELECT actor1_country AS a, actor2_country AS b, count(*) AS n FROM events WHERE actor1_country IS NOT NULL AND actor2_country IS NOT NULL AND actor1_country <> actor2_country GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2 LIMIT 60" \
  > "$OUT/pairs.csv"
python3 - "$OUT/pairs.csv" "$OUT/dyads.lua" "$BASE" <<'PY'
import csv, sys, urllib.request, urllib.error
def accepted(a, b):
    try:
        urllib.request.urlopen(f"{sys.argv[3]}/dyad?a={a}&b={b}&from=2015-01-01&to=2015-01-31").read()
        return True
    except urllib.error.HTTPError:
        return False
pairs = [(r["a"], r["b"]) for r in csv.DictReader(open(sys.argv[1]))]
pairs = [p for p in pairs if accepted(*p)][:30]
assert len(pairs) == 30, pairs
open(sys.argv[1].replace("pairs.csv", "pairs-kept.txt"), "w").write("\n".join(f"{a},{b}" for a, b in pairs) + "\n")
urls = [f"/api/v1/dyad?a={a}&b={b}&from={y}-01-01&to={y}-12-31&freq=month" for a, b in pairs for y in range(2006, 2016)]
with open(sys.argv[2], "w") as f:
    f.write("local urls = {\n" + ",\n".join(f'  "{u}"' for u in urls) + "\n}\n")
    f.write("""local n = 0
setup = function(thread) thread:set("offset", n * 150); n = n + 1 end
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", urls[((offset or 0) + i) % #urls + 1])
end
""")
PY

rss() { awk '/^VmRSS/{r=$2} /^VmHWM/{h=$2} END{printf "%.0f %.0f\n", r/1024, h/1024}' "/proc/$SERVER/status"; }
read RSS0 _ < <(rss)
echo "store: $ROWS events; server idle RSS ${RSS0} MiB; ${SECS}s per run"
printf '%-9s %8s %10s %10s %10s %9s %12s\n' endpoint clients req/s p50_ms p99_ms timeouts rss_MiB
RESULTS=()
for name in dyad dyad-cold events; do
  url=$DYAD; script=()
  [ $name = events ] && url=$EVENTS
  [ $name = dyad-cold ] && { url="http://127.0.0.1:$PORT"; script=(-s "$OUT/dyads.lua"); }
  for c in 1 8 64; do
    t=$(( c < 2 ? 1 : 2 ))
    wrk -t "$t" -c "$c" -d "${SECS}s" --timeout 10s --latency "${script[@]}" "$url" > "$OUT/wrk_${name}_$c.txt"
    if grep -q "Non-2xx" "$OUT/wrk_${name}_$c.txt"; then
      echo "non-2xx answers under load:" >&2; cat "$OUT/wrk_${name}_$c.txt" >&2; exit 1
    fi
    read RSS PEAK < <(rss)
    line=$(python3 - "$OUT/wrk_${name}_$c.txt" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
def ms(label):
    m = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", t, re.M)
    v, u = float(m.group(1)), m.group(2)
    return v / 1000 if u == "us" else v * 1000 if u == "s" else v
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1))
errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", t)
if errors:
    c, r, w, timeouts = map(int, errors.groups())
    assert c + r + w == 0, f"socket errors: {errors.group(0)}"
else:
    timeouts = 0
print(f"{rps:.1f} {ms('50'):.1f} {ms('99'):.1f} {timeouts}")
PY
)
    read RPS P50 P99 TIMEOUTS <<< "$line"
    printf '%-9s %8s %10s %10s %10s %9s %12s\n' "$name" "$c" "$RPS" "$P50" "$P99" "$TIMEOUTS" "$RSS (peak $PEAK)"
    RESULTS+=("$name $c $RPS $P50 $P99")
  done
done

cat > "$OUT/duck_api.py" <<PY
# DuckDB's Python API, as its documentation recommends for concurrency: one connection,
# a cursor per thread, all cores. The query is the daily aggregate vigil's dyad answer is
# computed from (events each way by quad class, Goldstein and tone sums, volumes), over
# vigil's own Parquet files loaded once into a DuckDB table (not timed): "repeat" asks USA-RUS 2015 again and again (DuckDB keeps no
# results, so every query computes), "walk" the same 300 dyad years as dyad-cold.
import csv, sys, threading, time
sys.path.insert(0, "bench")
import duckdyad
secs = float(sys.argv[1])
con = duckdyad.connect("$OUT/store", load=True)
pairs = [tuple(l.split(",")) for l in open("$OUT/pairs-kept.txt").read().split()]
walk = [duckdyad.sql(a, b, (f"{y}-01-01", f"{y}-12-31")) for a, b in pairs for y in range(2006, 2016)]
repeat = [duckdyad.sql("USA", "RUS", ("2015-01-01", "2015-12-31"))]
rows = con.execute(repeat[0]).fetchall()
assert len(rows) >= 300, f"expected most days of 2015, got {len(rows)}"
for name, queries in (("repeat", repeat), ("walk", walk)):
    for clients in (1, 8, 64):
        lat = []
        lock = threading.Lock()
        stop = time.perf_counter() + secs
        def work(offset):
            cur = con.cursor()
            i = offset
            while time.perf_counter() < stop:
                q = queries[i % len(queries)]
                i += 1
                t = time.perf_counter()
                r = cur.execute(q).fetchall()
                d = time.perf_counter() - t
                with lock:
                    lat.append(d)
        ts = [threading.Thread(target=work, args=(k * 150,)) for k in range(clients)]
        t0 = time.perf_counter()
        for t in ts: t.start()
        for t in ts: t.join()
        wall = time.perf_counter() - t0
        lat.sort()
        p = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] * 1000
        print(f"duckdb-{name} {clients} {len(lat) / wall:.1f} {p(0.5):.1f} {p(0.99):.1f}")
PY
echo
echo "baseline: DuckDB $(python3 -c 'import duckdb; print(duckdb.__version__)'), the dyad's daily aggregate in its own process over a table loaded once from vigil's Parquet files (no HTTP, no change points or evidence)"
printf '%-14s %8s %10s %10s %10s\n' engine clients q/s p50_ms p99_ms
python3 "$OUT/duck_api.py" "$SECS" | tee "$OUT/duck_api.txt" | while read -r e c r p50 p99; do
  printf '%-14s %8s %10s %10s %10s\n' "$e" "$c" "$r" "$p50" "$p99"
done
echo
python3 - "$OUT/duck_api.txt" "${RESULTS[@]}" <<'PY'
import sys
duck = {(l.split()[0], int(l.split()[1])): l.split() for l in open(sys.argv[1])}
peer = {"dyad": "duckdb-repeat", "dyad-cold": "duckdb-walk"}
for r in sys.argv[2:]:
    name, c, rps, p50, p99 = r.split()
    if name not in peer:
        continue
    d = duck[(peer[name], int(c))]
    line = (f"{name:9} at {c:>2} clients: vigil {float(rps):.1f} req/s vs {d[0]} {float(d[2]):.1f} q/s "
            f"(ratio {float(rps) / float(d[2]):.2f}x); p99 {p99} ms vs {d[4]} ms")
    if c == "64":
        line += f"; target p99 < 200 ms: {'met' if float(p99) < 200 else 'NOT met'}"
    print(line)
PY
