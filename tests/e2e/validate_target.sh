# validate --target: names defined in the target export resolve; its archived channels cannot be
# imported into.
source "$E2E_LIB"

cat > target.jsonl <<'JSONL'
{"type":"version","version":1}
{"type":"team","team":{"name":"shared","display_name":"S","type":"O"}}
{"type":"channel","channel":{"team":"shared","name":"live","type":"O","deleted_at":0}}
{"type":"channel","channel":{"team":"shared","name":"old","type":"O","deleted_at":1600000000000}}
{"type":"user","user":{"username":"tuser","email":"t@x.org"}}
{"type":"post","post":{"team":"shared","channel":"live","user":"tuser","message":"m","create_at":1}}
JSONL
cat > source.jsonl <<'JSONL'
{"type":"version","version":1}
{"type":"user","user":{"username":"s","email":"s@x.org","teams":[{"name":"shared","channels":[{"name":"live"}]}]}}
{"type":"post","post":{"team":"shared","channel":"live","user":"tuser","message":"m","create_at":1}}
{"type":"post","post":{"team":"shared","channel":"old","user":"s","message":"m","create_at":1}}
JSONL

expect_exit 1 "$MATTERMERGE" validate source.jsonl
expect_grep '^  errors +4$' out

expect_exit 1 "$MATTERMERGE" validate source.jsonl --target target.jsonl
grep '^source.jsonl:[0-9]' out > got || true
cat > want <<'EOF2'
source.jsonl:4: post.channel: channel "old" is archived in the target (line 4): the import cannot add to it [mattermerge.reference.archived_channel]
EOF2
diff -u want got || fail "findings differ"
expect_grep '^  target +target.jsonl \(6 lines' out

# Without the archived channel the file is valid against the target.
head -3 source.jsonl > ok.jsonl
expect_exit 0 "$MATTERMERGE" validate ok.jsonl --target target.jsonl
expect_exit 2 "$MATTERMERGE" validate ok.jsonl --target missing.jsonl
