# What the server's importer does beyond its validators, end to end (docs/validate.md, "Beyond
# import_validators.go"): default channels (validate, and plan/apply on a renamed team), member
# roles that must exist, the emoji image size and profile image resolution limits (validate,
# verify-attachments, plan and apply, users and bots), scoped exports named by stats, validate and
# plan, and the older import tree layout refused with one message.
source "$E2E_LIB"

# A PNG header saying W x H (the size is all the tools read).
png() {
  python3 - "$1" "$2" "$3" <<'PY'
import struct, sys, zlib
w, h, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
ihdr = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
open(path, "wb").write(b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + ihdr +
                       struct.pack(">I", zlib.crc32(b"IHDR" + ihdr)))
PY
}

# ---- default channels: town-square and off-topic exist with every team ----
cat > defaults.jsonl <<'JSONL'
{"type":"version","version":1}
{"type":"team","team":{"name":"eng","display_name":"Eng","type":"O"}}
{"type":"user","user":{"username":"ann","email":"ann@example.com","teams":[{"name":"eng","channels":[{"name":"town-square"},{"name":"off-topic"}]}]}}
{"type":"post","post":{"team":"eng","channel":"town-square","user":"ann","message":"hi","create_at":1}}
{"type":"post","post":{"team":"eng","channel":"random","user":"ann","message":"hi","create_at":2}}
JSONL
expect_exit 1 "$MATTERMERGE" validate defaults.jsonl --no-progress
grep '^defaults.jsonl:[0-9]' out > got.txt
cat > want.txt <<'TXT'
defaults.jsonl:5: post.channel: channel "random" is not defined before line 5 [app.import.import_post.channel_not_found.error]
TXT
diff -u want.txt got.txt || fail "default channels: validate findings differ"

# plan/apply: the source team merged into a target team under another name; the membership and
# the post in town-square follow the team, and apply's own validation agrees.
head -4 defaults.jsonl > source.jsonl
cat > target.jsonl <<'JSONL'
{"type":"version","version":1}
{"type":"team","team":{"name":"main","display_name":"Main","type":"O"}}
{"type":"user","user":{"username":"zed","email":"zed@example.com","teams":[{"name":"main","channels":[{"name":"town-square"}]}]}}
JSONL
expect_exit 0 "$MATTERMERGE" plan source.jsonl --target target.jsonl --team-map eng=main --out plan.toml --no-progress
expect_exit 0 "$MATTERMERGE" apply source.jsonl --plan plan.toml --target target.jsonl --out out.jsonl --no-progress
expect_grep '"teams":\[\{"name":"main","channels":\[\{"name":"town-square"\},\{"name":"off-topic"\}\]\}\]' out.jsonl
expect_grep '^\{"type":"post","post":\{"team":"main","channel":"town-square"' out.jsonl
expect_exit 0 "$MATTERMERGE" validate out.jsonl --target target.jsonl --no-progress

# ---- member roles must exist ----
cat > roles.jsonl <<'JSONL'
{"type":"version","version":1}
{"type":"role","role":{"name":"helper","display_name":"Helper","permissions":[]}}
{"type":"team","team":{"name":"eng","display_name":"Eng","type":"O"}}
{"type":"user","user":{"username":"ann","email":"ann@example.com","teams":[{"name":"eng","roles":"team_user helper","channels":[{"name":"town-square","roles":"channel_user ghost"}]}]}}
JSONL
expect_exit 1 "$MATTERMERGE" validate roles.jsonl --no-progress
grep '^roles.jsonl:[0-9]' out > got.txt
cat > want.txt <<'TXT'
roles.jsonl:4: user.teams[0].channels[0].roles: role "ghost" is not defined before line 4 [app.role.get_by_name.app_error]
TXT
diff -u want.txt got.txt || fail "member roles: validate findings differ"

