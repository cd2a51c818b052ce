# verify-attachments on a small tree with real file signatures and every problem kind: text and
# JSON reports, exit codes, orphans, --hash duplicates, and a --fix-out export checked by hand.
source "$E2E_LIB"
python3 "$(dirname "$E2E_LIB")/verify_attachments_tree.py" "$WORK"
snapshot() { (cd tree && find . -printf '%p %y %s %l\n' | sort && find . -type f -exec md5sum {} + | sort); }
snapshot > tree.before

expect_exit 1 "$MATTERMERGE" verify-attachments export.jsonl --import-path tree
grep '^export.jsonl:' out > problems.txt
cat > problems.expected <<'TXT'
export.jsonl:5: bad/jpeg-as.gif: type_mismatch (image/jpeg, image/gif)
export.jsonl:5: bad/nope.png: missing
export.jsonl:5: bad/empty.png: empty
export.jsonl:8: bad/png-as.pdf: type_mismatch (image/png, application/pdf) [warning]
export.jsonl:8: bad/nope.png: missing
export.jsonl:9: bad/blob.xyz: extension_unknown (image/png, unknown extension .xyz) [warning]
export.jsonl:9: bad/dir.png: unreadable (not a regular file)
export.jsonl:9: ../../etc/passwd: outside_tree (leaves data/)
export.jsonl:9: bad/link.png: outside_tree (a symbolic link on its way leads out of the import tree)
export.jsonl:11: emoji/e2/image: type_mismatch (application/pdf, image/gif|jpeg|png|webp|svg+xml)
export.jsonl: 19 attachment files checked under tree
TXT
diff -u problems.expected problems.txt || fail "text report differs"
expect_grep '^  ok +9$' out
expect_grep '^  errors +8$' out
expect_grep '^  warnings +2$' out
expect_grep '^  orphans +2  \(15 bytes\)$' out
expect_grep '^  elapsed .* files/s, .* MB/s\)$' out

expect_exit 1 "$MATTERMERGE" verify-attachments export.jsonl --import-path tree --json --hash --threads 2
python3 - "$WORK/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert (d["attachments"], d["emoji_images"], d["ok"], d["errors"], d["warnings"]) == (19, 2, 9, 8, 2), d
assert d["by_problem"] == {"missing": 2, "unreadable": 1, "empty": 1, "type_mismatch": 3, "extension_unknown": 1,
                          "outside_tree": 2, "too_large": 0}, d["by_problem"]
got = [(p["line"], p["path"], p["problem"], p["severity"], p["detected"], p["extension"], p["field"]) for p in d["problems"]]
want = [
    (5, "bad/jpeg-as.gif", "type_mismatch", "error", "image/jpeg", "gif", "post.attachments[1].path"),
    (5, "bad/nope.png", "missing", "error", "", "png", "post.attachments[2].path"),
    (5, "bad/empty.png", "empty", "error", "", "png", "post.replies[0].attachments[1].path"),
    (8, "bad/png-as.pdf", "type_mismatch", "warning", "image/png", "pdf", "direct_post.attachments[2].path"),
    (8, "bad/nope.png", "missing", "error", "", "png", "direct_post.attachments[4].path"),
    (9, "bad/blob.xyz", "extension_unknown", "warning", "image/png", "xyz", "post.attachments[3].path"),
    (9, "bad/dir.png", "unreadable", "error", "", "png", "post.attachments[4].path"),
    (9, "../../etc/passwd", "outside_tree", "error", "", "", "post.attachments[5].path"),
    (9, "bad/link.png", "outside_tree", "error", "", "png", "post.attachments[6].path"),
    (11, "emoji/e2/image", "type_mismatch", "error", "application/pdf", "", "emoji.image"),
]
assert got == want, "\n".join(map(str, got))
assert d["orphans"] == {"count": 2, "bytes": 15, "paths": ["data/orphan/o1.bin", "data/orphan/o2.txt"]}, d["orphans"]
groups = sorted(sorted(g["paths"]) for g in d["duplicates"])
assert groups == [
    ["data/bad/blob.xyz", "data/bad/png-as.pdf", "data/dup/p-copy.png", "data/emoji/e1/image", "data/ok/p.png"],
    ["data/bad/jpeg-as.gif", "data/ok/j.jpg"],
    ["data/emoji/e2/image", "data/ok/d.pdf"],
], groups
sizes = sorted(g["size"] for g in d["duplicates"])
assert sizes[0] > 0 and all(len(g["xxh3_128"]) == 32 for g in d["duplicates"]), d["duplicates"]
assert d["bytes_read"] == sum(__import__("os").path.getsize("tree/data/" + p) for p in [
    "ok/p.png", "bad/jpeg-as.gif", "ok/j.jpg", "ok/g.gif", "ok/w.webp", "bad/png-as.pdf", "ok/d.pdf", "ok/a.zip",
    "ok/t.txt", "bad/blob.xyz", "dup/p-copy.png", "emoji/e1/image", "emoji/e2/image"]), d["bytes_read"]
PY

