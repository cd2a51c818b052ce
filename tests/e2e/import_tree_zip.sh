# --import-path naming the export .zip itself (io/ImportTree.h's zip backing): verify-attachments,
# validate, plan and apply give, line for line, what they give with the unpacked directory, for a
# zip whose data/ is stored (zip -0, as mmctl writes it) and one whose data/ is deflated.
source "$E2E_LIB"
: "${GEN_SYNTHETIC:?set by ctest}"

expect_exit 0 "$GEN_SYNTHETIC" --out gen --posts 4000 --seed 5
[ -d gen/data ] || fail "gen-synthetic wrote no data/ beside source.jsonl"
mkdir -p gen/data/left/over && echo "no line names me" >gen/data/left/over/orphan.txt
(cd gen && zip -q -0 -r ../stored-export.zip source.jsonl data && zip -q -r ../deflated-export.zip source.jsonl data)
# The unpacked tree under a name no output holds otherwise, the inputs outside it.
mv gen/source.jsonl src.jsonl
mv gen/target.jsonl tgt.jsonl
mv gen unpacked-export
TREES="unpacked-export stored-export.zip deflated-export.zip"

# Drops what differs by nature between two runs (timings, the import path itself) and names the
# tree TREE and the run's own directory RUN in what is left, so that the outputs of two runs
# compare line by line.
normalize() {  # normalize FILE TREE RUN
  python3 - "$1" "$2" "$3" <<'PY'
import json, re, sys
path, tree, run = sys.argv[1:4]
text = open(path).read()
try:
    doc = json.loads(text)
except ValueError:
    doc = None
def strip(o):
    if isinstance(o, dict):
        return {k: strip(v) for k, v in o.items()
                if k != "import_path" and not k.endswith("seconds") and not k.endswith("per_second")}
    if isinstance(o, list):
        return [strip(v) for v in o]
    return o
if doc is not None:
    text = json.dumps(strip(doc), indent=1, sort_keys=True) + "\n"
# A message names a file as DIR/data/… for a directory and X.zip:data/… for a zip.
text = text.replace(tree + ":", "TREE/").replace(tree + "/", "TREE/").replace(tree, "TREE").replace(run + "/", "RUN/")
lines = [l for l in text.splitlines(True) if not re.search(r"elapsed|MB/s|lines/s", l)]
sys.stdout.write("".join(lines))
PY
}
same() {  # same A B: the normalized outputs agree line by line
  diff -u "$1" "$2" >diff.txt || { head -60 diff.txt >&2; fail "$1 and $2 differ"; }
}
tag() { case $1 in unpacked-export) echo run-dir ;; stored-export.zip) echo run-stored ;; *) echo run-deflated ;; esac; }

# Every command, once per tree, each run's outputs in its own directory.
for tree in $TREES; do
  run=$(tag "$tree")
  mkdir "$run"
  # verify-attachments, hashed: every check, every problem, the orphans and the duplicate groups.
  code=0
  "$MATTERMERGE" verify-attachments src.jsonl --import-path "$tree" --hash --json --no-progress \
    >"$run/verify.json" 2>"$run/verify.err" || code=$?
  [ "$code" = 0 ] || [ "$code" = 1 ] || { cat "$run/verify.err" >&2; fail "verify-attachments on $tree exited $code"; }
  echo "exit $code" >"$run/verify.code"
  normalize "$run/verify.json" "$tree" "$run" >"$run/verify.norm"
  "$MATTERMERGE" verify-attachments src.jsonl --import-path "$tree" --no-progress >"$run/verify.txt" 2>&1 || true
  normalize "$run/verify.txt" "$tree" "$run" >"$run/verify.txt.norm"
  # validate: existence and image limits of every file the lines name.
  code=0
  "$MATTERMERGE" validate src.jsonl --import-path "$tree" --json --no-progress >"$run/validate.json" 2>&1 || code=$?
  normalize "$run/validate.json" "$tree" "$run" >"$run/validate.norm"
  echo "exit $code" >>"$run/validate.norm"
  # plan: the attachment conflicts it finds, the plan it writes and its report.
  expect_exit 0 "$MATTERMERGE" plan src.jsonl --target tgt.jsonl --import-path "$tree" \
    --out "$run/plan.toml" --report "$run/report.json" --no-progress
  normalize out "$tree" "$run" >"$run/plan.txt.norm"
  normalize "$run/plan.toml" "$tree" "$run" >"$run/plan.norm"
  normalize "$run/report.json" "$tree" "$run" >"$run/report.norm"
  # apply to .zip, by the plan the directory gave: the same import.jsonl and the same entries.
  expect_exit 0 "$MATTERMERGE" apply src.jsonl --plan run-dir/plan.toml --target tgt.jsonl \
    --import-path "$tree" --out "$run/merge.zip" --no-progress
  normalize out "$tree" "$run" >"$run/apply.txt.norm"
