#!/usr/bin/env bash
# Measures `mattermerge plan` on a generated pair against `mattermerge validate` on the same source
# (and `wc -l` for scale), in one run, page cache warm; checks that the report equals the answer key.
# The issue's bar: plan at no less than half the speed of validate.
#
# usage: bench/plan_vs_validate.sh [-p POSTS] [-b MATTERMERGE] [-v VALIDATING_MATTERMERGE] [-g GEN_SYNTHETIC] [-w WORKDIR] [-k]
#   -p source posts (default 5000000); -b, -g the binaries (default build/…); -v the binary that
#   runs validate (default: -b); -w where the pair is
#   generated (default /tmp/$USER-plan-bench; an existing pair there is reused); -k keep it.
set -euo pipefail

POSTS=5000000
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="$ROOT/build/mattermerge"
GEN="$ROOT/build/tools/gen-synthetic/gen-synthetic"
WORKDIR="/tmp/${USER:-user}-plan-bench"
VALIDATE_BIN=""
KEEP=0
while getopts "p:b:v:g:w:k" opt; do
  case $opt in
    p) POSTS=$OPTARG ;;
    b) BIN=$OPTARG ;;
    v) VALIDATE_BIN=$OPTARG ;;
    g) GEN=$OPTARG ;;
    w) WORKDIR=$OPTARG ;;
    k) KEEP=1 ;;
    *) echo "usage: $0 [-p POSTS] [-b MATTERMERGE] [-v MATTERMERGE] [-g GEN_SYNTHETIC] [-w WORKDIR] [-k]" >&2; exit 2 ;;
  esac
done
[ -x "$BIN" ] && [ -x "$GEN" ] || { echo "build first (no $BIN or $GEN)" >&2; exit 2; }
VALIDATE_BIN=${VALIDATE_BIN:-$BIN}
[ "$KEEP" = 1 ] || trap 'rm -rf "$WORKDIR"' EXIT
if [ ! -f "$WORKDIR/answer-key.json" ]; then
  echo "generating a pair of $POSTS source posts in $WORKDIR ..."
  "$GEN" --out "$WORKDIR" --posts "$POSTS" --seed 5 >/dev/null
fi
cd "$WORKDIR"
BYTES=$(stat -c %s source.jsonl)
LINES=$(wc -l < source.jsonl)
cat source.jsonl target.jsonl > /dev/null  # warm the page cache

# run NAME CMD...: wall seconds and peak RSS of CMD, printed as one row.
run() {
  local name=$1
  shift
  /usr/bin/time -f "%e %M" -o time.txt "$@" > /dev/null 2> run.err || [ $? = 1 ]
  read -r secs rss < time.txt
  python3 -c "import sys; s=float(sys.argv[2]); print(f'{sys.argv[1]:<34} {s:7.2f} s {int(sys.argv[3])/s/1e6:8.0f} MB/s {int(sys.argv[4])/s:11.0f} lines/s {int(sys.argv[5])//1024:6d} MiB RSS')" \
    "$name" "$secs" "$BYTES" "$LINES" "$rss"
  echo "$secs" > "last.$name"
}

echo "source: $BYTES bytes, $LINES lines; $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
run "wc -l" wc -l source.jsonl
run validate "$VALIDATE_BIN" validate source.jsonl --no-progress --max-errors 1
run plan "$BIN" plan source.jsonl --target target.jsonl --out plan.toml --report report.json --no-progress
run "plan --import-path" "$BIN" plan source.jsonl --target target.jsonl --out plan2.toml --report report2.json \
  --import-path . --no-progress
python3 - answer-key.json report2.json <<'PY'
import json, sys
fields = ("kind", "severity", "subject", "source_line", "target_line", "count")
key = [tuple(c[f] for f in fields) for c in json.load(open(sys.argv[1]))["conflicts"]]
got = [tuple(c[f] for f in fields) for c in json.load(open(sys.argv[2]))["conflicts"]]
print(f"report vs answer key: {len(got)} / {len(key)} conflicts, {'equal' if got == key else 'DIFFERENT'}")
PY
python3 -c "import sys; v=float(open('last.validate').read()); p=float(open('last.plan').read()); print(f'plan speed / validate speed: {v/p:.2f} (bar: 0.5)')"
