# Memory stays bounded whatever the input (docs/robustness.md): a line longer than the importer's
# 16 MiB limit is a finding of every command and is never held whole; findings and attachment
# problems are kept up to a bound and counted beyond it; compressed input through a pipe is read
# as what it is. Peak RSS (/usr/bin/time) is checked against generous bounds, never time.
source "$E2E_LIB"

# peak_mib VAR CODE CMD...: runs CMD (exit CODE expected), its peak resident size in MiB in VAR.
peak_mib() {
  local var=$1 want=$2
  shift 2
  expect_exit "$want" /usr/bin/time -f %M -o "$WORK/rss" "$@"
  printf -v "$var" '%s' $(($(tail -1 "$WORK/rss") / 1024))
}
# expect_below MIB LIMIT WHAT. Under AddressSanitizer (scripts/test.sh --sanitize sets ASAN_OPTIONS)
# every allocation carries shadow memory and a quarantine: the bound is doubled there, still far
# below the gigabytes the unbounded reading took.
expect_below() {
  local limit=$2
  [ -n "${ASAN_OPTIONS:-}" ] && limit=$((limit * 2))
  [ "$1" -lt "$limit" ] || fail "$3: peak RSS $1 MiB, expected under $limit MiB"
  echo "$3: peak RSS $1 MiB (bound $limit)"
}

V='{"type":"version","version":1}'

# --- A line over 16 MiB: a finding of every command, the line skipped, the next ones read.
python3 - <<'PY'
head = ['{"type":"version","version":1}',
        '{"type":"team","team":{"name":"tm","display_name":"T","type":"O"}}',
        '{"type":"channel","channel":{"team":"tm","name":"ch","display_name":"C","type":"O"}}',
        '{"type":"user","user":{"username":"alice","email":"alice@example.com"}}']
post = '{"type":"post","post":{"team":"tm","channel":"ch","user":"alice","message":"%s","create_at":1}}'
with open("src.jsonl", "w") as f:
    f.write("\n".join(head) + "\n")
    f.write(post % ("x" * (17 << 20)) + "\n")        # line 5: 17 MiB
    f.write(post % "after" + "\n")                     # line 6
with open("tgt.jsonl", "w") as f:
    f.write("\n".join(head[:2]) + "\n")
PY
long_bytes=$(sed -n 5p src.jsonl | wc -c)
msg="line longer than the importer's 16 MiB limit \($long_bytes bytes\): skipped unread"

for input in mmap read; do
  expect_exit 1 "$MATTERMERGE" stats src.jsonl --input $input --no-progress
  expect_grep "^src.jsonl:5: $msg\$" err
  expect_exit 1 "$MATTERMERGE" stats src.jsonl --input $input --json --no-progress
  python3 - "$WORK/out" "$long_bytes" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["lines"] == 6 and d["counts"]["malformed"] == 1 and d["counts"]["post"] == 1, d
assert d["largest_line"]["line"] == 5 and d["largest_line"]["bytes"] == int(sys.argv[2]), d["largest_line"]
assert [m["line"] for m in d["malformed"]] == [5], d["malformed"]
PY
  expect_exit 1 "$MATTERMERGE" validate src.jsonl --input $input --no-progress
  expect_grep "^src.jsonl:5: line: $msg \[app.import.bulk_import.file_scan.error\]\$" out
  [ "$(grep -c '^src.jsonl:[0-9]' out)" = 1 ] || fail "validate: other findings than line 5: $(cat out)"
done

expect_exit 1 "$MATTERMERGE" plan src.jsonl --target tgt.jsonl --out plan.toml --no-progress
expect_grep "^src.jsonl:5: skipped unreadable line: $msg\$" err
expect_grep '^1 unreadable line\(s\) skipped' out

mkdir applied
expect_exit 1 "$MATTERMERGE" apply src.jsonl --plan plan.toml --out applied/o.jsonl --no-progress
expect_grep "^applied/o.jsonl:5: line: $msg \(source line 5\) \[app.import.bulk_import.file_scan.error\]\$" err
expect_grep 'nothing written' err
[ -z "$(ls -A applied)" ] || fail "apply wrote despite the long line: $(ls -A applied)"

mkdir -p imp/data
expect_exit 1 "$MATTERMERGE" verify-attachments src.jsonl --import-path imp --no-progress
expect_grep "^src.jsonl:5: malformed line skipped: $msg\$" out
expect_exit 2 "$MATTERMERGE" verify-attachments src.jsonl --import-path imp --fix-out fixed --no-progress
expect_grep "src.jsonl:5: $msg; --fix-out cannot copy it" err
[ ! -e fixed ] || fail "--fix-out left $(ls -A fixed)"

