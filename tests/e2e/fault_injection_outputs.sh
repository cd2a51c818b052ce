# Every output of a run is committed together or not at all, and any stop leaves nothing, on the
# commands that write: apply (.jsonl, .jsonl.zst, .zip, with its membership script), plan (with
# --report and --notify-csv) and verify-attachments --fix-out. Disk full (a small tmpfs, also one
# filled so that the first output fits and the second does not), a file-size limit, SIGINT and
# SIGTERM mid-run (blocked on a FIFO input, or while the zip is packed): exit 2 / 130 / 143, the
# earlier outputs as they were, no temporary left (libzip's included). Under CI=true a case that
# cannot mount its tmpfs fails.
source "$E2E_LIB"
source "$(dirname "$E2E_LIB")/fixtures/conflict_pair.bash"

P_OPTS=(--import-path imp --email-domain-alias old.example=new.example --no-progress)
expect_exit 0 "$MATTERMERGE" plan source.jsonl --target target.jsonl --out plan.toml "${P_OPTS[@]}"

# A source large enough to fill a small disk, compressed or not: the pair's source, then 20,000
# posts of random words.
python3 - <<'PY'
import random
random.seed(7)
with open("big.jsonl", "w") as f:
    f.write(open("source.jsonl").read())
    for i in range(20000):
        words = ("".join(random.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(random.randint(2, 9))) for _ in range(30))
        f.write('{"type":"post","post":{"team":"eng","channel":"dev","user":"bob","message":"%s","create_at":%d}}\n'
                % (" ".join(words), 10 + i))
PY
cp big.jsonl big.orig

# state DIR: every name in DIR (hidden ones too) and every file's bytes.
state() { (cd "$1" && LC_ALL=C ls -A && find . -type f -exec md5sum {} + | sort); }
# previous DIR NAME...: earlier outputs (and scripts) of those names in DIR; the state to compare with.
previous() {
  local dir=$1 name
  shift
  mkdir -p "$dir"
  for name in "$@"; do echo "previous $name" > "$dir/$name"; done
  state "$dir" > "$dir.before"
}
unchanged() { state "$1" | diff -u "$1.before" - || fail "$2: $1 changed"; }

