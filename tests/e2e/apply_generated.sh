# plan then apply on a generated pair, plain and zip: the output is valid against the target, and
# every source post, reply and reaction is still there (the answer key's counts), every attachment
# but those the plan drops; the zip packs the referenced files.
source "$E2E_LIB"
: "${GEN_SYNTHETIC:?set by ctest}"

expect_exit 0 "$GEN_SYNTHETIC" --out gen --posts 20000 --seed 11 --zip
expect_exit 0 "$MATTERMERGE" plan gen/source.jsonl --target gen/target.jsonl --out gen/plan.toml \
  --import-path gen --no-progress

expect_exit 0 "$MATTERMERGE" apply gen/source.jsonl --plan gen/plan.toml --out gen/out.jsonl \
  --target gen/target.jsonl --import-path gen --no-progress
cp out apply.txt
expect_exit 0 "$MATTERMERGE" validate gen/out.jsonl --target gen/target.jsonl --no-progress
expect_exit 0 "$MATTERMERGE" stats gen/out.jsonl --json --no-progress
# Every expected count comes from the generator's answer key (never from plan's or apply's own
# output): what the default plan does with each kind of conflict is written here by hand.
python3 - gen/answer-key.json out apply.txt <<'PY'
import json, sys, re
answer_key = json.load(open(sys.argv[1]))
key = answer_key["source"]
out = json.load(open(sys.argv[2]))
summary = open(sys.argv[3]).read()
conflicts = {}
for c in answer_key["conflicts"]:
    conflicts[c["kind"]] = conflicts.get(c["kind"], 0) + 1
c, k = out["counts"], key["counts"]
for t in ("post", "direct_post", "team", "channel", "bot", "direct_channel"):
    assert c[t] == k[t], (t, c[t], k[t])
assert out["replies"] == key["replies"], (out["replies"], key["replies"])
# Reactions using an emoji the plan drops (emoji_image_too_large) go with it: the answer key does
# not count reactions by emoji, so that one number is taken from apply's summary.
too_large = conflicts.get("emoji_image_too_large", 0)
m = re.search(r"reactions_dropped +(\d+)", summary)
reactions_dropped = int(m.group(1)) if m else 0
assert out["reactions"] == key["reactions"] - reactions_dropped, (out["reactions"], key["reactions"], reactions_dropped)
# A missing or empty attachment (one conflict per reference) is dropped from its post; a type
# mismatch is fixed under a new name, not dropped.
dropped = conflicts.get("attachment_missing", 0) + conflicts.get("attachment_empty", 0)
assert dropped, conflicts
assert out["attachments"] == key["attachments"] - dropped, (out["attachments"], key["attachments"], dropped)
assert re.search(rf"attachments_dropped +{dropped}\n", summary), (dropped, summary)
# A profile image the importer cannot decode is dropped from its user line.
unusable = conflicts.get("profile_image_unusable", 0)
assert unusable and re.search(rf"profile_images_dropped +{unusable}\n", summary), (unusable, summary)
# A user whose target account signs in with a password is left out (memberships.sh instead).
left_out = conflicts.get("user_password_reset", 0)
assert left_out and c["user"] == k["user"] - left_out, (c["user"], k["user"], left_out)
# Clashing emoji are renamed; an emoji whose image is over the importer's size limit is dropped; a
# role or scheme that would overwrite the target's is dropped.
assert c["emoji"] == k["emoji"] - too_large, (c["emoji"], k["emoji"], too_large)
assert c["role"] + c["scheme"] == k["role"] + k["scheme"] - conflicts.get("role_overwrite", 0), conflicts
PY

# The zip input gives the same output; a zip output packs import.jsonl and the files.
expect_exit 0 "$MATTERMERGE" apply gen/source.zip --plan gen/plan.toml --out gen/out2.jsonl \
  --target gen/target.jsonl --no-progress
cmp gen/out.jsonl gen/out2.jsonl || fail "zip input gives another output"
mkdir zipout
expect_exit 0 "$MATTERMERGE" apply gen/source.jsonl --plan gen/plan.toml --out zipout/merge.zip \
  --target gen/target.jsonl --import-path gen --no-progress
