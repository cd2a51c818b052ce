# apply --since: a delta of hand-written exports, checked line by line. Phase 1 imported
# base.jsonl by plan.toml; the source then changed (now.jsonl): a channel archived and one
# created, a user created and a membership added to an existing one, a reply to an old post whose
# message was edited, another post only edited, a post deleted, a reaction added to a direct post.
# Then a rolling delta: since now.jsonl, of one more post.
source "$E2E_LIB"

cat > target.jsonl <<'JSONL'
{"type":"version","version":1}
{"type":"team","team":{"name":"main","display_name":"Main","type":"O"}}
{"type":"user","user":{"username":"bob","email":"bob@target.example","teams":[{"name":"main"}]}}
JSONL
cat > base.jsonl <<'JSONL'
{"type":"version","version":1}
{"type":"team","team":{"name":"eng","display_name":"Eng","type":"O"}}
{"type":"channel","channel":{"team":"eng","name":"dev","display_name":"Dev","type":"O"}}
{"type":"channel","channel":{"team":"eng","name":"old","display_name":"Old","type":"O"}}
{"type":"user","user":{"username":"alice","email":"alice@src.example","teams":[{"name":"eng","channels":[{"name":"dev"}]}]}}
{"type":"user","user":{"username":"bob","email":"bob@src.example","teams":[{"name":"eng","channels":[{"name":"dev"},{"name":"old"}]}]}}
{"type":"post","post":{"team":"eng","channel":"dev","user":"alice","message":"hi @bob","create_at":1000,"replies":[{"user":"bob","message":"hey","create_at":1001}]}}
{"type":"post","post":{"team":"eng","channel":"dev","user":"alice","message":"to be edited","create_at":2000}}
{"type":"post","post":{"team":"eng","channel":"old","user":"bob","message":"to be deleted","create_at":3000}}
{"type":"direct_channel","direct_channel":{"members":["alice","bob"]}}
{"type":"direct_post","direct_post":{"channel_members":["alice","bob"],"user":"alice","message":"dm","create_at":4000}}
JSONL
cat > now.jsonl <<'JSONL'
{"type":"version","version":1}
{"type":"team","team":{"name":"eng","display_name":"Eng","type":"O"}}
{"type":"channel","channel":{"team":"eng","name":"dev","display_name":"Dev","type":"O"}}
{"type":"channel","channel":{"team":"eng","name":"old","display_name":"Old","type":"O","deleted_at":5000}}
{"type":"channel","channel":{"team":"eng","name":"new","display_name":"New","type":"O"}}
{"type":"user","user":{"username":"alice","email":"alice@src.example","teams":[{"name":"eng","channels":[{"name":"dev"},{"name":"new"}]}]}}
{"type":"user","user":{"username":"bob","email":"bob@src.example","teams":[{"name":"eng","channels":[{"name":"dev"},{"name":"old"}]}]}}
{"type":"user","user":{"username":"carol","email":"carol@src.example","teams":[{"name":"eng","channels":[{"name":"new"}]}]}}
{"type":"post","post":{"team":"eng","channel":"dev","user":"alice","message":"hi @bob!","create_at":1000,"replies":[{"user":"bob","message":"hey","create_at":1001},{"user":"alice","message":"again","create_at":1002}]}}
{"type":"post","post":{"team":"eng","channel":"dev","user":"alice","message":"edited now","create_at":2000}}
{"type":"post","post":{"team":"eng","channel":"new","user":"carol","message":"first","create_at":6000}}
{"type":"direct_channel","direct_channel":{"members":["alice","bob"]}}
{"type":"direct_post","direct_post":{"channel_members":["alice","bob"],"user":"alice","message":"dm","create_at":4000,"reactions":[{"user":"bob","emoji_name":"smile","create_at":4001}]}}
JSONL

