# Shared by the bench scripts (sourced, not run).
# best CMD...: the best wall time of 5 runs of CMD, in seconds.
best() {
  local b=999
  for _ in 1 2 3 4 5; do
    local s e; s=$(date +%s.%N); "$@" > /dev/null; e=$(date +%s.%N)
    b=$(python3 -c "print(min($b, $e - $s))")
  done
  echo "$b"
}

# need_store DIR: stops with a hint unless DIR holds the store bench/run.sh builds.
need_store() {
  [ -d "$1/events" ] || { echo "run bench/run.sh first: it builds $1" >&2; exit 1; }
}

# both_ways ROLLUP_OUT SCAN_OUT ARGS...: `$VIGIL --data-dir $STORE ARGS` answered from the
# rollups and with --no-rollups, each answer written to its file; stops unless they are
# identical (a time counts only for the intended answer).
both_ways() {
  local r=$1 s=$2; shift 2
  "$VIGIL" --data-dir "$STORE" "$@" > "$r"
  "$VIGIL" --data-dir "$STORE" --no-rollups "$@" > "$s"
  cmp -s "$r" "$s" || { echo "rollups and scanning disagree on: $*" >&2; exit 1; }
}
