#!/usr/bin/env bash
# Measures `mattermerge verify-attachments` on a generated attachment tree, side by side with the
# tools an admin would otherwise use, page cache warm:
#   files/s:  verify-attachments --threads 2          vs  find DIR -type f | xargs file --mime-type
#   bytes/s:  verify-attachments --threads 2 --hash   vs  cat of the whole tree to /dev/null
#
# usage: bench/verify_attachments.sh [-n FILES] [-b MATTERMERGE] [-w WORKDIR] [-k]
#   -n  number of files (default 200000: small files, 0.5-8 KiB, real PNG/JPEG/GIF/WebP/PDF/ZIP/text
#       signatures); -b the binary (default build/mattermerge); -w where to build the tree (default
#       /tmp/$USER-verify-bench); -k keep the tree afterwards (default: deleted).
set -euo pipefail

FILES=200000
BIN="$(cd "$(dirname "$0")/.." && pwd)/build/mattermerge"
WORKDIR="/tmp/${USER:-user}-verify-bench"
KEEP=0
while getopts "n:b:w:k" opt; do
  case $opt in
    n) FILES=$OPTARG ;;
    b) BIN=$OPTARG ;;
    w) WORKDIR=$OPTARG ;;
    k) KEEP=1 ;;
    *) echo "usage: $0 [-n FILES] [-b MATTERMERGE] [-w WORKDIR] [-k]" >&2; exit 2 ;;
  esac
done
[ -x "$BIN" ] || { echo "no binary at $BIN (build first)" >&2; exit 2; }
if [ -e "$WORKDIR" ]; then echo "$WORKDIR exists; remove it or pass -w" >&2; exit 2; fi
mkdir -p "$WORKDIR"
[ "$KEEP" = 1 ] || trap 'rm -rf "$WORKDIR"' EXIT
DIR="$WORKDIR/tree"

echo "generating $FILES files under $DIR ..."
python3 - "$WORKDIR" "$FILES" <<'PY'
import io, os, random, struct, sys, zipfile, zlib
work, n = sys.argv[1], int(sys.argv[2])
rng = random.Random(42)
pool = os.urandom(1 << 22)  # file bodies are slices of one random pool: unique, cheap to make

def noise(size):
    start = rng.randrange(0, len(pool) - size)
    return pool[start:start + size]

def png_head():
    ihdr = struct.pack(">IIBBBBB", 64, 48, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + ihdr + struct.pack(">I", zlib.crc32(b"IHDR" + ihdr) & 0xFFFFFFFF)

heads = {
    "png": png_head(),
    "jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00",
    "gif": b"GIF89a\x40\x00\x30\x00\x80\x00\x00",
    "pdf": b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
}
words = b"lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor".split()

def body(kind, size):
    if kind == "txt":
        out = bytearray()
        while len(out) < size:
            out += b" ".join(rng.choice(words) for _ in range(12)) + b"\n"
        return bytes(out[:size])
    if kind == "webp":
        payload = noise(size)
        return b"RIFF" + struct.pack("<I", 4 + 8 + len(payload)) + b"WEBPVP8 " + struct.pack("<I", len(payload)) + payload
    if kind == "zip":
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr(zipfile.ZipInfo("file.bin", (2024, 1, 1, 0, 0, 0)), noise(size))
        return buf.getvalue()
    return heads[kind] + noise(size)

kinds = ["png"] * 30 + ["jpg"] * 30 + ["gif"] * 10 + ["webp"] * 10 + ["pdf"] * 8 + ["zip"] * 6 + ["txt"] * 6
data = os.path.join(work, "tree", "data")
lines = ['{"type":"version","version":1}',
         '{"type":"team","team":{"name":"t1","display_name":"T1","type":"O"}}',
         '{"type":"channel","channel":{"team":"t1","name":"c1","display_name":"C1","type":"O"}}',
         '{"type":"user","user":{"username":"alice","email":"alice@example.com"}}']
pending = []
for i in range(n):
    kind = rng.choice(kinds)
    rel = "bench/%04d/%06d.%s" % (i // 100, i, kind)
    path = os.path.join(data, rel)
    if i % 100 == 0:
        os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(body(kind, rng.randint(512, 8192)))
    pending.append(rel)
    if len(pending) == 3 or rng.random() < 0.4 or i == n - 1:
        attachments = ",".join('{"path":"%s"}' % p for p in pending)
        lines.append('{"type":"post","post":{"team":"t1","channel":"c1","user":"alice","message":"post %d",'
                     '"create_at":%d,"attachments":[%s]}}' % (i, 1600000000000 + i, attachments))
        pending = []
with open(os.path.join(work, "export.jsonl"), "w") as f:
    f.write("\n".join(lines) + "\n")
PY

BYTES=$(find "$DIR" -type f -printf '%s\n' | awk '{s+=$1} END {print s}')
LINES=$(wc -l < "$WORKDIR/export.jsonl")
echo "tree: $FILES files, $BYTES bytes; export: $LINES lines"
find "$DIR" -type f -print0 | xargs -0 cat > /dev/null  # warm the page cache

# best of 2 runs: "seconds peak_rss_kib"
measure() {
  local best="" rss=0
  for _ in 1 2; do
    /usr/bin/time -f "%e %M" -o "$WORKDIR/time" bash -c "$1" > /dev/null 2> "$WORKDIR/stderr" || true
    read -r secs kib < <(tail -1 "$WORKDIR/time")
    if [ -z "$best" ] || awk -v a="$secs" -v b="$best" 'BEGIN{exit !(a<b)}'; then best=$secs; rss=$kib; fi
  done
  echo "$best $rss"
}

read -r t_mm rss_mm < <(measure "'$BIN' verify-attachments '$WORKDIR/export.jsonl' --import-path '$DIR' --threads 2 --no-progress")
read -r t_file _ < <(measure "find '$DIR' -type f | xargs file --mime-type")
read -r t_hash rss_hash < <(measure "'$BIN' verify-attachments '$WORKDIR/export.jsonl' --import-path '$DIR' --threads 2 --hash --no-progress")
read -r t_cat _ < <(measure "find '$DIR' -type f -print0 | xargs -0 cat")

"$BIN" verify-attachments "$WORKDIR/export.jsonl" --import-path "$DIR" --threads 2 --hash --no-progress | tail -16

awk -v n="$FILES" -v lines="$LINES" -v bytes="$BYTES" -v tm="$t_mm" -v tf="$t_file" -v th="$t_hash" -v tc="$t_cat" \
    -v rm="$rss_mm" -v rh="$rss_hash" 'BEGIN {
  printf "verify-attachments --threads 2        %7.2f s  %9.0f files/s  %9.0f lines/s  peak RSS %d MiB\n", tm, n / tm, lines / tm, rm / 1024
  printf "find | xargs file --mime-type         %7.2f s  %9.0f files/s\n", tf, n / tf
  printf "  ratio (files/s)                     %7.2fx   (target >= 5x)\n", tf / tm
  printf "verify-attachments --threads 2 --hash %7.2f s  %9.1f MB/s    peak RSS %d MiB\n", th, bytes / th / 1e6, rh / 1024
  printf "find | xargs cat > /dev/null          %7.2f s  %9.1f MB/s\n", tc, bytes / tc / 1e6
  printf "  ratio (bytes/s)                     %7.2f    (target >= 0.80)\n", tc / th
}'
