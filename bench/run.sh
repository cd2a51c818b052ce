#!/usr/bin/env bash
# Times the commands with `mattermerge bench`, the code path users run (docs/performance.md says
# how to read it): a generated pair, then stats, validate, plan, apply to .jsonl and to .zip,
# interleaved with the read, write and decompress floors, best and median of RUNS rounds, MB/s,
# lines/s, ratio to the floor, peak RSS. Then `wc -l` on the same export, the floor the older
# figures of docs/performance.md are compared with.
#   bench/run.sh [POSTS]        default 1750000 posts (a source of about 1.1 GB)
# With CORPUS=DIR (written by bench/corpus.sh), every command then runs on every shape of the
# corpus, interleaved with `wc -l`, `cat F > file` and `zstd -dc F.zst`, one table per shape
# with each step's ratio to `wc -l` (reading steps) or to `cat > file` (apply).
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

if [ -n "${CORPUS:-}" ]; then
  OUT=$BENCH_DIR/corpus-out
  mkdir -p "$OUT"
  T=(--no-progress --threads "$THREADS")
  for shape in go spaced long heavy crlf; do
    F=$CORPUS/$shape.jsonl
    [ -f "$F" ] || { echo "bench/run.sh: $F missing (bench/corpus.sh writes it)" >&2; continue; }
    # The plan apply reads, made once, untimed.
    "$MM" plan "$F" --target "$CORPUS/target.jsonl" --out "$OUT/plan-$shape.toml" "${T[@]}" > /dev/null || true
    A="$MM apply $F --plan $OUT/plan-$shape.toml --target $CORPUS/target.jsonl ${T[*]}"
    printf '\n== %s: %s, %s bytes, %s lines\n' "$shape" "$F" "$(stat -c %s "$F")" "$(wc -l < "$F")"
    # Before each step, untimed: the outputs removed (each step writes a new file), every input
    # of the shape read into the page cache, the last step's writes synced.
    BEFORE="rm -f $OUT/cat.out $OUT/out.jsonl $OUT/out.zip; cat $F $F.zst $CORPUS/target.jsonl > /dev/null; sync" \
    bench/interleave.sh "$RUNS" \
      wc "wc -l $F" \
      cat "cat $F > $OUT/cat.out" \
      zstd-dc "zstd -dc $F.zst > /dev/null" \
      stats "$MM stats $F ${T[*]}" \
      stats/mmap "$MM stats $F ${T[*]} --input mmap" \
      stats.zst "$MM stats $F.zst ${T[*]}" \
      validate "$MM validate $F ${T[*]}" \
      validate/mmap "$MM validate $F ${T[*]} --input mmap" \
      validate.zst "$MM validate $F.zst ${T[*]}" \
      plan "$MM plan $F --target $CORPUS/target.jsonl --out $OUT/plan.toml ${T[*]}" \
      apply "$A --out $OUT/out.jsonl" \
      apply/novalidate "$A --out $OUT/out.jsonl --no-validate" \
      apply.zip "$A --out $OUT/out.zip" |
      python3 -c '
import re, sys
rows = [l.split() for l in sys.stdin if l.strip()]
best = {r[0]: float(r[2]) for r in rows}
for r in rows:
    label = r[0]
    floor = "cat" if label.startswith("apply") else "zstd-dc" if label.endswith(".zst") else "wc"
    print("%-18s best %7.3f s  median %7.3f s  %5.2fx %s" % (label, best[label], float(r[5]), best[floor] / best[label], floor))
'
  done
  rm -rf "$OUT"
fi
[ "${KEEP:-0}" = 1 ] || rm -rf "$BENCH_DIR"
