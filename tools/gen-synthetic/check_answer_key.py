#!/usr/bin/env python3
"""Checks a gen-synthetic output directory against its answer-key.json, independently of the
generator: every line is JSON; the key's counts equal `mattermerge stats --json` (given as files);
its line numbers point at the lines of its subjects; attachment and profile image problems are
what the key says; every other referenced source attachment, emoji image and profile image
exists (profile images as PNG); mention_rewrite and permalink
counts equal a count by the shared mention rules. Reads the exports line by line (any size).

usage: check_answer_key.py DIR SOURCE_STATS.json TARGET_STATS.json
"""
import json
import os
import re
import sys
from collections import Counter

EVERY_KIND = ["team_merge", "channel_merge", "channel_target_archived", "channel_archive_propagation",
              "channel_name_clash", "role_overwrite", "user_email_changed", "user_email_taken",
              "user_probable_duplicate", "user_role_downgrade", "user_auth_changed", "user_password_reset",
              "user_settings_overwrite", "emoji_clash", "emoji_image_too_large", "attachment_type_mismatch", "attachment_missing",
              "attachment_empty", "profile_image_unusable", "mention_rewrite", "permalink"]

CHANNEL_KINDS = ["channel_target_archived", "channel_archive_propagation", "channel_name_clash"]
FENCE = re.compile(r"```.*?```", re.S)
SPAN = re.compile(r"`[^`\n]*`")
PERMALINK = re.compile(r"/[a-z0-9][a-z0-9_-]*/pl/[a-z0-9]{26}")
USER_RUN = re.compile(r"[A-Za-z0-9._-]*")
CHANNEL_RUN = re.compile(r"[A-Za-z0-9_-]*")
NOT_BEFORE_MENTION = re.compile(r"[A-Za-z0-9._+-]")


def mention_tokens(text, sigil, run):
    """Lower-cased tokens after `sigil`, outside code, URLs and e-mail addresses."""
    text = SPAN.sub(" ", FENCE.sub(" ", text))
    found = set()
    for word in text.split():
        if "://" in word:
            continue
        for i, ch in enumerate(word):
            if ch == sigil and not (i > 0 and NOT_BEFORE_MENTION.match(word[i - 1])):
                found.add(run.match(word, i + 1).group(0).lower())
    return found


def matching_users(tokens, users):
    out = set()
    for t in tokens:
        while True:
            if t in users:
                out.add(t)
            if t and t[-1] in ".-_":
                t = t[:-1]
            else:
                break
    return out


def messages(payload):
    yield payload["message"]
    for r in payload.get("replies") or []:
        yield r["message"]


def attachment_paths(payload):
    paths = [a["path"] for a in payload.get("attachments") or []]
    for r in payload.get("replies") or []:
        paths += [a["path"] for a in r.get("attachments") or []]
    return paths


