# gen-synthetic: every line is JSON, the answer key's counts equal `mattermerge stats`, its line
# numbers point at the lines of its subjects, and its mention/permalink counts equal an
# independent count by the shared mention rules.
source "$E2E_LIB"
: "${GEN_SYNTHETIC:?set by ctest}"

expect_exit 0 "$GEN_SYNTHETIC" --out gen --posts 3000 --seed 7 --conflict-rate 0.1 --attachments-rate 0.05
expect_grep '^source: .* MB/s, .* lines/s' err
expect_grep '^data tree: [0-9]+ files' err
expect_no_leftovers gen

for which in source target; do
  expect_exit 0 "$MATTERMERGE" stats --json "gen/$which.jsonl"
  cp out "stats-$which.json"
done

python3 - gen stats-source.json stats-target.json <<'PY'
import json, re, sys, os
from collections import Counter, defaultdict

gen, stats_paths = sys.argv[1], {"source": sys.argv[2], "target": sys.argv[3]}
key = json.load(open(f"{gen}/answer-key.json"))
lines = {}
for which in ("source", "target"):
    with open(f"{gen}/{which}.jsonl", encoding="utf-8") as f:
        lines[which] = [json.loads(l) for l in f]  # every line is JSON
    s = json.load(open(stats_paths[which]))
    k = key[which]
    assert s["lines"] == k["lines"] == len(lines[which]), (which, s["lines"], k["lines"])
    assert s["counts"] == k["counts"], (which, s["counts"], k["counts"])
    for f in ("replies", "reactions", "attachments"):
        assert s[f] == k[f], (which, f, s[f], k[f])
    assert lines[which][0]["type"] == "version"

conflicts = key["conflicts"]
kinds = Counter(c["kind"] for c in conflicts)
every_kind = ["team_merge", "channel_merge", "channel_target_archived", "channel_archive_propagation",
              "channel_name_clash", "role_overwrite", "user_email_changed", "user_email_taken",
              "user_probable_duplicate", "user_role_downgrade", "user_auth_changed", "user_password_reset",
              "user_settings_overwrite", "emoji_clash", "attachment_type_mismatch", "attachment_missing",
              "attachment_empty", "mention_rewrite", "permalink"]
for k in every_kind:
    assert kinds[k] >= 1, f"no {k}"
assert conflicts == sorted(conflicts, key=lambda c: (c["kind"], c["subject"])), "not sorted"
assert any(c["kind"] == "channel_name_clash" and c["subject"].endswith("/pj") for c in conflicts)

def line(which, n):
    assert n >= 1, n
    return lines[which][n - 1]

for c in conflicts:
    k, subj = c["kind"], c["subject"]
    if k in ("mention_rewrite", "permalink"):
        assert c["source_line"] == 0 and c["target_line"] == 0, c
        continue
    src = line("source", c["source_line"])
    tgt = line("target", c["target_line"]) if c["target_line"] else None
    if k == "team_merge":
        assert src["team"]["name"] == subj == tgt["team"]["name"], c
    elif k.startswith("channel_"):
        team, name = subj.split("/")
        assert (src["channel"]["team"], src["channel"]["name"]) == (team, name), c
        assert (tgt["channel"]["team"], tgt["channel"]["name"]) == (team, name), c
    elif k == "role_overwrite":
        t = src["type"]
        assert src[t]["name"] == subj == tgt[t]["name"], c
    elif k.startswith("user_"):
        assert src["user"]["username"] == subj, c
        if k in ("user_email_changed", "user_settings_overwrite"):
            assert tgt["user"]["username"] == subj, c
        if k == "user_email_taken":
            assert tgt["user"]["email"].lower() == src["user"]["email"].lower(), c
    elif k == "emoji_clash":
        assert src["emoji"]["name"] == subj == tgt["emoji"]["name"], c
    elif k.startswith("attachment_"):
        assert c["target_line"] == 0
        p = src[src["type"]]
        paths = [a["path"] for a in p.get("attachments") or []]
        for r in p.get("replies") or []:
            paths += [a["path"] for a in r.get("attachments") or []]
        assert subj in paths, c
        f = os.path.join(gen, "data", subj)
        if k == "attachment_missing":
            assert not os.path.exists(f), c
        elif k == "attachment_empty":
            assert os.path.getsize(f) == 0, c
        else:
            assert subj.endswith(".gif") and open(f, "rb").read(3) == b"\xff\xd8\xff", c
    else:
        raise AssertionError(c)

# Every referenced source attachment that is not listed as missing exists.
listed = {c["subject"] for c in conflicts if c["kind"] == "attachment_missing"}
for d in lines["source"]:
    p = d.get(d["type"])
    if d["type"] not in ("post", "direct_post"):
        continue
    atts = list(p.get("attachments") or [])
    for r in p.get("replies") or []:
        atts += r.get("attachments") or []
    for a in atts:
        assert a["path"] in listed or os.path.isfile(os.path.join(gen, "data", a["path"])), a
for d in lines["source"]:
    if d["type"] == "emoji":
        assert os.path.isfile(os.path.join(gen, "data", d["emoji"]["image"])), d

# Mentions, counted independently by the shared rules.
renamed_users = {c["subject"] for c in conflicts if c["kind"] in ("user_email_taken", "user_probable_duplicate")}
renamed_channels = {c["subject"] for c in conflicts
                    if c["kind"] in ("channel_name_clash", "channel_target_archived", "channel_archive_propagation")}
FENCE = re.compile(r"```.*?```", re.S)
SPAN = re.compile(r"`[^`\n]*`")
PERMALINK = re.compile(r"/[a-z0-9][a-z0-9_-]*/pl/[a-z0-9]{26}")
USER_RUN = re.compile(r"[A-Za-z0-9._-]*")
CHAN_RUN = re.compile(r"[A-Za-z0-9_-]*")

def mentions(text, sigil, run):
    text = SPAN.sub(" ", FENCE.sub(" ", text))
    found = set()
    for word in text.split():
        if "://" in word:
            continue
        for i, ch in enumerate(word):
            if ch != sigil or (i > 0 and re.match(r"[A-Za-z0-9._+-]", word[i - 1])):
                continue
            found.add(run.match(word, i + 1).group(0).lower())
    return found

def user_matches(tokens):
    out = set()
    for t in tokens:
        while True:
            if t in renamed_users:
                out.add(t)
            if t and t[-1] in ".-_":
                t = t[:-1]
            else:
                break
    return out

counts = Counter()
permalinks = 0
for d in lines["source"]:
    if d["type"] not in ("post", "direct_post"):
        continue
    p = d[d["type"]]
    for m in [p["message"]] + [r["message"] for r in p.get("replies") or []]:
        for u in user_matches(mentions(m, "@", USER_RUN)):
            counts["@" + u] += 1
        if d["type"] == "post":
            for ch in mentions(m, "~", CHAN_RUN):
                subject = p["team"] + "/" + ch.rstrip(".")
                if subject in renamed_channels:
                    counts["~" + subject] += 1
        permalinks += bool(PERMALINK.search(m))
expected = {c["subject"]: c["count"] for c in conflicts if c["kind"] == "mention_rewrite"}
assert dict(counts) == expected, (dict(counts), expected)
assert [c["count"] for c in conflicts if c["kind"] == "permalink"] == [permalinks], permalinks
print("ok", len(conflicts), "conflicts")
PY
