# gen-synthetic: the same arguments give byte-identical files whatever the thread count; --zstd
# compresses the same bytes; --zip packages them as an mmctl export; bad usage exits 2.
source "$E2E_LIB"
: "${GEN_SYNTHETIC:?set by ctest}"

args=(--posts 2500 --seed 42 --attachments-rate 0.05)
expect_exit 0 "$GEN_SYNTHETIC" --out a "${args[@]}" --threads 2
expect_exit 0 "$GEN_SYNTHETIC" --out b "${args[@]}" --threads 1
diff -r a b >/dev/null || fail "two runs with the same arguments differ: $(diff -rq a b | head -5)"
expect_exit 0 "$GEN_SYNTHETIC" --out c --posts 2500 --seed 43 --attachments-rate 0.05
cmp -s a/source.jsonl c/source.jsonl && fail "another seed gave the same source export"

expect_exit 0 "$GEN_SYNTHETIC" --out z "${args[@]}" --zstd
[ -f z/source.jsonl.zst ] && [ -f z/target.jsonl.zst ] || fail "no .jsonl.zst written"
zstd -dc z/source.jsonl.zst | cmp -s - a/source.jsonl || fail "--zstd source differs from the plain one"
zstd -dc z/target.jsonl.zst | cmp -s - a/target.jsonl || fail "--zstd target differs from the plain one"
cmp -s z/answer-key.json a/answer-key.json && fail "answer key should record --zstd in its arguments"

expect_exit 0 "$GEN_SYNTHETIC" --out p "${args[@]}" --zip
python3 - p a <<'PY'
import sys, zipfile, os
p, a = sys.argv[1], sys.argv[2]
z = zipfile.ZipFile(f"{p}/source.zip")
names = z.namelist()
assert names[0] == "import.jsonl", names[:3]
assert z.read("import.jsonl") == open(f"{a}/source.jsonl", "rb").read()
files = sorted(os.path.relpath(os.path.join(d, f), f"{a}/data") for d, _, fs in os.walk(f"{a}/data") for f in fs)
assert sorted(n[len("data/"):] for n in names[1:]) == files, (len(names), len(files))
for n in names[1:]:
    assert z.getinfo(n).compress_type == zipfile.ZIP_STORED, n
    assert z.read(n) == open(os.path.join(a, n), "rb").read(), n
t = zipfile.ZipFile(f"{p}/target.zip")
assert t.namelist() == ["import.jsonl"]
PY
expect_exit 0 "$GEN_SYNTHETIC" --out q "${args[@]}" --zip
cmp -s p/source.zip q/source.zip || fail "--zip is not deterministic"

# A second run into the same directory refuses to touch the existing data tree.
expect_exit 2 "$GEN_SYNTHETIC" --out a "${args[@]}"
expect_grep 'data: already exists' err
diff -r a b >/dev/null || fail "a refused run modified the output directory"
expect_no_leftovers a
expect_exit 2 "$GEN_SYNTHETIC" --out x --posts 10 --conflict-rate 2
expect_exit 2 "$GEN_SYNTHETIC" --posts 10