# ---- image limits: an emoji image over 512 KiB, profile images over 7680 x 4320 ----
mkdir -p tree/data/emoji tree/data/users
png 16 16 tree/data/emoji/big
head -c 600000 /dev/zero >> tree/data/emoji/big
png 16 16 tree/data/emoji/small
png 7680 4320 tree/data/users/ok.png
png 8000 5000 tree/data/users/huge.png
cat > images.jsonl <<'JSONL'
{"type":"version","version":1}
{"type":"team","team":{"name":"eng","display_name":"Eng","type":"O"}}
{"type":"user","user":{"username":"ann","email":"ann@example.com","profile_image":"users/ok.png"}}
{"type":"user","user":{"username":"bob","email":"bob@example.com","profile_image":"users/huge.png"}}
{"type":"bot","bot":{"username":"robo","owner":"ann","display_name":"R","profile_image":"users/huge.png"}}
{"type":"post","post":{"team":"eng","channel":"town-square","user":"ann","message":"m","create_at":1,"reactions":[{"user":"bob","emoji_name":"big","create_at":2},{"user":"ann","emoji_name":"small","create_at":3}]}}
{"type":"emoji","emoji":{"name":"big","image":"emoji/big"}}
{"type":"emoji","emoji":{"name":"small","image":"emoji/small"}}
JSONL
expect_exit 1 "$MATTERMERGE" validate images.jsonl --import-path tree --no-progress
grep '^images.jsonl:[0-9]' out | sed 's/: ".*\[/: … [/' > got.txt
cat > want.txt <<'TXT'
images.jsonl:4: user.profile_image: … [api.user.upload_profile_user.check_image_limits.app_error]
images.jsonl:5: bot.profile_image: … [api.user.upload_profile_user.check_image_limits.app_error]
images.jsonl:7: emoji.image: … [api.file.write_file.app_error]
TXT
diff -u want.txt got.txt || fail "image limits: validate findings differ"
expect_grep '^images.jsonl:4: .*8000x5000 = 40000000 pixels, more than MaxImageResolution 33177600' out

expect_exit 1 "$MATTERMERGE" verify-attachments images.jsonl --import-path tree --no-progress
grep '^images.jsonl:[0-9]' out > got.txt
cat > want.txt <<'TXT'
images.jsonl:4: users/huge.png: too_large (8000x5000 = 40000000 pixels, more than MaxImageResolution 33177600)
images.jsonl:5: users/huge.png: too_large (8000x5000 = 40000000 pixels, more than MaxImageResolution 33177600)
images.jsonl:7: emoji/big: too_large (600033 bytes, more than the 524288 an emoji image may have)
TXT
diff -u want.txt got.txt || fail "image limits: verify-attachments problems differ"

# plan: the emoji dropped (and its reactions), both profile images dropped; apply carries it out.
cat > empty-target.jsonl <<'JSONL'
{"type":"version","version":1}
JSONL
expect_exit 0 "$MATTERMERGE" plan images.jsonl --target empty-target.jsonl --import-path tree --out iplan.toml \
  --report ireport.json --no-progress
python3 - ireport.json > got.txt <<'PY'
import json, sys
for c in json.load(open(sys.argv[1]))["conflicts"]:
    print(c["kind"], c["severity"], c["subject"], c["source_line"], c["resolution"])
PY
cat > want.txt <<'TXT'
emoji_image_too_large error big 7 emoji dropped: its line and the reactions using it removed
profile_image_unusable error bob 4 profile_image removed: the user is imported with the default picture
profile_image_unusable error robo 5 profile_image removed: the bot is imported with the default picture
TXT
diff -u want.txt got.txt || fail "image limits: plan conflicts differ"
expect_exit 0 "$MATTERMERGE" apply images.jsonl --plan iplan.toml --target empty-target.jsonl --import-path tree \
  --out iout.jsonl --no-progress
