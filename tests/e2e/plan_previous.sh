# plan --previous-plan: the second plan of a two-phase merge. Phase 1's plan renamed the source's
# bob to src-bob (an admin's edit); phase 1 imported eng, eng/dev, alice and src-bob into the
# target. The second plan keeps every decision, sees no conflict in what phase 1 imported, gives
# the objects new since their defaults, and refuses a decision that no longer holds.
source "$E2E_LIB"

cat > base.jsonl <<'JSONL'
{"type":"version","version":1}
{"type":"team","team":{"name":"eng","display_name":"Eng","type":"O"}}
{"type":"channel","channel":{"team":"eng","name":"dev","display_name":"Dev","type":"O"}}
{"type":"user","user":{"username":"alice","email":"alice@src.example","teams":[{"name":"eng","channels":[{"name":"dev"}]}]}}
{"type":"user","user":{"username":"bob","email":"bob@src.example","teams":[{"name":"eng","channels":[{"name":"dev"}]}]}}
JSONL
cp base.jsonl now.jsonl
cat >> now.jsonl <<'JSONL'
{"type":"channel","channel":{"team":"eng","name":"ops","display_name":"Ops","type":"O"}}
{"type":"user","user":{"username":"erin","email":"erin@src.example","teams":[{"name":"eng","channels":[{"name":"ops"}]}]}}
JSONL
# The target after phase 1: its own team and bob, and what phase 1 imported.
cat > target-now.jsonl <<'JSONL'
{"type":"version","version":1}
{"type":"team","team":{"name":"main","display_name":"Main","type":"O"}}
{"type":"team","team":{"name":"eng","display_name":"Eng","type":"O"}}
{"type":"channel","channel":{"team":"eng","name":"dev","display_name":"Dev","type":"O"}}
{"type":"user","user":{"username":"bob","email":"bob@target.example","teams":[{"name":"main"}]}}
{"type":"user","user":{"username":"alice","email":"alice@src.example","teams":[{"name":"eng","channels":[{"name":"dev"}]}]}}
{"type":"user","user":{"username":"src-bob","email":"bob@src.example","teams":[{"name":"eng","channels":[{"name":"dev"}]}]}}
JSONL
mkdir implied
cat > plan1.toml <<'TOML'
version = 1
prefix = "src-"
source = "base.jsonl"

[[team]]
name = "eng"
action = "keep"
target = "eng"

[[channel]]
team = "eng"
name = "dev"
action = "keep"
keep_archived = true

[[user]]
username = "alice"
action = "new"
emit = true
email = "source"
roles = "source"
settings = "source"
auth = "keep"

# renamed: the target has another bob
[[user]]
username = "bob"
action = "rename"
target = "src-bob"
emit = true
email = "source"
roles = "source"
settings = "source"
auth = "keep"
TOML

expect_exit 0 "$MATTERMERGE" plan now.jsonl --target target-now.jsonl --previous-plan plan1.toml --out plan2.toml \
  --report report2.json --no-progress
expect_grep '^previous_plan = "plan1.toml"' plan2.toml
expect_grep '^continues plan1.toml: its 1 team, 1 channel, 2 user and 0 emoji decisions kept$' out
# bob's decision kept (a first plan would make src-bob-2 or update the target's bob).
grep -A2 '^username = "bob"$' plan2.toml > bob.got
printf '%s\n' 'username = "bob"' 'action = "rename"' 'target = "src-bob"' > bob.expected
diff -u bob.expected bob.got || fail "bob's decision changed"
# alice (new), erin and eng/ops (new since phase 1) have the implied decision: imported as they are,
# not written (docs/plan-format.md, "Defaults").
for name in alice erin; do
  ! grep -q "^username = \"$name\"" plan2.toml || fail "$name is written, though implied"
done
! grep -q '^name = "ops"$' plan2.toml || fail "eng/ops is written, though implied"
# What phase 1 imported (eng, eng/dev, alice, src-bob) is no conflict; bob against the target's own bob
# still is, resolved as PLAN1 resolved it.
check_only_bob() {
  python3 - "$1" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))["conflicts"]
subjects = sorted({x["subject"] for x in c})
assert subjects == ["bob"], c
assert all(x["resolution"] == "as the previous plan decides (plan1.toml)" for x in c), c
PY
}
check_only_bob report2.json
# A first plan as plan writes it leaves the implied decisions out (eng, eng/dev, alice): what the
# target has of them under their own names is phase 1's import, the same as with them written.
awk '/^\[\[user\]\]$/ && !seen { seen = 1; skip = 1 } skip && /^# renamed/ { skip = 0 } !skip' plan1.toml \
  | awk '/^\[\[(team|channel)\]\]$/ { drop = 1 } /^$/ { drop = 0 } !drop' > implied/plan1.toml
grep -q 'username = "bob"' implied/plan1.toml && ! grep -q 'alice\|\[\[team\]\]\|\[\[channel\]\]' implied/plan1.toml \
  || fail "implied/plan1.toml: $(cat implied/plan1.toml)"
(cd implied && expect_exit 0 "$MATTERMERGE" plan ../now.jsonl --target ../target-now.jsonl --previous-plan plan1.toml \
  --out plan2.toml --report report2.json --no-progress)
check_only_bob implied/report2.json
grep -q '^username = "bob"$' implied/plan2.toml || fail "bob's decision not carried"
# The reread plan is the same plan (previous_plan read back).
expect_exit 0 "$MATTERMERGE" apply now.jsonl --plan plan2.toml --target target-now.jsonl --since base.jsonl \
  --out delta.jsonl --no-progress

# Without it, the same run sees phase 1's imports as conflicts.
expect_exit 0 "$MATTERMERGE" plan now.jsonl --target target-now.jsonl --out fresh.toml --report fresh.json --no-progress
grep -q '"subject":"alice"' fresh.json || grep -q '"subject": "alice"' fresh.json || fail "alice is no conflict without --previous-plan"

# src-bob taken on the target meanwhile by another account: the decision no longer holds.
sed 's/"username":"src-bob","email":"bob@src.example"/"username":"src-bob","email":"someone@else.example"/' \
  target-now.jsonl > target-taken.jsonl
expect_exit 2 "$MATTERMERGE" plan now.jsonl --target target-taken.jsonl --previous-plan plan1.toml --out plan3.toml \
  --no-progress
expect_grep '^  plan1.toml:26: user "bob": renamed to "src-bob", but the target.s "src-bob" is another account now \(e-mail someone@else.example, the source.s bob@src.example\)$' err
[ ! -e plan3.toml ] || fail "a plan was written"

# A merged-into team gone from the target.
sed 's/^name = "eng"$/name = "eng"/; s/^action = "keep"$/action = "merge"/; s/^target = "eng"$/target = "sales"/' plan1.toml \
  | awk 'BEGIN{t=0} /^\[\[channel\]\]/{t=1} t==1 && /^action = "merge"$/{print "action = \"keep\""; next} {print}' > plan1-merge.toml
expect_exit 2 "$MATTERMERGE" plan now.jsonl --target target-now.jsonl --previous-plan plan1-merge.toml --out plan3.toml \
  --no-progress
expect_grep '^  plan1-merge.toml:5: team "eng": merges into target team "sales", which the target no longer has$' err
expect_no_leftovers .
echo PASS
