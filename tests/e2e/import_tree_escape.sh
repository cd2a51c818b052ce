# One import tree (docs/robustness.md): a tree whose attachment, emoji image, user and bot profile
# images are symbolic links out of it (a relative link, an absolute link, a directory link in the
# middle of a path), beside a link that stays inside. validate, verify-attachments and plan report
# each escape; plan drops them; apply never packs the outside file into a zip, even from a plan
# made without --import-path; --fix-out neither links it nor may be created inside the tree; a
# line with invalid UTF-8 is checked like any other; zip entry names with backslashes are refused.
source "$E2E_LIB"

mkdir -p imp/data/files imp/data/emoji imp/data/users imp/data/bots outside
python3 - <<'PY'
import struct, zlib
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)) \
    + chunk(b"IDAT", zlib.compress(b"\x00\x00\x00\x00")) + chunk(b"IEND", b"")
open("imp/data/files/ok.png", "wb").write(png)
open("outside/secret.png", "wb").write(png + b"OUTSIDE-SECRET")
PY
ln -s ../../../outside/secret.png imp/data/files/att.png   # attachment: a relative link out
ln -s ../../../outside/secret.png imp/data/emoji/e.png     # emoji image
ln -s ../../../outside/secret.png imp/data/users/u.png     # user profile image
ln -s "$WORK/outside/secret.png" imp/data/bots/b.png       # bot profile image: an absolute link
ln -s ../../outside imp/data/via                           # a directory link in the middle
ln -s files/ok.png imp/data/inside.png                     # stays inside: fine
snapshot() { (cd imp && find . -printf '%p %y %s %l\n' | sort && find . -type f -exec md5sum {} + | sort); }
snapshot > tree.before

cat > source.jsonl <<'JSONL'
{"type":"version","version":1}
{"type":"team","team":{"name":"tm","display_name":"T","type":"O"}}
{"type":"channel","channel":{"team":"tm","name":"c","display_name":"C","type":"O"}}
{"type":"user","user":{"username":"u","email":"u@x.org","profile_image":"users/u.png"}}
{"type":"user","user":{"username":"v","email":"v@x.org"}}
{"type":"bot","bot":{"username":"b","display_name":"B","owner":"v","profile_image":"bots/b.png"}}
{"type":"emoji","emoji":{"name":"e","image":"emoji/e.png"}}
{"type":"emoji","emoji":{"name":"mm_fine","image":"files/ok.png"}}
{"type":"post","post":{"team":"tm","channel":"c","user":"v","message":"m","create_at":1,"attachments":[{"path":"files/ok.png"},{"path":"files/att.png"},{"path":"via/secret.png"},{"path":"inside.png"}]}}
JSONL
# Invalid UTF-8 inside a string: the importer reads it (as U+FFFD), so every command checks it.
printf '{"type":"post","post":{"team":"tm","channel":"c","user":"v","message":"caf\xe9","create_at":2,"attachments":[{"path":"via/secret.png"},{"path":"inside.png"}]}}\n' >> source.jsonl
cat > target.jsonl <<'JSONL'
{"type":"version","version":1}
{"type":"team","team":{"name":"other","display_name":"O","type":"O"}}
JSONL

# validate: every link out is a finding, as verify-attachments reports it; the link inside is fine.
expect_exit 1 "$MATTERMERGE" validate source.jsonl --import-path imp --no-progress
grep '^source.jsonl:[0-9]' out | sed 's/ (imp\/data[^)]*)//' > got || true
cat > want <<'TXT'
source.jsonl:4: user.profile_image: file "users/u.png" is outside the import tree: a symbolic link on its way leads out of the import tree [app.import.validate_user_import_data.profile_image.error]
source.jsonl:6: bot.profile_image: file "bots/b.png" is outside the import tree: a symbolic link on its way leads out of the import tree [app.import.validate_user_import_data.profile_image.error]
source.jsonl:7: emoji.image: file "emoji/e.png" is outside the import tree: a symbolic link on its way leads out of the import tree [app.import.emoji.bad_file.error]
source.jsonl:9: post.attachments[1].path: file "files/att.png" is outside the import tree: a symbolic link on its way leads out of the import tree [mattermerge.attachment.missing]
source.jsonl:9: post.attachments[2].path: file "via/secret.png" is outside the import tree: a symbolic link on its way leads out of the import tree [mattermerge.attachment.missing]
source.jsonl:10: post.attachments[0].path: file "via/secret.png" is outside the import tree: a symbolic link on its way leads out of the import tree [mattermerge.attachment.missing]
TXT
diff -u want got || fail "validate findings differ"