# 1. Disk full while the main output is written, for each kind of output.
if mount_tmpfs small size=1m; then
  for out in o.jsonl o.jsonl.zst o.zip; do
    previous small "$out" "$out.memberships.sh"
    expect_exit 2 "$MATTERMERGE" apply big.jsonl --plan plan.toml --out "small/$out" --import-path imp --no-progress
    expect_grep "small/.*No space left on device" err
    unchanged small "apply --out $out on a full disk"
    rm -f small/*
  done
  # verify-attachments --fix-out: the tree is copied there (another file system), its import.jsonl
  # does not fit: no OUTDIR, no staging directory.
  state small > small.before
  expect_exit 2 "$MATTERMERGE" verify-attachments big.jsonl --import-path imp --fix-out small/fixed --no-progress
  expect_grep "small/.*No space left on device" err
  unchanged small "verify-attachments --fix-out on a full disk"
fi

# 2. A disk that holds the first output but not the second: neither appears. The free space is
# set to what the first output takes (measured by a run elsewhere), in 4 KiB pages.
pages() { echo $(( ($(stat -c %s "$1") + 4095) / 4096 )); }
# leave_free DIR PAGES: fills the tmpfs at DIR until exactly PAGES pages are free.
leave_free() {
  local avail bs
  avail=$(stat -f -c %a "$1"); bs=$(stat -f -c %S "$1")
  [ "$bs" = 4096 ] || fail "tmpfs block size $bs"
  head -c $(( (avail - $2) * 4096 )) /dev/zero > "$1/.fill"
  [ "$(stat -f -c %a "$1")" = "$2" ] || fail "tmpfs: $(stat -f -c %a "$1") pages free, wanted $2"
}
mkdir ref
expect_exit 0 "$MATTERMERGE" apply source.jsonl --plan plan.toml --out ref/o.jsonl.zst --no-progress
[ -s ref/o.jsonl.zst.memberships.sh ] || fail "the reference run wrote no membership script"
expect_exit 0 "$MATTERMERGE" plan source.jsonl --target target.jsonl --out ref/p.toml --report ref/r.json \
  --notify-csv ref/u.csv "${P_OPTS[@]}"
if mount_tmpfs half size=1m; then
  previous half o.jsonl.zst o.jsonl.zst.memberships.sh
  leave_free half "$(pages ref/o.jsonl.zst)"
  state half > half.before
  expect_exit 2 "$MATTERMERGE" apply source.jsonl --plan plan.toml --out half/o.jsonl.zst --no-progress
  expect_grep 'half/o.jsonl.zst.memberships.sh: (write failed|fsync failed|close failed): No space left on device' err
  unchanged half "apply: the script did not fit"
  rm -f half/* half/.fill

  previous half p.toml r.json u.csv
  leave_free half "$(pages ref/p.toml)"
  state half > half.before
  expect_exit 2 "$MATTERMERGE" plan source.jsonl --target target.jsonl --out half/p.toml --report half/r.json \
    --notify-csv half/u.csv "${P_OPTS[@]}"
  expect_grep 'half/r.json: (write failed|fsync failed|close failed): No space left on device' err
  unchanged half "plan: the report did not fit"
  rm -f half/* half/.fill
fi

# 3. File-size limit: write fails with EFBIG (SIGXFSZ ignored), for each kind of output.
for out in o.jsonl o.jsonl.zst o.zip; do
  previous limit "$out" "$out.memberships.sh"
  got=0
  (ulimit -f 256; exec "$MATTERMERGE" apply big.jsonl --plan plan.toml --out "limit/$out" --import-path imp \
    --no-progress) > out 2> err || got=$?
  [ "$got" = 2 ] || fail "apply --out $out past the file-size limit: exit $got, expected 2"
  expect_grep "limit/.*File too large" err
  unchanged limit "apply --out $out past the file-size limit"
  rm -f limit/*
done
previous limit
got=0
(ulimit -f 256; exec "$MATTERMERGE" verify-attachments big.jsonl --import-path imp --fix-out limit/fixed \
  --no-progress) > out 2> err || got=$?
[ "$got" = 2 ] || fail "verify-attachments --fix-out past the file-size limit: exit $got, expected 2"
expect_grep "limit/.*File too large" err
unchanged limit "verify-attachments --fix-out past the file-size limit"
# plan: a limit under the plan file's size (the report and the CSV are smaller; case 2 has the
# plan in place and the report failing).
[ "$(stat -c %s ref/p.toml)" -gt 4096 ] || fail "the reference plan is not larger than 4 KiB"
previous limit p.toml r.json u.csv
got=0
(ulimit -f 4; exec "$MATTERMERGE" plan source.jsonl --target target.jsonl --out limit/p.toml \
  --report limit/r.json --notify-csv limit/u.csv "${P_OPTS[@]}") > out 2> err || got=$?
[ "$got" = 2 ] || fail "plan past the file-size limit: exit $got, expected 2"
expect_grep 'limit/p.toml: write failed: File too large' err
unchanged limit "plan past the file-size limit"

# 4. SIGINT and SIGTERM in the middle of a run.
want_exit() { [ "$1" = INT ] && echo 130 || echo 143; }
# stop SIG PID WHAT: signals PID, checks its exit code.
stop() {
  kill -s "$1" "$2"
  local got=0
  wait "$2" || got=$?
  [ "$got" = "$(want_exit "$1")" ] || fail "$3: SIG$1: exit $got, expected $(want_exit "$1")"
}

# 4a. apply to .jsonl and .jsonl.zst, and plan, blocked on a FIFO source.
for sig in INT TERM; do
  for o in o.jsonl o.jsonl.zst; do
    rm -f fifo; mkfifo fifo
    previous sig "$o" "$o.memberships.sh" p.toml r.json u.csv
    "$MATTERMERGE" apply fifo --plan plan.toml --out "sig/$o" --no-progress --chunk-size 1 > out 2> err &
    pid=$!
    exec 3> fifo
    head -c 300000 big.jsonl >&3
    wait_for "sig/.$o.tmp-*"
    stop "$sig" "$pid" "apply --out $o"
    exec 3>&-
    unchanged sig "apply --out $o stopped by SIG$sig"
  done

  rm -f fifo; mkfifo fifo
  "$MATTERMERGE" plan source.jsonl --target fifo --out sig/p.toml --report sig/r.json --notify-csv sig/u.csv \
    --no-progress > out 2> err &
  pid=$!
  exec 3> fifo
  head -c 1000 target.jsonl >&3
  sleep 0.3
  stop "$sig" "$pid" "plan"
  exec 3>&-
  unchanged sig "plan stopped by SIG$sig"
  rm -rf sig
done

# 4b. apply to .zip, stopped while the zip is packed (a 4 GiB sparse attachment keeps it busy):
# the archive, written in the staging directory as the files are packed, is not left.
truncate -s 4G imp/data/files/big.bin
{ cat source.jsonl
  echo '{"type":"post","post":{"team":"eng","channel":"dev","user":"bob","message":"big","create_at":5,"attachments":[{"path":"files/big.bin"}]}}'
} > zsrc.jsonl
for sig in INT TERM; do
  previous zipout o.zip o.zip.memberships.sh
  "$MATTERMERGE" apply zsrc.jsonl --plan plan.toml --out zipout/o.zip --import-path imp --no-progress > out 2> err &
  pid=$!
  wait_for 'zipout/.o.zip.tmp-*/o.zip'
  sleep 0.2  # into the 4 GiB file
  stop "$sig" "$pid" "apply --out o.zip while packing"
  unchanged zipout "apply --out o.zip stopped by SIG$sig while packing"
  rm -rf zipout
