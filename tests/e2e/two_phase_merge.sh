# The two-phase merge end to end (docs/merge-guide.md), with import-model as the server: on a
# generated pair evolved by three days, phase 1 (plan, apply, import, memberships, reconcile), the
# target changing meanwhile, then phase 2 (plan --previous-plan, apply --since, import,
# memberships, reconcile --since). The result equals importing a one-phase merge of the new
# source into the same target, except the edits and deletions the evolve key lists; no post is
# doubled, no existing account's password reset, and the delta reports exactly the key's edits
# and deletions. Then a small hand-written two-phase merge of every trap the other tests leave
# out: a new user colliding with one created on the target meanwhile, renamed by plan 2.
source "$E2E_LIB"
: "${GEN_SYNTHETIC:?set by ctest}"
: "${IMPORT_MODEL:?set by ctest}"

# import_model OUT.jsonl SUMMARY.json EXPORT...: imports the exports in order into an empty
# instance, each followed by the membership script apply wrote beside it (if any), as an admin
# runs it after the import job (docs/merge-guide.md 1.5).
import_model() {
  local out=$1 summary=$2 args=()
  shift 2
  for f in "$@"; do
    args+=(--import "$f")
    [ ! -f "$f.memberships.sh" ] || args+=(--import "$f.memberships.sh")
  done
  expect_exit 0 "$IMPORT_MODEL" "${args[@]}" --export "$out" --summary "$summary"
}

expect_exit 0 "$GEN_SYNTHETIC" --out base --posts 3000 --seed 17
expect_exit 0 "$GEN_SYNTHETIC" --evolve base --days 3 --out evo --seed 17

# Phase 1.
expect_exit 0 "$MATTERMERGE" plan base/source.jsonl --target base/target.jsonl --import-path base \
  --out plan1.toml --no-progress
expect_exit 0 "$MATTERMERGE" apply base/source.jsonl --plan plan1.toml --target base/target.jsonl \
  --import-path base --out phase1.jsonl --no-progress
import_model after1.jsonl after1.json base/target.jsonl phase1.jsonl
expect_exit 0 "$MATTERMERGE" reconcile base/source.jsonl --plan plan1.toml --after after1.jsonl --no-progress
expect_grep '^base/source.jsonl: every object arrived$' out

# The days between: the target gains users, channels, posts and emoji, some with names the
# source takes meanwhile.
import_model target_now.jsonl target_now.json after1.jsonl evo/target-changes.jsonl

# Phase 2.
expect_exit 0 "$MATTERMERGE" plan evo/source.jsonl --target target_now.jsonl --previous-plan plan1.toml \
  --import-path evo --out plan2.toml --no-progress
expect_exit 0 "$MATTERMERGE" apply evo/source.jsonl --plan plan2.toml --since base/source.jsonl \
  --target target_now.jsonl --import-path evo --out delta.jsonl --no-progress --json
cp out delta.json
import_model after2.jsonl after2.json target_now.jsonl delta.jsonl
expect_exit 0 "$MATTERMERGE" reconcile evo/source.jsonl --plan plan2.toml --since base/source.jsonl \
  --after after2.jsonl --no-progress
expect_grep '^evo/source.jsonl: every object arrived$' out

# One phase, for comparison: a full apply of the new source by plan 2 into the target as it would
# be without phase 1 (its export before phase 1, then what it gained meanwhile).
import_model target_alone.jsonl target_alone.json base/target.jsonl evo/target-changes.jsonl
expect_exit 0 "$MATTERMERGE" apply evo/source.jsonl --plan plan2.toml --target target_alone.jsonl \
  --import-path evo --out full.jsonl --no-progress
