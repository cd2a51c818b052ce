#!/usr/bin/env python3
"""The target's export after an import, for the reconcile end-to-end test: TARGET's lines, then
IMPORTED's lines merged in by the importer's match rules (docs/reconcile.md): teams, channels, emoji by name, users by username with their
memberships added, direct channels by member set, posts by channel + create_at + message (a match
is updated, not copied). The membership script's mmctl calls are applied too. Attachment paths are
written as an export writes them (a server path ending in the file's name).

usage: reconcile_after.py TARGET IMPORTED MEMBERSHIPS_SH OUT
"""
import json
import shlex
import sys

target, imported, script, out_path = sys.argv[1:5]

order = []  # (kind, key) in first-seen order
objects = {}


def put(kind, key, value):
    if (kind, key) not in objects:
        order.append((kind, key))
    objects[(kind, key)] = value


def merge_user(u):
    key = u["username"].lower()
    old = objects.get(("user", key))
    if old is None:
        put("user", key, u)
        return
    teams = {t["name"].lower(): t for t in old.get("teams") or []}
    for t in u.get("teams") or []:
        have = teams.setdefault(t["name"].lower(), {"name": t["name"], "channels": []})
        names = {c["name"].lower() for c in have.get("channels") or []}
        for c in t.get("channels") or []:
            if c["name"].lower() not in names:
                have.setdefault("channels", []).append(c)
    old["teams"] = list(teams.values())


def export_path(path, n=[0]):
    n[0] += 1
    return "20240101/teams/t/channels/c/users/u/f%d/%s" % (n[0], path.rsplit("/", 1)[-1])


def exported_post(p):
    for a in p.get("attachments") or []:
        a["path"] = export_path(a["path"])
    for r in p.get("replies") or []:
        for a in r.get("attachments") or []:
            a["path"] = export_path(a["path"])
    return p


def read(path, rewrite_paths):
    with open(path, encoding="utf-8") as f:
        for line in f:
            obj = json.loads(line)
            t = obj["type"]
            v = obj.get(t)
            if t == "version":
                put("version", "", obj)
            elif t == "team":
                put("team", v["name"].lower(), obj)
            elif t == "channel":
                put("channel", (v["team"].lower(), v["name"].lower()), obj)
            elif t == "user":
                merge_user(v)
            elif t == "emoji":
                put("emoji", v["name"].lower(), obj)
            elif t == "direct_channel":
                members = v.get("members") or [m["username"] for m in v.get("participants") or []]
                put("direct_channel", tuple(sorted(m.lower() for m in members)),
                    {"type": t, t: {"participants": [{"username": m} for m in members]}})
            elif t in ("post", "direct_post"):
                if rewrite_paths:
                    v = exported_post(v)
                where = (v["team"].lower(), v["channel"].lower()) if t == "post" else \
                    tuple(sorted(m.lower() for m in v["channel_members"]))
                put(t, (where, v["create_at"], v["message"]), {"type": t, t: v})


read(target, False)
read(imported, True)
# The membership script: `mmctl team users add -- TEAM USER`, `mmctl channel users add -- TEAM:CHANNEL USER`.
with open(script) if script != "-" else open("/dev/null") as f:
    for line in f:
        words = shlex.split(line.split("||")[0]) if line.startswith("mmctl ") else []
        if words[:4] == ["mmctl", "team", "users", "add"]:
            merge_user({"username": words[6], "teams": [{"name": words[5]}]})
        elif words[:4] == ["mmctl", "channel", "users", "add"]:
            team, channel = words[5].split(":", 1)
            merge_user({"username": words[6], "teams": [{"name": team, "channels": [{"name": channel}]}]})

with open(out_path, "w", encoding="utf-8") as out:
    for kind, key in order:
        v = objects[(kind, key)]
        if kind == "user":
            v = {"type": "user", "user": v}
        out.write(json.dumps(v, ensure_ascii=False, separators=(",", ":")) + "\n")
