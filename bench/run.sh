#!/usr/bin/env bash
# Times `mattermerge stats` (mmap, the default, and read() input), `validate` (and with
# MATTERMERGE_SCANNER=off: no shortcut, every line parsed) and the pass-through copy against
# `wc -l` and `cat > /dev/null` on the same export, in one run, page cache warm, and prints the
# ratios with MB/s, lines/s and peak RSS.
#   bench/run.sh [EXPORT]       default: generates bench-data/source.jsonl (~1 GiB) first
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
    "$BUILD_DIR"/tools/gen-synthetic/gen-synthetic --out bench-data --posts "${POSTS:-3000000}" --seed 42 --attachments-rate 0
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
cat_t=$(best cat "$FILE")
stats_t=$(best "$MM" stats --threads "$THREADS" --no-progress "$FILE")
read_t=$(best "$MM" stats --threads "$THREADS" --no-progress --input read "$FILE")
validate_t=$(best "$MM" validate --threads "$THREADS" --no-progress "$FILE")
full_t=$(MATTERMERGE_SCANNER=off best "$MM" validate --threads "$THREADS" --no-progress "$FILE")
copy_t=$(best "$MM" copy --threads "$THREADS" --no-progress "$FILE" --out /tmp/mattermerge-bench-copy.jsonl)
rm -f /tmp/mattermerge-bench-copy.jsonl

rss=$( { /usr/bin/time -f %M "$MM" stats --threads "$THREADS" --no-progress "$FILE" > /dev/null; } 2>&1 | tail -1)
vrss=$( { /usr/bin/time -f %M "$MM" validate --threads "$THREADS" --no-progress "$FILE" > /dev/null; } 2>&1 | tail -1)
lines=$(wc -l < "$FILE")
printf 'file %s: %d bytes, %d lines, threads %s, load %s\n' "$FILE" "$bytes" "$lines" "$THREADS" \
  "$(cut -d' ' -f1 /proc/loadavg)"
row() { printf '%-31s %8.3f s %9.0f MB/s %11.0f lines/s   %5.2fx wc -l\n' "$1" "$2" \
  "$(echo "$bytes / $2 / 1000000" | bc -l)" "$(echo "$lines / $2" | bc -l)" "$(echo "$wc_t / $2" | bc -l)"; }
row "cat > /dev/null" "$cat_t"
row "wc -l" "$wc_t"
row "mattermerge stats" "$stats_t"
row "mattermerge stats --input read" "$read_t"
row "mattermerge validate" "$validate_t"
row "validate, every line parsed" "$full_t"
row "mattermerge copy" "$copy_t"
echo "peak RSS (VmHWM): stats ${rss} KiB, validate ${vrss} KiB"
