# verify-attachments on user and bot profile images: the importer decodes each one's header and
# fails the user line when it cannot (or when the file is missing); --fix-out drops such a
# profile_image so the user is imported without it.
source "$E2E_LIB"
mkdir -p tree/data/users
printf '\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89' > tree/data/users/ok.png
printf 'not an image\n' > tree/data/users/text.png
printf '\xff\xd8\xff\xe0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0\xff\xd9' > tree/data/users/jpeg.gif
cat > export.jsonl <<'JSONL'
{"type":"version","version":1}
{"type":"user","user":{"username":"alice","email":"alice@example.com","profile_image":"users/ok.png"}}
{"type":"user","user":{"username":"bob","profile_image":"users/text.png","email":"bob@example.com"}}
{"type":"user","user":{"profile_image":"users/gone.png","username":"carol","email":"carol@example.com"}}
{"type":"bot","bot":{"username":"robo","owner":"alice","profile_image":"users/jpeg.gif"}}
JSONL
expect_exit 1 "$MATTERMERGE" verify-attachments export.jsonl --import-path tree
grep '^export.jsonl:' out > problems.txt
cat > problems.expected <<'TXT'
export.jsonl:3: users/text.png: type_mismatch (text/plain, image/gif|jpeg|png|bmp|tiff|webp)
export.jsonl:4: users/gone.png: missing
export.jsonl: 4 attachment files checked under tree
TXT
diff -u problems.expected problems.txt || fail "text report differs"
expect_grep '^  references +4  \(0 emoji images, 4 profile images\)$' out

expect_exit 1 "$MATTERMERGE" verify-attachments export.jsonl --import-path tree --json
python3 - "$WORK/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert (d["profile_images"], d["ok"], d["errors"]) == (4, 2, 2), d
assert [(p["line"], p["field"], p["problem"]) for p in d["problems"]] == [
    (3, "user.profile_image", "type_mismatch"), (4, "user.profile_image", "missing")], d["problems"]
PY

expect_exit 1 "$MATTERMERGE" verify-attachments export.jsonl --import-path tree --fix-out fixed
expect_grep '^export.jsonl:3: users/text.png: .*; fix-out: profile_image dropped$' out
python3 - "$WORK" <<'PY'
import os, sys
work = sys.argv[1]
orig = open(os.path.join(work, "export.jsonl")).read().split("\n")
fixed = open(os.path.join(work, "fixed/import.jsonl")).read().split("\n")
assert fixed[0:2] == orig[0:2] and fixed[4] == orig[4], fixed
assert fixed[2] == '{"type":"user","user":{"username":"bob","email":"bob@example.com"}}', fixed[2]
assert fixed[3] == '{"type":"user","user":{"username":"carol","email":"carol@example.com"}}', fixed[3]
assert sorted(os.listdir(os.path.join(work, "fixed/data/users"))) == ["jpeg.gif", "ok.png"]
PY
expect_exit 0 "$MATTERMERGE" verify-attachments fixed/import.jsonl --import-path fixed
expect_exit 0 "$MATTERMERGE" validate fixed/import.jsonl --import-path fixed --no-progress

# plan --import-path finds the same two users, and its default plan drops their profile_image:
# apply then writes the lines --fix-out wrote, and validate --import-path takes them.
printf '%s\n' '{"type":"version","version":1}' '{"type":"team","team":{"name":"other","display_name":"Other","type":"O"}}' > target.jsonl
expect_exit 0 "$MATTERMERGE" plan export.jsonl --target target.jsonl --import-path tree --out plan.toml --no-progress
expect_grep '^  profile_image_unusable +2  error$' out
expect_grep 'bob .line 3.: profile_image removed' out
expect_grep 'carol .line 4.: profile_image removed' out
expect_exit 0 "$MATTERMERGE" apply export.jsonl --plan plan.toml --import-path tree --out applied.jsonl --no-progress
cmp applied.jsonl fixed/import.jsonl || fail "apply by the plan and --fix-out wrote different lines"
expect_exit 0 "$MATTERMERGE" validate applied.jsonl --import-path tree --target target.jsonl --no-progress
