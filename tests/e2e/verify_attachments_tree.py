# Writes the attachment tree and export used by verify_attachments.sh: real signatures for PNG,
# JPEG, GIF, WebP, PDF, ZIP and text, and one file (or reference) for every problem kind.
import io, os, struct, sys, zipfile, zlib

root = sys.argv[1]


def png():
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00\x00\x00\x00\x00")) + chunk(b"IEND", b"")


JPEG = (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
        b"\xff\xdb\x00\x43\x00" + bytes(range(1, 65)) + b"\xff\xd9")
GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
VP8L = b"\x2f\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00"
WEBP = b"RIFF" + struct.pack("<I", 4 + 8 + len(VP8L)) + b"WEBP" + b"VP8L" + struct.pack("<I", len(VP8L)) + VP8L
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
TEXT = b"hello, world\nsecond line of plain text\n"


def zip_bytes():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("readme.txt", "inside the zip\n")
    return buf.getvalue()


files = {
    "ok/p.png": png(), "ok/j.jpg": JPEG, "ok/g.gif": GIF, "ok/w.webp": WEBP, "ok/d.pdf": PDF,
    "ok/a.zip": zip_bytes(), "ok/t.txt": TEXT, "dup/p-copy.png": png(),
    "bad/jpeg-as.gif": JPEG, "bad/png-as.pdf": png(), "bad/empty.png": b"", "bad/blob.xyz": png(),
    "emoji/e1/image": png(), "emoji/e2/image": PDF,
    "orphan/o1.bin": b"0123456789", "orphan/o2.txt": b"hello",
}
for rel, data in files.items():
    path = os.path.join(root, "tree", "data", rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)
os.makedirs(os.path.join(root, "tree", "data", "bad", "dir.png"))
os.symlink("/etc/hostname", os.path.join(root, "tree", "data", "bad", "link.png"))

lines = [
    '{"type":"version","version":1}',
    '{"type":"team","team":{"name":"t1","display_name":"T1","type":"O"}}',
    '{"type":"channel","channel":{"team":"t1","name":"c1","display_name":"C1","type":"O"}}',
    '{"type":"user","user":{"username":"alice","email":"alice@example.com"}}',
    '{"type":"post","post":{"team":"t1","channel":"c1","user":"alice","message":"one","create_at":1,'
    '"attachments":[{"path":"ok/p.png"},{"path":"bad/jpeg-as.gif"},{"path":"bad/nope.png"}],'
    '"replies":[{"user":"alice","message":"r","create_at":2,"attachments":[{"path":"ok/j.jpg"},{"path":"bad/empty.png"}]}]}}',
    '{"type":"post", "post": {"team":"t1", "channel":"c1", "user":"alice", "message":"untouched \\u00e9", "create_at":3}}',
    '{"type":"direct_channel","direct_channel":{"members":["alice","alice"]}}',
    '{"type":"direct_post","direct_post":{"channel_members":["alice","alice"],"user":"alice","message":"dm","create_at":4,'
    '"attachments":[{"path":"ok/g.gif"},{"path":"ok/w.webp"},{"path":"bad/png-as.pdf"},{"path":null},{"path":"bad/nope.png"}]}}',
    '{"type":"post","post":{"team":"t1","channel":"c1","user":"alice","message":"two","create_at":5,'
    '"attachments":[{"path":"ok/d.pdf"},{"path":"ok/a.zip"},{"path":"ok/t.txt"},{"path":"bad/blob.xyz"},'
    '{"path":"bad/dir.png"},{"path":"../../etc/passwd"},{"path":"bad/link.png"},{"path":"dup/p-copy.png"}]}}',
    '{"type":"emoji","emoji":{"name":"good","image":"emoji/e1/image"}}',
    '{"type":"emoji","emoji":{"name":"bad","image":"emoji/e2/image"}}',
]
with open(os.path.join(root, "export.jsonl"), "w") as f:
    f.write("\n".join(lines) + "\n")