import_model one_phase.jsonl one_phase.json target_alone.jsonl full.jsonl
# The key names objects as the source does; the instances hold them under the plan's names.
python3 - plan2.toml evo/evolve-key.json key2.json <<'PY'
import json, sys, tomllib
plan = tomllib.load(open(sys.argv[1], "rb"))
team = {t["name"]: t["target"] for t in plan.get("team", [])}
chan = {(c["team"], c["name"]): c.get("new_name", c["name"]) for c in plan.get("channel", [])}
user = {n: u.get("target", n) for u in plan.get("user", []) for n in u.get("usernames", [u.get("username")])}
def rename(k):
    if isinstance(k, list):  # a direct channel's members
        return [user.get(u, u) for u in k]
    k = dict(k)
    for f in ("channel", "name"):
        if f in k and "team" in k:
            k[f] = chan.get((k["team"], k[f]), k[f])
    if "team" in k:
        k["team"] = team.get(k["team"], k["team"])
    if "user" in k:
        k["user"] = user.get(k["user"], k["user"])
    if "members" in k:
        k["members"] = rename(k["members"])
    return k
key = json.load(open(sys.argv[2]))
key["edited"] = [dict(e, key=rename(e["key"])) for e in key["edited"]]
for f in ("deleted_posts", "deleted_channels", "memberships_removed"):
    key[f] = [rename(e) for e in key[f]]
json.dump(key, open(sys.argv[3], "w"))
PY
expect_exit 0 "$IMPORT_MODEL" diff after2.jsonl one_phase.jsonl --ignore-edits key2.json
# Without ignoring them, the edits and deletions are the differences.
expect_exit 1 "$IMPORT_MODEL" diff after2.jsonl one_phase.jsonl

python3 - evo/evolve-key.json after1.json after2.json one_phase.json delta.json delta.jsonl full.jsonl <<'PY'
import json, sys
key, after1, after2, one, delta = (json.load(open(p)) for p in sys.argv[1:6])
delta_bytes, full_bytes = (sum(len(l) for l in open(p, "rb")) for p in sys.argv[6:8])
for name, s in (("after1", after1), ("after2", after2), ("one_phase", one)):
    assert s["duplicated_posts"] == 0, (name, s["duplicated_posts"])
    assert s["errors"] == [], (name, s["errors"][:5])
# Neither import writes a user line of an existing account (phase 1: any account the plan maps a
# source user onto, LDAP/SAML/OAuth ones too; the delta: any account BASE had), hence no reset.
assert after1["password_resets"] == 0, ("after1", after1["password_resets"])
assert after2["password_resets"] == 0, ("after2", after2["password_resets"])
# The same posts as the one-phase merge, plus the deleted ones the import could not remove.
deleted = len(key["deleted_posts"]) + sum(c["posts"] for c in key["deleted_channels"])
assert after2["posts"] + after2["direct_posts"] == one["posts"] + one["direct_posts"] + deleted, (after2, one, deleted)
# What the delta reports is the key's edits and deletions.
r = delta["since"]["reported"]
assert r["messages_edited"] == len(key["edited"]), (r["messages_edited"], len(key["edited"]))
assert r["posts_deleted"] == deleted, (r["posts_deleted"], deleted)
assert r["channels_deleted"] == len(key["deleted_channels"]), (r["channels_deleted"], key["deleted_channels"])
# Memberships removed: the key's, and every membership of the deleted channels.
members = {(c["team"], c["name"]): 0 for c in key["deleted_channels"]}
for line in open("base/source.jsonl"):
    if line.startswith('{"type":"user"'):
        for t in json.loads(line)["user"].get("teams") or []:
            for c in t.get("channels") or []:
                if (t["name"], c["name"]) in members:
                    members[(t["name"], c["name"])] += 1
removed = len(key["memberships_removed"]) + sum(members.values())
assert r["memberships_removed"] == removed, (r["memberships_removed"], removed)
assert 0 < delta_bytes < full_bytes * 0.2, (delta_bytes, full_bytes)
print("delta: %d of %d bytes, %d edited, %d deleted" % (delta_bytes, full_bytes, r["messages_edited"], r["posts_deleted"]))
PY

