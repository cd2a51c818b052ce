# apply --since on a generated pair: BASE from gen-synthetic, the source three days later from
# gen-synthetic --evolve, whose evolve-key.json lists every change. The delta's buckets and
# reports are checked against the key: every line in one bucket, each edit, deletion and
# changed post counted, and the delta a small part of the export.
source "$E2E_LIB"
: "${GEN_SYNTHETIC:?set by ctest}"

"$GEN_SYNTHETIC" --out base --posts 4000 --seed 11 > /dev/null 2>&1
"$GEN_SYNTHETIC" --evolve base --days 3 --out now > /dev/null 2>&1
expect_exit 0 "$MATTERMERGE" plan base/source.jsonl --target base/target.jsonl --out plan.toml --no-progress
expect_exit 0 "$MATTERMERGE" apply now/source.jsonl --plan plan.toml --since base/source.jsonl --out delta.jsonl \
  --no-progress --json
python3 - out now/evolve-key.json now/source.jsonl delta.jsonl <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
key = json.load(open(sys.argv[2]))
lines = open(sys.argv[3], 'rb').read().count(b'\n')
b, r = s['since']['lines'], s['since']['reported']
print('buckets', b)
print('reported', r)
assert sum(b.values()) == s['lines_in'] == lines, (b, lines)
assert r['messages_edited'] == len(key['edited']), (r, len(key['edited']))
gone = len(key['deleted_posts']) + sum(c['posts'] for c in key['deleted_channels'])
assert r['posts_deleted'] == gone, (r, gone)
assert r['channels_deleted'] == len(key['deleted_channels']), r
assert r['memberships_removed'] >= len(key['memberships_removed']), r
assert b['posts_updated'] + b['in_archived_channel'] >= len(key['changed_posts']), (b, len(key['changed_posts']))
new_posts = len(key['new']['post']) + len(key['new']['direct_post'])
assert b['new'] >= new_posts, (b, new_posts)
assert s['since']['bytes_out'] < 0.05 * s['bytes_in'], s['since']
PY
echo PASS
