# gen-synthetic --evolve: the evolved export and its key agree with an independent comparison of
# the two exports (tools/gen-synthetic/check_evolve_key.py), the evolved export validates with
# its data tree whenever the earlier one did, the same seed gives the same bytes, the delta is a
# few percent, and bad arguments fail cleanly without output.
source "$E2E_LIB"
: "${GEN_SYNTHETIC:?set by ctest}"
CHECK="$(dirname "$E2E_LIB")/../../tools/gen-synthetic/check_evolve_key.py"

# A pair without deliberate problems (fewer than 1000 posts, no conflicts): it validates, so the
# evolved export must too, with its own data tree.
expect_exit 0 "$GEN_SYNTHETIC" --out clean --posts 900 --seed 5 --conflict-rate 0 --attachments-rate 0.05
expect_exit 0 "$MATTERMERGE" validate clean/source.jsonl --import-path clean
expect_exit 0 "$GEN_SYNTHETIC" --evolve clean --days 3 --out clean3 --seed 5
expect_grep '^evolve: [0-9]+ new posts, [0-9]+ changed, [0-9]+ edited, [0-9]+ deleted' err
expect_no_leftovers clean3
expect_exit 0 "$MATTERMERGE" validate clean3/source.jsonl --import-path clean3
expect_grep 'errors +0$' out
# What the target gained validates against the target it was added to.
expect_exit 0 "$MATTERMERGE" validate clean3/target-changes.jsonl --target clean/target.jsonl
expect_exit 0 python3 "$CHECK" clean clean3
expect_grep '^ok: ' out
# The earlier files are reused by link or copy: same bytes at the same paths.
while read -r f; do
  cmp -s "clean/data/$f" "clean3/data/$f" || fail "data/$f differs from the earlier tree"
done < <(cd clean/data && find . -type f | sed 's|^\./||')

# A compressed BASE gives a compressed evolved export.
expect_exit 0 "$GEN_SYNTHETIC" --out zbase --posts 900 --seed 6 --conflict-rate 0 --zstd
expect_exit 0 "$GEN_SYNTHETIC" --evolve zbase --days 3 --out z3 --seed 6
[ -f z3/source.jsonl.zst ] && [ ! -e z3/source.jsonl ] || fail "a .zst BASE gave $(ls z3)"
expect_exit 0 "$MATTERMERGE" validate z3/source.jsonl.zst --import-path z3
# No output inside BASE's tree.
expect_exit 2 "$GEN_SYNTHETIC" --evolve clean --days 3 --out clean/data/inside
expect_grep 'only read' err

# A larger default pair: every kind of change present, the delta a few percent of the export.
expect_exit 0 "$GEN_SYNTHETIC" --out base --posts 6000 --seed 9
expect_exit 0 "$GEN_SYNTHETIC" --evolve base --days 3 --out day3 --seed 9
expect_exit 0 python3 "$CHECK" base day3
expect_grep '^ok: ' out
python3 - day3/evolve-key.json out <<'PY'
import json, re, sys
k = json.load(open(sys.argv[1]))
for what in ("post", "direct_post", "user", "channel", "emoji", "direct_channel"):
    assert k["new"][what], what
for what in ("edited", "deleted_posts", "deleted_channels", "archived_channels", "memberships_added",
             "memberships_removed", "changed_posts"):
    assert k[what], what
kinds = {c for p in k["changed_posts"] for c in p["changes"]}
assert kinds == {"replies", "reactions", "attachments", "flags", "pin"}, kinds
for what in ("user", "channel", "emoji"):
    assert k["collisions"][what], what
pct = float(re.search(r"\(([0-9.]+)%\)", open(sys.argv[2]).read()).group(1))
assert 0.3 < pct < 5, pct
PY
# The evolved export's stats agree with the key's size.
expect_exit 0 "$MATTERMERGE" stats --json day3/source.jsonl
python3 - day3/evolve-key.json out <<'PY'
import json, sys
k, s = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
assert s["lines"] == k["source"]["lines"], (s["lines"], k["source"]["lines"])
PY