# By hand, through both phases: what apply_since.sh checks on the delta's lines (edited message,
# reply to an old post, archived channel, membership added to an existing user, deleted post)
# checked here on the instance the imports give, with what the other tests leave out: a user
# created on both sides meanwhile (carol: one account, the target's, its password kept, the
# source's memberships added by the script), a new reply to a post whose message was edited.
mkdir hand && cd hand
cat > target.jsonl <<'JSONL'
{"type":"version","version":1}
{"type":"team","team":{"name":"main","display_name":"Main","type":"O"}}
{"type":"channel","channel":{"team":"main","name":"town-square","display_name":"Town Square","type":"O"}}
{"type":"user","user":{"username":"bob","email":"bob@target.example","password":"Target-1","teams":[{"name":"main","channels":[{"name":"town-square"}]}]}}
JSONL
cat > base.jsonl <<'JSONL'
{"type":"version","version":1}
{"type":"team","team":{"name":"eng","display_name":"Eng","type":"O"}}
{"type":"channel","channel":{"team":"eng","name":"town-square","display_name":"Town Square","type":"O"}}
{"type":"channel","channel":{"team":"eng","name":"dev","display_name":"Dev","type":"O"}}
{"type":"channel","channel":{"team":"eng","name":"old","display_name":"Old","type":"O"}}
{"type":"user","user":{"username":"alice","email":"alice@src.example","teams":[{"name":"eng","channels":[{"name":"town-square"},{"name":"dev"}]}]}}
{"type":"user","user":{"username":"dan","email":"dan@src.example","teams":[{"name":"eng","channels":[{"name":"town-square"},{"name":"dev"},{"name":"old"}]}]}}
{"type":"post","post":{"team":"eng","channel":"dev","user":"alice","message":"typo hre","create_at":1000,"replies":[{"user":"dan","message":"ok","create_at":1001}]}}
{"type":"post","post":{"team":"eng","channel":"dev","user":"dan","message":"question?","create_at":2000}}
{"type":"post","post":{"team":"eng","channel":"old","user":"dan","message":"deleted later","create_at":3000}}
JSONL
cat > now.jsonl <<'JSONL'
{"type":"version","version":1}
{"type":"team","team":{"name":"eng","display_name":"Eng","type":"O"}}
{"type":"channel","channel":{"team":"eng","name":"town-square","display_name":"Town Square","type":"O"}}
{"type":"channel","channel":{"team":"eng","name":"dev","display_name":"Dev","type":"O"}}
{"type":"channel","channel":{"team":"eng","name":"old","display_name":"Old","type":"O","deleted_at":5000}}
{"type":"user","user":{"username":"alice","email":"alice@src.example","teams":[{"name":"eng","channels":[{"name":"town-square"},{"name":"dev"},{"name":"old"}]}]}}
{"type":"user","user":{"username":"dan","email":"dan@src.example","teams":[{"name":"eng","channels":[{"name":"town-square"},{"name":"dev"},{"name":"old"}]}]}}
{"type":"user","user":{"username":"carol","email":"carol@src.example","teams":[{"name":"eng","channels":[{"name":"town-square"},{"name":"dev"}]}]}}
{"type":"post","post":{"team":"eng","channel":"dev","user":"alice","message":"typo here","create_at":1000,"edit_at":6000,"replies":[{"user":"dan","message":"ok","create_at":1001},{"user":"carol","message":"late","create_at":6100}]}}
{"type":"post","post":{"team":"eng","channel":"dev","user":"dan","message":"question?","create_at":2000,"replies":[{"user":"alice","message":"answer","create_at":6200}]}}
JSONL
# Created on the target between the phases: another carol.
cat > target-changes.jsonl <<'JSONL'
{"type":"version","version":1}
{"type":"user","user":{"username":"carol","email":"carol@target.example","password":"Target-2","teams":[{"name":"main","channels":[{"name":"town-square"}]}]}}
JSONL
expect_exit 0 "$MATTERMERGE" plan base.jsonl --target target.jsonl --out plan1.toml --no-progress
expect_exit 0 "$MATTERMERGE" apply base.jsonl --plan plan1.toml --target target.jsonl --out phase1.jsonl --no-progress
import_model after1.jsonl after1.json target.jsonl phase1.jsonl
expect_exit 0 "$MATTERMERGE" reconcile base.jsonl --plan plan1.toml --after after1.jsonl --no-progress
import_model target_now.jsonl target_now.json after1.jsonl target-changes.jsonl
expect_exit 0 "$MATTERMERGE" plan now.jsonl --target target_now.jsonl --previous-plan plan1.toml \
  --out plan2.toml --no-progress
expect_exit 0 "$MATTERMERGE" apply now.jsonl --plan plan2.toml --since base.jsonl --target target_now.jsonl \
  --out delta.jsonl --no-progress
