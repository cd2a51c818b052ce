# apply on a hand-written pair: plan, then apply to .jsonl (every output line, exact bytes), .jsonl.zst
# and .zip (import.jsonl + data/ files, a fixed attachment packed under its new path), OUT.memberships.sh,
# the output validated against the target; an edited plan that clashes, and invalid output, leave
# nothing behind.
source "$E2E_LIB"
source "$(dirname "$E2E_LIB")/fixtures/conflict_pair.bash"

expect_exit 0 "$MATTERMERGE" plan source.jsonl --target target.jsonl --out plan.toml --import-path imp \
  --email-domain-alias old.example=new.example --no-progress

expect_exit 0 "$MATTERMERGE" apply source.jsonl --plan plan.toml --out out.jsonl --target target.jsonl \
  --import-path imp --no-progress
cat > expected.jsonl <<'JSONL'
{"type":"version","version":1}
{"type":"role","role":{"name":"custom_role","display_name":"C","permissions":["create_post"]}}
{"type":"team","team":{"name":"sales","display_name":"Sales","type":"O"}}
{"type":"team","team":{"name":"eng","display_name":"Eng","type":"O"}}
{"type":"channel","channel":{"team":"sales","name":"town-square","display_name":"Town Square","type":"O"}}
{"type":"channel","channel":{"team":"sales","name":"src-pj","display_name":"○○PJ","type":"O"}}
{"type":"channel","channel":{"team":"sales","name":"deals","display_name":"Deals","type":"O"}}
{"type":"channel","channel":{"team":"sales","name":"src-old","display_name":"Old","type":"O"}}
{"type":"channel","channel":{"team":"sales","name":"src-gone","display_name":"Gone","type":"O","deleted_at":1600000000000}}
{"type":"channel","channel":{"team":"eng","name":"dev","display_name":"Dev","type":"P"}}
{"type":"user","user":{"username":"frank","email":"frank@example.com","auth_service":""}}
{"type":"post","post":{"team":"sales","channel":"deals","user":"alice","message":"hi @carol, see ~src-pj and ~deals. mail carol2@x.com `@dave.s` https://x.com/@carol2 @dave. :src-party:","create_at":1,"replies":[{"user":"bob","message":"@carol again https://chat.example.com/sales/pl/abcdefghijklmnopqrstuvwxyz","create_at":2,"attachments":[{"path":"files/a.jpg"}]}],"attachments":[]}}
{"type":"post","post":{"team":"eng","channel":"dev","user":"alice","message":"~pj is another team here","create_at":3}}
{"type":"emoji","emoji":{"name":"src-party","image":"emoji/party.png"}}
{"type":"emoji","emoji":{"name":"fresh","image":"emoji/fresh.png"}}
{"type":"direct_channel","direct_channel":{"members":["alice","bob"]}}
{"type":"direct_post","direct_post":{"channel_members":["alice","bob"],"user":"alice","message":"@carol ~pj","create_at":4}}
JSONL
diff expected.jsonl out.jsonl || fail "apply output differs from expected.jsonl"
expect_grep '^  lines out +17$' out
expect_grep '^  mentions +6$' out
expect_grep '^  users_left_out +6$' out
expect_grep '^  memberships +2 ' out
expect_grep "^mmctl team users add -- 'sales' 'alice' " out.jsonl.memberships.sh
expect_grep "^mmctl channel users add -- 'sales:deals' 'alice' " out.jsonl.memberships.sh
[ "$(grep -c '^mmctl ' out.jsonl.memberships.sh)" = 2 ] || fail "out.jsonl.memberships.sh: expected 2 commands"
sh -n out.jsonl.memberships.sh || fail "out.jsonl.memberships.sh is not valid sh"
expect_exit 0 "$MATTERMERGE" validate out.jsonl --target target.jsonl --no-progress

# .jsonl.zst: the same lines.
expect_exit 0 "$MATTERMERGE" apply source.jsonl --plan plan.toml --out out.jsonl.zst --target target.jsonl --no-progress
zstd -dcq out.jsonl.zst | cmp - expected.jsonl || fail "zstd output differs"

# .zip: the files in the order the output first names them (packed as the transform runs), the
# attachment stored under its fixed path, the emoji images; import.jsonl last.
mkdir zipdir
expect_exit 0 "$MATTERMERGE" apply source.jsonl --plan plan.toml --out zipdir/out.zip --target target.jsonl \
  --import-path imp --no-progress
expect_grep '^  files packed +3 +\(0 referenced files not found' out
python3 - zipdir/out.zip <<'PY'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
names = z.namelist()
assert names == ["data/files/a.jpg", "data/emoji/party.png", "data/emoji/fresh.png", "import.jsonl"], names
assert z.getinfo("data/files/a.jpg").compress_type == zipfile.ZIP_STORED
assert z.read("import.jsonl") == open("expected.jsonl", "rb").read()
assert z.read("data/files/a.jpg") == open("imp/data/files/a.gif", "rb").read()
PY
[ -f zipdir/out.zip.memberships.sh ] || fail "out.zip.memberships.sh not beside the zip"
expect_no_leftovers zipdir
expect_exit 0 "$MATTERMERGE" validate zipdir/out.zip --target target.jsonl --no-progress

# An edited plan whose rename clashes with the target: exit 2, nothing written.
mkdir bad
sed 's/^new_name = "src-pj"/new_name = "deals"/' plan.toml > bad/plan.toml
expect_exit 2 "$MATTERMERGE" apply source.jsonl --plan bad/plan.toml --out bad/out.jsonl --target target.jsonl --no-progress
expect_grep 'channel "sales/pj": renamed to "deals", which exists in the target team "sales"' err
sed 's/^new_name = "src-pj"/new_name = "src-old"/' plan.toml > bad/plan2.toml
expect_exit 2 "$MATTERMERGE" apply source.jsonl --plan bad/plan2.toml --out bad/out.jsonl --no-progress
expect_grep 'its name "src-old" in team "sales" is also that of channel' err
[ -z "$(ls -A bad | grep -v plan)" ] || fail "output left behind: $(ls -A bad)"

# Output that the importer would reject: exit 1, nothing written.
sed 's/"permissions":\["create_post"\]}}$/"permissions":["no_such_permission"]}}/' source.jsonl > bad/source.jsonl
expect_exit 1 "$MATTERMERGE" apply bad/source.jsonl --plan plan.toml --out bad/out.jsonl --target target.jsonl --no-progress
expect_grep 'bad/out.jsonl:2: role.permissions\[0\]: unknown permission' err
[ ! -e bad/out.jsonl ] || fail "bad/out.jsonl written"
[ ! -e bad/out.jsonl.memberships.sh ] || fail "bad/out.jsonl.memberships.sh written"
expect_no_leftovers bad

# Usage errors.
expect_exit 2 "$MATTERMERGE" apply source.jsonl --plan plan.toml --out out.txt --no-progress
expect_exit 2 "$MATTERMERGE" apply source.jsonl --plan missing.toml --out out2.jsonl --no-progress

# The output may not be an input.
cp source.jsonl again.jsonl
expect_exit 2 "$MATTERMERGE" apply again.jsonl --plan plan.toml --out again.jsonl --no-progress
expect_grep '^mattermerge: --out again.jsonl: is the SOURCE again.jsonl, an input of the run; choose another output$' err
cmp again.jsonl source.jsonl || fail "the input was modified"
