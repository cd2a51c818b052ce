# import-model (tests/import_model/): imports exports by the importer's match and merge rules.
# On a generated pair: the result validates, counts the password resets of existing accounts,
# a phase-1 import followed by the evolved export duplicates exactly the edited posts, and `diff`
# finds exactly those once the key's edits and deletions are ignored. On hand-written lines:
# every trap of a two-phase merge. Bad input: line-numbered errors, outputs never over inputs.
source "$E2E_LIB"
: "${GEN_SYNTHETIC:?set by ctest}"
: "${IMPORT_MODEL:?set by ctest}"

expect_exit 0 "$GEN_SYNTHETIC" --out gen --posts 900 --seed 21 --conflict-rate 0
expect_exit 0 "$GEN_SYNTHETIC" --evolve gen --days 3 --out evo --seed 21

# The target, then the source merged into it.
expect_exit 0 "$IMPORT_MODEL" --import gen/target.jsonl --import gen/source.jsonl --export merged.jsonl --summary merged.json
expect_grep '^import-model: .* 0 errors$' err
expect_exit 0 "$MATTERMERGE" validate merged.jsonl
python3 - gen/source.jsonl gen/target.jsonl merged.json <<'PY'
import json, sys
def users(p):
    return {json.loads(l)["user"]["username"]: json.loads(l)["user"] for l in open(p) if '"type":"user"' in l[:20]}
s, t = users(sys.argv[1]), users(sys.argv[2])
resets = sum(1 for n, u in s.items() if n in t and not u.get("password") and not u.get("auth_data"))
m = json.load(open(sys.argv[3]))
assert m["password_resets"] == resets, (m["password_resets"], resets)
assert resets > 0
assert m["users"] == len(set(s) | set(t)), m["users"]
assert m["duplicated_posts"] == 0 and m["errors"] == []
PY

# Phase 1 (the earlier source), then the evolved export as a whole: every edited post is copied.
expect_exit 0 "$IMPORT_MODEL" --import gen/source.jsonl --import evo/source.jsonl --export twice.jsonl --summary twice.json
expect_exit 0 "$IMPORT_MODEL" --import evo/source.jsonl --export once.jsonl --summary once.json
python3 - evo/evolve-key.json twice.json once.json <<'PY'
import json, sys
k, twice, once = (json.load(open(p)) for p in sys.argv[1:])
assert twice["duplicated_posts"] == len(k["edited"]) > 0, (twice["duplicated_posts"], len(k["edited"]))
assert once["duplicated_posts"] == 0
deleted = len(k["deleted_posts"]) + sum(c["posts"] for c in k["deleted_channels"])
# Deleted posts stay, edited ones are there twice.
assert twice["posts"] + twice["direct_posts"] == once["posts"] + once["direct_posts"] + deleted + len(k["edited"])
# Archived channel archived, the removed membership still there.
assert twice["archived_channels"] >= 1
PY
expect_exit 0 "$MATTERMERGE" validate twice.jsonl

# diff: the same instance is equal to itself; the two differ by exactly the edited posts once the
# key's edits and deletions are ignored, and by more without.
expect_exit 0 "$IMPORT_MODEL" diff once.jsonl evo/source.jsonl
expect_exit 1 "$IMPORT_MODEL" diff twice.jsonl once.jsonl --ignore-edits evo/evolve-key.json
edited=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["edited"]))' evo/evolve-key.json)
[ "$(grep -c '^~ \(direct_\)\?post ' out)" = "$edited" ] || fail "diff lists $(grep -c '^[-+~] ' out) differences, expected the $edited edited posts"
[ "$(grep -c '^[-+~] ' out)" = "$edited" ] || fail "diff lists more than the edited posts"
expect_exit 1 "$IMPORT_MODEL" diff twice.jsonl once.jsonl
expect_grep '^- post ' out
expect_grep '^- channel ' out