expect_grep '^    messages_edited now.jsonl:9: eng/dev @alice 1000$' "$WORK/out"
expect_grep '^    posts_deleted base.jsonl:10: eng/old @dan 3000$' "$WORK/out"
import_model after2.jsonl after2.json target_now.jsonl delta.jsonl
expect_exit 0 "$MATTERMERGE" reconcile now.jsonl --plan plan2.toml --since base.jsonl --after after2.jsonl --no-progress
expect_grep '^now.jsonl: every object arrived$' "$WORK/out"
python3 - plan2.toml after2.json after2.jsonl <<'CHECK'
import json, sys, tomllib
# A [[user]] table names one user or several (usernames); keys left out take their defaults.
plan = {n: {"action": u["action"], "target": u.get("target", n), "emit": u.get("emit", True)}
        for u in tomllib.load(open(sys.argv[1], "rb"))["user"] for n in u.get("usernames", [u.get("username")])}
s = json.load(open(sys.argv[2]))
lines = [json.loads(l) for l in open(sys.argv[3])]
posts = {p["create_at"]: p for p in (l["post"] for l in lines if l["type"] == "post")}
users = {l["user"]["username"]: l["user"] for l in lines if l["type"] == "user"}
channels = {(c["team"], c["name"]): c for c in (l["channel"] for l in lines if l["type"] == "channel")}
assert s["duplicated_posts"] == 0 and s["password_resets"] == 0 and s["errors"] == [], s
# The user created on both sides: as in a first plan, the same username is one account; its line
# is left out (it would reset the target account's password), its memberships scripted; the
# target's e-mail kept.
src_carol = plan["carol"]["target"]
assert (plan["carol"]["action"], src_carol, plan["carol"]["emit"]) == ("update", "carol", False), plan["carol"]
assert users["carol"]["email"] == "carol@target.example", users["carol"]
assert {t["name"] for t in users["carol"]["teams"]} == {"main", "eng"}, users["carol"]
# The edited post keeps phase 1's message; the new reply hangs on it, not on a copy.
assert posts[1000]["message"] == "typo hre", posts[1000]
assert [(r["user"], r["message"]) for r in posts[1000]["replies"]] == [("dan", "ok"), (src_carol, "late")], posts[1000]
# A new reply to an unchanged old post.
assert [r["message"] for r in posts[2000]["replies"]] == ["answer"], posts[2000]
# The deleted post stays (an import cannot delete); the channel is archived.
assert posts[3000]["message"] == "deleted later"
assert channels[("eng", "old")]["deleted_at"] == 5000, channels[("eng", "old")]
# alice joined old (membership script: her account exists since phase 1).
ch = {c["name"] for t in users["alice"]["teams"] if t["name"] == "eng" for c in t["channels"]}
assert "old" in ch, users["alice"]
CHECK
[ -f delta.jsonl.memberships.sh ] || fail "alice's new membership was not scripted"
cd ..

