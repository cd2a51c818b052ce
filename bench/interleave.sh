#!/usr/bin/env bash
# Times commands in turn, round after round, so that a change in the host's speed during the run
# (frequent on a shared VM) falls on all of them alike, and prints each one's best and median.
#   bench/interleave.sh ROUNDS LABEL 'COMMAND' [LABEL 'COMMAND' ...]
# e.g. bench/interleave.sh 9 wc "wc -l f.jsonl" stats "build/mattermerge stats --no-progress f.jsonl"
# BEFORE='COMMAND' in the environment runs COMMAND, untimed, before each timed one: remove the last
# output, put the inputs back in the page cache (a host may evict cold pages between rounds:
# docs/performance.md, "The same build on a busier host"), sync what the last command wrote.
set -euo pipefail
rounds=$1
shift
labels=()
commands=()
while [ $# -ge 2 ]; do
  labels+=("$1")
  commands+=("$2")
  shift 2
done
[ $# -eq 0 ] && [ ${#labels[@]} -gt 0 ] || { echo "usage: $0 ROUNDS LABEL 'COMMAND' ..." >&2; exit 2; }
for _ in $(seq "$rounds"); do
  for i in "${!labels[@]}"; do
    [ -n "${BEFORE:-}" ] && { bash -c "$BEFORE" > /dev/null 2>&1 || true; }
    s=$(date +%s.%N)
    bash -c "${commands[$i]}" > /dev/null 2>&1 || true
    e=$(date +%s.%N)
    echo "${labels[$i]} $(echo "$e - $s" | bc -l)"
  done
done | python3 -c '
import sys
times = {}
for line in sys.stdin:
    label, t = line.split()
    times.setdefault(label, []).append(float(t))
for label, ts in times.items():
    ts.sort()
    print("%-12s best %.3f s  median %.3f s  (%d runs)" % (label, ts[0], ts[len(ts) // 2], len(ts)))
'
