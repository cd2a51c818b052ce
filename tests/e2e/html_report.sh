# The HTML merge report: plan --html on a generated pair (every conflict kind of the answer key
# with its count, the instances' post counts, the page re-rendered from report.json identical),
# plan --json (the report on stdout), apply --html (the summary added to the page) and apply
# --json, hostile names escaped, bad input refused with nothing written. When chromium is
# installed the page is rendered headless and its DOM checked; without it that part is skipped.
source "$E2E_LIB"
: "${GEN_SYNTHETIC:?set by ctest}"

expect_exit 0 "$GEN_SYNTHETIC" --out gen --posts 3000 --seed 21
expect_exit 0 "$MATTERMERGE" plan gen/source.jsonl --target gen/target.jsonl --out gen/plan.toml \
  --report gen/report.json --html gen/report.html --import-path gen --no-progress
expect_grep '^<meta charset="utf-8">$' gen/report.html
expect_grep 'default-src .none.' gen/report.html

# Every conflict kind of the answer key, with its count, in the page's text.
python3 - gen/answer-key.json gen/report.html <<'PY'
import json, re, sys
key = json.load(open(sys.argv[1]))
page = open(sys.argv[2], encoding="utf-8").read()
counts = {}
for c in key["conflicts"]: counts[c["kind"]] = counts.get(c["kind"], 0) + 1
assert len(counts) == 21, sorted(counts)
for kind, n in counts.items():
    assert f'data-kind="{kind}" data-count="{n}"' in page, (kind, n)
found = dict(re.findall(r'data-kind="([a-z_]+)" data-count="(\d+)"', page))
assert {k: int(v) for k, v in found.items()} == counts, found
posts = key["source"]["counts"]["post"]
assert f"{posts:,}" in page, posts
assert page.count("<script") == 1
PY

# plan --json: the report on stdout, the same document --report writes; no summary.
expect_exit 0 "$MATTERMERGE" plan gen/source.jsonl --target gen/target.jsonl --out gen/plan.toml \
  --import-path gen --no-progress --json
cmp out gen/report.json || fail "plan --json differs from --report"

# report: the page again from report.json, byte for byte.
expect_exit 0 "$MATTERMERGE" report gen/report.json --html again.html
cmp again.html gen/report.html || fail "report --html differs from plan --html"

# Hostile names: markup, quotes, control characters and a bidi override are escaped.
python3 - gen/report.json hostile.json <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
evil = "<script>alert('x')</script>\"&\x1b[2J\u202e"
r["conflicts"][0]["subject"] = evil
r["teams"][0]["display_name"] = evil + "開発チーム"
r["users"][0]["email"] = evil
r["source"]["file"] = evil
json.dump(r, open(sys.argv[2], "w"))
PY
expect_exit 0 "$MATTERMERGE" report hostile.json --html hostile.html
[ "$(grep -c '<script' hostile.html)" = 1 ] || fail "unescaped <script> in hostile.html"
grep -q $'\x1b' hostile.html && fail "escape character in hostile.html"
expect_grep "&lt;script&gt;alert\(&#39;x&#39;\)&lt;/script&gt;&quot;&amp;.{1,3}\[2J.{1,3}開発チーム" hostile.html

# A bad report.json: exit 2, the file and the field named, no page written.
echo '{"conflicts":[{"kind":"x","severity":"fatal"}]}' > bad.json
expect_exit 2 "$MATTERMERGE" report bad.json --html bad.html
expect_grep '^mattermerge: bad.json:1: conflicts\[0\]\.severity: ' err
[ ! -e bad.html ] || fail "bad.html written"
expect_exit 2 "$MATTERMERGE" report missing.json --html bad.html
expect_grep 'missing.json' err
expect_exit 2 "$MATTERMERGE" report gen/report.json
expect_no_leftovers .

# apply --html: the summary replaces the page's apply section; --json: one JSON document.
cp gen/report.html before.html
expect_exit 0 "$MATTERMERGE" apply gen/source.jsonl --plan gen/plan.toml --target gen/target.jsonl \
  --import-path gen --out gen/import.jsonl --html gen/report.html --json --no-progress
python3 - out gen/report.html <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["written"] is True and doc["errors"] == 0, doc
assert doc["out"] == "gen/import.jsonl"
assert doc["changes"]["lines_rewritten"] > 0 and doc["changes"]["users_left_out"] > 0, doc["changes"]
page = open(sys.argv[2], encoding="utf-8").read()
assert "Not applied yet" not in page
assert page.count("<!-- mattermerge:apply-begin -->") == 1
assert 'id="apply-summary"' in page
assert f'<th>lines_rewritten</th><td class="n">{doc["changes"]["lines_rewritten"]:,}</td>' in page
PY
# The rest of the page is as plan wrote it.
diff <(sed '/apply-begin/,/apply-end/d' before.html) <(sed '/apply-begin/,/apply-end/d' gen/report.html) \
  || fail "apply --html changed the page outside its section"
# Without --json the text summary; a page that is not a report page is left alone (exit 2).
echo '<html>notes</html>' > other.html
expect_exit 2 "$MATTERMERGE" apply gen/source.jsonl --plan gen/plan.toml --target gen/target.jsonl \
  --import-path gen --out gen/import2.jsonl --html other.html --no-progress
expect_grep 'other.html: not a mattermerge report page' err
[ "$(cat other.html)" = '<html>notes</html>' ] || fail "other.html modified"
[ ! -e gen/import2.jsonl ] || fail "apply wrote its output though the page was refused"
expect_no_leftovers .
expect_no_leftovers gen

# In a browser: the DOM holds every kind with its count.
if ! command -v chromium >/dev/null; then
  echo "SKIP: chromium is not installed: the page was not rendered in a browser (scripts/deps.sh installs it)"
  exit 0
fi
timeout 180 chromium --headless --no-sandbox --disable-gpu --user-data-dir="$WORK/chrome" \
  --dump-dom "file://$WORK/gen/report.html" >dom.html 2>chrome.err || { cat chrome.err >&2; fail "chromium failed"; }
python3 - gen/answer-key.json dom.html <<'PY'
import json, sys
from html.parser import HTMLParser
key = json.load(open(sys.argv[1]))
counts = {}
for c in key["conflicts"]: counts[c["kind"]] = counts.get(c["kind"], 0) + 1

class Kinds(HTMLParser):
    def __init__(self):
        super().__init__()
        self.kinds, self.current, self.in_count, self.shown, self.filters = {}, None, False, {}, 0
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "details" and "data-kind" in a:
            self.current = a["data-kind"]
            self.kinds[self.current] = int(a["data-count"])
        if tag == "span" and a.get("class") == "count": self.in_count = True
        if tag == "input" and a.get("class") == "filter": self.filters += 1  # the script ran
    def handle_data(self, data):
        if self.in_count and self.current: self.shown[self.current] = data
    def handle_endtag(self, tag):
        if tag == "span": self.in_count = False

p = Kinds()
p.feed(open(sys.argv[2], encoding="utf-8").read())
assert p.kinds == counts, (p.kinds, counts)
for kind, n in counts.items():
    assert p.shown[kind] == f"{n:,} " + ("entry" if n == 1 else "entries"), (kind, p.shown[kind])
assert p.filters > 0, "the page's script did not run"
print(f"chromium DOM: {len(counts)} conflict kinds with their counts")
PY
