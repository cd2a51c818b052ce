#!/usr/bin/env bash
# One command from a fresh Debian 12 machine: installs the dependencies, builds, generates a small
# source/target export pair with known conflicts, and runs the whole merge on it:
# stats -> validate -> verify-attachments -> plan -> apply -> validate the result against the target,
# with the merge report page (report.html) written by plan and completed by apply.
# Everything lands in demo/ (or $DEMO_DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
scripts/build.sh
DEMO_DIR=${DEMO_DIR:-demo}
MM=build/mattermerge
step() { printf '\n== %s\n' "$*"; }

rm -rf "$DEMO_DIR"
step "gen-synthetic: a source and a target instance with injected conflicts"
build/tools/gen-synthetic/gen-synthetic --out "$DEMO_DIR" --posts 20000 --seed 1
step "stats"
$MM stats "$DEMO_DIR/source.jsonl"
step "validate the source export (the generator plants broken attachments: findings expected)"
$MM validate "$DEMO_DIR/source.jsonl" --import-path "$DEMO_DIR" | tail -n 12 || true
step "verify-attachments"
$MM verify-attachments "$DEMO_DIR/source.jsonl" --import-path "$DEMO_DIR" | tail -n 14 || true
step "plan: conflicts between source and target, and a merge plan"
$MM plan "$DEMO_DIR/source.jsonl" --target "$DEMO_DIR/target.jsonl" --import-path "$DEMO_DIR" \
  --out "$DEMO_DIR/plan.toml" --report "$DEMO_DIR/report.json" --notify-csv "$DEMO_DIR/users.csv" \
  --html "$DEMO_DIR/report.html"
step "apply: the import-ready zip (import.jsonl + data/)"
$MM apply "$DEMO_DIR/source.jsonl" --plan "$DEMO_DIR/plan.toml" --import-path "$DEMO_DIR" \
  --target "$DEMO_DIR/target.jsonl" --out "$DEMO_DIR/import.zip" --html "$DEMO_DIR/report.html"
step "validate the result against the target"
$MM validate "$DEMO_DIR/import.zip" --target "$DEMO_DIR/target.jsonl" | tail -n 6
printf '\nResults in %s/: plan.toml, report.json, report.html (open it in a browser), users.csv, import.zip, import.zip.memberships.sh\n' "$DEMO_DIR"
