# The full pipeline as a pass-through is byte-identical, for every input and output format.
source "$E2E_LIB"

python3 - <<'PY'
import json, random
random.seed(11)
with open("in.jsonl", "w", encoding="utf-8", newline="") as f:
    f.write('\ufeff{"type":"version","version":1}\r\n')
    for i in range(30000):
        msg = "メッセージ " * random.randint(0, 40) + "\"quoted\" \\ tab\t" + "x" * random.randint(0, 3000)
        f.write(json.dumps({"type": "post", "post": {"message": msg, "create_at": i + 1}}, ensure_ascii=False))
        f.write("\r\n" if i % 7 == 0 else "\n")
        if i % 1000 == 0:
            f.write("\n")
    f.write('{"type":"post","post":{"message":"' + "L" * (3 << 20) + '"}}\n')
    f.write('{"type":"post","post":{"message":"no final newline"}}')
PY

for input in read mmap; do
  for chunk in 1 64 1024; do
    expect_exit 0 "$MATTERMERGE" copy in.jsonl --out "copy-$input-$chunk.jsonl" --input $input --chunk-size $chunk --threads 2
    cmp in.jsonl "copy-$input-$chunk.jsonl" || fail "copy with --input $input --chunk-size $chunk differs"
  done
done

expect_exit 0 "$MATTERMERGE" copy in.jsonl --out out.jsonl.zst --zstd-workers 2 --zstd-level 1
zstd -q -d -c out.jsonl.zst | cmp - in.jsonl || fail ".zst output differs after decompression"
expect_exit 0 "$MATTERMERGE" copy out.jsonl.zst --out from-zst.jsonl
cmp in.jsonl from-zst.jsonl || fail "copy from .zst differs"

cp in.jsonl import.jsonl
mkdir -p data && echo png > data/a.png
zip -q -0 export.zip import.jsonl data/a.png
expect_exit 0 "$MATTERMERGE" copy export.zip --out from-zip.jsonl
cmp in.jsonl from-zip.jsonl || fail "copy from .zip differs"
expect_no_leftovers .
