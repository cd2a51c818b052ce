# plan on a hand-written pair holding every conflict kind: the report's entries line by line, the
# plan file's decisions, USERS.csv, exit codes, and no output left behind on errors.
source "$E2E_LIB"
source "$(dirname "$E2E_LIB")/fixtures/conflict_pair.bash"

expect_exit 0 "$MATTERMERGE" plan source.jsonl --target target.jsonl --out plan.toml --report report.json \
  --notify-csv users.csv --import-path imp --email-domain-alias old.example=new.example
expect_grep '^conflicts: 29 \(4 error, 17 risk, 8 info\)' out

python3 - report.json > got.txt <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for c in d["conflicts"]:
    print(c["kind"], c["severity"], c["subject"], c["source_line"], c["target_line"], c["count"])
print(json.dumps(d["summary"], sort_keys=True))
PY
cat > want.txt <<'WANT'
attachment_empty risk files/empty.txt 19 0 1
attachment_missing error files/missing.png 19 0 1
attachment_type_mismatch error files/a.gif 19 0 1
channel_archive_propagation risk sales/gone 10 9 1
channel_merge info sales/deals 8 7 1
channel_merge info sales/town-square 6 5 1
channel_name_clash risk sales/pj 7 6 1
channel_target_archived error sales/old 9 8 1
emoji_clash risk party 21 17 1
mention_rewrite info @carol2 0 0 3
mention_rewrite info @dave.s 0 0 1
mention_rewrite info ~sales/pj 0 0 1
permalink info permalinks 0 0 1
role_overwrite risk system_user 2 2 1
team_merge info sales 4 4 1
user_auth_changed risk bob 13 11 1
user_auth_changed risk frank 17 0 1
user_email_changed risk alice 12 10 1
user_email_taken error carol2 14 12 1
user_password_reset risk alice 12 10 1
user_password_reset risk bob 13 11 1
user_password_reset risk carol2 14 12 1
user_password_reset risk dave.s 15 13 1
user_password_reset risk erin_x 16 14 1
user_password_reset risk gina 18 15 1
user_probable_duplicate risk dave.s 15 13 1
user_probable_duplicate risk erin_x 16 14 1
user_role_downgrade risk alice 12 10 1
user_settings_overwrite info gina 18 15 1
{"attachment_empty": 1, "attachment_missing": 1, "attachment_type_mismatch": 1, "channel_archive_propagation": 1, "channel_merge": 2, "channel_name_clash": 1, "channel_target_archived": 1, "emoji_clash": 1, "mention_rewrite": 3, "permalink": 1, "role_overwrite": 1, "team_merge": 1, "user_auth_changed": 2, "user_email_changed": 1, "user_email_taken": 1, "user_password_reset": 6, "user_probable_duplicate": 2, "user_role_downgrade": 1, "user_settings_overwrite": 1}
WANT
diff -u want.txt got.txt || fail "report differs"

# The plan's decisions, read back as TOML.
python3 - plan.toml > decisions.txt <<'PY'
import sys, tomllib
p = tomllib.load(open(sys.argv[1], "rb"))
assert p["version"] == 1 and p["prefix"] == "src-", p
for c in p["channel"]:
    print("channel", c["team"], c["name"], c["action"], c.get("new_name", ""), c["keep_archived"])
# A [[user]] table names one user or several (usernames); keys left out take their defaults.
for u in p["user"]:
    for name in u.get("usernames", [u.get("username")]):
        target = u.get("target", name if u["action"] == "update" else "")
        print("user", name, u["action"], target, u.get("emit", True), u.get("email", "source"), u.get("roles", "source"),
              u.get("settings", "source"), u.get("auth", "keep"))
for d in p["drop"]:
    print("drop", d["kind"], d["name"])
for e in p.get("emoji", []):
    print("emoji", e["name"], e["action"], e.get("new_name", ""))
for a in p["attachment"]:
    print("attachment", a["path"], a["action"], a.get("new_path", ""))