# By hand: a channel BASE already had archived (attic), whose posts change on the source after
# phase 1 (a new post, a reply to an old one). apply --since leaves them out (in_archived_channel:
# the importer cannot add to an archived channel of the target); reconcile --since counts them as
# left out by apply, not missing. A one-phase apply carries posts of archived channels, and
# reconcile without --since expects them all.
mkdir archived && cd archived
cat > target.jsonl <<'JSONL'
{"type":"version","version":1}
{"type":"team","team":{"name":"main","display_name":"Main","type":"O"}}
{"type":"channel","channel":{"team":"main","name":"town-square","display_name":"Town Square","type":"O"}}
JSONL
cat > base.jsonl <<'JSONL'
{"type":"version","version":1}
{"type":"team","team":{"name":"eng","display_name":"Eng","type":"O"}}
{"type":"channel","channel":{"team":"eng","name":"town-square","display_name":"Town Square","type":"O"}}
{"type":"channel","channel":{"team":"eng","name":"attic","display_name":"Attic","type":"O","deleted_at":500}}
{"type":"user","user":{"username":"ann","email":"ann@src.example","teams":[{"name":"eng","channels":[{"name":"town-square"},{"name":"attic"}]}]}}
{"type":"post","post":{"team":"eng","channel":"attic","user":"ann","message":"kept","create_at":100}}
{"type":"post","post":{"team":"eng","channel":"town-square","user":"ann","message":"hello","create_at":200}}
JSONL
cat > now.jsonl <<'JSONL'
{"type":"version","version":1}
{"type":"team","team":{"name":"eng","display_name":"Eng","type":"O"}}
{"type":"channel","channel":{"team":"eng","name":"town-square","display_name":"Town Square","type":"O"}}
{"type":"channel","channel":{"team":"eng","name":"attic","display_name":"Attic","type":"O","deleted_at":500}}
{"type":"user","user":{"username":"ann","email":"ann@src.example","teams":[{"name":"eng","channels":[{"name":"town-square"},{"name":"attic"}]}]}}
{"type":"post","post":{"team":"eng","channel":"attic","user":"ann","message":"kept","create_at":100,"replies":[{"user":"ann","message":"late reply","create_at":700}]}}
{"type":"post","post":{"team":"eng","channel":"town-square","user":"ann","message":"hello","create_at":200}}
{"type":"post","post":{"team":"eng","channel":"attic","user":"ann","message":"late post","create_at":800}}
{"type":"post","post":{"team":"eng","channel":"town-square","user":"ann","message":"new","create_at":900}}
JSONL
expect_exit 0 "$MATTERMERGE" plan base.jsonl --target target.jsonl --out plan1.toml --no-progress
expect_exit 0 "$MATTERMERGE" apply base.jsonl --plan plan1.toml --target target.jsonl --out phase1.jsonl --no-progress
import_model after1.jsonl after1.json target.jsonl phase1.jsonl
expect_exit 0 "$MATTERMERGE" reconcile base.jsonl --plan plan1.toml --after after1.jsonl --no-progress
expect_grep '^base.jsonl: every object arrived$' "$WORK/out"
expect_exit 0 "$MATTERMERGE" plan now.jsonl --target after1.jsonl --previous-plan plan1.toml --out plan2.toml \
  --no-progress
expect_exit 0 "$MATTERMERGE" apply now.jsonl --plan plan2.toml --since base.jsonl --target after1.jsonl \
  --out delta.jsonl --no-progress
expect_grep '^    in_archived_channel +2$' "$WORK/out"
import_model after2.jsonl after2.json after1.jsonl delta.jsonl
expect_exit 0 "$MATTERMERGE" reconcile now.jsonl --plan plan2.toml --since base.jsonl --after after2.jsonl \
  --no-progress
expect_grep '^now.jsonl: every object arrived$' "$WORK/out"
expect_grep '^  posts +3 +0 +0 +0 +1$' "$WORK/out"
expect_grep '^  replies +0 +0 +0 +0 +1$' "$WORK/out"
expect_grep '^  left out by apply: posts of channels archived in base.jsonl' "$WORK/out"
expect_exit 0 "$MATTERMERGE" reconcile now.jsonl --plan plan2.toml --since base.jsonl --after after2.jsonl \
  --no-progress --json
python3 - "$WORK/out" <<'CHECK'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["complete"] and r["missing_count"] == 0, r
assert r["kinds"]["posts"]["left_out_by_apply"] == 1 and r["kinds"]["replies"]["left_out_by_apply"] == 1, r["kinds"]
CHECK
# Without --since the same posts are missing: reconcile then expects what a one-phase apply carries.
expect_exit 1 "$MATTERMERGE" reconcile now.jsonl --plan plan2.toml --after after2.jsonl --no-progress
expect_grep '^now.jsonl:8: post missing: post by ann at 800 in eng/attic$' "$WORK/out"
# One phase: apply carries the posts of an archived channel, and reconcile finds them all.
expect_exit 0 "$MATTERMERGE" apply now.jsonl --plan plan2.toml --target target.jsonl --out full.jsonl --no-progress
import_model one_phase.jsonl one_phase.json target.jsonl full.jsonl
expect_exit 0 "$MATTERMERGE" reconcile now.jsonl --plan plan2.toml --after one_phase.jsonl --no-progress
expect_grep '^now.jsonl: every object arrived$' "$WORK/out"
cd ..

expect_no_leftovers .
echo PASS