# Phase 1's plan (bob exists in the target: his user line is left out, his memberships scripted).
expect_exit 0 "$MATTERMERGE" plan base.jsonl --target target.jsonl --out plan.toml --no-progress
expect_exit 0 "$MATTERMERGE" apply base.jsonl --plan plan.toml --target target.jsonl --out phase1.jsonl --no-progress

expect_exit 0 "$MATTERMERGE" apply now.jsonl --plan plan.toml --since base.jsonl --target target.jsonl \
  --out delta.jsonl --no-progress
cat > delta.expected <<'JSONL'
{"type":"version","version":1}
{"type":"channel","channel":{"team":"eng","name":"old","display_name":"Old","type":"O","deleted_at":5000}}
{"type":"channel","channel":{"team":"eng","name":"new","display_name":"New","type":"O"}}
{"type":"user","user":{"username":"carol","email":"carol@src.example","teams":[{"name":"eng","channels":[{"name":"new"}]}]}}
{"type":"post","post":{"team":"eng","channel":"dev","user":"alice","message":"hi @bob","create_at":1000,"replies":[{"user":"bob","message":"hey","create_at":1001},{"user":"alice","message":"again","create_at":1002}]}}
{"type":"post","post":{"team":"eng","channel":"new","user":"carol","message":"first","create_at":6000}}
{"type":"direct_post","direct_post":{"channel_members":["alice","bob"],"user":"alice","message":"dm","create_at":4000,"reactions":[{"user":"bob","emoji_name":"smile","create_at":4001}]}}
JSONL
diff -u delta.expected delta.jsonl || fail "the delta differs"
# --timings: the same delta, and each pass's time on stderr.
"$MATTERMERGE" apply now.jsonl --plan plan.toml --since base.jsonl --target target.jsonl \
  --out delta_timed.jsonl --no-progress --timings > /dev/null 2> timings.txt || fail "apply --timings failed"
cmp delta.jsonl delta_timed.jsonl || fail "--timings changed the delta"
for pass in "plan read" target "BASE split" "BASE sorted" "source sifted" "BASE reviewed" written; do
  grep -q "^timings: $pass " timings.txt || fail "--timings: no line for $pass"
done
# alice had an account since phase 1: her new channel is a membership, not a user line.
cat > script.expected <<'TXT'
mmctl channel users add -- 'eng:new' 'alice' || failed=$((failed + 1))
TXT
grep '^mmctl ' delta.jsonl.memberships.sh > script.got || fail "no mmctl commands in the script"
diff -u script.expected script.got || fail "the membership script differs"

# Every line of now.jsonl in one bucket; what the delta cannot carry, by line.
expect_grep '^    version +1$' out
expect_grep '^    unchanged +4$' out
expect_grep '^    new +3$' out
expect_grep '^    changed +1$' out
expect_grep '^    posts_updated +2$' out
expect_grep '^    edits_only +1$' out
expect_grep '^    users_kept +1$' out
expect_grep '^    in_archived_channel +0$' out
expect_grep '^    unkeyed +0$' out
expect_grep '^    messages_edited now.jsonl:9: eng/dev @alice 1000$' out
expect_grep '^    messages_edited now.jsonl:10: eng/dev @alice 2000$' out
expect_grep '^    posts_deleted base.jsonl:9: eng/old @bob 3000$' out
expect_grep '^  delta size +[0-9]+  bytes, [0-9.]+% of the source' out

# The same as JSON.
expect_exit 0 "$MATTERMERGE" apply now.jsonl --plan plan.toml --since base.jsonl --target target.jsonl \
  --out delta.jsonl --no-progress --json
python3 - out <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))["since"]
assert s["base"] == "base.jsonl", s
assert sum(s["lines"].values()) == 13, s["lines"]
r = s["reported"]
assert (r["messages_edited"], r["posts_deleted"], r["memberships_added"], r["memberships_removed"]) == (2, 1, 1, 0), r
kinds = sorted((e["kind"], e["file"], e["line"]) for e in s["events"])
assert kinds == [("messages_edited", "source", 9), ("messages_edited", "source", 10), ("posts_deleted", "base", 9)], kinds
PY

