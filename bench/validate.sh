#!/usr/bin/env bash
# Times `mattermerge validate` against `wc -l` on the same export, in one run, page cache warm,
# and prints the ratio (the goal: at least 1/3 of wc -l's speed with --threads 2).
#   bench/validate.sh [EXPORT]   default: generates bench-data/source.jsonl (~1 GiB) first
# Environment: THREADS (default 2), BUILD_DIR (default build), RUNS (default 3, best is kept).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
THREADS=${THREADS:-2}
RUNS=${RUNS:-3}
MM=$BUILD_DIR/mattermerge
FILE=${1:-}
if [ -z "$FILE" ]; then
  FILE=bench-data/source.jsonl
  if [ ! -f "$FILE" ]; then
    "$BUILD_DIR"/tools/gen-synthetic/gen-synthetic --out bench-data --posts "${POSTS:-1700000}" --seed 42 --attachments-rate 0
  fi
fi
bytes=$(stat -c %s "$FILE")
cat "$FILE" > /dev/null  # warm the page cache

best() {  # best wall time in seconds of RUNS runs of "$@"
  local b=""
  for _ in $(seq "$RUNS"); do
    local s e t
    s=$(date +%s.%N); "$@" > /dev/null 2>&1 || true; e=$(date +%s.%N)
    t=$(echo "$e - $s" | bc -l)
    if [ -z "$b" ] || (( $(echo "$t < $b" | bc -l) )); then b=$t; fi
  done
  echo "$b"
}

wc_t=$(best wc -l "$FILE")
validate_t=$(best "$MM" validate --threads "$THREADS" --no-progress "$FILE")
cpu=$( { /usr/bin/time -f '%U %S %M' "$MM" validate --threads "$THREADS" --no-progress "$FILE" > /dev/null; } 2>&1 | tail -1)
lines=$(wc -l < "$FILE")
printf 'file %s: %d bytes, %d lines, threads %s, load %s\n' "$FILE" "$bytes" "$lines" "$THREADS" \
  "$(cut -d' ' -f1 /proc/loadavg)"
row() { printf '%-22s %8.3f s %9.0f MB/s %11.0f lines/s   %5.2fx wc -l\n' "$1" "$2" \
  "$(echo "$bytes / $2 / 1000000" | bc -l)" "$(echo "$lines / $2" | bc -l)" "$(echo "$wc_t / $2" | bc -l)"; }
row "wc -l" "$wc_t"
row "mattermerge validate" "$validate_t"
read -r user sys rss <<< "$cpu"
echo "validate: user ${user} s, sys ${sys} s, peak RSS (VmHWM) ${rss} KiB"