PY
cat > want_decisions.txt <<'WANT'
channel sales deals merge  True
channel sales gone rename src-gone True
channel sales old rename src-old True
channel sales pj rename src-pj True
channel sales town-square merge  True
user carol2 map carol False source source source keep
user dave.s map dave False source source source keep
user erin_x map erin False source source source keep
user frank new  True source source source strip
user alice update alice False source source source keep
user bob update bob False source source source keep
user gina update gina False source source source keep
drop role system_user
emoji party rename src-party
attachment files/a.gif fix files/a.jpg
attachment files/empty.txt drop 
attachment files/missing.png drop 
WANT
# eng/dev, emoji fresh and the users without conflict are implied (imported as they are): not written.
# The users left out are written without e-mail, roles, settings and auth, which have no effect
# then; alice, bob and gina are listed together by name (docs/plan-format.md).
diff -u want_decisions.txt decisions.txt || fail "plan decisions differ"
expect_grep '^# user_email_taken: e-mail "carol@example.com" belongs to target user "carol" \(line 12\)' plan.toml

cat > want_users.csv <<'WANT'
username,email,action,target,reason
alice,alice@new.example,"update; not imported, password reset needed",alice,user_email_changed; user_password_reset; user_role_downgrade
bob,bob@example.com,"update; not imported, password reset needed",bob,user_auth_changed; user_password_reset
carol2,carol@example.com,"mapped onto carol; not imported, password reset needed",carol,user_email_taken; user_password_reset
dave.s,dave@old.example,"mapped onto dave; not imported, password reset needed",dave,user_password_reset; user_probable_duplicate
erin_x,erin@elsewhere.example,"mapped onto erin; not imported, password reset needed",erin,user_password_reset; user_probable_duplicate
frank,frank@example.com,"new; sign-in method removed, password reset needed",,user_auth_changed
gina,gina@example.com,"update; not imported, password reset needed",gina,user_password_reset; user_settings_overwrite
WANT
diff -u want_users.csv users.csv || fail "USERS.csv differs"

# Without --import-path no attachment is checked; --channel-prefix names the renames.
expect_exit 0 "$MATTERMERGE" plan source.jsonl --target target.jsonl --out plan2.toml --report report2.json --channel-prefix old-
if grep -q attachment_ report2.json; then fail "attachments checked without --import-path"; fi
expect_grep '^new_name = "old-pj"' plan2.toml

# Usage and I/O errors: exit 2, nothing written.
mkdir errs
expect_exit 2 "$MATTERMERGE" plan source.jsonl --target missing.jsonl --out errs/p.toml --report errs/r.json
expect_grep 'missing.jsonl' err
expect_exit 2 "$MATTERMERGE" plan source.jsonl --target target.jsonl --out errs/p.toml --channel-prefix 'Bad Prefix'
expect_grep 'channel-prefix' err
expect_exit 2 "$MATTERMERGE" plan source.jsonl --target target.jsonl --out errs/p.toml --team-map sales
expect_grep 'team-map sales: expected OLD=NEW' err
expect_exit 2 "$MATTERMERGE" plan source.jsonl --out errs/p.toml
[ -z "$(ls -A errs)" ] || fail "output left behind: $(ls -A errs)"
expect_no_leftovers .

# An unreadable line is reported with its place and makes the run exit 1 (the plan may miss conflicts).
{ cat target.jsonl; echo '{"type":"user","user":{"username":"broken"'; } > target-bad.jsonl
expect_exit 1 "$MATTERMERGE" plan source.jsonl --target target-bad.jsonl --out plan3.toml
expect_grep '^target-bad.jsonl:18: skipped unreadable line' err
expect_grep '^1 unreadable line\(s\) skipped' out
[ -f plan3.toml ] || fail "no plan written"

# --team-map naming a team the source does not have is a usage error.
expect_exit 2 "$MATTERMERGE" plan source.jsonl --target target.jsonl --out errs/p.toml --team-map nosuch=sales
expect_grep 'team-map nosuch=sales: source.jsonl has no team "nosuch"' err
[ -z "$(ls -A errs)" ] || fail "output left behind: $(ls -A errs)"

# --team-map: the source team "eng" merges into the target's "sales": its channel "dev" joins it.
expect_exit 0 "$MATTERMERGE" plan source.jsonl --target target.jsonl --out plan4.toml --report report4.json --team-map eng=sales
python3 - report4.json <<'PY'
import json, sys
got = [(c["kind"], c["subject"], c["source_line"], c["target_line"]) for c in json.load(open(sys.argv[1]))["conflicts"] if c["kind"] == "team_merge"]
assert got == [("team_merge", "eng", 5, 4), ("team_merge", "sales", 4, 4)], got
PY
