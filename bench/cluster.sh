#!/usr/bin/env bash
# The 10-million-event store (bench/run.sh builds it) on the embedded engine and on a
# Ballista cluster of one and of two executors, on this machine (issue 17, 5(c)): the point
# is that the same queries run on the cluster and spread over its executors, not a
# speed-up on two cores. Whole processes, best of 5, each answer checked identical to the
# embedded one before it counts:
#   sql      a count of events per year and quad class (a full scan of the events),
#   dyad     USA RUS over ten years by month, from the events (--no-rollups) and from the
#            rollups,
#   blocs    one year, from the rollups.
# Each executor runs 2 tasks at once; scans are cut into 4 partitions (?partitions=4).
# usage: bench/cluster.sh   (VIGIL=path skips the build, which needs --features cluster)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
OUT=bench/out
STORE=$OUT/store
need_store "$STORE"
if [ -z "${VIGIL:-}" ]; then
  cargo build --release -p vigil --features cluster --quiet
  VIGIL=target/release/vigil
fi
WORK=$(mktemp -d)
PIDS=()
stop() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; PIDS=(); }
trap 'stop; rm -rf "$WORK"' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# start N: a scheduler and N executors; sets ENGINE.
start() {
  local n=$1
  "$VIGIL" cluster scheduler --bind 127.0.0.1:0 > "$WORK/scheduler.out" 2> "$WORK/scheduler.err" &
  PIDS+=($!)
  local addr=""
  for _ in $(seq 100); do
    addr=$(sed -n 's/.*listening on \([^;]*\);.*/\1/p' "$WORK/scheduler.out" | head -1)
    [ -n "$addr" ] && break
    sleep 0.1
  done
  [ -n "$addr" ] || { cat "$WORK/scheduler.err" >&2; echo "the scheduler did not start" >&2; exit 1; }
  for i in $(seq "$n"); do
    local port grpc
    port=$(free_port); grpc=$(free_port)
    mkdir -p "$WORK/executor-$n-$i"
    "$VIGIL" cluster executor --scheduler "$addr" --port "$port" --grpc-port "$grpc" \
      --concurrent-tasks 2 --work-dir "$WORK/executor-$n-$i" > /dev/null 2>&1 &
    PIDS+=($!)
    for _ in $(seq 600); do
      python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 1)" 2>/dev/null && break
      sleep 0.1
    done
  done
  ENGINE="df://$addr?partitions=4"
}

SQL=(sql --format csv "SELECT date_part('year', date) AS year, quad_class, count(*) AS n FROM events GROUP BY 1, 2 ORDER BY 1, 2")
DYAD=(dyad USA RUS --from 2006-08-01 --to 2016-07-31 --freq month --format json)
BLOCS=(blocs --from 2015-01-01 --to 2015-12-31 --format json)
declare -A T
run_all() { # label engine
  local label=$1 engine=$2
  for q in sql dyad_scan dyad_rollups blocs; do
    case $q in
      sql) args=("${SQL[@]}") ;;
      dyad_scan) args=(--no-rollups "${DYAD[@]}") ;;
      dyad_rollups) args=("${DYAD[@]}") ;;
      blocs) args=("${BLOCS[@]}") ;;
    esac
    "$VIGIL" --data-dir "$STORE" --engine "$engine" "${args[@]}" > "$WORK/$label-$q.out"
    if [ "$label" != embedded ]; then
      cmp -s "$WORK/embedded-$q.out" "$WORK/$label-$q.out" || { echo "$q differs on $label from the embedded answer" >&2; diff <(head -20 "$WORK/embedded-$q.out") <(head -20 "$WORK/$label-$q.out") >&2; exit 1; }
    fi
    T[$label,$q]=$(best "$VIGIL" --data-dir "$STORE" --engine "$engine" "${args[@]}")
  done
}
ROWS=$("$VIGIL" --data-dir "$STORE" stats --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["rows"])')
run_all embedded embedded
start 1; run_all one "$ENGINE"; stop
start 2; run_all two "$ENGINE"; stop
echo "store: $ROWS events; every cluster answer identical to the embedded one"
printf '%-14s %12s %14s %14s %10s\n' query embedded "1 executor" "2 executors" "2 vs 1"
for q in sql dyad_scan dyad_rollups blocs; do
  python3 -c "
e, o, t = ${T[embedded,$q]}, ${T[one,$q]}, ${T[two,$q]}
print(f'{\"$q\":<14} {e*1000:>10.0f}ms {o*1000:>12.0f}ms {t*1000:>12.0f}ms {o/t:>9.2f}x')"
done
