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

# mount_tmpfs DIR OPTIONS: mounts a tmpfs (unmounted when the test ends). Where mounting is not
# permitted it prints SKIP and returns 1, except under CI=true, where a case that cannot run
# fails the test instead of passing.
MOUNTED=()
mount_tmpfs() {
  mkdir -p "$1"
  if ! mount -t tmpfs -o "$2" tmpfs "$1" 2>/dev/null; then
    [ "${CI:-}" = true ] && fail "cannot mount a tmpfs at $1 (CI=true: this case must run)"
    echo "SKIP: mount -t tmpfs is not permitted here: the cases on $1 did not run"
    return 1
  fi
  MOUNTED+=("$WORK/$1")
  trap 'for m in "${MOUNTED[@]}"; do umount "$m" 2>/dev/null; done; rm -rf "$WORK"' EXIT
}

# unprivileged CMD...: runs CMD as an ordinary user, so that permissions apply (as root, through
# setpriv as nobody; the scratch directory is opened to it). Under CI=true, failing to drop
# privileges fails the test.
unprivileged() {
  if [ "$(id -u)" != 0 ]; then
    "$@"
    return
  fi
  if ! command -v setpriv >/dev/null; then
    [ "${CI:-}" = true ] && fail "setpriv is missing: cannot run as an ordinary user (CI=true)"
    echo "SKIP: setpriv missing: '$*' runs as root" >&2
    "$@"
    return
  fi
  chmod 755 "$WORK"
  setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
}

# wait_for GLOB...: waits (up to 20 s) until a path matching one of the globs exists.
wait_for() {
  local g
  for _ in $(seq 400); do
    for g in "$@"; do
      compgen -G "$g" >/dev/null && return 0
    done
    sleep 0.05
  done
  fail "nothing matching $* appeared"
}

# mmctl_stub DIR: an `mmctl` in DIR/bin that appends its arguments, one call a line with each
# argument in brackets, to DIR/mmctl.calls, and fails when the argument list holds MMCTL_FAIL.
mmctl_stub() {
  mkdir -p "$1/bin"
  cat > "$1/bin/mmctl" <<STUB
#!/bin/sh
line=
for a in "\$@"; do line="\$line[\$a]"; done
printf '%s\n' "\$line" >> "$1/mmctl.calls"
case "\$line" in *"\${MMCTL_FAIL:-//none//}"*) exit 1 ;; esac
exit 0
STUB
  chmod 755 "$1/bin/mmctl"
}
