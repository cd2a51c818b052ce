// io/ImportTree.h's zip backing (io/ZipIndex.h): an export .zip read in place as the import tree.
#include <gtest/gtest.h>

#include <zlib.h>

#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "io/Error.h"
#include "io/ImportTree.h"
#include "io/StreamZipWriter.h"
#include "io/ZipIndex.h"
#include "stages/AttachmentVerifier.h"
#include "stages/OrphanWalk.h"
#include "tests/unit/TestUtil.h"

namespace mm {
namespace {

// A zip built byte by byte, so that what no well-behaved writer makes can be made: names with
// `..` or a leading '/', two entries of one name, ZIP64 fields on small entries.
struct RawZip {
  struct Item {
    std::string name, data;
    bool deflate = false;
    bool zip64 = false;  // sizes and offset in a ZIP64 extra field, 0xFFFFFFFF in the record
  };
  std::vector<Item> items;
  bool zip64_end = false;  // ZIP64 end record and locator, 0xFFFF/0xFFFFFFFF in the plain one

  static void put16(std::string& s, uint32_t v) {
    s.push_back(static_cast<char>(v & 0xFF));
    s.push_back(static_cast<char>((v >> 8) & 0xFF));
  }
  static void put32(std::string& s, uint32_t v) {
    put16(s, v & 0xFFFF);
    put16(s, v >> 16);
  }
  static void put64(std::string& s, uint64_t v) {
    put32(s, static_cast<uint32_t>(v));
    put32(s, static_cast<uint32_t>(v >> 32));
  }
  static std::string raw_deflate(const std::string& in) {
    z_stream z{};
    deflateInit2(&z, 6, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
    std::string out(deflateBound(&z, in.size()) + 16, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z.avail_in = static_cast<uInt>(in.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
  }

  std::string bytes() const {
    std::string zip, cd;
    for (const Item& it : items) {
      const std::string body = it.deflate ? raw_deflate(it.data) : it.data;
      const uint32_t crc = static_cast<uint32_t>(
          crc32(0, reinterpret_cast<const Bytef*>(it.data.data()), static_cast<uInt>(it.data.size())));
      const uint64_t offset = zip.size();
      put32(zip, 0x04034b50);
      put16(zip, 20);
      put16(zip, 0);
      put16(zip, it.deflate ? 8 : 0);
      put16(zip, 0);
      put16(zip, 0x21);
      put32(zip, crc);
      put32(zip, static_cast<uint32_t>(body.size()));
      put32(zip, static_cast<uint32_t>(it.data.size()));
      put16(zip, static_cast<uint32_t>(it.name.size()));
      put16(zip, 3);  // an extra field of its own, unlike the record's: the data offset comes from here
      zip += it.name;
      zip += std::string(3, 'x');
      zip += body;
      put32(cd, 0x02014b50);
      put16(cd, (3 << 8) | 45);
      put16(cd, 45);
      put16(cd, 0);
      put16(cd, it.deflate ? 8 : 0);
      put16(cd, 0);
      put16(cd, 0x21);
      put32(cd, crc);
      put32(cd, it.zip64 ? 0xFFFFFFFFu : static_cast<uint32_t>(body.size()));
      put32(cd, it.zip64 ? 0xFFFFFFFFu : static_cast<uint32_t>(it.data.size()));
      put16(cd, static_cast<uint32_t>(it.name.size()));
      put16(cd, it.zip64 ? 28 : 0);
      put16(cd, 0);
      put16(cd, 0);
      put16(cd, 0);
      put32(cd, 0100644u << 16);
      put32(cd, it.zip64 ? 0xFFFFFFFFu : static_cast<uint32_t>(offset));
      cd += it.name;
      if (it.zip64) {
        put16(cd, 1);
        put16(cd, 24);
        put64(cd, it.data.size());
        put64(cd, body.size());
        put64(cd, offset);
      }
    }
    const uint64_t cd_offset = zip.size();
    zip += cd;
    if (zip64_end) {
      const uint64_t end64 = zip.size();
      put32(zip, 0x06064b50);
      put64(zip, 44);
      put16(zip, 45);
      put16(zip, 45);
      put32(zip, 0);
      put32(zip, 0);
      put64(zip, items.size());
      put64(zip, items.size());
      put64(zip, cd.size());
      put64(zip, cd_offset);
      put32(zip, 0x07064b50);
      put32(zip, 0);
      put64(zip, end64);
      put32(zip, 1);
    }
    put32(zip, 0x06054b50);
    put16(zip, 0);
    put16(zip, 0);
    put16(zip, zip64_end ? 0xFFFF : static_cast<uint32_t>(items.size()));
    put16(zip, zip64_end ? 0xFFFF : static_cast<uint32_t>(items.size()));
    put32(zip, zip64_end ? 0xFFFFFFFFu : static_cast<uint32_t>(cd.size()));
    put32(zip, zip64_end ? 0xFFFFFFFFu : static_cast<uint32_t>(cd_offset));
    put16(zip, 0);
    return zip;
  }
};

std::string read_all(TreeFile& f) {
  std::string out;
  char buf[7];  // small: several reads, and a deflated stream inflated a little at a time
  for (;;) {
    ssize_t n = f.read(buf, sizeof buf);
    if (n < 0) return "<error " + std::to_string(errno) + ">";
    if (n == 0) return out;
    out.append(buf, static_cast<size_t>(n));
  }
}

std::string pattern(size_t n) {
  std::string s;
  for (size_t i = 0; i < n; ++i) s.push_back(static_cast<char>('a' + (i * 7 + i / 13) % 26));
  return s;
}

class ZipTreeTest : public ::testing::Test {
 protected:
  test::TempDir dir;
  std::string make(const RawZip& z, const std::string& name = "x.zip") {
    test::write_file(dir.file(name), z.bytes());
    return dir.file(name);
  }
};

TEST_F(ZipTreeTest, StoredAndDeflatedEntriesAreReadInPlace) {
  RawZip z;
  const std::string big = pattern(300000);
  z.items = {{"import.jsonl", "{}\n"}, {"data/a/stored.png", "STORED BYTES"}, {"data/a/deflated.txt", big, true}};
  ImportTree tree(make(z));
  ASSERT_TRUE(tree.is_zip());
  EXPECT_EQ(tree.fd(), -1);
  EXPECT_EQ(tree.where("data/a/stored.png"), dir.file("x.zip") + ":data/a/stored.png");

  TreeFile stored = tree.open_file("data/a/stored.png");
  ASSERT_TRUE(stored);
  EXPECT_TRUE(stored.regular());
  EXPECT_EQ(stored.size(), 12u);
  EXPECT_EQ(read_all(stored), "STORED BYTES");
  char part[5];
  ASSERT_EQ(stored.pread(part, 5, 7), 5);
  EXPECT_EQ(std::string(part, 5), "BYTES");

  TreeFile deflated = tree.open_file("data/a/deflated.txt");
  ASSERT_TRUE(deflated);
  EXPECT_EQ(deflated.size(), big.size());
  EXPECT_EQ(read_all(deflated), big);
  // pread forward and back on a deflated entry: inflated up to the offset, from the start when back.
  char at[4];
  ASSERT_EQ(deflated.pread(at, 4, 200000), 4);
  EXPECT_EQ(std::string(at, 4), big.substr(200000, 4));
  ASSERT_EQ(deflated.pread(at, 4, 10), 4);
  EXPECT_EQ(std::string(at, 4), big.substr(10, 4));

  struct stat st;
  ASSERT_EQ(tree.stat("data/a/stored.png", st), 0);
  EXPECT_TRUE(S_ISREG(st.st_mode));
  EXPECT_EQ(st.st_size, 12);
}

TEST_F(ZipTreeTest, MissingDotDotAndAbsoluteNamesAreNeverReached) {
  RawZip z;
  z.items = {{"data/ok.png", "ok"}, {"data/../data/evil.png", "evil"}, {"/data/abs.png", "abs"},
             {"data\\back.png", "back"}, {"data//twice.png", "twice"}, {"data/./dot.png", "dot"}};
  ImportTree tree(make(z));
  EXPECT_EQ(tree.unreachable_entries(), 5u);
  EXPECT_EQ(tree.zip()->entries(), 1u);
  for (std::string_view name : {"data/evil.png", "data/abs.png", "data/twice.png", "data/dot.png", "data/nope.png"}) {
    errno = 0;
    EXPECT_FALSE(tree.open_file(name)) << name;
    EXPECT_EQ(errno, ENOENT) << name;
  }
  errno = 0;
  EXPECT_FALSE(tree.open_file("/data/abs.png"));
  EXPECT_TRUE(leaves_tree(errno));  // the one answer for a path that leaves, as a directory gives it
  std::vector<std::string> listed;
  tree.for_each_data_file([&](std::string_view name, uint64_t) { listed.emplace_back(name); });
  EXPECT_EQ(listed, (std::vector<std::string>{"data/ok.png"}));
}

TEST_F(ZipTreeTest, ANameTwoEntriesShareIsAmbiguous) {
  RawZip z;
  z.items = {{"data/a.png", "first"}, {"data/b.png", "b"}, {"data/a.png", "second"}};
  ImportTree tree(make(z));
  errno = 0;
  EXPECT_FALSE(tree.open_file("data/a.png"));
  EXPECT_TRUE(ambiguous_in_tree(errno));
  struct stat st;
  EXPECT_EQ(tree.stat("data/a.png", st), -1);
  EXPECT_TRUE(ambiguous_in_tree(errno));
  TreeFile b = tree.open_file("data/b.png");
  ASSERT_TRUE(b);
  EXPECT_EQ(read_all(b), "b");

  AttachmentVerifier verifier(dir.file("x.zip"), {});
  VerifyScratch scratch;
  FileCheck c = verifier.check("a.png", AttachmentRefKind::kAttachment, scratch);
  EXPECT_EQ(c.problem, FileProblem::kUnreadable);
  EXPECT_EQ(c.detail, kAmbiguousDetail);
}

TEST_F(ZipTreeTest, Zip64FieldsAndEndRecordsAreRead) {
  RawZip z;
  z.zip64_end = true;
  z.items = {{"data/small.txt", "hello, zip64", false, true}, {"data/d.txt", pattern(5000), true, true}};
  ImportTree tree(make(z));
  TreeFile small = tree.open_file("data/small.txt");
  ASSERT_TRUE(small);
  EXPECT_EQ(small.size(), 12u);
  EXPECT_EQ(read_all(small), "hello, zip64");
  TreeFile d = tree.open_file("data/d.txt");
  ASSERT_TRUE(d);
  EXPECT_EQ(read_all(d), pattern(5000));
}

TEST_F(ZipTreeTest, DirectoryEntriesAreNotRegularFiles) {
  RawZip z;
  z.items = {{"data/", ""}, {"data/sub/", ""}, {"data/sub/f.txt", "f"}};
  ImportTree tree(make(z));
  struct stat st;
  ASSERT_EQ(tree.stat("data/sub", st), 0);
  EXPECT_TRUE(S_ISDIR(st.st_mode));
  TreeFile sub = tree.open_file("data/sub");
  ASSERT_TRUE(sub);
  EXPECT_FALSE(sub.regular());
  std::vector<std::string> listed;
  tree.for_each_data_file([&](std::string_view name, uint64_t) { listed.emplace_back(name); });
  EXPECT_EQ(listed, (std::vector<std::string>{"data/sub/f.txt"}));
}

TEST_F(ZipTreeTest, CorruptDataIsAnErrorNotWrongBytes) {
  RawZip z;
  z.items = {{"data/d.txt", pattern(100000), true}};
  std::string bytes = z.bytes();
  bytes[30 + 10 + 3 + 50] ^= 0x55;  // inside the deflated data
  test::write_file(dir.file("bad.zip"), bytes);
  ImportTree tree(dir.file("bad.zip"));
  TreeFile d = tree.open_file("data/d.txt");
  ASSERT_TRUE(d);
  std::string got = read_all(d);
  // Either inflate fails, or the bytes come out wrong and the packer's CRC check refuses them.
  if (got.rfind("<error", 0) != 0) {
    EXPECT_NE(got, pattern(100000));
    TreeFile again = tree.open_file("data/d.txt");
    StreamZipWriter out(dir.file("out.zip"));
    EXPECT_THROW(out.add_stored("data/d.txt", again, nullptr), Error);
  }
}

TEST_F(ZipTreeTest, NotAZipIsAClearError) {
  test::write_file(dir.file("plain.zip"), "this is not a zip archive at all, only some text");
  try {
    ImportTree tree(dir.file("plain.zip"));
    FAIL() << "a file that is not a zip must be refused";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("not a zip archive"), std::string::npos) << e.what();
  }
  RawZip z;
  z.items = {{"data/a.txt", "a"}};
  std::string cut = z.bytes();
  cut.erase(30, 20);  // the directory's offset now points past its records
  test::write_file(dir.file("cut.zip"), cut);
  EXPECT_THROW(ImportTree(dir.file("cut.zip")), Error);
}

TEST_F(ZipTreeTest, TheZipCommandsOutputIsReadAndPackedByteForByte) {
  std::filesystem::create_directories(dir.file("t/data/x"));
  const std::string png = std::string("\x89PNG\r\n\x1a\n", 8) + pattern(4000);
  test::write_file(dir.file("t/data/x/p.png"), png);
  test::write_file(dir.file("t/data/x/t.txt"), pattern(100000));
  test::write_file(dir.file("t/import.jsonl"), "{}\n");
  ASSERT_EQ(test::run_command("cd " + dir.file("t") + " && zip -q -r ../deflated.zip import.jsonl data && zip -q -0 -r "
                              "../stored.zip import.jsonl data"),
            0);
  for (const char* name : {"deflated.zip", "stored.zip"}) {
    ImportTree tree(dir.file(name));
    TreeFile p = tree.open_file("data/x/p.png");
    ASSERT_TRUE(p) << name;
    EXPECT_EQ(read_all(p), png) << name;
    TreeFile t = tree.open_file("data/x/t.txt");
    ASSERT_TRUE(t) << name;
    StreamZipWriter out(dir.file(std::string("re-") + name));
    out.add_stored("data/x/t.txt", t, nullptr);
    out.finish();
    ASSERT_EQ(test::run_command("cd " + dir.file("") + " && unzip -p re-" + name + " data/x/t.txt > re.txt"), 0);
    EXPECT_EQ(test::read_file(dir.file("re.txt")), pattern(100000)) << name;
    Orphans orphans = find_orphans(tree, {"data/x/p.png"}, 10);
    EXPECT_EQ(orphans.count, 1u);
    EXPECT_EQ(orphans.paths, (std::vector<std::string>{"data/x/t.txt"}));
  }
}

}  // namespace
}  // namespace mm
