# gen-synthetic: every line is JSON, the answer key's counts equal `mattermerge stats`, its line
# numbers point at the lines of its subjects, and its mention/permalink counts equal an
# independent count by the shared mention rules (tools/gen-synthetic/check_answer_key.py).
source "$E2E_LIB"
: "${GEN_SYNTHETIC:?set by ctest}"
CHECK="$(dirname "$E2E_LIB")/../../tools/gen-synthetic/check_answer_key.py"

expect_exit 0 "$GEN_SYNTHETIC" --out gen --posts 3000 --seed 7 --conflict-rate 0.1 --attachments-rate 0.05
expect_grep '^source: .* MB/s, .* lines/s' err
expect_grep '^data tree: [0-9]+ files' err
expect_no_leftovers gen

for which in source target; do
  expect_exit 0 "$MATTERMERGE" stats --json "gen/$which.jsonl"
  cp out "stats-$which.json"
done
expect_exit 0 python3 "$CHECK" gen stats-source.json stats-target.json
expect_grep '^ok: ' out

# The key must list the channel clash of two Japanese display names sharing the name "pj".
python3 - gen/answer-key.json <<'PY'
import json, sys
k = json.load(open(sys.argv[1]))
assert any(c["kind"] == "channel_name_clash" and c["subject"].endswith("/pj") for c in k["conflicts"])
PY

# The checker itself must fail on a wrong key.
python3 - gen/answer-key.json <<'PY'
import json, sys
k = json.load(open(sys.argv[1]))
next(c for c in k["conflicts"] if c["kind"] == "mention_rewrite")["count"] += 1
json.dump(k, open(sys.argv[1], "w"))
PY
expect_exit 1 python3 "$CHECK" gen stats-source.json stats-target.json
