#!/usr/bin/env bash
# One command from a fresh Debian 12 machine: installs the dependencies, builds, generates a small
# source/target export pair and runs mattermerge on it. Output lands in demo/ (or $DEMO_DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
scripts/build.sh
DEMO_DIR=${DEMO_DIR:-demo}
MM=build/mattermerge
rm -rf "$DEMO_DIR"
build/tools/gen-synthetic/gen-synthetic --out "$DEMO_DIR" --posts 20000 --seed 1
echo "== mattermerge stats $DEMO_DIR/source.jsonl"
$MM stats "$DEMO_DIR/source.jsonl"
