# plan on a hand-written pair holding every conflict kind: the report's entries line by line, the
# plan file's decisions, USERS.csv, exit codes, and no output left behind on errors.
source "$E2E_LIB"

cat > source.jsonl <<'JSONL'
{"type":"version","version":1}
{"type":"role","role":{"name":"system_user","display_name":"User","permissions":["create_post","delete_post"]}}
{"type":"role","role":{"name":"custom_role","display_name":"C","permissions":["a"]}}
{"type":"team","team":{"name":"sales","display_name":"Sales","type":"O"}}
{"type":"team","team":{"name":"eng","display_name":"Eng","type":"O"}}
{"type":"channel","channel":{"team":"sales","name":"town-square","display_name":"Town Square","type":"O"}}
{"type":"channel","channel":{"team":"sales","name":"pj","display_name":"○○PJ","type":"O"}}
{"type":"channel","channel":{"team":"sales","name":"deals","display_name":"Deals","type":"O"}}
{"type":"channel","channel":{"team":"sales","name":"old","display_name":"Old","type":"O"}}
{"type":"channel","channel":{"team":"sales","name":"gone","display_name":"Gone","type":"O","deleted_at":1600000000000}}
{"type":"channel","channel":{"team":"eng","name":"dev","display_name":"Dev","type":"P"}}
{"type":"user","user":{"username":"alice","email":"alice@new.example","roles":"system_user","locale":"en","teams":[{"name":"sales","roles":"team_user","channels":[{"name":"deals","roles":"channel_user"}]}]}}
{"type":"user","user":{"username":"bob","email":"bob@example.com","auth_service":"gitlab","auth_data":"42","locale":"fr"}}
{"type":"user","user":{"username":"carol2","email":"carol@example.com"}}
{"type":"user","user":{"username":"dave.s","email":"dave@old.example"}}
{"type":"user","user":{"username":"erin_x","email":"erin@elsewhere.example","first_name":"Erin","last_name":"Smith"}}
{"type":"user","user":{"username":"frank","email":"frank@example.com","auth_service":"saml","auth_data":"f"}}
{"type":"user","user":{"username":"gina","email":"gina@example.com","theme":"{\"x\":\"1\"}","notify_props":{"desktop":"all"},"auth_service":"ldap","auth_data":"g"}}
{"type":"post","post":{"team":"sales","channel":"deals","user":"alice","message":"hi @carol2, see ~pj and ~deals. mail carol2@x.com `@dave.s` https://x.com/@carol2 @dave.s. :party:","create_at":1,"replies":[{"user":"bob","message":"@carol2 again https://chat.example.com/sales/pl/abcdefghijklmnopqrstuvwxyz","create_at":2,"attachments":[{"path":"files/a.gif"}]}],"attachments":[{"path":"files/missing.png"},{"path":"files/empty.txt"}]}}
{"type":"post","post":{"team":"eng","channel":"dev","user":"alice","message":"~pj is another team here","create_at":3}}
{"type":"emoji","emoji":{"name":"party","image":"emoji/party.png"}}
{"type":"emoji","emoji":{"name":"fresh","image":"emoji/fresh.png"}}
{"type":"direct_channel","direct_channel":{"members":["alice","bob"]}}
{"type":"direct_post","direct_post":{"channel_members":["alice","bob"],"user":"alice","message":"@CAROL2 ~pj","create_at":4}}
JSONL

cat > target.jsonl <<'JSONL'
{"type":"version","version":1}
{"type":"role","role":{"name":"system_user","display_name":"User","permissions":["create_post"]}}
{"type":"role","role":{"name":"custom_role","display_name":"C","permissions":["a"]}}
{"type":"team","team":{"name":"sales","display_name":"Sales","type":"O"}}
{"type":"channel","channel":{"team":"sales","name":"town-square","display_name":"Town","type":"O","deleted_at":5}}
{"type":"channel","channel":{"team":"sales","name":"pj","display_name":"△△PJ","type":"O"}}
{"type":"channel","channel":{"team":"sales","name":"deals","display_name":"Deals","type":"O"}}
{"type":"channel","channel":{"team":"sales","name":"old","display_name":"Old","type":"O","deleted_at":1500000000000}}
{"type":"channel","channel":{"team":"sales","name":"gone","display_name":"Gone","type":"O"}}
{"type":"user","user":{"username":"alice","email":"alice@example.com","roles":"system_user system_admin","locale":"en","teams":[{"name":"sales","roles":"team_user team_admin","channels":[{"name":"deals","roles":"channel_user channel_admin"}]}]}}
{"type":"user","user":{"username":"bob","email":"bob@example.com","auth_service":"ldap","auth_data":"b","locale":"fr"}}
{"type":"user","user":{"username":"carol","email":"Carol@example.com"}}
{"type":"user","user":{"username":"dave","email":"dave@new.example"}}
{"type":"user","user":{"username":"erin","email":"erin@corp.example","first_name":"Erin","last_name":"Smith"}}
{"type":"user","user":{"username":"gina","email":"gina@example.com","notify_props":{"desktop":"mention"},"auth_service":"ldap","auth_data":"g"}}
{"type":"post","post":{"team":"sales","channel":"deals","user":"alice","message":"target post","create_at":1}}
{"type":"emoji","emoji":{"name":"party","image":"emoji/p.png"}}
JSONL

