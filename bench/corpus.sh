#!/usr/bin/env bash
# Writes the benchmark corpus: one export of each shape an export comes in, generated (never
# committed), for bench/run.sh to time every command on every shape side by side.
#   bench/corpus.sh [POSTS] [DIR]      default 1000000 posts into bench-data/corpus
# Shapes (DIR/SHAPE.jsonl, each with DIR/SHAPE.jsonl.zst; DIR/target.jsonl is the target of all):
#   go        gen-synthetic's compact lines, as the server writes them
#   spaced    a space after ':' and ',' (as Python's json.dumps writes; tools that filter exports do)
#   long      go, with every post's message made 4-10x longer in multibyte text (accents, CJK,
#             emoji, escaped quotes and newlines)
#   heavy     go, with reactions on a third of the posts (1-12 each) and replies on a fifth (1-6)
#   crlf      go, with every line ended by "\r\n"
# Environment: BUILD_DIR (default build), THREADS (gen-synthetic's, default all cores),
# SEED (default 11).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
POSTS=${1:-1000000}
DIR=${2:-bench-data/corpus}
SEED=${SEED:-11}
GEN=$BUILD_DIR/tools/gen-synthetic/gen-synthetic
[ -x "$GEN" ] || { echo "bench/corpus.sh: $GEN not built (cmake --build $BUILD_DIR --target gen-synthetic)" >&2; exit 2; }
threads=()
[ -n "${THREADS:-}" ] && threads=(--threads "$THREADS")

rm -rf "$DIR"
mkdir -p "$DIR"
for shape in go spaced; do
  "$GEN" --out "$DIR/gen-$shape" --posts "$POSTS" --seed "$SEED" --attachments-rate 0 --shape "$shape" "${threads[@]}" >/dev/null
  mv "$DIR/gen-$shape/source.jsonl" "$DIR/$shape.jsonl"
  [ "$shape" = go ] && mv "$DIR/gen-$shape/target.jsonl" "$DIR/target.jsonl"
  rm -rf "$DIR/gen-$shape"
done

# crlf: the same lines, each ended by "\r\n".
awk '{ printf "%s\r\n", $0 }' "$DIR/go.jsonl" > "$DIR/crlf.jsonl"

# long and heavy: line by line from the go export (a line that is not a post is copied as is).
python3 - "$DIR/go.jsonl" "$DIR/long.jsonl" "$DIR/heavy.jsonl" "$SEED" <<'PY'
import json, random, sys
src, long_path, heavy_path, seed = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
rng = random.Random(seed)
words = ["déjà", "naïve", "façade", "Grüße", "straße", "日本語の", "テキスト", "中文消息", "한국어",
         "Привет", "мир", "γειά", "σου", "🙂", "🚀", "👍🏽", "\"quoted\"", "line\nbreak", "tab\there",
         "plain", "words", "of", "a", "chat", "message", "with", "some", "length"]
emoji = ["smile", "+1", "heart", "tada", "rocket", "eyes", "thinking_face", "white_check_mark"]
def compact(d):
    return json.dumps(d, ensure_ascii=False, separators=(",", ":"))
with open(src, encoding="utf-8") as f, open(long_path, "w", encoding="utf-8") as lo, \
        open(heavy_path, "w", encoding="utf-8") as he:
    for line in f:
        if not (line.startswith('{"type":"post"') or line.startswith('{"type":"direct_post"')):
            lo.write(line)
            he.write(line)
            continue
        d = json.loads(line)
        p = d.get("post") or d.get("direct_post")
        msg = p.get("message") or ""
        extra = " ".join(rng.choice(words) for _ in range(max(8, len(msg.split()) * rng.randint(3, 9))))
        # At most 16,000 characters: the importer refuses a message over 16,383.
        p_long = dict(p, message=(msg + " " + extra).strip()[:16000])
        lo.write(compact(dict(d, **{d["type"]: p_long})) + "\n")
        user = p.get("user") or "user"
        at = p.get("create_at") or 1600000000000
        if rng.random() < 1 / 3:
            p.setdefault("reactions", [])
            p["reactions"] = (p["reactions"] or []) + [
                {"user": user, "emoji_name": rng.choice(emoji), "create_at": at + i + 1}
                for i in range(rng.randint(1, 12))]
        if rng.random() < 1 / 5:
            p["replies"] = (p.get("replies") or []) + [
                {"user": user, "message": " ".join(rng.choice(words) for _ in range(rng.randint(3, 30))),
                 "create_at": at + 1000 * (i + 1)}
                for i in range(rng.randint(1, 6))]
        he.write(compact(d) + "\n")
PY

for shape in go spaced long heavy crlf; do
  zstd -q -3 -T0 -f "$DIR/$shape.jsonl" -o "$DIR/$shape.jsonl.zst"
done
ls -l "$DIR"