# Rolling: since the export the delta was made from, only what came after it.
cp now.jsonl later.jsonl
echo '{"type":"post","post":{"team":"eng","channel":"new","user":"alice","message":"later","create_at":7000}}' >> later.jsonl
expect_exit 0 "$MATTERMERGE" apply later.jsonl --plan plan.toml --since now.jsonl --target target.jsonl \
  --out delta2.jsonl.zst --no-progress
zstd -dqc delta2.jsonl.zst > delta2.jsonl
printf '%s\n' '{"type":"version","version":1}' \
  '{"type":"post","post":{"team":"eng","channel":"new","user":"alice","message":"later","create_at":7000}}' > delta2.expected
diff -u delta2.expected delta2.jsonl || fail "the rolling delta differs"
[ ! -e delta2.jsonl.zst.memberships.sh ] || fail "a delta without new memberships wrote a script"

# A generated export (every kind of conflict, hostile and malformed lines) changed by a script:
# posts deleted, edited, given a late reply; one post added. Every line lands in one bucket, no
# edit is carried, every late reply is (or is reported as in an archived channel).
if [ -n "${GEN_SYNTHETIC:-}" ]; then
  mkdir gen
  "$GEN_SYNTHETIC" --out gen --posts 3000 --seed 7 > /dev/null 2>&1
  python3 - gen/source.jsonl gen/now.jsonl <<'PY'
import json, random, sys
random.seed(1)
lines = open(sys.argv[1], encoding='utf-8', errors='surrogateescape').read().split('\n')
if lines[-1] == '': lines.pop()
out, first = [], None
for l in lines:
    try: d = json.loads(l)
    except Exception: out.append(l); continue
    if d.get('type') == 'post':
        first = first or d['post']
        r = random.random()
        if r < 0.02: continue
        if r < 0.05: d['post']['message'] += ' (edited)'
        if 0.04 < r < 0.08:
            d['post']['replies'] = (d['post'].get('replies') or []) + [
                {'user': d['post']['user'], 'message': 'late reply', 'create_at': d['post']['create_at'] + 999}]
        l = json.dumps(d, separators=(',', ':'), ensure_ascii=False)
    out.append(l)
out.append(json.dumps({'type': 'post', 'post': {'team': first['team'], 'channel': first['channel'],
    'user': first['user'], 'message': 'brand new', 'create_at': 1999999999999}}, separators=(',', ':')))
open(sys.argv[2], 'w', encoding='utf-8', errors='surrogateescape').write('\n'.join(out) + '\n')
PY
  expect_exit 0 "$MATTERMERGE" plan gen/source.jsonl --target gen/target.jsonl --out gen/plan.toml --no-progress
  expect_exit 0 "$MATTERMERGE" apply gen/now.jsonl --plan gen/plan.toml --target gen/target.jsonl \
    --since gen/source.jsonl --out gen/delta.jsonl --no-progress --json
  python3 - out gen/now.jsonl gen/delta.jsonl <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
lines = open(sys.argv[2], 'rb').read().count(b'\n')
assert sum(s['since']['lines'].values()) == s['lines_in'] == lines, (s['since']['lines'], lines)
delta = open(sys.argv[3], encoding='utf-8', errors='replace').read()
assert '(edited)' not in delta, 'an edit was carried'
late = delta.count('late reply')
b = s['since']['lines']
assert late == b['posts_updated'], (late, b)
r = s['since']['reported']
assert r['posts_deleted'] > 0 and r['messages_edited'] > 0, r
assert b['new'] == 1 and 'brand new' in delta, b
PY
fi

# --since must not be an output.
expect_exit 2 "$MATTERMERGE" apply now.jsonl --plan plan.toml --since delta.jsonl --out delta.jsonl --no-progress
expect_no_leftovers .
echo PASS
