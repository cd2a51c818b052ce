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
user = {u["username"]: u.get("target", u["username"]) for u in plan.get("user", [])}
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
# The delta's import (after2 imports target_now, then the delta): no user line of an existing
# account, hence no password reset.
assert after2["password_resets"] == 0, after2["password_resets"]
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

expect_no_leftovers .
echo PASS
