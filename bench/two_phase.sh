#!/usr/bin/env bash
# The two-phase merge's cut-over step (docs/apply.md, "Delta since an earlier export"): times
# `mattermerge apply NEW --plan PLAN2 --since BASE` (both exports read) against `wc -l` of NEW,
# with its peak RSS (/usr/bin/time -v), and compares the delta's size with a full apply's. The
# aims (issue 17): at least 0.25x the speed of `wc -l` with --threads 2, peak RSS under 512 MiB,
# the delta under 5% of the full export.
#   bench/two_phase.sh [DIR]   DIR: where the pair is generated (default bench-data/two-phase);
#                              reused when DIR/base/source.jsonl and DIR/new/source.jsonl exist
# Environment: POSTS (default 5000000), DAYS (default 3), THREADS (default 2), ROUNDS (default 3),
# BUILD_DIR (default build), OUT_DIR (default /dev/shm/mattermerge-bench-two-phase: outputs, removed at the end).
# Run it on a quiet machine: the figures mean nothing while other jobs share the cores.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
THREADS=${THREADS:-2}
POSTS=${POSTS:-5000000}
DAYS=${DAYS:-3}
MM=$BUILD_DIR/mattermerge
GEN=$BUILD_DIR/tools/gen-synthetic/gen-synthetic
DIR=${1:-bench-data/two-phase}
OUT=${OUT_DIR:-/dev/shm/mattermerge-bench-two-phase}
mkdir -p "$OUT"
trap 'rm -rf "$OUT"' EXIT
command -v /usr/bin/time > /dev/null || { echo "bench/two_phase.sh: /usr/bin/time is needed (apt-get install time)" >&2; exit 2; }

if [ ! -f "$DIR/base/source.jsonl" ] || [ ! -f "$DIR/new/source.jsonl" ]; then
  rm -rf "$DIR"
  "$GEN" --out "$DIR/base" --posts "$POSTS" --seed 42 --threads "$THREADS" > /dev/null
  "$GEN" --evolve "$DIR/base" --days "$DAYS" --out "$DIR/new" --seed 42 --threads "$THREADS" > /dev/null
fi
BASE=$DIR/base/source.jsonl
NEW=$DIR/new/source.jsonl

# Phase 1's plan, then plan 2 continuing it. Plan 2 is made against the target as phase 1 found
# it: importing phase 1 and the target's changes would need the import model, which holds the
# whole instance in memory; the delta does not depend on it (apply --since checks the plan within
# the source only, docs/apply.md), only the few decisions for names the target took meanwhile do.
"$MM" plan "$BASE" --target "$DIR/base/target.jsonl" --out "$OUT/plan1.toml" --threads "$THREADS" --no-progress > /dev/null
"$MM" plan "$NEW" --target "$DIR/base/target.jsonl" --previous-plan "$OUT/plan1.toml" --out "$OUT/plan2.toml" \
  --threads "$THREADS" --no-progress > /dev/null

cat "$BASE" "$NEW" > /dev/null  # warm the page cache
seconds() {  # wall seconds of "$@"
  local s e
  s=$(date +%s.%N); "$@" > /dev/null 2>&1; e=$(date +%s.%N)
  echo "$e - $s" | bc -l
}
min() { printf '%s\n' "$@" | sort -g | head -1; }
# Best of ROUNDS (default 3) rounds, wc -l and apply --since in turn in each, so that a change in
# the host's speed during the run falls on both alike; peak RSS from one more run.
since() {
  "$MM" apply "$NEW" --plan "$OUT/plan2.toml" --since "$BASE" --out "$OUT/delta.jsonl" --threads "$THREADS" --no-progress
}
wc_all=() since_all=()
for _ in $(seq "${ROUNDS:-3}"); do
  wc_all+=("$(seconds wc -l "$NEW")")
  since_all+=("$(seconds since)")
done
wc_s=$(min "${wc_all[@]}")
since_s=$(min "${since_all[@]}")
/usr/bin/time -v -o "$OUT/time.txt" "$MM" apply "$NEW" --plan "$OUT/plan2.toml" --since "$BASE" \
  --out "$OUT/delta.jsonl" --threads "$THREADS" --no-progress > "$OUT/apply.txt"
rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$OUT/time.txt")
"$MM" apply "$NEW" --plan "$OUT/plan2.toml" --out "$OUT/full.jsonl" --threads "$THREADS" --no-progress > /dev/null

new_bytes=$(stat -c %s "$NEW")
delta_bytes=$(stat -c %s "$OUT/delta.jsonl")
full_bytes=$(stat -c %s "$OUT/full.jsonl")
printf 'two-phase cut-over: %s posts evolved by %s days, --threads %s\n' "$POSTS" "$DAYS" "$THREADS"
printf '  new export            %12d bytes, %d lines\n' "$new_bytes" "$(wc -l < "$NEW")"
printf '  wc -l                 %12.2f s  (best of %s: %s)\n' "$wc_s" "${ROUNDS:-3}" "$(printf '%.2f ' "${wc_all[@]}")"
printf '  apply --since         %12.2f s  (%.2fx wc -l; aim >= 0.25x; best of %s: %s)\n' "$since_s" \
  "$(echo "$wc_s / $since_s" | bc -l)" "${ROUNDS:-3}" "$(printf '%.2f ' "${since_all[@]}")"
printf '  peak RSS              %12d MiB  (aim < 512)\n' "$((rss_kb / 1024))"
printf '  delta                 %12d bytes  (%.2f%% of the full apply'"'"'s %d; aim < 5%%)\n' \
  "$delta_bytes" "$(echo "100 * $delta_bytes / $full_bytes" | bc -l)" "$full_bytes"
grep -E '^  delta size' "$OUT/apply.txt" || true
