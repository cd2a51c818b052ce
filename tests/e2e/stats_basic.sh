# stats on a hand-written export: counts by type, nested counts, malformed lines, exit codes.
source "$E2E_LIB"

cat > ok.jsonl <<'JSONL'
{"type":"version","version":1}
{"type":"team","team":{"name":"t1","display_name":"T1","type":"O"}}
{"type":"channel","channel":{"team":"t1","name":"c1","display_name":"C1","type":"O"}}
{"type":"user","user":{"username":"alice","email":"alice@example.com"}}
{"type":"post","post":{"team":"t1","channel":"c1","user":"alice","message":"hi","create_at":1,"reactions":[{"user":"alice","emoji_name":"+1","create_at":2}],"replies":[{"user":"alice","message":"r","create_at":3,"attachments":[{"path":"a.png"}],"reactions":[{"user":"alice","emoji_name":"x","create_at":4}]}],"attachments":[{"path":"b.png"},{"path":"c.png"}]}}
{"type":"direct_channel","direct_channel":{"members":["alice","alice"]}}
{"type":"direct_post","direct_post":{"channel_members":["alice","alice"],"user":"alice","message":"dm","create_at":5,"replies":[{"user":"alice","message":"x","create_at":6}]}}
{"type":"widget","widget":{}}
JSONL
expect_exit 0 "$MATTERMERGE" stats ok.jsonl --json
python3 - "$WORK/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
c = d["counts"]
assert d["lines"] == 8, d
assert (c["version"], c["team"], c["channel"], c["user"], c["post"], c["direct_channel"], c["direct_post"], c["unknown"], c["malformed"]) == (1, 1, 1, 1, 1, 1, 1, 1, 0), c
assert (d["replies"], d["reactions"], d["attachments"]) == (2, 2, 3), d
assert d["largest_line"]["line"] == 5, d
PY

printf '{"type":"version","version":1}\nnot json\n{"no_type":1}\n' > bad.jsonl
expect_exit 1 "$MATTERMERGE" stats bad.jsonl
expect_grep '^bad.jsonl:2: ' err
expect_grep '^bad.jsonl:3: no "type"' err

expect_exit 2 "$MATTERMERGE" stats does-not-exist.jsonl
expect_grep 'does-not-exist.jsonl: cannot open' err