# Hand-written traps.
cat > target.jsonl <<'J'
{"type":"version","version":1}
{"type":"team","team":{"name":"eng","display_name":"Eng","type":"O"}}
{"type":"channel","channel":{"team":"eng","name":"town-square","display_name":"Town Square","type":"O"}}
{"type":"user","user":{"username":"jordan","email":"jordan@target.example.com","password":"Target-Pass-1","teams":[{"name":"eng","channels":[{"name":"town-square"}]}]}}
J
cat > phase1.jsonl <<'J'
{"type":"version","version":1}
{"type":"team","team":{"name":"eng","display_name":"Eng","type":"O"}}
{"type":"channel","channel":{"team":"eng","name":"town-square","display_name":"Town Square","type":"O"}}
{"type":"channel","channel":{"team":"eng","name":"dev","display_name":"Dev","type":"O"}}
{"type":"channel","channel":{"team":"eng","name":"old","display_name":"Old","type":"O"}}
{"type":"user","user":{"username":"alice","email":"alice@example.com","teams":[{"name":"eng","channels":[{"name":"dev"}]}]}}
{"type":"user","user":{"username":"bob","email":"bob@example.com","teams":[{"name":"eng","channels":[{"name":"dev"},{"name":"old"}]}]}}
{"type":"post","post":{"team":"eng","channel":"dev","user":"alice","message":"typo hre","create_at":1000,"replies":[]}}
{"type":"post","post":{"team":"eng","channel":"dev","user":"bob","message":"question?","create_at":2000,"replies":[{"user":"alice","message":"answer","create_at":2100}]}}
{"type":"post","post":{"team":"eng","channel":"dev","user":"bob","message":"deleted later","create_at":3000}}
J
cat > phase2.jsonl <<'J'
{"type":"version","version":1}
{"type":"channel","channel":{"team":"eng","name":"old","display_name":"Old","type":"O","deleted_at":9000}}
{"type":"user","user":{"username":"alice","email":"alice@example.com","teams":[{"name":"eng","channels":[{"name":"dev"},{"name":"old"}]}]}}
{"type":"user","user":{"username":"bob","email":"bob@example.com","teams":[{"name":"eng","channels":[{"name":"dev"}]}]}}
{"type":"user","user":{"username":"jordan","email":"jordan@source.example.com","teams":[{"name":"eng","channels":[{"name":"dev"}]}]}}
{"type":"post","post":{"team":"eng","channel":"dev","user":"alice","message":"typo here","create_at":1000,"edit_at":8000}}
{"type":"post","post":{"team":"eng","channel":"dev","user":"bob","message":"question?","create_at":2000,"replies":[{"user":"alice","message":"answer","create_at":2100},{"user":"jordan","message":"late answer","create_at":8500}]}}
J
expect_exit 0 "$IMPORT_MODEL" --import target.jsonl --import phase1.jsonl --import phase2.jsonl --export traps.jsonl --summary traps.json
python3 - traps.json traps.jsonl <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
lines = [json.loads(l) for l in open(sys.argv[2])]
posts = [l["post"] for l in lines if l["type"] == "post"]
users = {l["user"]["username"]: l["user"] for l in lines if l["type"] == "user"}
channels = {l["channel"]["name"]: l["channel"] for l in lines if l["type"] == "channel"}
# edited message: a second post, the first kept
assert [p["message"] for p in posts if p["create_at"] == 1000] == ["typo hre", "typo here"], posts
assert s["duplicated_posts"] == 1
# new reply to an old post: on the existing post, no copy
q = [p for p in posts if p["create_at"] == 2000]
assert len(q) == 1 and [r["message"] for r in q[0]["replies"]] == ["answer", "late answer"], q
# deleted post: still there
assert any(p["message"] == "deleted later" for p in posts)
# user created on both sides: one account, the source's e-mail, its target password reset
assert users["jordan"]["email"] == "jordan@source.example.com"
# password resets: alice, bob (phase 2 re-imports them) and jordan
assert s["password_resets"] == 3, s["password_resets"]
# archived channel
assert channels["old"]["deleted_at"] == 9000
# membership added to an existing user; the one removed from bob stays
ch = lambda u: {c["name"] for t in users[u]["teams"] for c in t["channels"]}
assert "old" in ch("alice") and "old" in ch("bob"), (ch("alice"), ch("bob"))
assert s["errors"] == []
PY

# Bad input: every error with its file and line, exit 1; the other lines still imported.
printf '%s\n' '{"type":"version","version":1}' '{"type":"team","team":{"name":"eng"' \
  '{"type":"post","post":{"team":"eng","channel":"x","user":"u","message":"m","create_at":1}}' > bad.jsonl
expect_exit 1 "$IMPORT_MODEL" --import bad.jsonl --summary bad.json
expect_grep '^import-model: bad.jsonl:2: not JSON' err
expect_grep '^import-model: bad.jsonl:3: post: team "eng" not found' err
python3 -c 'import json,sys; assert len(json.load(open(sys.argv[1]))["errors"]) == 2' bad.json
# An output never replaces an input.
cp phase1.jsonl keep.jsonl
expect_exit 2 "$IMPORT_MODEL" --import phase1.jsonl --export phase1.jsonl
cmp -s phase1.jsonl keep.jsonl || fail "an input was modified"
expect_no_leftovers .
echo "ok: $edited edited posts found by diff"