cp out zip-summary.txt
unzip -tq zipout/merge.zip > unzip.txt 2>&1 || { cat unzip.txt >&2; fail "unzip -t zipout/merge.zip"; }
expect_grep '^No errors detected' unzip.txt
# Every packed file was type-checked and hashed in the read that packed it: the summary says so,
# in text and in --json, and the counts are the zip's data/ entries.
packed=$(unzip -Z1 zipout/merge.zip | grep -c '^data/')
[ "$packed" -gt 0 ] || fail "no data/ files packed"
expect_grep "^  files packed +$packed  " zip-summary.txt
expect_grep "^  files verified +$packed  \(content type checked; $packed hashed" zip-summary.txt
expect_exit 0 "$MATTERMERGE" apply gen/source.jsonl --plan gen/plan.toml --out zipout/merge-json.zip \
  --target gen/target.jsonl --import-path gen --no-progress --json
python3 - out "$packed" zip-summary.txt <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
n = int(sys.argv[2])
assert s["written"] and s["files_packed"] == n, (s["files_packed"], n)
assert s["files_type_checked"] == n and s["files_hashed"] == n, s
# A mismatch left in the output is one the server keeps (not an image extension): listed, both ways.
listed = s["type_mismatches_listed"]
assert s["type_mismatches"] == len(listed), s
text = open(sys.argv[3]).read()
for m in listed:
    assert m["line"] > 0 and not m["path"].lower().endswith((".png", ".jpg", ".jpeg", ".gif")), m
    assert f'    {m["path"]} (source line {m["line"]}): the content is {m["detected"]}' in text, (m, text)
PY
rm zipout/merge-json.zip
# A file whose content changed since the plan was made (text under an image name the plan did not
# rename): an error naming it and the line of the post, exit 2, nothing written.
mkdir tree2
cp -r gen/data tree2/data
read -r victim line < <(python3 - gen/source.jsonl gen/out.jsonl <<'PY'
import json, sys
kept = open(sys.argv[2]).read()
for n, text in enumerate(open(sys.argv[1]), 1):
    p = json.loads(text).get("post")
    for a in (p or {}).get("attachments") or []:
        if a["path"].lower().endswith(".png") and f'"{a["path"]}"' in kept:
            print(a["path"], n)
            sys.exit(0)
sys.exit("no kept .png attachment")
PY
)
echo "this is plain text, no image" > "tree2/data/$victim"
expect_exit 2 "$MATTERMERGE" apply gen/source.jsonl --plan gen/plan.toml --out zipout/changed.zip \
  --target gen/target.jsonl --import-path tree2 --no-progress
expect_grep "gen/source.jsonl:$line: \"$victim\": the content is text/plain, not image/png" err
[ ! -e zipout/changed.zip ] || fail "zipout/changed.zip written despite the type mismatch"
expect_exit 0 "$MATTERMERGE" validate zipout/merge.zip --target gen/target.jsonl --no-progress
python3 - zipout/merge.zip gen/out.jsonl <<'PY'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
names = z.namelist()
# The tree's files are packed while the transform runs; import.jsonl, complete only at its end,
# comes last.
assert names[-1] == "import.jsonl", names[-1]
assert len(set(names)) == len(names), "an entry twice"
assert z.read("import.jsonl") == open(sys.argv[2], "rb").read()
data = [n for n in names if n.startswith("data/")]
assert data, "no data/ files packed"
assert all(z.getinfo(n).compress_type == zipfile.ZIP_STORED for n in data)
# Every attachment the output references is in the zip.
import json
wanted = set()
for line in z.read("import.jsonl").decode().split("\n"):
    if not line: continue
    d = json.loads(line)
    p = d.get("post") or d.get("direct_post")
    if not p: continue
    for item in [p] + (p.get("replies") or []):
        for a in item.get("attachments") or []:
            wanted.add("data/" + a["path"])
missing = wanted - set(names)
assert not missing, sorted(missing)[:5]
PY
expect_no_leftovers zipout

# From the source zip without --import-path: the files come from the source zip, the same entries.
expect_exit 0 "$MATTERMERGE" apply gen/source.zip --plan gen/plan.toml --out zipout/from-zip.zip \
  --target gen/target.jsonl --no-progress
python3 - zipout/merge.zip zipout/from-zip.zip <<'PY'
import sys, zipfile
a, b = zipfile.ZipFile(sys.argv[1]), zipfile.ZipFile(sys.argv[2])
assert sorted(a.namelist()) == sorted(b.namelist()), (len(a.namelist()), len(b.namelist()))
for n in a.namelist():
    assert a.read(n) == b.read(n), n
PY
