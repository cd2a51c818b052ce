# validate --import-path DIR: attachments, emoji images and profile images must exist under
# DIR/data/ (DIR is the directory holding data/, as an unpacked mmctl export).
source "$E2E_LIB"

mkdir -p export/data/20240101/f1 export/data/emoji/e1
printf 'png' > export/data/20240101/f1/a.png
printf 'gif' > export/data/emoji/e1/image
cat > export/import.jsonl <<'JSONL'
{"type":"version","version":1}
{"type":"team","team":{"name":"tm","display_name":"T","type":"O"}}
{"type":"channel","channel":{"team":"tm","name":"c","type":"O"}}
{"type":"user","user":{"username":"u","email":"u@x.org"}}
{"type":"post","post":{"team":"tm","channel":"c","user":"u","message":"m","create_at":1,"attachments":[{"path":"20240101/f1/a.png"},{"path":"20240101/f1/b.png"},{"path":"../../etc/passwd"}]}}
{"type":"emoji","emoji":{"name":"mm_ok","image":"emoji/e1/image"}}
{"type":"emoji","emoji":{"name":"mm_gone","image":"emoji/e2/image"}}
JSONL

expect_exit 1 "$MATTERMERGE" validate export/import.jsonl --import-path export
grep '^export/import.jsonl:[0-9]' out | sed 's/ (export\/data[^)]*)//' > got || true
cat > want <<'EOF2'
export/import.jsonl:5: post.attachments[1].path: file "20240101/f1/b.png" not found under the import path [mattermerge.attachment.missing]
export/import.jsonl:5: post.attachments[2].path: path "../../etc/passwd" leads out of the import's data/ directory [app.import.validate_post_import_data.attachment.error]
export/import.jsonl:7: emoji.image: file "emoji/e2/image" not found under the import path [app.import.emoji.bad_file.error]
EOF2
diff -u want got || fail "findings differ"

# Without --import-path only the escape is an error.
expect_exit 1 "$MATTERMERGE" validate export/import.jsonl
expect_grep '^  errors +1$' out

# The mmctl zip of the same export: its JSONL is read from the zip.
(cd export && zip -q -r ../export.zip import.jsonl data)
expect_exit 1 "$MATTERMERGE" validate export.zip --import-path export
expect_grep '^  errors +3$' out