# Rolling deltas: an evolved directory evolves again, later, with new choices and free names.
expect_exit 0 "$GEN_SYNTHETIC" --evolve day3 --days 1 --out day4 --seed 9
expect_exit 0 python3 "$CHECK" day3 day4
expect_grep '^ok: ' out
python3 - day3/evolve-key.json day4/evolve-key.json <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
assert b["chain"]["depth"] == 2 and b["chain"]["root"] == a["chain"]["root"]
assert b["time"]["from"] > a["time"]["to"]
assert b["changed_posts"] and b["edited"] and b["new"]["post"]
assert set(b["new"]["user"]).isdisjoint(a["new"]["user"])
assert set(b["new"]["emoji"]).isdisjoint(a["new"]["emoji"])
PY

# Deterministic for a seed; another seed evolves other posts.
expect_exit 0 "$GEN_SYNTHETIC" --evolve base --days 3 --out again --seed 9
cmp -s day3/source.jsonl again/source.jsonl || fail "same seed, different source.jsonl"
cmp -s day3/evolve-key.json again/evolve-key.json || fail "same seed, different evolve-key.json"
cmp -s day3/target-changes.jsonl again/target-changes.jsonl || fail "same seed, different target-changes.jsonl"
expect_exit 0 "$GEN_SYNTHETIC" --evolve base --days 3 --out other --seed 10
cmp -s day3/source.jsonl other/source.jsonl && fail "another seed gave the same source.jsonl"
# More days, more change.
expect_exit 0 /usr/bin/time -f %M -o rss "$GEN_SYNTHETIC" --evolve base --days 30 --out day30 --seed 9
# Bounded memory: blocks in flight and the object lines, far from the whole export.
limit=200
[ -n "${ASAN_OPTIONS:-}" ] && limit=400
[ $(($(tail -1 rss) / 1024)) -lt $limit ] || fail "evolve: peak RSS $(($(tail -1 rss) / 1024)) MiB, expected under $limit"
python3 - day3/evolve-key.json day30/evolve-key.json <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
assert len(b["new"]["post"]) > 5 * len(a["new"]["post"])
assert len(b["changed_posts"]) > 5 * len(a["changed_posts"])
PY

# Bad arguments: a clear message, a non-zero exit, nothing written.
expect_exit 2 "$GEN_SYNTHETIC" --evolve missing --days 3 --out nothing
expect_grep 'missing: not a directory' err
[ ! -e nothing ] || fail "output written for a missing BASE_DIR"
expect_exit 2 "$GEN_SYNTHETIC" --evolve base --days 0 --out nothing
expect_grep 'days must be within' err
expect_exit 2 "$GEN_SYNTHETIC" --evolve base --days 3 --out base
expect_grep 'must not be BASE_DIR' err
mkdir notgen
expect_exit 2 "$GEN_SYNTHETIC" --evolve notgen --days 3 --out nothing2
expect_grep 'answer-key.json' err
[ ! -e nothing2/source.jsonl ] || fail "output written for a BASE_DIR without an answer key"
# A broken line in BASE: named by file and line, nothing written.
cp -r clean broken
sed -i '500s/^{/{oops/' broken/source.jsonl
expect_exit 2 "$GEN_SYNTHETIC" --evolve broken --days 3 --out broken3
expect_grep 'broken/source.jsonl:500: not a JSON object line' err
[ -z "$(ls -A broken3 2>/dev/null)" ] || fail "output left behind for a broken BASE: $(ls -A broken3)"

# The thread count does not change a byte.
expect_exit 0 "$GEN_SYNTHETIC" --evolve base --days 3 --out one --seed 9 --threads 1
cmp -s day3/source.jsonl one/source.jsonl || fail "--threads 1 gave another source.jsonl"
cmp -s day3/evolve-key.json one/evolve-key.json || fail "--threads 1 gave another evolve-key.json"
echo "ok"
