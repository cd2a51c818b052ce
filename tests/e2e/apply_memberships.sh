# The membership script is named after its output (OUT.memberships.sh): two applies into one
# directory keep both scripts, each beside its own output; a run without left-out users removes
# an earlier script of the same output in the same commit. The script is run against a stub mmctl
# on PATH and its calls are checked line by line.
source "$E2E_LIB"
source "$(dirname "$E2E_LIB")/fixtures/conflict_pair.bash"

expect_exit 0 "$MATTERMERGE" plan source.jsonl --target target.jsonl --out plan.toml \
  --email-domain-alias old.example=new.example --no-progress
mkdir d

# A: the whole source (alice left out, with a team and a channel membership).
expect_exit 0 "$MATTERMERGE" apply source.jsonl --plan plan.toml --out d/a.jsonl --no-progress
expect_grep '^  memberships +2  \(mmctl commands in d/a.jsonl.memberships.sh\)$' out
# C: another source whose left-out user alice is in another channel.
sed 's/"channels":\[{"name":"deals","roles":"channel_user"}\]/"channels":[{"name":"old","roles":"channel_user"}]/' \
  source.jsonl > c-source.jsonl
expect_exit 0 "$MATTERMERGE" apply c-source.jsonl --plan plan.toml --out d/c.jsonl.zst --no-progress
expect_grep '^  memberships +2  \(mmctl commands in d/c.jsonl.zst.memberships.sh\)$' out
[ "$(LC_ALL=C ls -A d | tr '\n' ' ')" = "a.jsonl a.jsonl.memberships.sh c.jsonl.zst c.jsonl.zst.memberships.sh " ] ||
  fail "d/ holds: $(ls -A d)"

# Each script, run against the stub, makes exactly its own calls.
mmctl_stub "$WORK"
PATH="$WORK/bin:$PATH" sh d/a.jsonl.memberships.sh > run.out 2>&1 || fail "a's script failed: $(cat run.out)"
cat > calls.expected <<'TXT'
[team][users][add][--][sales][alice]
[channel][users][add][--][sales:deals][alice]
TXT
diff -u calls.expected mmctl.calls || fail "a's script: mmctl calls differ"
rm mmctl.calls
PATH="$WORK/bin:$PATH" sh d/c.jsonl.zst.memberships.sh > run.out 2>&1 || fail "c's script failed: $(cat run.out)"
cat > calls.expected <<'TXT'
[team][users][add][--][sales][alice]
[channel][users][add][--][sales:src-old][alice]
TXT
diff -u calls.expected mmctl.calls || fail "c's script: mmctl calls differ"

# A failing call is counted, the others still run, and the script exits 1.
rm mmctl.calls
got=0
MMCTL_FAIL='[team]' PATH="$WORK/bin:$PATH" sh d/a.jsonl.memberships.sh > run.out 2>&1 || got=$?
[ "$got" = 1 ] || fail "a failing mmctl call: the script exited $got, expected 1"
expect_grep '^1 of 2 commands failed$' run.out
[ "$(wc -l < mmctl.calls)" = 2 ] || fail "the script stopped at the failed call: $(cat mmctl.calls)"

# A again from a source whose left-out user has no memberships: no script for this run, so a's
# earlier one goes (it would look current beside the new output); c's stays.
sed 's/,"teams":\[{"name":"sales".*\]}\]}}$/}}/' source.jsonl > no-members.jsonl
grep -q '"username":"alice","email":"alice@new.example","roles":"system_user","locale":"en"}}$' no-members.jsonl ||
  fail "alice's memberships not cut"
expect_exit 0 "$MATTERMERGE" apply no-members.jsonl --plan plan.toml --out d/a.jsonl --no-progress
grep -q 'memberships' out && fail "a run without left-out users reports memberships: $(cat out)"
[ "$(LC_ALL=C ls -A d | tr '\n' ' ')" = "a.jsonl c.jsonl.zst c.jsonl.zst.memberships.sh " ] ||
  fail "d/ holds: $(ls -A d)"
