#!/usr/bin/env python3
"""Checks a `gen-synthetic --evolve` output directory against its earlier directory, independently
of the generator: every line is JSON in the exporter's section order, and evolve-key.json lists
exactly what differs between BASE_DIR/source.jsonl and DIR/source.jsonl (new, changed, edited and
deleted posts, channels, users, emoji, memberships) and what DIR/target-changes.jsonl adds, by the
keys of docs/gen-synthetic.md. Unchanged post lines must be byte-identical.

usage: check_evolve_key.py BASE_DIR DIR
Prints "ok: ..." and exits 0, or prints each mismatch and exits 1.
"""
import json
import sys

ORDER = ["version", "scheme", "role", "team", "channel", "user", "bot", "post", "emoji",
         "direct_channel", "direct_post"]
errors = []


def err(msg):
    errors.append(msg)


def read(path):
    lines = []
    last_rank = -1
    with open(path, "rb") as f:
        for n, raw in enumerate(f, 1):
            raw = raw.rstrip(b"\n")
            try:
                obj = json.loads(raw)
            except ValueError as e:
                err(f"{path}:{n}: not JSON ({e})")
                continue
            t = obj.get("type")
            rank = ORDER.index(t) if t in ORDER else 99
            if rank < last_rank:
                err(f"{path}:{n}: {t} line after a later section")
            last_rank = max(last_rank, rank)
            lines.append((t, obj[t] if t != "version" else obj, raw))
    return lines


def post_key(t, p):
    if t == "direct_post":
        return ("@" + ",".join(sorted(p["channel_members"])), p["user"], p["create_at"])
    return (p["team"] + "/" + p["channel"], p["user"], p["create_at"])


def key_of(k):
    if "members" in k:
        return ("@" + ",".join(sorted(k["members"])), k["user"], k["create_at"])
    return (k["team"] + "/" + k["channel"], k["user"], k["create_at"])


def index(lines):
    posts, channels, users, emoji, directs = {}, {}, {}, set(), set()
    for t, v, raw in lines:
        if t in ("post", "direct_post"):
            k = post_key(t, v)
            if k in posts:
                err(f"two posts with the key {k}")
            posts[k] = (v, raw)
        elif t == "channel":
            channels[v["team"] + "/" + v["name"]] = v
        elif t == "user":
            users[v["username"]] = v
        elif t == "emoji":
            emoji.add(v["name"])
        elif t == "direct_channel":
            m = v.get("members") or [p["username"] for p in v.get("participants", [])]
            directs.add(",".join(sorted(m)))
    return posts, channels, users, emoji, directs


def memberships(users):
    out = set()
    for name, u in users.items():
        for t in u.get("teams") or []:
            for c in t.get("channels") or []:
                out.add((name, t["name"] + "/" + c["name"]))
    return out


def same(what, got, want):
    if got != want:
        extra, missing = sorted(got - want, key=str)[:5], sorted(want - got, key=str)[:5]
        err(f"{what}: the files have {len(got)}, the key {len(want)}; only in the files: {extra}; only in the key: {missing}")


def reply_attachments(p):
    return [a for r in p.get("replies") or [] for a in r.get("attachments") or []] + (p.get("attachments") or [])


