# Every command reads a line's type and fields alike (jsonl/JsonKey.h, peek_type in
# jsonl/LineType.h): keys written with escapes ("\u0074ype"), two "type" keys (the last wins, as
# Go decodes), whitespace between every token, upper-case keys. stats (scanned and parsed paths),
# validate, plan and apply each see line 2 as a team, lines 3 and 8 as channels (line 8, and the
# target's line 5, start with "type":"post"), line 6 as a post in channel "pj", and apply renames
# the clashing channels on every line that names them.
source "$E2E_LIB"

cat > source.jsonl <<'JSONL'
{"type":"version","version":1}
{"\u0074ype":"team","t\u0065am":{"n\u0061me":"sales","display_name":"Sales","type":"O"}}
{"type":"team","type":"channel","channel":{"team":"sales","name":"pj","display_name":"○○PJ","type":"O"}}
{ "type" : "user" , "user" : { "username" : "alice" , "email" : "alice@example.com" } }
 { "type" : "post" ,	"post" : { "team" : "sales" , "channel" : "pj" , "user" : "alice" , "message" : "hi ~pj" , "create_at" : 1 , "reactions" : [ { "user" : "alice" , "emoji_name" : "x" , "create_at" : 2 } ] , "replies" : [ { "user" : "alice" , "message" : "r" , "create_at" : 3 } ] } } 
{"type":"team","type":"post","p\u006fst":{"team":"sales","ch\u0061nnel":"pj","user":"alice","message":"m","create_at":4}}
{"Type":"post","POST":{"team":"sales","channel":"pj","user":"alice","message":"upper","create_at":5}}
{"type":"post","type":"channel","channel":{"team":"sales","name":"pk","display_name":"PK","type":"O"}}
JSONL
# CRLF line ends on a copy: the same reading.
sed 's/$/\r/' source.jsonl > crlf.jsonl

cat > target.jsonl <<'JSONL'
{"type":"version","version":1}
{"type":"team","team":{"name":"sales","display_name":"Sales","type":"O"}}
{"type":"channel","channel":{"team":"sales","name":"pj","display_name":"△△PJ","type":"O"}}
{"type":"user","user":{"username":"alice","email":"alice@example.com"}}
{"type":"post","type":"channel","channel":{"team":"sales","name":"pk","display_name":"Another PK","type":"O"}}
JSONL

counts='{"version": 1, "scheme": 0, "role": 0, "team": 1, "channel": 2, "user": 1, "bot": 0, "post": 3, "emoji": 0, "direct_channel": 0, "direct_post": 0, "unknown": 0, "malformed": 0}'
check_counts() {  # FILE: the counts of a stats or validate --json output
  python3 - "$1" "$counts" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
want = json.loads(sys.argv[2])
assert d["counts"] == want, (d["counts"], want)
if "replies" in d:
    assert (d["replies"], d["reactions"], d["attachments"]) == (1, 1, 0), d
PY
}

for input in source.jsonl crlf.jsonl; do
  for scanner in "" off; do
    expect_exit 0 env MATTERMERGE_SCANNER=$scanner "$MATTERMERGE" stats "$input" --json
    check_counts out || fail "stats $input (scanner '$scanner') reads other types"
    expect_exit 0 env MATTERMERGE_SCANNER=$scanner "$MATTERMERGE" validate "$input" --target target.jsonl --json
    check_counts out || fail "validate $input (scanner '$scanner') reads other types"
    expect_grep '"error_count":0,"warning_count":0' out
  done
done

# plan: the team of line 2 and the channel of line 3 are found and compared with the target's.
expect_exit 0 "$MATTERMERGE" plan source.jsonl --target target.jsonl --out plan.toml --report report.json
python3 - report.json > got.txt <<'PY'
import json, sys
for c in json.load(open(sys.argv[1]))["conflicts"]:
    print(c["kind"], c["subject"], c["source_line"], c["target_line"])
PY
cat > want.txt <<'WANT'
channel_name_clash sales/pj 3 3
channel_name_clash sales/pk 8 5
mention_rewrite ~sales/pj 0 0
team_merge sales 2 2
user_password_reset alice 4 4
WANT
diff -u want.txt got.txt || fail "plan read other lines"

# apply: the clashing channel is renamed on every line that names it, however the key is written;
# every other byte is kept.
expect_exit 0 "$MATTERMERGE" apply source.jsonl --plan plan.toml --out out.jsonl --target target.jsonl --no-progress
cat > expected.jsonl <<'JSONL'
{"type":"version","version":1}
{"\u0074ype":"team","t\u0065am":{"n\u0061me":"sales","display_name":"Sales","type":"O"}}
{"type":"team","type":"channel","channel":{"team":"sales","name":"src-pj","display_name":"○○PJ","type":"O"}}
 { "type" : "post" ,	"post" : { "team" : "sales" , "channel" : "src-pj" , "user" : "alice" , "message" : "hi ~src-pj" , "create_at" : 1 , "reactions" : [ { "user" : "alice" , "emoji_name" : "x" , "create_at" : 2 } ] , "replies" : [ { "user" : "alice" , "message" : "r" , "create_at" : 3 } ] } } 
{"type":"team","type":"post","p\u006fst":{"team":"sales","ch\u0061nnel":"src-pj","user":"alice","message":"m","create_at":4}}
{"Type":"post","POST":{"team":"sales","channel":"src-pj","user":"alice","message":"upper","create_at":5}}
{"type":"post","type":"channel","channel":{"team":"sales","name":"src-pk","display_name":"PK","type":"O"}}
JSONL
diff -u expected.jsonl out.jsonl || fail "apply read other fields"

# A generated pair written compact (as the server writes it) and spaced (as Python's json.dumps
# does): stats and validate report the same counts and findings, on the fast paths and off them.
: "${GEN_SYNTHETIC:?set by ctest}"
"$GEN_SYNTHETIC" --out go --posts 3000 --seed 7 --threads 1 >/dev/null 2>&1
"$GEN_SYNTHETIC" --out spaced --posts 3000 --seed 7 --shape spaced --threads 1 >/dev/null 2>&1
grep -q '"type": "post"' spaced/source.jsonl || fail "gen-synthetic --shape spaced wrote no spaced line"
summary() {  # stats or validate --json on stdin: what must not depend on the shape
  python3 -c '
import json, sys
d = json.load(sys.stdin)
print(d["counts"], d.get("replies"), d.get("reactions"), d.get("attachments"),
      d.get("error_count"), d.get("warning_count"), sorted(d.get("errors_by_rule", {}).items()))'
}
for scanner in "" off; do
  for shape in go spaced; do
    MATTERMERGE_SCANNER=$scanner "$MATTERMERGE" stats $shape/source.jsonl --json | summary > stats.$shape
    MATTERMERGE_SCANNER=$scanner "$MATTERMERGE" validate $shape/source.jsonl --target $shape/target.jsonl --json \
      | summary > validate.$shape || true
  done
  diff -u stats.go stats.spaced || fail "stats (scanner '$scanner') reads the spaced export differently"
  diff -u validate.go validate.spaced || fail "validate (scanner '$scanner') reads the spaced export differently"
done