def main(gen, source_stats, target_stats):
    key = json.load(open(os.path.join(gen, "answer-key.json")))
    conflicts = key["conflicts"]
    kinds = Counter(c["kind"] for c in conflicts)
    if key["arguments"]["posts"] >= 1000:
        for k in EVERY_KIND:
            # Forcing the channel kinds needs three channels besides the default two.
            if key["arguments"]["channels"] >= 5 or k not in CHANNEL_KINDS:
                assert kinds[k] >= 1, f"no {k}"
    assert conflicts == sorted(conflicts, key=lambda c: (c["kind"], c["subject"])), "not sorted"

    wanted = {"source": {c["source_line"] for c in conflicts}, "target": {c["target_line"] for c in conflicts}}
    kept = {"source": {}, "target": {}}
    missing = {c["subject"] for c in conflicts if c["kind"] == "attachment_missing"}
    unusable_profiles = {c["subject"] for c in conflicts if c["kind"] == "profile_image_unusable"}
    renamed_users = {c["subject"] for c in conflicts if c["kind"] in ("user_email_taken", "user_probable_duplicate")}
    renamed_channels = {c["subject"] for c in conflicts if c["kind"] in (
        "channel_name_clash", "channel_target_archived", "channel_archive_propagation")}
    counts = Counter()
    permalinks = 0

    for which, stats_path in (("source", source_stats), ("target", target_stats)):
        n = 0
        with open(os.path.join(gen, which + ".jsonl"), encoding="utf-8") as f:
            for n, text in enumerate(f, 1):
                d = json.loads(text)
                if n == 1:
                    assert d["type"] == "version", d
                if n in wanted[which]:
                    kept[which][n] = d
                if which != "source":
                    continue
                t = d["type"]
                if t == "emoji":
                    assert os.path.isfile(os.path.join(gen, "data", d["emoji"]["image"])), d
                if t == "user" and d["user"].get("profile_image") and d["user"]["username"] not in unusable_profiles:
                    with open(os.path.join(gen, "data", d["user"]["profile_image"]), "rb") as image:
                        assert image.read(8) == b"\x89PNG\r\n\x1a\n", d
                if t not in ("post", "direct_post"):
                    continue
                p = d[t]
                for path in attachment_paths(p):
                    assert path in missing or os.path.isfile(os.path.join(gen, "data", path)), path
                for m in messages(p):
                    for u in matching_users(mention_tokens(m, "@", USER_RUN), renamed_users):
                        counts["@" + u] += 1
                    if t == "post":
                        for ch in mention_tokens(m, "~", CHANNEL_RUN):
                            subject = p["team"] + "/" + ch.rstrip(".")
                            if subject in renamed_channels:
                                counts["~" + subject] += 1
                    permalinks += bool(PERMALINK.search(m))
        s, k = json.load(open(stats_path)), key[which]
        assert s["lines"] == k["lines"] == n, (which, s["lines"], k["lines"], n)
        assert s["counts"] == k["counts"], (which, s["counts"], k["counts"])
        for field in ("replies", "reactions", "attachments", "bytes"):
            assert s[field] == k[field], (which, field, s[field], k[field])

    for c in conflicts:
        k, subject = c["kind"], c["subject"]
        if k in ("mention_rewrite", "permalink"):
            assert c["source_line"] == 0 and c["target_line"] == 0, c
            continue
        src = kept["source"][c["source_line"]]
        tgt = kept["target"].get(c["target_line"])
        if k == "team_merge":
            assert src["team"]["name"] == subject == tgt["team"]["name"], c
        elif k.startswith("channel_"):
            team, name = subject.split("/")
            assert (src["channel"]["team"], src["channel"]["name"]) == (team, name), c
            assert (tgt["channel"]["team"], tgt["channel"]["name"]) == (team, name), c
        elif k == "role_overwrite":
            assert src[src["type"]]["name"] == subject == tgt[tgt["type"]]["name"], c
        elif k.startswith("user_"):
            assert src["user"]["username"] == subject, c
            if k in ("user_email_changed", "user_settings_overwrite"):
                assert tgt["user"]["username"] == subject, c
            if k == "user_email_taken":
                assert tgt["user"]["email"].lower() == src["user"]["email"].lower(), c
        elif k == "emoji_clash":
            assert src["emoji"]["name"] == subject == tgt["emoji"]["name"], c
        elif k.startswith("attachment_"):
            assert c["target_line"] == 0, c
            assert subject in attachment_paths(src[src["type"]]), c
            f = os.path.join(gen, "data", subject)
            if k == "attachment_missing":
                assert not os.path.exists(f), c
            elif k == "attachment_empty":
                assert os.path.getsize(f) == 0, c
            else:
                assert subject.endswith(".gif") and open(f, "rb").read(3) == b"\xff\xd8\xff", c
        elif k == "emoji_image_too_large":
            assert c["target_line"] == 0 and src["emoji"]["name"] == subject, c
            assert os.path.getsize(os.path.join(gen, "data", src["emoji"]["image"])) > 512 * 1024, c
        elif k == "profile_image_unusable":
            assert c["target_line"] == 0 and src["user"]["username"] == subject, c
            f = os.path.join(gen, "data", src["user"]["profile_image"])
            # Missing, or not an image: the importer cannot decode it.
            assert not os.path.exists(f) or open(f, "rb").read(8) != b"\x89PNG\r\n\x1a\n", c
        else:
            raise AssertionError(c)

    expected = {c["subject"]: c["count"] for c in conflicts if c["kind"] == "mention_rewrite"}
    assert dict(counts) == expected, (dict(counts), expected)
    assert [c["count"] for c in conflicts if c["kind"] == "permalink"] == ([permalinks] if permalinks else []), permalinks
    print(f"ok: {len(conflicts)} conflicts, {sum(counts.values())} counted mentions, {permalinks} permalinks")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
