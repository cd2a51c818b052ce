# Shared by the end-to-end tests: each test is a bash script that runs the built binaries
# ($MATTERMERGE, $GEN_SYNTHETIC, set by CTest) in a scratch directory and checks their output.
set -euo pipefail

: "${MATTERMERGE:?set by ctest}"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/mattermerge-e2e.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# expect_exit CODE CMD...: runs CMD, fails unless it exits with CODE. Output in $WORK/out, $WORK/err.
expect_exit() {
  local want=$1
  shift
  local got=0
  "$@" >"$WORK/out" 2>"$WORK/err" || got=$?
  if [ "$got" != "$want" ]; then
    echo "--- stdout" >&2; head -c 4000 "$WORK/out" >&2 || true
    echo "--- stderr" >&2; head -c 4000 "$WORK/err" >&2 || true
    fail "'$*' exited $got, expected $want"
  fi
}

# expect_grep PATTERN FILE: fails unless FILE has a line matching PATTERN (grep -E).
expect_grep() {
  grep -Eq -- "$1" "$2" || { echo "--- $2" >&2; head -c 4000 "$2" >&2; fail "no line matches /$1/ in $2"; }
}

# expect_no_leftovers DIR: no temporary output files left behind.
expect_no_leftovers() {
  if ls -a "$1" | grep -q '\.tmp-'; then fail "temporary files left in $1: $(ls -a "$1")"; fi
}
