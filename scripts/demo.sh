#!/usr/bin/env bash
# One command from a fresh Debian 12 machine: installs the dependencies, builds, generates a small
# source/target export pair with known conflicts, and runs a two-phase merge on it by the steps of
# docs/merge-guide.md (section numbers in the output):
#   phase 1: stats -> validate -> verify-attachments -> plan -> apply -> validate the result ->
#            import -> memberships -> reconcile
#   cut-over, three days later: plan --previous-plan -> apply --since -> validate -> import ->
#            memberships -> reconcile --since
# The demo has no Mattermost server: the import job and the membership script's mmctl calls are
# simulated by the test tool import-model (docs/import-model.md), which applies the export by the
# importer's rules and writes the target's export "after" (what mmctl export would give), and the
# three days by gen-synthetic --evolve. Everything lands in demo/ (or $DEMO_DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
scripts/build.sh
DEMO_DIR=${DEMO_DIR:-demo}
D=$DEMO_DIR
MM=build/mattermerge
GEN=build/tools/gen-synthetic/gen-synthetic
step() { printf '\n== %s\n' "$*"; }
# simulated_import OUT.jsonl EXPORT...: stands in for `mmctl import process` of each export, then
# `sh EXPORT.memberships.sh` (when apply wrote one), on the target as the first EXPORT has it.
simulated_import() {
  local out=$1 args=()
  shift
  for f in "$@"; do
    args+=(--import "$f")
    [ ! -f "$f.memberships.sh" ] || args+=(--import "$f.memberships.sh")
  done
  echo "(simulated: no server here; import-model applies ${*:2} by the importer's rules and writes the target's export)"
  build/tests/import_model/import-model "${args[@]}" --export "$out"
}

rm -rf "$D"
step "gen-synthetic: a source and a target instance with injected conflicts"
$GEN --out "$D" --posts 20000 --seed 1

printf '\n==== Phase 1 (days ahead) ====\n'
step "stats"
$MM stats "$D/source.jsonl"
step "1.2 validate the source export (the generator plants broken attachments: findings expected)"
$MM validate "$D/source.jsonl" --import-path "$D" | tail -n 12 || true
step "1.2 verify-attachments"
$MM verify-attachments "$D/source.jsonl" --import-path "$D" | tail -n 14 || true
step "1.2 plan: conflicts between source and target, and a merge plan"
$MM plan "$D/source.jsonl" --target "$D/target.jsonl" --import-path "$D" \
  --out "$D/plan1.toml" --report "$D/report1.json" --notify-csv "$D/users1.csv" --html "$D/report1.html"
step "1.4 apply: the import-ready zip (import.jsonl + data/)"
$MM apply "$D/source.jsonl" --plan "$D/plan1.toml" --target "$D/target.jsonl" --import-path "$D" \
  --out "$D/phase1.zip" --html "$D/report1.html"
step "1.4 validate the result against the target"
$MM validate "$D/phase1.zip" --target "$D/target.jsonl" | tail -n 6
step "1.5 import phase1.zip into the target, then sh phase1.zip.memberships.sh"
simulated_import "$D/after1.jsonl" "$D/target.jsonl" "$D/phase1.zip"
step "1.6 reconcile: did every source object arrive, under the plan's names, once?"
$MM reconcile "$D/source.jsonl" --plan "$D/plan1.toml" --after "$D/after1.jsonl" --no-attachments

printf '\n==== 2. The days between ====\n'
step "gen-synthetic --evolve: both instances three days later (new posts, replies, edits, deletions, users, ...)"
$GEN --evolve "$D" --days 3 --out "$D/new" --seed 1
step "what the target gained meanwhile, imported into it"
simulated_import "$D/target2.jsonl" "$D/after1.jsonl" "$D/new/target-changes.jsonl"

printf '\n==== 3. Cut-over ====\n'
step "3.3 plan --previous-plan: phase 1's decisions kept, the new objects planned"
$MM plan "$D/new/source.jsonl" --target "$D/target2.jsonl" --previous-plan "$D/plan1.toml" --import-path "$D/new" \
  --out "$D/plan2.toml" --report "$D/report2.json" --notify-csv "$D/users2.csv" --html "$D/report2.html"
step "3.4 apply --since: only what changed since phase 1's export"
$MM apply "$D/new/source.jsonl" --plan "$D/plan2.toml" --since "$D/source.jsonl" --target "$D/target2.jsonl" \
  --import-path "$D/new" --out "$D/delta.zip" --html "$D/report2.html" |
  grep -v '^    [a-z_]* .*:[0-9]*: '   # the lists of edits and deletions: their counts are enough here
$MM validate "$D/delta.zip" --target "$D/target2.jsonl" | tail -n 6
step "3.5 import delta.zip into the target, then sh delta.zip.memberships.sh"
simulated_import "$D/after2.jsonl" "$D/target2.jsonl" "$D/delta.zip"
step "3.6 reconcile --since: every object of the new export arrived, once"
$MM reconcile "$D/new/source.jsonl" --plan "$D/plan2.toml" --since "$D/source.jsonl" --after "$D/after2.jsonl" \
  --no-attachments

printf '\nResults in %s/: plan1.toml, report1.html (open it in a browser), users1.csv, phase1.zip,\n' "$D"
printf 'after1.jsonl; plan2.toml, report2.html, users2.csv, delta.zip, after2.jsonl.\n'
