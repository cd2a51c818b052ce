# Outputs written on several threads read back with the ordinary tools: the zip's import.jsonl,
# deflated in parallel blocks joined into one stream, passes `unzip -t` and Python's zipfile (a
# deflate entry with the right CRC-32), is the same stream with 1 or 3 threads, and holds exactly
# the .jsonl output; a .jsonl.zst output is several independent frames (`zstd -l`) that `zstd -dc`
# and every command read as the same bytes; a .zst source read ahead on its own thread gives the
# same output as the plain file.
source "$E2E_LIB"
: "${GEN_SYNTHETIC:?set by ctest}"

expect_exit 0 "$GEN_SYNTHETIC" --out gen --posts 30000 --seed 5 --attachments-rate 0
expect_exit 0 "$MATTERMERGE" plan gen/source.jsonl --target gen/target.jsonl --out gen/plan.toml --no-progress
apply() {
  expect_exit 0 "$MATTERMERGE" apply "$1" --plan gen/plan.toml --target gen/target.jsonl --no-progress \
    --out "$2" "${@:3}"
}
apply gen/source.jsonl out.jsonl
size=$(stat -c %s out.jsonl)
[ "$size" -gt $((8 << 20)) ] || fail "out.jsonl is $size bytes: too small for several deflate blocks and zstd frames"

# Zip: 1 and 3 threads give the same archive entry, which every reader takes for the output.
apply gen/source.jsonl t1.zip --threads 1
apply gen/source.jsonl t3.zip --threads 3
for z in t1.zip t3.zip; do
  unzip -tq "$z" > unzip.txt 2>&1 || { cat unzip.txt >&2; fail "unzip -t $z"; }
  expect_grep '^No errors detected' unzip.txt
done
unzip -p t3.zip import.jsonl | cmp - out.jsonl || fail "unzip -p t3.zip import.jsonl differs from out.jsonl"
python3 - t1.zip t3.zip out.jsonl <<'PY'
import sys, zipfile
a, b = zipfile.ZipFile(sys.argv[1]), zipfile.ZipFile(sys.argv[2])
want = open(sys.argv[3], "rb").read()
for z in (a, b):
    info = z.getinfo("import.jsonl")
    assert info.compress_type == zipfile.ZIP_DEFLATED, info
    assert info.file_size == len(want), (info.file_size, len(want))
    assert info.compress_size < info.file_size // 2, (info.compress_size, info.file_size)
    assert z.read("import.jsonl") == want  # zipfile checks the CRC-32 as it reads
    assert z.testzip() is None
ia, ib = a.getinfo("import.jsonl"), b.getinfo("import.jsonl")
assert (ia.CRC, ia.compress_size) == (ib.CRC, ib.compress_size), (ia, ib)
raw = lambda path, info: open(path, "rb").read()[info.header_offset:][30 + len(info.filename) + len(info.extra):][:info.compress_size]
assert raw(sys.argv[1], ia) == raw(sys.argv[2], ib), "the deflate stream depends on the thread count"
PY
expect_exit 0 "$MATTERMERGE" validate t3.zip --target gen/target.jsonl --no-progress

# .jsonl.zst: independent frames, read back by zstd and by the commands.
apply gen/source.jsonl out.jsonl.zst
zstd -lv out.jsonl.zst > zl.txt 2>&1 || { cat zl.txt >&2; fail "zstd -l"; }
frames=$(sed -n 's/^# Zstandard Frames: *\([0-9]*\).*/\1/p' zl.txt)
[ -n "$frames" ] && [ "$frames" -ge 2 ] || { cat zl.txt >&2; fail "out.jsonl.zst has ${frames:-no} frames, expected several"; }
zstd -dc out.jsonl.zst | cmp - out.jsonl || fail "zstd -dc out.jsonl.zst differs from out.jsonl"
expect_exit 0 "$MATTERMERGE" stats out.jsonl --json --no-progress
mv out plain-stats.json
expect_exit 0 "$MATTERMERGE" stats out.jsonl.zst --json --no-progress
python3 - plain-stats.json out <<'PY'
import json, sys
a, b = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
for k in ("lines", "counts", "replies", "reactions", "attachments", "bytes", "largest_line"):
    assert a[k] == b[k], (k, a[k], b[k])
PY

# A .zst source, decoded on its own thread ahead of the pipeline: the same output.
zstd -q -3 gen/source.jsonl -o source.jsonl.zst
apply source.jsonl.zst from-zst.jsonl
cmp from-zst.jsonl out.jsonl || fail "apply from a .zst source gives another output"
# A truncated one is an error naming it, and nothing is written.
head -c $(( $(stat -c %s source.jsonl.zst) / 2 )) source.jsonl.zst > cut.jsonl.zst
expect_exit 2 "$MATTERMERGE" apply cut.jsonl.zst --plan gen/plan.toml --target gen/target.jsonl --no-progress \
  --out cut.jsonl
expect_grep 'cut.jsonl.zst: zstd stream is truncated' err
[ ! -e cut.jsonl ] || fail "a truncated source left an output"
expect_no_leftovers .