# verify-attachments: the same six, one problem kind; the invalid UTF-8 line is read, not skipped.
expect_exit 1 "$MATTERMERGE" verify-attachments source.jsonl --import-path imp --no-progress
grep '^source.jsonl:[0-9]' out > got || true
cat > want <<'TXT'
source.jsonl:4: users/u.png: outside_tree (a symbolic link on its way leads out of the import tree)
source.jsonl:6: bots/b.png: outside_tree (a symbolic link on its way leads out of the import tree)
source.jsonl:7: emoji/e.png: outside_tree (a symbolic link on its way leads out of the import tree)
source.jsonl:9: files/att.png: outside_tree (a symbolic link on its way leads out of the import tree)
source.jsonl:9: via/secret.png: outside_tree (a symbolic link on its way leads out of the import tree)
source.jsonl:10: via/secret.png: outside_tree (a symbolic link on its way leads out of the import tree)
TXT
diff -u want got || fail "verify-attachments problems differ"
expect_grep '^  outside_tree +6$' out
expect_grep '^  ok +4$' out
if grep -q 'not JSON\|malformed' out; then fail "the invalid UTF-8 line was skipped"; fi

# plan --import-path: each escape is a file_outside_tree conflict, dropped from the import.
expect_exit 0 "$MATTERMERGE" plan source.jsonl --target target.jsonl --import-path imp --out plan.toml \
  --report report.json --no-progress
python3 - <<'PY'
import json
d = json.load(open("report.json"))
got = sorted((c["kind"], c["subject"], c["source_line"], c["severity"]) for c in d["conflicts"]
             if c["kind"].startswith(("file_", "attachment_", "profile_", "emoji_image")))
want = [("file_outside_tree", "bots/b.png", 6, "error"), ("file_outside_tree", "emoji/e.png", 7, "error"),
        ("file_outside_tree", "files/att.png", 9, "error"), ("file_outside_tree", "users/u.png", 4, "error"),
        ("file_outside_tree", "via/secret.png", 9, "error"), ("file_outside_tree", "via/secret.png", 10, "error")]
assert got == want, got
PY
python3 - <<'PY'
import re
text = open("plan.toml").read()
emoji = re.findall(r'\[\[emoji\]\]\nname = "([^"]*)"\naction = "(\w+)"', text)
assert emoji == [("e", "drop")], emoji  # mm_fine is kept: implied, not written
files = re.findall(r'\[\[attachment\]\]\npath = "([^"]*)"\naction = "(\w+)"', text)
assert files == [("bots/b.png", "drop"), ("files/att.png", "drop"), ("users/u.png", "drop"), ("via/secret.png", "drop")], files
PY

# apply to a zip by that plan: the outside file is in no entry, the links inside are packed.
expect_exit 0 "$MATTERMERGE" apply source.jsonl --plan plan.toml --out o.zip --import-path imp --no-progress
unzip -Z1 o.zip | sort > entries
printf '%s\n' data/files/ok.png data/inside.png import.jsonl > want
diff -u want entries || fail "zip entries differ"
if unzip -p o.zip | grep -aq OUTSIDE-SECRET; then fail "the outside file was packed"; fi
unzip -p o.zip import.jsonl > packed.jsonl
if grep -q 'secret\|att.png\|"e"\|u.png\|b.png' packed.jsonl; then fail "a reference to an outside file is left"; fi
expect_grep '"username":"b"' packed.jsonl