# A clean export exits 0 (warnings alone do not fail).
head -4 export.jsonl > clean.jsonl
echo '{"type":"post","post":{"team":"t1","channel":"c1","user":"alice","message":"w","create_at":9,"attachments":[{"path":"ok/p.png"},{"path":"bad/png-as.pdf"}]}}' >> clean.jsonl
expect_exit 0 "$MATTERMERGE" verify-attachments clean.jsonl --import-path tree
expect_grep '^clean.jsonl:5: bad/png-as.pdf: type_mismatch \(image/png, application/pdf\) \[warning\]$' out

# --fix-out: a corrected export and a complete tree of links.
expect_exit 1 "$MATTERMERGE" verify-attachments export.jsonl --import-path tree --fix-out fixed
expect_grep '^export.jsonl:5: bad/jpeg-as.gif: type_mismatch \(image/jpeg, image/gif\); fix-out: renamed to bad/jpeg-as.jpg$' out
expect_grep '^export.jsonl:11: emoji/e2/image: .*; fix-out: line dropped$' out
expect_grep 'fixed/import.jsonl: 11 files linked \(0 copied\), 2 renamed, 5 references and 1 lines dropped' out
expect_no_leftovers fixed
python3 - "$WORK" <<'PY'
import json, os, sys
work = sys.argv[1]
orig = open(os.path.join(work, "export.jsonl"), "rb").read().split(b"\n")
fixed = open(os.path.join(work, "fixed/import.jsonl"), "rb").read().split(b"\n")
# Untouched lines byte for byte; line 11 (bad emoji) dropped.
want_same = [0, 1, 2, 3, 5, 6, 9]
for i in want_same:
    assert orig[i] in fixed, orig[i]
assert orig[10] not in fixed and len(fixed) == len(orig) - 1, len(fixed)
assert fixed[5] == orig[5] and fixed[9] == orig[9]
posts = [json.loads(l) for l in fixed if l]
def paths(o):
    out = []
    for a in o.get("attachments") or []:
        if a.get("path"):
            out.append(a["path"])
    for r in o.get("replies") or []:
        out += paths(r)
    return out
refs = []
for l in posts:
    for key in ("post", "direct_post"):
        if l["type"] == key:
            refs += paths(l[key])
    if l["type"] == "emoji":
        refs.append(l["emoji"]["image"])
assert refs == ["ok/p.png", "bad/jpeg-as.jpg", "ok/j.jpg", "bad/empty.png", "ok/g.gif", "ok/w.webp", "bad/png-as.png",
                "ok/d.pdf", "ok/a.zip", "ok/t.txt", "bad/blob.xyz", "dup/p-copy.png", "emoji/e1/image"], refs
sig = {"png": b"\x89PNG", "jpg": b"\xff\xd8\xff", "gif": b"GIF8", "webp": b"RIFF", "pdf": b"%PDF", "zip": b"PK"}
for p in refs:
    f = os.path.join(work, "fixed/data", p)
    assert os.path.isfile(f), p
    ext = p.rsplit(".", 1)[-1]
    if ext in sig and os.path.getsize(f):
        assert open(f, "rb").read(8).startswith(sig[ext]), p
# Hard links to the original files (same inode), renamed ones included.
assert os.stat(os.path.join(work, "fixed/data/ok/p.png")).st_ino == os.stat(os.path.join(work, "tree/data/ok/p.png")).st_ino
assert os.stat(os.path.join(work, "fixed/data/bad/jpeg-as.jpg")).st_ino == os.stat(os.path.join(work, "tree/data/bad/jpeg-as.gif")).st_ino
# Nothing but the referenced files.
files = sorted(os.path.relpath(os.path.join(d, f), os.path.join(work, "fixed/data")) for d, _, fs in os.walk(os.path.join(work, "fixed/data")) for f in fs)
assert files == sorted(refs), files
# The removed elements left valid, compact arrays.
assert b'"attachments":[{"path":"ok/g.gif"},{"path":"ok/w.webp"},{"path":"bad/png-as.png"},{"path":null}]' in fixed[7], fixed[7]
PY
# Where the build has `validate`, the fixed export passes it against its own tree.
"$MATTERMERGE" --help > help.txt
if grep -q "^  validate " help.txt; then
  expect_exit 0 "$MATTERMERGE" validate fixed/import.jsonl --import-path fixed
fi
# The fixed tree has only the empty file left to complain about.
expect_exit 1 "$MATTERMERGE" verify-attachments fixed/import.jsonl --import-path fixed
expect_grep '^  errors +1$' out
expect_grep '^  ok +11$' out
expect_grep '^  orphans +0  \(0 bytes\)$' out

# The input tree was never touched.
snapshot > tree.after
diff -u tree.before tree.after || fail "the import tree changed"

# An existing non-empty --fix-out is refused, and left alone.
expect_exit 2 "$MATTERMERGE" verify-attachments export.jsonl --import-path tree --fix-out fixed
expect_grep 'fixed: --fix-out: exists and is not empty' err
[ -f fixed/import.jsonl ] || fail "existing fix-out directory changed"
# A fix-out inside the import tree is refused.
expect_exit 2 "$MATTERMERGE" verify-attachments export.jsonl --import-path tree --fix-out tree/data/new
[ ! -e tree/data/new ] || fail "fix-out directory left inside the tree"
# A missing import directory is a usage error.
expect_exit 2 "$MATTERMERGE" verify-attachments export.jsonl --import-path no-such-dir
expect_grep 'no-such-dir: cannot open the import directory' err
