#!/usr/bin/env bash
# Times the commands with `mattermerge bench`, the code path users run (docs/performance.md says
# how to read it): a generated pair, then stats, validate, plan, apply to .jsonl and to .zip,
# interleaved with the read, write and decompress floors, best and median of RUNS rounds, MB/s,
# lines/s, ratio to the floor, peak RSS. Then `wc -l` on the same export, the floor the older
# figures of docs/performance.md are compared with.
#   bench/run.sh [POSTS]        default 1750000 posts (a source of about 1.1 GB)
# Environment: THREADS (default 2), BUILD_DIR (default build), RUNS (rounds, default 3),
# SHAPE (go or spaced), INPUT (read or mmap: the mode of every command; stats and validate also run
# with the other one, rows stats/MODE and validate/MODE, since the faster mode depends on the host), JSON=1 (one JSON document instead of the table),
# BENCH_DIR (default bench-data/run, replaced at each run; KEEP=1 keeps it afterwards).
# MATTERMERGE_SCANNER=off in the environment reaches every command: every line parsed.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
THREADS=${THREADS:-2}
RUNS=${RUNS:-3}
POSTS=${1:-1750000}
BENCH_DIR=${BENCH_DIR:-bench-data/run}
MM=$BUILD_DIR/mattermerge

rm -rf "$BENCH_DIR"
args=(bench --posts "$POSTS" --rounds "$RUNS" --threads "$THREADS" --shape "${SHAPE:-go}"
      --input "${INPUT:-read}" --dir "$BENCH_DIR" --keep)
[ "${JSON:-0}" = 1 ] && args+=(--json)
"$MM" "${args[@]}"

FILE=$BENCH_DIR/source.jsonl
best=""
for _ in $(seq "$RUNS"); do
  s=$(date +%s.%N); wc -l "$FILE" > /dev/null; e=$(date +%s.%N)
  t=$(echo "$e - $s" | bc -l)
  if [ -z "$best" ] || (( $(echo "$t < $best" | bc -l) )); then best=$t; fi
done
printf 'wc -l %s: best %.3f s, %.0f MB/s (load %s)\n' "$FILE" "$best" \
  "$(echo "$(stat -c %s "$FILE") / $best / 1000000" | bc -l)" "$(cut -d' ' -f1 /proc/loadavg)" >&2
[ "${KEEP:-0}" = 1 ] || rm -rf "$BENCH_DIR"