done

python3 - run-dir/verify.json <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
# The comparison means something only if there is something to compare.
assert r["attachments"] > 20 and r["problems_count"] > 0 and r["duplicates"], r
assert r["orphans"]["paths"] == ["data/left/over/orphan.txt"], r["orphans"]
PY
grep -q '"attachment_' run-dir/report.json || fail "the plan found no attachment conflict to compare"
expect_grep "files packed" run-dir/apply.txt.norm
for run in run-stored run-deflated; do
  for f in verify.norm verify.txt.norm verify.code validate.norm plan.txt.norm plan.norm report.norm apply.txt.norm; do
    same "run-dir/$f" "$run/$f"
  done
done
python3 - run-dir/merge.zip run-stored/merge.zip run-deflated/merge.zip <<'PY'
import sys, zipfile
def entries(path):
    z = zipfile.ZipFile(path)
    assert z.testzip() is None, path
    return {i.filename: (i.file_size, i.CRC, i.compress_type, z.read(i.filename)) for i in z.infolist()}
a = entries(sys.argv[1])
assert len(a) > 20, len(a)
for other in sys.argv[2:]:
    b = entries(other)
    assert a.keys() == b.keys(), sorted(set(a) ^ set(b))[:10]
    for name in a:
        assert a[name] == b[name], name
PY

# The typical call: the export zip is both EXPORT and tree. The checks are the directory's.
mkdir self
cp -r unpacked-export self/tree && cp src.jsonl self/tree/import.jsonl
(cd self/tree && zip -q -0 -r ../../self.zip import.jsonl data)
code=0
"$MATTERMERGE" verify-attachments self.zip --import-path self.zip --hash --json --no-progress >self/verify.json 2>&1 || code=$?
echo "exit $code" >self/verify.code
same run-dir/verify.code self/verify.code
python3 - run-dir/verify.json self/verify.json <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
for d in (a, b):
    for k in ("input", "import_path", "elapsed_seconds", "files_per_second", "mb_per_second"):
        d.pop(k, None)
assert a == b, [k for k in a if a[k] != b.get(k)]
PY

# --fix-out needs a directory: a clear error, nothing written.
expect_exit 2 "$MATTERMERGE" verify-attachments src.jsonl --import-path stored-export.zip --fix-out fixed --no-progress
expect_grep "unpack the export first" err
[ ! -e fixed ] || fail "--fix-out from a zip left a directory behind"

# A file the plan does not know to be misnamed, reached through the zip, still stops apply: a
# PNG's bytes put in place of every JPEG in a copy of the zip.
python3 - stored-export.zip tampered.zip <<'PY'
import sys, zipfile
src, dst = zipfile.ZipFile(sys.argv[1]), zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_STORED)
png = next(src.read(i.filename) for i in src.infolist()
           if i.filename.endswith(".png") and src.read(i.filename).startswith(b"\x89PNG"))
swapped = 0
for i in src.infolist():
    data = src.read(i.filename)
    if i.filename.startswith("data/") and i.filename.endswith(".jpg") and data.startswith(b"\xff\xd8"):
        data, swapped = png, swapped + 1
    dst.writestr(i, data)  # (a name Info-ZIP wrote without the UTF-8 flag comes back re-encoded: missing, not checked)
assert swapped
PY
mkdir out-tampered
expect_exit 2 "$MATTERMERGE" apply src.jsonl --plan run-dir/plan.toml --target tgt.jsonl --import-path tampered.zip \
  --out out-tampered/merge.zip --no-progress
expect_grep "type mismatch the plan does not know" err
[ ! -e out-tampered/merge.zip ] || fail "apply wrote a zip after a type mismatch"

# Not a zip, not a directory: a clear error.
echo "not a zip" >plain.zip
expect_exit 2 "$MATTERMERGE" verify-attachments src.jsonl --import-path plain.zip --no-progress
expect_grep "not a zip archive" err
echo OK
