# plan reports post lines it cannot read (a line cut short, a line that is not JSON) as skipped
# unreadable lines, in line order with the others, and exits 1: the plan may miss what they hold.
source "$E2E_LIB"
source "$(dirname "$E2E_LIB")/fixtures/conflict_pair.bash"

expect_exit 0 "$MATTERMERGE" plan source.jsonl --target target.jsonl --out clean.toml --no-progress

cp source.jsonl bad.jsonl
# line 25: cut short inside a string, nothing in it that plan counts; line 26: a post with a
# mention cut short between fields; line 27: not JSON (read and reported by the index).
cat >> bad.jsonl <<'JSONL'
{"type":"post","post":{"team":"eng","channel":"dev","user":"bob","message":"cut he
{"type":"post","post":{"team":"sales","channel":"deals","user":"bob","message":"hi @carol2"
{"post":{"team":"eng"},"type":"post",}
JSONL
for extra in "" "--import-path imp"; do
  # shellcheck disable=SC2086
  expect_exit 1 "$MATTERMERGE" plan bad.jsonl --target target.jsonl --out bad.toml --no-progress $extra
  grep 'skipped unreadable line' err | cut -d: -f1-3 > got
  printf '%s\n' 'bad.jsonl:25: skipped unreadable line' 'bad.jsonl:26: skipped unreadable line' \
    'bad.jsonl:27: skipped unreadable line' > want
  diff -u want got || fail "unreadable lines reported ($extra)"
  expect_grep '^3 unreadable line\(s\) skipped: the plan may miss conflicts they hold' out
done
