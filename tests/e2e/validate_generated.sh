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
assert len(attachment_errors) + len(profile_errors) == len(d["errors"]), {e["rule"] for e in d["errors"]}
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