done
rm imp/data/files/big.bin

# 4c. verify-attachments --fix-out, stopped once files are linked into the new tree: no OUTDIR,
# no staging directory.
for sig in INT TERM; do
  rm -f fifo; mkfifo fifo
  mkdir -p vf
  state vf > vf.before
  "$MATTERMERGE" verify-attachments fifo --import-path imp --fix-out vf/fixed --no-progress --chunk-size 1 \
    > out 2> err &
  pid=$!
  exec 3> fifo
  cat source.jsonl >&3
  head -c 300000 big.jsonl | tail -n +2 >&3
  wait_for 'vf/.fixed.tmp-*/data/files/*' 'vf/fixed/data/files/*'
  stop "$sig" "$pid" "verify-attachments --fix-out"
  exec 3>&-
  unchanged vf "verify-attachments --fix-out stopped by SIG$sig"
done
# The next run of the same command then succeeds (the OUTDIR is not left half made).
expect_exit 1 "$MATTERMERGE" verify-attachments source.jsonl --import-path imp --fix-out vf/fixed --no-progress
[ -f vf/fixed/import.jsonl ] && [ -f vf/fixed/data/files/a.jpg ] || fail "fix-out tree: $(find vf)"
[ "$(ls -A vf)" = fixed ] || fail "vf holds: $(ls -A vf)"

# 5. A run killed with SIGKILL leaves its temporaries; the next run writing the same output
# removes them (only those of dead processes, only of that output).
previous kill o.jsonl.zst o.jsonl.zst.memberships.sh
rm -f fifo; mkfifo fifo
"$MATTERMERGE" apply fifo --plan plan.toml --out kill/o.jsonl.zst --no-progress --chunk-size 1 > out 2> err &
pid=$!
exec 3> fifo
head -c 300000 big.jsonl >&3
wait_for 'kill/.o.jsonl.zst.tmp-*'
kill -s KILL "$pid"
wait "$pid" || true
exec 3>&-
ls -A kill | grep -q "^\.o\.jsonl\.zst\.tmp-$pid-" || fail "SIGKILL left no temporary: $(ls -A kill)"
touch "kill/.o.jsonl.zst.tmp-$$-0" "kill/.other.jsonl.tmp-$pid-0"  # a live process's; another output's
expect_exit 0 "$MATTERMERGE" apply source.jsonl --plan plan.toml --out kill/o.jsonl.zst --no-progress
[ "$(LC_ALL=C ls -A kill | tr '\n' ' ')" = ".o.jsonl.zst.tmp-$$-0 .other.jsonl.tmp-$pid-0 o.jsonl.zst o.jsonl.zst.memberships.sh " ] ||
  fail "after SIGKILL and a new run: $(ls -A kill)"

# 6. Reading is checked with permissions that apply (as root, run as nobody): an unreadable
# attachment is reported, not skipped.
mkdir -p perm/data/files
cp imp/data/files/a.gif perm/data/files/a.gif
chmod 000 perm/data/files/a.gif
chmod 755 perm perm/data perm/data/files
chmod 644 source.jsonl
expect_exit 1 unprivileged "$MATTERMERGE" verify-attachments source.jsonl --import-path perm --no-progress
expect_grep '^source.jsonl:[0-9]+: files/a.gif: unreadable \(Permission denied\)$' out

cmp big.jsonl big.orig || fail "input modified"
