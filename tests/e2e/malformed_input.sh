# Hostile and broken input through the CLI: each case gives a clear error naming the file and the
# line, the documented exit code, no output file left behind, and the input unchanged.
source "$E2E_LIB"

V='{"type":"version","version":1}'
T='{"type":"team","team":{"name":"t1","display_name":"T1","type":"O"}}'
C='{"type":"channel","channel":{"team":"t1","name":"c1","display_name":"C1","type":"O"}}'
U='{"type":"user","user":{"username":"alice","email":"alice@example.com","teams":[{"name":"t1","channels":[{"name":"c1"}]}]}}'
post() { printf '{"type":"post","post":{"team":"t1","channel":"c1","user":"alice","message":"%s","create_at":1%s}}' "$1" "${2:-}"; }

# check_invalid FILE LINE PATTERN: validate exits 1 naming FILE:LINE with PATTERN, input unchanged.
check_invalid() {
  local file=$1 line=$2 pattern=$3 sum
  sum=$(sha256sum "$file")
  expect_exit 1 "$MATTERMERGE" validate "$file" --no-progress
  expect_grep "^$file:$line: .*$pattern" out
  [ "$(sha256sum "$file")" = "$sum" ] || fail "$file was modified"
}

printf '%s\n%s\n{"type":"team","team":{"name":"t2"' "$V" "$T" > truncated.jsonl
check_invalid truncated.jsonl 3 'not valid JSON'

printf '%s\nhello\n' "$V" > notjson.jsonl
check_invalid notjson.jsonl 2 'json_decode'

printf '%s\n{"type":"team","team":{"name":"t1","display_name":"T\x00","type":"O"}}\n' "$V" > nul.jsonl
check_invalid nul.jsonl 2 'not valid JSON'

printf '%s\n%s\n{"type":"channel","channel":{"team":"t1","name":"c","display_name":"C","type":"O","deleted_at":99999999999999999999}}\n' "$V" "$T" > range.jsonl
check_invalid range.jsonl 3 'json_decode'

printf '%s\n%s\n{"type":"channel","channel":{"team":"t1","name":"c","display_name":"C","type":"O","deleted_at":1.5}}\n' "$V" "$T" > float.jsonl
check_invalid float.jsonl 3 'deleted_at'

python3 -c "print('$V'); print('{\"type\":\"team\",\"team\":{\"name\":\"t1\",\"display_name\":\"T\",\"type\":\"O\",\"x\":' + '['*20000 + ']'*20000 + '}}')" > deep.jsonl
check_invalid deep.jsonl 2 ''

: > empty.jsonl
check_invalid empty.jsonl 1 'version'

printf '%s\n%s\n' "$T" "$V" > version-second.jsonl
check_invalid version-second.jsonl 1 'version'

# A BOM: Go's JSON decoder rejects it, so the importer fails on line 1.
printf '\xef\xbb\xbf%s\n%s\n' "$V" "$T" > bom.jsonl
check_invalid bom.jsonl 1 'byte order mark'

# Accepted as the server accepts them: invalid UTF-8 (read as U+FFFD), duplicate keys (the last
# wins), CRLF line ends, a file holding only the version line.
printf '%s\n{"type":"team","team":{"name":"t1","display_name":"T\xff\xfe","type":"O"}}\n' "$V" > utf8.jsonl
printf '%s\n{"type":"team","team":{"name":"BAD NAME","name":"t1","display_name":"T","type":"O"}}\n' "$V" > dupkeys.jsonl
printf '%s\r\n%s\r\n%s\r\n%s\r\n%s\r\n' "$V" "$T" "$C" "$U" "$(post hi)" > crlf.jsonl
printf '%s\n' "$V" > only-version.jsonl
for f in utf8.jsonl dupkeys.jsonl crlf.jsonl only-version.jsonl; do
  expect_exit 0 "$MATTERMERGE" validate "$f" --no-progress
  expect_exit 0 "$MATTERMERGE" stats "$f" --no-progress
