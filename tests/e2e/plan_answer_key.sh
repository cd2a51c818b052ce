# plan on generated pairs: the report's conflicts equal gen-synthetic's answer key exactly (kind,
# severity, subject, lines, count, in order), with attachment checks, for plain, zstd and zip input.
source "$E2E_LIB"
: "${GEN_SYNTHETIC:?set by ctest}"

check_pair() {
  local dir=$1 source=$2 target=$3
  expect_exit 0 "$MATTERMERGE" plan "$dir/$source" --target "$dir/$target" --out "$dir/plan.toml" \
    --report "$dir/report.json" --notify-csv "$dir/users.csv" --import-path "$dir" --no-progress
  python3 - "$dir/answer-key.json" "$dir/report.json" <<'PY'
import json, sys
key = json.load(open(sys.argv[1]))["conflicts"]
report = json.load(open(sys.argv[2]))
fields = ("kind", "severity", "subject", "source_line", "target_line", "count")
want = [tuple(c[f] for f in fields) for c in key]
got = [tuple(c[f] for f in fields) for c in report["conflicts"]]
if want != got:
    for w in sorted(set(want) - set(got))[:20]: print("missing:", w)
    for g in sorted(set(got) - set(want))[:20]: print("extra:  ", g)
    sys.exit(f"report differs from the answer key ({len(got)} entries, {len(want)} expected)")
kinds = {c["kind"] for c in key}
assert len(kinds) == 21, f"the generator injected only {sorted(kinds)}"
assert all(c["resolution"] for c in report["conflicts"])
summary = {}
for c in key: summary[c["kind"]] = summary.get(c["kind"], 0) + 1
assert report["summary"] == summary, report["summary"]
PY
  python3 -c "import sys, tomllib; tomllib.load(open(sys.argv[1], 'rb'))" "$dir/plan.toml"
}

"$GEN_SYNTHETIC" --out plain --posts 4000 --seed 11 --conflict-rate 0.1 >/dev/null
check_pair plain source.jsonl target.jsonl

"$GEN_SYNTHETIC" --out zst --posts 3000 --seed 12 --zstd >/dev/null
check_pair zst source.jsonl.zst target.jsonl.zst

"$GEN_SYNTHETIC" --out zip --posts 3000 --seed 13 --zip >/dev/null
check_pair zip source.zip target.zip