def main(base_dir, out_dir):
    key = json.load(open(out_dir + "/evolve-key.json"))
    base = read(base_dir + "/source.jsonl")
    new = read(out_dir + "/source.jsonl")
    tchanges = read(out_dir + "/target-changes.jsonl")
    bp, bc, bu, be, bd = index(base)
    np_, nc, nu, ne, nd = index(new)

    deleted_channels = {c["team"] + "/" + c["name"]: c["posts"] for c in key["deleted_channels"]}
    same("new channels", set(nc) - set(bc), {c["team"] + "/" + c["name"] for c in key["new"]["channel"]})
    same("deleted channels", set(bc) - set(nc), set(deleted_channels))
    archived = {k for k in set(bc) & set(nc) if (bc[k].get("deleted_at") or 0) == 0 and (nc[k].get("deleted_at") or 0) > 0}
    same("archived channels", archived, {c["team"] + "/" + c["name"] for c in key["archived_channels"]})
    same("new users", set(nu) - set(bu), set(key["new"]["user"]))
    same("new emoji", ne - be, set(key["new"]["emoji"]))
    same("new direct channels", nd - bd, {",".join(sorted(m)) for m in key["new"]["direct_channel"]})
    old_users = set(bu)
    added = {m for m in memberships(nu) - memberships(bu) if m[0] in old_users}
    removed = {m for m in memberships(bu) - memberships(nu) if m[1] not in deleted_channels}
    same("memberships added", added, {(m["user"], m["team"] + "/" + m["channel"]) for m in key["memberships_added"]})
    same("memberships removed", removed, {(m["user"], m["team"] + "/" + m["channel"]) for m in key["memberships_removed"]})

    in_deleted = {k for k in bp if k[0] in deleted_channels}
    for ch, n in deleted_channels.items():
        if sum(1 for k in in_deleted if k[0] == ch) != n:
            err(f"deleted channel {ch}: the key says {n} posts")
    same("new posts", set(np_) - set(bp), {key_of(k) for k in key["new"]["post"] + key["new"]["direct_post"]})
    same("deleted posts", set(bp) - set(np_) - in_deleted, {key_of(k) for k in key["deleted_posts"]})
    edited, changed = set(), {}
    delta_bytes = 0
    for k in set(bp) & set(np_):
        (a, araw), (b, braw) = bp[k], np_[k]
        if araw == braw:
            continue
        if a.get("message") != b.get("message"):
            edited.add(k)
            if not b.get("edit_at"):
                err(f"edited post {k} has no edit_at")
            continue
        kinds = set()
        if [r.get("message") for r in a.get("replies") or []] != [r.get("message") for r in b.get("replies") or []]:
            kinds.add("replies")
        if a.get("reactions") != b.get("reactions"):
            kinds.add("reactions")
        if reply_attachments(a) != reply_attachments(b):
            kinds.add("attachments")
        if a.get("flagged_by") != b.get("flagged_by"):
            kinds.add("flags")
        if a.get("is_pinned") != b.get("is_pinned"):
            kinds.add("pin")
        if not kinds:
            err(f"post {k} differs in something the key has no word for")
        changed[k] = kinds
        delta_bytes += len(braw) + 1
    same("edited posts", edited, {key_of(e["key"]) for e in key["edited"]})
    want_changed = {key_of(c["key"]): set(c["changes"]) for c in key["changed_posts"]}
    same("changed posts", set(changed), set(want_changed))
    for k in set(changed) & set(want_changed):
        if changed[k] != want_changed[k]:
            err(f"post {k}: changed {sorted(changed[k])}, the key says {sorted(want_changed[k])}")
    for k in set(np_) - set(bp):
        delta_bytes += len(np_[k][1]) + 1

    # The target's side, and the names taken on both sides.
    tp, tc, tu, te, _ = index(tchanges)
    tn = key["target_new"]
    same("target channels", set(tc), {c["team"] + "/" + c["name"] for c in tn["channel"]})
    same("target users", set(tu), set(tn["user"]))
    same("target emoji", te, set(tn["emoji"]))
    same("target posts", set(tp), {key_of(k) for k in tn["post"]})
    for u in key["collisions"]["user"]:
        if u not in tu or u not in nu or tu[u]["email"] == nu[u]["email"]:
            err(f"user collision {u}: not on both sides with different e-mails")
    for c in key["collisions"]["channel"]:
        k = c["team"] + "/" + c["name"]
        if k not in tc or k not in nc:
            err(f"channel collision {k}: not on both sides")
    for e in key["collisions"]["emoji"]:
        if e not in te or e not in ne:
            err(f"emoji collision {e}: not on both sides")
    size = sum(len(raw) + 1 for _, _, raw in new)
    if key["source"]["bytes"] != size or key["source"]["lines"] != len(new):
        err(f"source size: the key says {key['source']['lines']} lines / {key['source']['bytes']} bytes, the file has {len(new)} / {size}")

    if errors:
        for e in errors:
            print(e)
        return 1
    print(f"ok: {len(set(np_) - set(bp))} new posts, {len(changed)} changed, {len(edited)} edited, "
          f"{len(set(bp) - set(np_))} deleted; delta {delta_bytes} of {size} bytes ({100.0 * delta_bytes / size:.2f}%)")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2]))