# A plan made without --import-path did not look at the tree: apply refuses the zip (exit 2,
# nothing written) rather than pack a file from outside it.
expect_exit 0 "$MATTERMERGE" plan source.jsonl --target target.jsonl --out blind.toml --no-progress
expect_exit 2 "$MATTERMERGE" apply source.jsonl --plan blind.toml --out blind.zip --import-path imp --no-progress
expect_grep 'leads out of the import tree' err
[ ! -e blind.zip ] || fail "blind.zip written"
[ -z "$(ls -A . | grep -E '^\.blind|\.zip\.' || true)" ] || fail "temporaries left: $(ls -A)"
expect_no_leftovers .

# --fix-out: the links out are dropped, never linked; the link inside is placed as its file.
expect_exit 1 "$MATTERMERGE" verify-attachments source.jsonl --import-path imp --fix-out fixed --no-progress
(cd fixed && find . -type f | sort) > got
printf '%s\n' ./data/files/ok.png ./data/inside.png ./import.jsonl > want
diff -u want got || fail "fix-out tree differs"
if grep -rqa OUTSIDE-SECRET fixed; then fail "the outside file reached the fix-out tree"; fi
[ "$(stat -c %i fixed/data/inside.png)" = "$(stat -c %i imp/data/files/ok.png)" ] || fail "inside.png not linked"
# The invalid UTF-8 line lost its outside reference too (written as read, with U+FFFD).
expect_grep '^\{"type":"post","post":\{"team":"tm","channel":"c","user":"v","message":"caf.*","create_at":2,"attachments":\[\{"path":"inside.png"\}\]\}\}$' fixed/import.jsonl
if grep -q 'secret\|att.png\|u.png\|b.png\|emoji/e.png' fixed/import.jsonl; then fail "fix-out kept an outside reference"; fi

# --fix-out inside the import tree is refused before any directory is made, also through a link.
expect_exit 2 "$MATTERMERGE" verify-attachments source.jsonl --import-path imp --fix-out imp/data/a/b/c --no-progress
expect_grep 'is inside the (import directory|--import-path)' err
[ ! -e imp/data/a ] || fail "imp/data/a created"
ln -s imp/data tree-link
expect_exit 2 "$MATTERMERGE" verify-attachments source.jsonl --import-path imp --fix-out tree-link/x/y --no-progress
[ ! -e imp/data/x ] || fail "imp/data/x created through a link"

# Zip entry names with backslashes are refused, from the import tree and from an mmctl zip.
printf 'png' > 'imp/data/..\..\evil.png'
cat > bs.jsonl <<'JSONL'
{"type":"version","version":1}
{"type":"team","team":{"name":"tm","display_name":"T","type":"O"}}
{"type":"channel","channel":{"team":"tm","name":"c","display_name":"C","type":"O"}}
{"type":"user","user":{"username":"v","email":"v@x.org"}}
{"type":"post","post":{"team":"tm","channel":"c","user":"v","message":"m","create_at":1,"attachments":[{"path":"..\\..\\evil.png"}]}}
JSONL
expect_exit 0 "$MATTERMERGE" plan bs.jsonl --target target.jsonl --out bs.toml --no-progress
expect_exit 2 "$MATTERMERGE" apply bs.jsonl --plan bs.toml --out bs.zip --import-path imp --no-progress
expect_grep 'zip entry name "data/\.\.\\\.\.\\evil\.png" holds a backslash' err
[ ! -e bs.zip ] || fail "bs.zip written"
rm 'imp/data/..\..\evil.png'
python3 - <<'PY'
import zipfile
with zipfile.ZipFile("bs-src.zip", "w") as z:
    z.write("bs.jsonl", "import.jsonl")
    z.writestr("data/..\\..\\evil.png", b"png")
PY
expect_exit 0 "$MATTERMERGE" plan bs-src.zip --target target.jsonl --out bs2.toml --no-progress
expect_exit 2 "$MATTERMERGE" apply bs-src.zip --plan bs2.toml --out bs2.zip --no-progress
expect_grep 'holds a backslash' err
[ ! -e bs2.zip ] || fail "bs2.zip written"

# The import tree was never touched.
snapshot > tree.after
diff -u tree.before tree.after || fail "the import tree changed"
