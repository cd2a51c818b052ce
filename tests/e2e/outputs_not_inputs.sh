# No output may resolve (after links) to an input, to a file inside the import tree, or to another
# output of the same run: plan, apply (the plan's recorded target included), verify-attachments
# --fix-out and copy refuse with exit 2 and a message naming both, before anything is written.
source "$E2E_LIB"
source "$(dirname "$E2E_LIB")/fixtures/conflict_pair.bash"

expect_exit 0 "$MATTERMERGE" plan source.jsonl --target target.jsonl --out plan.toml --import-path imp \
  --email-domain-alias old.example=new.example --no-progress
# Every path and every file's bytes, but for the test's own before/after/out/err.
snapshot() {
  find . -path ./before -o -path ./after -o -path ./out -o -path ./err -o -printf '%p %y %s\n' | sort
  find . -type f ! -path ./before ! -path ./after ! -path ./out ! -path ./err -exec md5sum {} + | sort
}
snapshot > before

# refused CMD... (from $WORK): exit 2, the message, and nothing in the working directory changed.
refused() {
  local message=$1
  shift
  expect_exit 2 "$@"
  expect_grep "^mattermerge: $message\$" err
  snapshot > after
  diff -u before after || fail "'$*' changed files"
}

# plan: its three outputs against its two inputs, against each other, and inside the import tree.
P=("$MATTERMERGE" plan source.jsonl --target target.jsonl --import-path imp --no-progress)
refused '--out source.jsonl: is the SOURCE source.jsonl, an input of the run; choose another output' \
  "${P[@]}" --out source.jsonl
refused '--report target.jsonl: is the --target target.jsonl, an input of the run; choose another output' \
  "${P[@]}" --out p2.toml --report target.jsonl
refused '--notify-csv source.jsonl: is the SOURCE source.jsonl, an input of the run; choose another output' \
  "${P[@]}" --out p2.toml --notify-csv source.jsonl
refused '--report x.toml: is also the --out x.toml; two outputs of one run cannot be one file' \
  "${P[@]}" --out x.toml --report x.toml
refused '--notify-csv ./imp/../r.json: is also the --report r.json; two outputs of one run cannot be one file' \
  "${P[@]}" --out x.toml --report r.json --notify-csv ./imp/../r.json
refused '--out imp/data/p.toml: is inside the import tree imp/data, which is only read; choose another output' \
  "${P[@]}" --out imp/data/p.toml
ln -s source.jsonl src-link.jsonl
ln target.jsonl tgt-hard.jsonl
snapshot > before
refused '--out src-link.jsonl: is the SOURCE source.jsonl, an input of the run; choose another output' \
  "${P[@]}" --out src-link.jsonl
refused '--report tgt-hard.jsonl: is the --target target.jsonl, an input of the run; choose another output' \
  "${P[@]}" --out p2.toml --report tgt-hard.jsonl

# apply: the plan's recorded target is an input even without --target.
grep -q '^target = "target.jsonl"' plan.toml || fail "the plan does not record target.jsonl"
A=("$MATTERMERGE" apply source.jsonl --plan plan.toml --no-progress)
refused "--out target.jsonl: is the plan's recorded target target.jsonl, an input of the run; choose another output" \
  "${A[@]}" --out target.jsonl
refused '--out tgt-hard.jsonl: is the --target target.jsonl, an input of the run; choose another output' \
  "${A[@]}" --out tgt-hard.jsonl --target target.jsonl
cp plan.toml plan.jsonl
snapshot > before
refused '--out plan.jsonl: is the --plan plan.jsonl, an input of the run; choose another output' \
  "$MATTERMERGE" apply source.jsonl --plan plan.jsonl --out plan.jsonl --no-progress
refused '--out imp/data/files/o.zip: is inside the import tree imp/data, which is only read; choose another output' \
  "${A[@]}" --out imp/data/files/o.zip --import-path imp
# The membership script that goes with OUT is an output too: an input of that name is refused.
cp source.jsonl o.jsonl.memberships.sh
snapshot > before
refused 'memberships script o.jsonl.memberships.sh: is the SOURCE o.jsonl.memberships.sh, an input of the run; choose another output' \
  "$MATTERMERGE" apply o.jsonl.memberships.sh --plan plan.toml --out o.jsonl --no-progress
refused 'memberships script o.jsonl.memberships.sh: is the --target o.jsonl.memberships.sh, an input of the run; choose another output' \
  "${A[@]}" --out o.jsonl --target o.jsonl.memberships.sh

# verify-attachments --fix-out: not the export, not inside the import tree (nothing created there).
V=("$MATTERMERGE" verify-attachments source.jsonl --import-path imp --no-progress)
refused '--fix-out source.jsonl: is the EXPORT source.jsonl, an input of the run; choose another output' \
  "${V[@]}" --fix-out source.jsonl
refused '--fix-out imp/data/a/b/c: is inside the --import-path imp, which is only read; choose another output' \
  "${V[@]}" --fix-out imp/data/a/b/c
refused '--fix-out imp: is inside the --import-path imp, which is only read; choose another output' \
  "${V[@]}" --fix-out imp

# copy (the pipeline's test command) too.
refused '--out src-link.jsonl: is the EXPORT source.jsonl, an input of the run; choose another output' \
  "$MATTERMERGE" copy source.jsonl --out src-link.jsonl --no-progress

# Distinct outputs still work, and the inputs are as they were.
expect_exit 0 "${P[@]}" --out p2.toml --report r.json --notify-csv u.csv
expect_exit 0 "${P[@]}" --out imp/p3.toml  # beside data/, where an unpacked export keeps its JSONL
expect_exit 0 "${A[@]}" --out o2.jsonl
cmp source.jsonl o.jsonl.memberships.sh || fail "source changed"