# --- Memory: eight 64 MiB lines through zstd (each chunk used to grow to hold its line whole).
python3 -c '
import sys
line = b"{\"type\":\"post\",\"post\":{\"message\":\"" + b"y" * (64 << 20) + b"\"}}\n"
sys.stdout.buffer.write(b"{\"type\":\"version\",\"version\":1}\n")
for _ in range(8): sys.stdout.buffer.write(line)
' | zstd -q -1 -o long.jsonl.zst
peak_mib rss 1 "$MATTERMERGE" validate long.jsonl.zst --threads 2 --no-progress
expect_below "$rss" 300 "validate, eight 64 MiB lines (.zst)"
[ "$(grep -c "^long.jsonl.zst:[2-9]: line: line longer than the importer's 16 MiB limit" out)" = 8 ] ||
  fail "not one finding per long line: $(head -c 2000 out)"
peak_mib rss 1 "$MATTERMERGE" stats long.jsonl.zst --threads 2 --no-progress
expect_below "$rss" 300 "stats, eight 64 MiB lines (.zst)"

# A plain file, mapped: the long lines' pages are dropped as they are skipped.
zstd -q -d long.jsonl.zst -o long.jsonl
peak_mib rss 1 "$MATTERMERGE" stats long.jsonl --threads 2 --no-progress
expect_below "$rss" 300 "stats, eight 64 MiB lines (mapped)"
[ "$(grep -c "line longer than the importer's 16 MiB limit" err)" = 8 ] || fail "stats: $(cat err)"
rm long.jsonl

# One endless line from a pipe (as `stats /dev/zero`): skipped, not buffered.
peak_mib rss 1 "$MATTERMERGE" stats <(head -c 400M /dev/zero) --threads 2 --no-progress
expect_below "$rss" 300 "stats, 400 MiB without a newline (pipe)"
expect_grep ":1: line longer than the importer's 16 MiB limit \(419430400 bytes\)" err

# --- Findings: 32 MiB of newlines from a small .zst (each 1 MiB chunk used to hold a million
# findings), and a million `{}` lines.
n=$((32 << 20))
head -c $n /dev/zero | tr '\0' '\n' | zstd -q -1 -o newlines.jsonl.zst
peak_mib rss 1 "$MATTERMERGE" validate newlines.jsonl.zst --threads 2 --no-progress
expect_below "$rss" 300 "validate, 32 Mi empty lines (.zst)"
expect_grep '^newlines.jsonl.zst:1: line: empty line \[app.import.bulk_import.json_decode.error\]$' out
expect_grep '^newlines.jsonl.zst:1000: line: empty line' out
[ "$(grep -c '^newlines.jsonl.zst:[0-9]' out)" = 1000 ] || fail "not 1000 findings printed"
expect_grep "^newlines.jsonl.zst: … $((n - 1000)) more findings not shown \(--max-errors\)$" out
expect_grep "^ +$n  app.import.bulk_import.json_decode.error$" out
peak_mib rss 1 "$MATTERMERGE" stats newlines.jsonl.zst --threads 2 --no-progress
expect_below "$rss" 300 "stats, 32 Mi empty lines (.zst)"
expect_grep "^newlines.jsonl.zst: … and $((n - 1000)) more malformed lines$" err

python3 -c 'import sys; sys.stdout.write(sys.argv[1] + "\n" + "{}\n" * 1000000)' "$V" > objects.jsonl
peak_mib rss 1 "$MATTERMERGE" validate objects.jsonl --threads 2 --no-progress --json
expect_below "$rss" 150 "validate, a million {} lines"
python3 - "$WORK/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["error_count"] == 1000000, d["error_count"]
assert d["errors_by_rule"] == {"app.import.import_line.unknown_line_type.error": 1000000}, d["errors_by_rule"]
assert len(d["errors"]) == 1000 and d["truncated"], len(d["errors"])
assert d["errors"][-1]["line"] == 1001, d["errors"][-1]
PY

# --- verify-attachments: problems listed up to 10,000, all counted.
python3 - <<'PY'
lines = ['{"type":"version","version":1}']
for i in range(3000):
    att = ",".join('{"path":"missing/%d/%d.png"}' % (i, k) for k in range(20))
    lines.append('{"type":"post","post":{"team":"t","channel":"c","user":"u","message":"m","create_at":1,"attachments":[%s]}}' % att)
open("missing.jsonl", "w").write("\n".join(lines) + "\n")
PY
expect_exit 1 "$MATTERMERGE" verify-attachments missing.jsonl --import-path imp --no-progress
[ "$(grep -c '^missing.jsonl:[0-9]*: .*missing/' out)" = 10000 ] || fail "not 10,000 problems listed"
expect_grep '^missing.jsonl: … and 50000 more problems not listed \(counted below\)$' out
expect_grep '^  missing +60000$' out

# --- Compressed input through a pipe: decompressed; a zip: an error naming the file.
printf '%s\n{"type":"team","team":{"name":"tm","display_name":"T","type":"O"}}\n' "$V" > small.jsonl
zstd -q small.jsonl -o small.jsonl.zst
expect_exit 0 "$MATTERMERGE" stats <(cat small.jsonl.zst) --json --no-progress
python3 - "$WORK/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["lines"] == 2 and d["counts"]["team"] == 1 and d["counts"]["malformed"] == 0, d
PY
expect_exit 0 "$MATTERMERGE" validate <(cat small.jsonl.zst) --no-progress
(cp small.jsonl import.jsonl && zip -q small.zip import.jsonl)
expect_exit 2 "$MATTERMERGE" stats <(cat small.zip) --no-progress
expect_grep '^mattermerge: /dev/fd/[0-9]+: is a zip read through a pipe; a zip needs seeking' err
