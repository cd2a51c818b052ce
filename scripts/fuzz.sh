#!/usr/bin/env bash
# Builds the libFuzzer targets with clang and runs each for FUZZ_SECONDS (default 600), starting
# from a seed corpus cut from a generated export. Crashes are written to fuzz/crashes/<target>/;
# keep each as a regression input in tests/fuzz/regressions/<target>/ (CTest replays them:
# fuzz_regress.<target>). Exits 1 when a target found a crash (or failed to run), else 0.
#   scripts/fuzz.sh [TARGET ...]
set -euo pipefail
cd "$(dirname "$0")/.."
FUZZ_SECONDS=${FUZZ_SECONDS:-600}
BUILD_DIR=${BUILD_DIR:-build-fuzz}
command -v clang++ >/dev/null || { echo "fuzz.sh needs clang (apt-get install clang)" >&2; exit 2; }
CC=clang CXX=clang++ cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMATTERMERGE_FUZZ=ON >/dev/null
all_targets=($(cd tests/fuzz && ls fuzz_*.cpp | sed 's/\.cpp$//'))

corpus_root=fuzz/corpus
mkdir -p "$corpus_root" fuzz/crashes
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${all_targets[@]}")
cmake --build "$BUILD_DIR" -j "$(nproc)" --target "${targets[@]}"

seed_corpus() {  # seed_corpus TARGET DIR
  local dir=$2
  [ -n "$(ls -A "$dir" 2>/dev/null)" ] && return
  local src=fuzz/seed-export/source.jsonl
  [ -f "$src" ] || src=tests/fuzz/seeds/sample.jsonl
  case "$1" in
    fuzz_zstd) zstd -q -c "$src" | head -c 200000 > "$dir/seed.zst" ;;
    fuzz_zip)
      local tmp; tmp=$(mktemp -d)
      head -50 "$src" > "$tmp/import.jsonl"; mkdir -p "$tmp/data"; echo x > "$tmp/data/a.txt"
      (cd "$tmp" && zip -q -r seed.zip import.jsonl data) && cp "$tmp/seed.zip" "$dir/seed.zip"; rm -rf "$tmp" ;;
    fuzz_plan_file)
      if [ -x build/mattermerge ] && [ -f fuzz/seed-export/target.jsonl ]; then
        build/mattermerge plan "$src" --target fuzz/seed-export/target.jsonl --out "$dir/plan.toml" >/dev/null 2>&1 || true
      fi
      [ -f "$dir/plan.toml" ] || printf 'version = 1\n' > "$dir/seed.toml" ;;
    *) split -l 20 -a 4 "$src" "$dir/lines-" ;;
  esac
  for r in tests/fuzz/regressions/"$1"/*; do [ -f "$r" ] && cp "$r" "$dir/"; done
  return 0
}

run_target() {  # run_target TARGET
  local t=$1 dir="$corpus_root/$1"
  mkdir -p "$dir" "fuzz/crashes/$t"
  seed_corpus "$t" "$dir"
  echo "== $t: ${FUZZ_SECONDS}s"
  local before status=0
  before=$(ls "fuzz/crashes/$t" | wc -l)
  "$BUILD_DIR/tests/fuzz/$t" "$dir" -max_total_time="$FUZZ_SECONDS" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="fuzz/crashes/$t/" -print_final_stats=1 > "fuzz/$t.out" 2>&1 || status=$?
  grep -E '^(#[0-9]+.*DONE|stat::|==[0-9]+==ERROR|SUMMARY)' "fuzz/$t.out" || true
  local found=$(( $(ls "fuzz/crashes/$t" | wc -l) - before ))
  echo "$t corpus: $(ls "$dir" | wc -l) files; new crashes: $found; libFuzzer exit status $status"
  # libFuzzer exits non-zero on a crash, a leak, a timeout or an out-of-memory input.
  [ "$status" -eq 0 ] && [ "$found" -eq 0 ]
}

if [ -x build/tools/gen-synthetic/gen-synthetic ] && [ ! -f fuzz/seed-export/source.jsonl ]; then
  rm -rf fuzz/seed-export
  build/tools/gen-synthetic/gen-synthetic --out fuzz/seed-export --posts 2000 --seed 5 >/dev/null 2>&1 || true
fi

# FUZZ_JOBS targets at a time (default 1); each writes fuzz/<target>.failed when it found something.
jobs_running=0
for t in "${targets[@]}"; do
  rm -f "fuzz/$t.failed"
  (run_target "$t" || touch "fuzz/$t.failed") > "fuzz/$t.log" 2>&1 &
  jobs_running=$((jobs_running + 1))
  if [ "$jobs_running" -ge "${FUZZ_JOBS:-1}" ]; then wait -n || true; jobs_running=$((jobs_running - 1)); fi
done
wait || true
failed=()
for t in "${targets[@]}"; do
  cat "fuzz/$t.log"
  [ -f "fuzz/$t.failed" ] && failed+=("$t")
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz.sh: findings in ${failed[*]}: see fuzz/crashes/<target>/; once fixed, keep each input in tests/fuzz/regressions/<target>/" >&2
  exit 1
fi
