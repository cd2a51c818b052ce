# mattermerge bench: the table and the JSON document have every step, with positive, finite rates
# and ratios (never a timing); the estimate; --shape spaced; usage errors before anything is
# written; the bench directory removed afterwards, or kept with --keep.
source "$E2E_LIB"

steps="read write decompress stats stats/mmap validate validate/mmap plan apply.jsonl apply.zip"

mkdir run && cd run
expect_exit 0 "$MATTERMERGE" bench --posts 2000 --rounds 1 --threads 2 --json --estimate 40GB
cd "$WORK"
[ -z "$(ls -A run)" ] || fail "bench left files behind: $(ls -A run)"
python3 - "$WORK/out" "$steps" <<'PY'
import json, math, sys
d = json.load(open(sys.argv[1]))
want = [s.replace(".", " .") for s in sys.argv[2].split()]
names = [s["name"] for s in d["steps"]]
assert names == want, names
assert d["posts"] == 2000 and d["rounds"] == 1 and d["shape"] == "go" and d["threads"] == 2, d
assert d["source"]["bytes"] > 0 and d["source"]["lines"] > 2000, d["source"]
for s in d["steps"]:
    assert len(s["seconds"]) == 1, s
    for k in ("best_seconds", "median_seconds", "mb_per_second", "lines_per_second", "ratio",
              "median_mb_per_second", "median_lines_per_second"):
        assert isinstance(s[k], (int, float)) and math.isfinite(s[k]) and s[k] > 0, (s["name"], k, s[k])
    assert s["floor"] == (s["name"] in ("read", "write", "decompress")), s
    want_floor = "write" if s["name"].startswith("apply") else "read"
    assert s["ratio_to"] == want_floor, s
    if s["floor"]:
        assert s["peak_rss_bytes"] is None, s
    else:
        assert s["peak_rss_bytes"] > 1 << 20, s
read = d["steps"][0]
assert abs(read["ratio"] - 1.0) < 1e-9, read
e = d["estimate"]
assert e["bytes"] == 40 * 10**9, e
assert [s["name"] for s in e["steps"]] == want, e
for s in e["steps"]:
    for k in ("seconds_by_bytes", "seconds_by_lines"):
        assert math.isfinite(s[k]) and s[k] > 0, s
PY

# The table: a header, then one row per step with its numbers; the estimate after it.
expect_exit 0 "$MATTERMERGE" bench --posts 2000 --rounds 1 --threads 2 --dir b --keep --estimate 1.5TiB
[ -s b/source.jsonl ] && [ -s b/target.jsonl ] && [ -s b/import.zip ] || fail "--keep did not keep the files: $(ls -A b)"
expect_no_leftovers b
expect_grep '^mattermerge bench: 2000 posts, go shape; source [0-9]+ bytes' out
expect_grep '^step +best s +median s +MB/s +lines/s +vs floor +peak RSS$' out
python3 - "$WORK/out" "$steps" <<'PY'
import math, re, sys
lines = open(sys.argv[1]).read().split("\n")
names = sys.argv[2].split()
num = r"([0-9]+(?:\.[0-9]+)?)"
for n in names:
    floor = n in ("read", "write", "decompress")
    label = ("floor " if floor else "") + n.replace(".", " .")
    rows = [l for l in lines if l.startswith(label + " ")]
    assert len(rows) >= 1, (label, lines)
    row = rows[0]
    m = re.fullmatch(re.escape(label) + r" +" + num + r" +" + num + r" +" + num + r" +" + num + r" [kM] +"
                     + num + r"x (read|write) +(-|[0-9]+ MiB)", row)
    assert m, row
    best, median, mbs, lps, ratio = (float(m.group(i)) for i in range(1, 6))
    assert all(math.isfinite(v) and v > 0 for v in (best, median, mbs, lps, ratio)), row
    assert (m.group(7) == "-") == floor, row
    assert m.group(6) == ("write" if n.startswith("apply") else "read"), row
est = lines.index(next(l for l in lines if l.startswith("estimate for 1649.3 GB (1649267441664 bytes")))
assert lines[est + 1].split() == ["step", "expected", "time"], lines[est + 1]
for i, n in enumerate(names):
    row = lines[est + 2 + i]
    assert re.fullmatch(r"(floor )?" + re.escape(n.replace(".", " .")) + r" +[0-9hms. -]+", row), row
PY

# --estimate-from a kept export, spaced shape: the sample's shape is reported.
expect_exit 0 "$MATTERMERGE" bench --posts 1000 --rounds 1 --shape spaced --estimate-from b/source.jsonl
expect_grep '^mattermerge bench: 1000 posts, spaced shape' out
expect_grep '^estimate for .*b/source.jsonl: .* bytes a line, [0-9.]+% post lines, 0.0% spaced$' out
expect_grep '^note: the export is mostly compact, the bench ran --shape spaced' out
"$MATTERMERGE" bench --posts 1000 --rounds 1 --shape spaced --dir s --keep --json > /dev/null 2>&1 || fail "spaced bench failed"
expect_grep '^\{"type": "version", "version": 1, "info": \{"generator": ' s/source.jsonl
expect_grep '^\{"type": "post", "post": \{"team": ' s/source.jsonl
# The spaced export holds what the answer key counts (bytes counted after the spacing).
expect_exit 0 "$MATTERMERGE" stats --json s/source.jsonl
python3 - "$WORK/out" s/answer-key.json <<'PY2'
import json, sys
st, key = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
assert key["arguments"]["shape"] == "spaced", key["arguments"]
src = key["source"]
assert (st["lines"], st["bytes"], st["replies"], st["reactions"], st["attachments"]) == \
    (src["lines"], src["bytes"], src["replies"], src["reactions"], src["attachments"]), (st, src)
PY2

# Usage errors: refused before anything is written.
mkdir u && cd u
expect_exit 2 "$MATTERMERGE" bench --estimate 40G
expect_grep '--estimate "40G": say GB \(1000\^3\) or GiB \(1024\^3\)' "$WORK/err"
expect_exit 2 "$MATTERMERGE" bench --estimate-from missing.jsonl
expect_grep 'missing.jsonl' "$WORK/err"
expect_exit 2 "$MATTERMERGE" bench --estimate 1GB --estimate-from x.jsonl
expect_exit 2 "$MATTERMERGE" bench --shape pretty
mkdir full && touch full/x
expect_exit 2 "$MATTERMERGE" bench --dir full
expect_grep 'full: not empty' "$WORK/err"
[ "$(ls -A)" = "full" ] && [ "$(ls -A full)" = "x" ] || fail "a refused bench wrote files: $(ls -AR)"
