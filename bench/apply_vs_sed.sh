#!/usr/bin/env bash
# Times `mattermerge apply` against `wc -l` and against the equivalent `sed -f` script of the same
# plan's renames (users, channels, teams, emoji: quoted values and @/~/: references), in one run,
# page cache warm, and prints the ratios, with the time `cat` takes to write the same bytes to
# the output directory (the floor under any apply).
#   bench/apply_vs_sed.sh [DIR]   DIR holds source.jsonl and target.jsonl (default: generates
#                                 bench-data/apply with POSTS posts first)
# Environment: THREADS (default 2), BUILD_DIR (default build), POSTS (default 5000000),
# SED_MB (default 256: sed runs on the first SED_MB MB of the source, its rate is extrapolated),
# OUT_DIR (default /dev/shm/mattermerge-bench-apply: outputs, removed at the end).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
THREADS=${THREADS:-2}
SED_MB=${SED_MB:-256}
MM=$BUILD_DIR/mattermerge
DIR=${1:-bench-data/apply}
OUT=${OUT_DIR:-/dev/shm/mattermerge-bench-apply}
mkdir -p "$OUT"
trap 'rm -rf "$OUT"' EXIT

if [ ! -f "$DIR/source.jsonl" ]; then
  "$BUILD_DIR"/tools/gen-synthetic/gen-synthetic --out "$DIR" --posts "${POSTS:-5000000}" --seed 42
fi
SRC=$DIR/source.jsonl
"$MM" plan "$SRC" --target "$DIR/target.jsonl" --out "$OUT/plan.toml" --no-progress > /dev/null || true

# The sed script of the plan's renames.
python3 - "$OUT/plan.toml" > "$OUT/renames.sed" <<'PY'
import re, sys, tomllib
plan = tomllib.load(open(sys.argv[1], "rb"))
def q(s): return re.sub(r'([][\\.*^$/])', r'\\\1', s)
def r(s): return s.replace("\\", "\\\\").replace("/", "\\/").replace("&", "\\&")
rules = []
for t in plan.get("team", []):
    if t["action"] != "keep" and t["target"] != t["name"]:
        rules.append(f's/"{q(t["name"])}"/"{r(t["target"])}"/g')
for c in plan.get("channel", []):
    if c["action"] == "rename":
        rules.append(f's/"{q(c["name"])}"/"{r(c["new_name"])}"/g')
        rules.append(f's/~{q(c["name"])}\\([^a-z0-9_-]\\|$\\)/~{r(c["new_name"])}\\1/g')
for u in plan.get("user", []):
    if u["action"] in ("rename", "map") and u["target"] != u["username"]:
        rules.append(f's/"{q(u["username"])}"/"{r(u["target"])}"/g')
        rules.append(f's/@{q(u["username"])}\\([^A-Za-z0-9._-]\\|$\\)/@{r(u["target"])}\\1/g')
for e in plan.get("emoji", []):
    if e["action"] == "rename":
        rules.append(f's/"{q(e["name"])}"/"{r(e["new_name"])}"/g')
        rules.append(f's/:{q(e["name"])}:/:{r(e["new_name"])}:/g')
print("\n".join(rules))
PY

bytes=$(stat -c %s "$SRC")
lines=$(wc -l < "$SRC")
cat "$SRC" > /dev/null  # warm the page cache

seconds() {  # wall seconds of "$@"
  local s e
  s=$(date +%s.%N); "$@" > /dev/null 2>&1 || true; e=$(date +%s.%N)
  echo "$e - $s" | bc -l
}
wc_t=$(seconds wc -l "$SRC")
# The floor under any apply to OUT_DIR: writing a file of the source's size there, nothing else.
cat_t=$(seconds sh -c "cat '$SRC' > '$OUT/cat.jsonl'")
rm -f "$OUT/cat.jsonl"
apply_t=$(seconds "$MM" apply "$SRC" --plan "$OUT/plan.toml" --out "$OUT/out.jsonl" --threads "$THREADS" \
  --no-progress --no-validate)
applyv_t=$(seconds "$MM" apply "$SRC" --plan "$OUT/plan.toml" --out "$OUT/out.jsonl" --threads "$THREADS" \
  --no-progress)
rss=$( { /usr/bin/time -f %M "$MM" apply "$SRC" --plan "$OUT/plan.toml" --out "$OUT/out.jsonl" \
  --threads "$THREADS" --no-progress > /dev/null; } 2>&1 | tail -1)
head -c "$((SED_MB * 1000000))" "$SRC" > "$OUT/sed-input.jsonl"
sed_bytes=$(stat -c %s "$OUT/sed-input.jsonl")
sed_part_t=$(seconds sed -f "$OUT/renames.sed" "$OUT/sed-input.jsonl")
sed_t=$(echo "$sed_part_t * $bytes / $sed_bytes" | bc -l)

printf 'file %s: %d bytes, %d lines, threads %s, %d sed rules\n' "$SRC" "$bytes" "$lines" "$THREADS" \
  "$(wc -l < "$OUT/renames.sed")"
row() { printf '%-40s %9.3f s %8.0f MB/s %11.0f lines/s  %6.3fx wc -l  %7.1fx sed\n' "$1" "$2" \
  "$(echo "$bytes / $2 / 1000000" | bc -l)" "$(echo "$lines / $2" | bc -l)" "$(echo "$wc_t / $2" | bc -l)" \
  "$(echo "$sed_t / $2" | bc -l)"; }
row "wc -l" "$wc_t"
row "cat > OUT_DIR (the write alone)" "$cat_t"
row "mattermerge apply --no-validate" "$apply_t"
row "mattermerge apply (validating)" "$applyv_t"
row "sed -f (extrapolated from $SED_MB MB)" "$sed_t"
echo "apply peak RSS: ${rss} KiB"
