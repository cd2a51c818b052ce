# validate on a hand-written export: per-line errors, ordering and reference errors, output
# format, --json, --max-errors, exit codes.
source "$E2E_LIB"

cat > e.jsonl <<'JSONL'
{"type":"version","version":1}
{"type":"team","team":{"name":"tm","display_name":"T","type":"O"}}
{"type":"channel","channel":{"team":"tm","name":"c","type":"O"}}
{"type":"user","user":{"username":"u","email":"u@x.org","teams":[{"name":"tm","channels":[{"name":"c"},{"name":"late"}]}]}}
{"type":"post","post":{"team":"tm","channel":"c","user":"later","message":"m","create_at":1}}
{"type":"user","user":{"username":"later","email":"l@x.org"}}
{"type":"channel","channel":{"team":"tm","name":"late","type":"X"}}
{"type":"post","post":{"team":"tm","channel":"c","user":"u","message":"m","create_at":0,"replies":[{"user":"u","message":"r","create_at":-1}]}}
{"type":"team","team":{"name":"TM","display_name":"T","type":"O"}}
{"type":"post","post":{"team":"tm","channel":"c","user":"u","message":"m","create_at":1.5}}
not json
{"type":"version","version":1}
JSONL
expect_exit 1 "$MATTERMERGE" validate e.jsonl
cat > want <<'EOF2'
e.jsonl:4: user.teams[0].channels[1].name: channel "late" is not defined before line 4 [app.import.import_user_channels.channel_not_found.error]
e.jsonl:5: post.user: user "later" is not defined before line 5 [app.import.get_users_by_username.some_users_not_found.error]
e.jsonl:7: channel.type: type "X" is not "O" or "P" [app.import.validate_channel_import_data.type_invalid.error]
e.jsonl:8: post.create_at: create_at is 0 [app.import.validate_post_import_data.create_at_zero.error]
e.jsonl:8: post.replies[0].create_at: warning: create_at -1 is before the post's 0 (the import moves it to the post's) [app.import.validate_reply_import_data.create_at_before_parent.error]
e.jsonl:9: team.name: team "TM" is defined again (first at line 2) [mattermerge.duplicate_definition]
e.jsonl:10: post.create_at: expected integer (int64), got number 1.5 [app.import.bulk_import.json_decode.error]
e.jsonl:11: line: not valid JSON: Problem while parsing an atom starting with the letter 'n' [app.import.bulk_import.json_decode.error]
e.jsonl:12: version: a second version line (the version line must be line 1, once) [app.import.import_line.unknown_line_type.error]
EOF2
grep '^e.jsonl:[0-9]' out > got || true
diff -u want got || fail "findings differ"
expect_grep '^e.jsonl: INVALID$' out
expect_grep '^  lines +12$' out
expect_grep '^    post +3$' out
expect_grep '^    malformed +1$' out
expect_grep '^  errors +8$' out
expect_grep '^ +2  app.import.bulk_import.json_decode.error$' out
expect_grep '^  warnings +1$' out
expect_grep 'MB/s' out

expect_exit 1 "$MATTERMERGE" validate e.jsonl --json --max-errors 3
python3 - "$WORK/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["valid"] is False, d
assert d["lines"] == 12, d
assert d["counts"]["post"] == 3 and d["counts"]["malformed"] == 1 and d["counts"]["version"] == 2, d["counts"]
assert d["error_count"] == 8, d
assert d["truncated"] is True, d
e = d["errors"]
assert [x["line"] for x in e] == [4, 5, 7], e
assert e[1] == {"line": 5, "type": "post", "field": "user",
                "rule": "app.import.get_users_by_username.some_users_not_found.error",
                "message": "user \"later\" is not defined before line 5"}, e[1]
assert d["errors_by_rule"]["app.import.bulk_import.json_decode.error"] == 2, d
PY

# A clean file: exit 0.
head -3 e.jsonl > ok.jsonl
expect_exit 0 "$MATTERMERGE" validate ok.jsonl
expect_grep '^ok.jsonl: valid$' out

# Compressed input gives the same verdicts.
zstd -q e.jsonl -o e.jsonl.zst
expect_exit 1 "$MATTERMERGE" validate e.jsonl.zst --json
python3 -c "import json,sys; d=json.load(open('$WORK/out')); assert d['error_count']==8, d"

# Usage and I/O errors: exit 2.
expect_exit 2 "$MATTERMERGE" validate missing.jsonl
expect_exit 2 "$MATTERMERGE" validate e.jsonl --import-path does-not-exist
expect_exit 2 "$MATTERMERGE" validate e.jsonl --max-post-size 0