cat > want.txt <<'JSONL'
{"type":"version","version":1}
{"type":"team","team":{"name":"eng","display_name":"Eng","type":"O"}}
{"type":"user","user":{"username":"ann","email":"ann@example.com","profile_image":"users/ok.png"}}
{"type":"user","user":{"username":"bob","email":"bob@example.com"}}
{"type":"bot","bot":{"username":"robo","owner":"ann","display_name":"R"}}
{"type":"post","post":{"team":"eng","channel":"town-square","user":"ann","message":"m","create_at":1,"reactions":[{"user":"ann","emoji_name":"small","create_at":3}]}}
{"type":"emoji","emoji":{"name":"small","image":"emoji/small"}}
JSONL
diff -u want.txt iout.jsonl || fail "image limits: apply output differs"
expect_grep '^  reactions_dropped +1$' out
expect_exit 0 "$MATTERMERGE" validate iout.jsonl --import-path tree --no-progress

# ---- scoped exports ----
cat > scoped.jsonl <<'JSONL'
{"type":"version","version":1,"info":{"generator":"mattermost-server","version":"11.3.0","created":"2026-01-01T00:00:00Z","additional":{"team_name":"eng","channel_name":"dev"}}}
{"type":"team","team":{"name":"eng","display_name":"Eng","type":"O"}}
JSONL
expect_exit 0 "$MATTERMERGE" stats scoped.jsonl --no-progress
expect_grep '^  export +scoped export \(team "eng", channel "dev"\)$' out
expect_exit 0 "$MATTERMERGE" validate scoped.jsonl --no-progress
expect_grep '^  export +scoped export \(team "eng", channel "dev"\)$' out
expect_exit 0 "$MATTERMERGE" validate scoped.jsonl --json --no-progress
python3 - "$WORK/out" <<'PY'
import json, sys
e = json.load(open(sys.argv[1]))["export"]
assert e == {"generator": "mattermost-server", "version": "11.3.0", "created": "2026-01-01T00:00:00Z",
             "scoped": True, "team_name": "eng", "channel_name": "dev"}, e
PY
expect_exit 0 "$MATTERMERGE" plan scoped.jsonl --target empty-target.jsonl --out splan.toml --no-progress
expect_grep '^source: scoped export \(team "eng", channel "dev"\)$' out
expect_grep 'deactivated' out
# An unscoped export with info, and one without: named as such, or not at all.
printf '%s\n' '{"type":"version","version":1,"info":{"generator":"mattermost-server","version":"11.3.0","created":"x"}}' > whole.jsonl
expect_exit 0 "$MATTERMERGE" stats whole.jsonl --no-progress
expect_grep '^  export +whole export by "mattermost-server" "11.3.0"$' out
expect_exit 0 "$MATTERMERGE" stats empty-target.jsonl --no-progress
if grep -q '^  export' out; then fail "an export without info is named"; fi

# ---- the older import tree layout: attachments/ at the root, no data/ ----
mkdir -p old/attachments
png 4 4 old/attachments/test1.png
cat > old.jsonl <<'JSONL'
{"type":"version","version":1}
{"type":"team","team":{"name":"eng","display_name":"Eng","type":"O"}}
{"type":"user","user":{"username":"ann","email":"ann@example.com"}}
{"type":"post","post":{"team":"eng","channel":"town-square","user":"ann","message":"m","create_at":1,"attachments":[{"path":"attachments/test1.png"}]}}
JSONL
for cmd in validate verify-attachments; do
  expect_exit 2 "$MATTERMERGE" $cmd old.jsonl --import-path old --no-progress
  expect_grep 'older export layout: attachments/ at the root and no data/ directory' err
  expect_grep 'Move old/attachments to old/data/attachments' err
  if grep -q 'missing' out; then fail "$cmd: files reported missing one by one"; fi
done
expect_exit 2 "$MATTERMERGE" plan old.jsonl --target empty-target.jsonl --import-path old --out oplan.toml --no-progress
[ ! -e oplan.toml ] || fail "plan wrote a plan for the older layout"
mkdir -p old/data && mv old/attachments old/data/
expect_exit 0 "$MATTERMERGE" verify-attachments old.jsonl --import-path old --no-progress
