# The generator's exports validate clean; with --import-path, exactly the attachments the answer
# key lists as missing are reported, and missing profile images only of users it lists.
source "$E2E_LIB"
: "${GEN_SYNTHETIC:?set by ctest}"

"$GEN_SYNTHETIC" --out gen --posts 3000 --seed 7 > /dev/null
expect_exit 0 "$MATTERMERGE" validate gen/source.jsonl
expect_exit 0 "$MATTERMERGE" validate gen/target.jsonl
expect_exit 1 "$MATTERMERGE" validate gen/source.jsonl --import-path gen --json --max-errors 0
python3 - "$WORK/out" gen/answer-key.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
key = json.load(open(sys.argv[2]))
missing = sorted((c["source_line"], c["subject"]) for c in key["conflicts"] if c["kind"] == "attachment_missing")
assert missing, "the answer key lists no missing attachment"
attachment_errors = [e for e in d["errors"] if e["rule"] == "mattermerge.attachment.missing"]
profile_errors = [e for e in d["errors"] if e["rule"] == "app.import.validate_user_import_data.profile_image.error"]
emoji_errors = [e for e in d["errors"] if e["rule"] == "api.file.write_file.app_error"]
assert len(attachment_errors) + len(profile_errors) + len(emoji_errors) == len(d["errors"]), {e["rule"] for e in d["errors"]}
too_large = sorted(c["source_line"] for c in key["conflicts"] if c["kind"] == "emoji_image_too_large")
assert sorted(e["line"] for e in emoji_errors) == too_large, (emoji_errors, too_large)
unusable = {c["source_line"] for c in key["conflicts"] if c["kind"] == "profile_image_unusable"}
assert {e["line"] for e in profile_errors} <= unusable, (profile_errors, unusable)
got = sorted((e["line"], e["message"].split('"')[1]) for e in attachment_errors)
assert len(got) == len(missing), (got, missing)
for (gl, gs), (ml, ms) in zip(got, missing):
    assert gl == ml and (ms == gs or (gs.endswith("…") and ms.startswith(gs[:-1]))), (gl, gs, ml, ms)
assert d["lines"] == key["source"]["lines"], d["lines"]
for t, n in key["source"]["counts"].items():
    assert d["counts"][t] == n, (t, d["counts"][t], n)
PY
# Checked against the target it will be imported into: only references to its archived channels.
expect_exit 1 "$MATTERMERGE" validate gen/source.jsonl --target gen/target.jsonl --json --max-errors 0
python3 -c "
import json
d = json.load(open('$WORK/out'))
rules = set(d['errors_by_rule'])
assert rules <= {'mattermerge.reference.archived_channel'}, rules
"
# The shortcut for plain post lines changes no verdict: the same report with it and without it
# (MATTERMERGE_SCANNER=off), on the export and on a copy with every tenth line edited.
python3 - gen/source.jsonl "$WORK/edited.jsonl" <<'PY'
import random, re, sys
rng = random.Random(7)
edits = [
    lambda l: re.sub(r'"create_at":\d+', '"create_at":0', l, count=1),
    lambda l: re.sub(r'("replies":\[\{[^\[]*?"create_at":)\d+', r'\g<1>1', l, count=1),  # before its post
    lambda l: re.sub(r'("reactions":\[\{"user":"[^"]*","create_at":)\d+', r'\g<1>0', l, count=1),
    lambda l: l.replace('"flagged_by":[]', '"flagged_by":["nobody"]', 1),
    lambda l: l.replace('"user":"', '"user":"zz', 1), lambda l: l.replace('"props":{}', '"props":{"a":1.5}', 1),
    lambda l: l.replace('"team":', '"Team":', 1), lambda l: l.replace('"message":"', '"message":"\\ud800', 1),
    lambda l: l.replace('[]', '[null]', 1)]
with open(sys.argv[1], encoding="utf-8", errors="surrogateescape") as f, \
     open(sys.argv[2], "w", encoding="utf-8", errors="surrogateescape") as out:
    for i, line in enumerate(f):
        if i > 0 and i % 5 == 0:
            if i % 10 == 0:
                line = rng.choice(edits)(line)
            else:
                p = rng.randrange(len(line) - 1)
                line = line[:p] + rng.choice('"\\{}[],:0a -') + line[p + 1:]
        out.write(line)
PY
for input in gen/source.jsonl "$WORK/edited.jsonl"; do
  MATTERMERGE_SCANNER=off "$MATTERMERGE" validate "$input" --import-path gen --json --max-errors 0 \
    > "$WORK/report-off.json" || true
  env -u MATTERMERGE_SCANNER "$MATTERMERGE" validate "$input" --import-path gen --json --max-errors 0 \
    > "$WORK/report-default.json" || true
  python3 - "$WORK/report-off.json" "$WORK/report-default.json" "$input" <<'PY'
import json, sys
full, fast = (json.load(open(p)) for p in sys.argv[1:3])
for d in (full, fast):
    for k in ("elapsed_seconds", "mb_per_second", "lines_per_second"):
        d.pop(k)
assert full == fast, [k for k in full if full[k] != fast[k]]
if "edited" in sys.argv[3]:
    assert full["error_count"] > 100, full["error_count"]
PY
done