done
# ... and by plan and apply: the team with invalid UTF-8 is indexed like any other.
printf '%s\n{"type":"team","team":{"name":"t1","display_name":"Other","type":"O"}}\n' "$V" > utf8-target.jsonl
expect_exit 0 "$MATTERMERGE" plan utf8.jsonl --target utf8-target.jsonl --out utf8-plan.toml --no-progress
expect_grep 't1 .line 2.: merged into target team "t1"' out
expect_exit 0 "$MATTERMERGE" apply utf8.jsonl --plan utf8-plan.toml --out utf8-out.jsonl --no-progress
cmp -s utf8.jsonl utf8-out.jsonl || fail "apply changed lines the plan does not touch"

# A 100 MiB line: skipped unread and reported at its line: the importer's scanner stops at 16 MiB.
{ printf '%s\n%s\n%s\n%s\n' "$V" "$T" "$C" "$U"; post "$(head -c $((100 << 20)) /dev/zero | tr '\0' 'x')"; printf '\n%s\n' "$(post after 2)"; } > huge.jsonl
check_invalid huge.jsonl 5 "line longer than the importer's 16 MiB limit"
grep -q '^huge.jsonl:6:' out && fail "the line after the huge line was reported"

# Compressed and packaged inputs that are broken: exit 2, the file named.
printf '%s\n%s\n' "$V" "$T" | zstd -q -c > good.jsonl.zst
head -c 20 good.jsonl.zst > truncated.jsonl.zst
expect_exit 2 "$MATTERMERGE" validate truncated.jsonl.zst --no-progress
expect_grep 'truncated.jsonl.zst: zstd stream is truncated' err
{ head -c 12 good.jsonl.zst; printf 'garbage-garbage-garbage'; } > corrupt.jsonl.zst
expect_exit 2 "$MATTERMERGE" validate corrupt.jsonl.zst --no-progress
expect_grep 'corrupt.jsonl.zst: (corrupt zstd data|zstd stream is truncated)' err
mkdir -p nojsonl/data && echo x > nojsonl/data/a.txt && (cd nojsonl && zip -q -r ../nojsonl.zip data)
expect_exit 2 "$MATTERMERGE" validate nojsonl.zip --no-progress
expect_grep 'nojsonl.zip: zip holds no root-level .jsonl' err

# Attachment paths that escape the import directory, and files that cannot be read.
mkdir -p tree/data/dir
printf '%s\n%s\n%s\n%s\n' "$V" "$T" "$C" "$U" > attach.jsonl
post 'a' ',"attachments":[{"path":"../../etc/passwd"}]' >> attach.jsonl; echo >> attach.jsonl
post 'b' ',"attachments":[{"path":"dir"}]' >> attach.jsonl; echo >> attach.jsonl
cp attach.jsonl attach.orig
expect_exit 1 "$MATTERMERGE" validate attach.jsonl --import-path tree --no-progress
expect_grep '^attach.jsonl:5: post.attachments\[0\].path' out
expect_grep '^attach.jsonl:6: post.attachments\[0\].path' out
expect_exit 1 "$MATTERMERGE" verify-attachments attach.jsonl --import-path tree --no-progress
expect_grep '^attach.jsonl:6: dir: unreadable' out
cmp -s attach.jsonl attach.orig || fail "attach.jsonl modified"

# apply on broken input leaves no output; a plan naming what does not exist is refused.
"${GEN_SYNTHETIC:?}" --out gen --posts 1000 --seed 3 > /dev/null 2>&1
expect_exit 0 "$MATTERMERGE" plan gen/source.jsonl --target gen/target.jsonl --out plan.toml --no-progress
head -c 200000 gen/source.jsonl > cut.jsonl
expect_exit 1 "$MATTERMERGE" apply cut.jsonl --plan plan.toml --out merged.jsonl --no-progress
[ -e merged.jsonl ] && fail "apply left an output for a broken input"
sed 's/^action = "rename"  /action = "explode" /' plan.toml > bad-action.toml
expect_exit 2 "$MATTERMERGE" apply gen/source.jsonl --plan bad-action.toml --out merged.jsonl --no-progress
expect_grep 'bad-action.toml:[0-9]+: .*unknown value "explode"' err
[ -e merged.jsonl ] && fail "apply left an output for a bad plan"
expect_no_leftovers .