mkdir -p imp/data/files
# a JPEG named .gif, an empty file, and files/missing.png absent
printf '\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xdb\x00\x43\x00' > imp/data/files/a.gif
head -c 200 /dev/zero >> imp/data/files/a.gif
: > imp/data/files/empty.txt

expect_exit 0 "$MATTERMERGE" plan source.jsonl --target target.jsonl --out plan.toml --report report.json \
  --notify-csv users.csv --import-path imp --email-domain-alias old.example=new.example
expect_grep '^conflicts: 27 \(4 error, 15 risk, 8 info\)' out

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
user_password_reset risk carol2 14 12 1
user_password_reset risk dave.s 15 13 1
user_password_reset risk erin_x 16 14 1
user_probable_duplicate risk dave.s 15 13 1
user_probable_duplicate risk erin_x 16 14 1
user_role_downgrade risk alice 12 10 1
user_settings_overwrite info gina 18 15 1
{"attachment_empty": 1, "attachment_missing": 1, "attachment_type_mismatch": 1, "channel_archive_propagation": 1, "channel_merge": 2, "channel_name_clash": 1, "channel_target_archived": 1, "emoji_clash": 1, "mention_rewrite": 3, "permalink": 1, "role_overwrite": 1, "team_merge": 1, "user_auth_changed": 2, "user_email_changed": 1, "user_email_taken": 1, "user_password_reset": 4, "user_probable_duplicate": 2, "user_role_downgrade": 1, "user_settings_overwrite": 1}
WANT
diff -u want.txt got.txt || fail "report differs"

# The plan's decisions, read back as TOML.
python3 - plan.toml > decisions.txt <<'PY'
import sys, tomllib
p = tomllib.load(open(sys.argv[1], "rb"))
assert p["version"] == 1 and p["prefix"] == "src-", p
for c in p["channel"]:
    print("channel", c["team"], c["name"], c["action"], c.get("new_name", ""), c["keep_archived"])
for u in p["user"]:
    print("user", u["username"], u["action"], u.get("target", ""), u["emit"], u["email"], u["roles"], u["settings"], u["auth"])
for d in p["drop"]:
    print("drop", d["kind"], d["name"])
for e in p["emoji"]:
    print("emoji", e["name"], e["action"], e.get("new_name", ""))
for a in p["attachment"]:
    print("attachment", a["path"], a["action"], a.get("new_path", ""))
PY
cat > want_decisions.txt <<'WANT'
channel eng dev keep  True
channel sales deals merge  True
channel sales gone rename src-gone True
channel sales old rename src-old True
channel sales pj rename src-pj True
channel sales town-square merge  True
user alice update alice False keep-target keep-target source keep
user bob update bob True source source source strip
user carol2 map carol False keep-target keep-target keep-target keep
user dave.s map dave False keep-target keep-target keep-target keep
user erin_x map erin False keep-target keep-target keep-target keep
user frank new  True source source source strip
user gina update gina True source source keep-target keep
drop role system_user
emoji fresh keep 
emoji party rename src-party
attachment files/a.gif fix files/a.jpg
attachment files/empty.txt drop 
attachment files/missing.png drop 
WANT
diff -u want_decisions.txt decisions.txt || fail "plan decisions differ"
expect_grep '^# user_email_taken: e-mail "carol@example.com" belongs to target user "carol" \(line 12\)' plan.toml

cat > want_users.csv <<'WANT'
username,email,action,target,reason
alice,alice@new.example,"update; not imported, password reset needed",alice,user_email_changed; user_password_reset; user_role_downgrade
bob,bob@example.com,"update; sign-in method removed, password reset needed",bob,user_auth_changed
carol2,carol@example.com,"mapped onto carol; not imported, password reset needed",carol,user_email_taken; user_password_reset
dave.s,dave@old.example,"mapped onto dave; not imported, password reset needed",dave,user_password_reset; user_probable_duplicate
erin_x,erin@elsewhere.example,"mapped onto erin; not imported, password reset needed",erin,user_password_reset; user_probable_duplicate
frank,frank@example.com,"new; sign-in method removed, password reset needed",,user_auth_changed
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
