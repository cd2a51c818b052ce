#!/usr/bin/env bash
# Fails when a lower layer includes a higher one. The layers, bottom up (docs/architecture.md):
#   io < jsonl < model < stages < pipeline < commands < report < cli
# tools/gen-synthetic sits beside commands (it generates exports with the engine and the vocabulary);
# tests/ and bench/ may include anything.
set -euo pipefail
cd "$(dirname "$0")/.."
declare -A rank=([io]=0 [jsonl]=1 [model]=2 [stages]=3 [pipeline]=4 [commands]=5 [tools]=5 [report]=6 [cli]=7)
bad=0
while IFS= read -r -d '' file; do
  top=${file%%/*}
  [ -n "${rank[$top]+x}" ] || continue
  while IFS=: read -r line inc; do
    inc_top=${inc%%/*}
    [ -n "${rank[$inc_top]+x}" ] || continue
    if (( rank[$inc_top] > rank[$top] )); then
      printf '%s:%s: includes %s, a higher layer (%s above %s)\n' "$file" "$line" "$inc" "$inc_top" "$top"
      bad=1
    fi
  done < <(grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$file" | sed -E 's/^([0-9]+):[^"]*"([^"]+)".*/\1:\2/')
done < <(git ls-files -z -- 'io/*' 'jsonl/*' 'model/*' 'stages/*' 'pipeline/*' 'commands/*' 'tools/*' 'report/*' 'cli/*')
if (( bad )); then
  echo "layer check failed: move the code down or the include up (docs/architecture.md)" >&2
  exit 1
fi
echo "layers: no include points upward"
