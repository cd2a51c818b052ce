#include <gtest/gtest.h>

#include <fcntl.h>
#include <random>
#include <sys/stat.h>
#include <string>
#include <unistd.h>
#include <zip.h>
#include <zlib.h>

#include "io/Error.h"
#include "io/ParallelDeflate.h"
#include "io/ZipWriter.h"
#include "tests/unit/TestUtil.h"

namespace mm {
namespace {

// Export-like text: repetitive enough to compress, varied enough that blocks differ.
std::string text_of(size_t size, unsigned seed) {
  std::mt19937 rng(seed);
  std::string s;
  s.reserve(size + 200);
  while (s.size() < size) {
    s += R"({"type":"post","post":{"team":"t)" + std::to_string(rng() % 50) + R"(","message":")";
    for (int i = 0, n = 20 + static_cast<int>(rng() % 200); i < n; ++i) s += static_cast<char>('a' + rng() % 26);
    s += "\"}}\n";
  }
  s.resize(size);
  return s;
}

std::string inflate_raw(const std::string& deflated) {
  z_stream zs{};
  EXPECT_EQ(inflateInit2(&zs, -15), Z_OK);
  std::string out;
  char buf[1 << 16];
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(deflated.data()));
  zs.avail_in = static_cast<uInt>(deflated.size());
  int rc;
  do {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof(buf);
    rc = inflate(&zs, Z_NO_FLUSH);
    out.append(buf, sizeof(buf) - zs.avail_out);
  } while (rc == Z_OK);
  EXPECT_EQ(rc, Z_STREAM_END) << "the joined blocks are not one complete deflate stream";
  EXPECT_EQ(zs.avail_in, 0u) << "bytes after the stream's final block";
  inflateEnd(&zs);
  return out;
}

struct Deflated {
  std::string bytes;
  uint32_t crc;
  uint64_t in;
};

Deflated deflate_file(const std::string& path, unsigned threads, size_t block, size_t read_size = 4096) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  EXPECT_GE(fd, 0);
  ParallelDeflate d(fd, path, threads, block);
  std::string out(read_size, '\0');
  Deflated r;
  while (size_t n = d.read(out.data(), out.size())) r.bytes.append(out.data(), n);
  EXPECT_EQ(d.read(out.data(), out.size()), 0u);  // stays at its end
  EXPECT_EQ(d.bytes_out(), r.bytes.size());
  r.crc = d.crc();
  r.in = d.bytes_in();
  ::close(fd);
  return r;
}

class ParallelDeflateTest : public ::testing::TestWithParam<size_t> {
 protected:
  test::TempDir dir;
};

// Sizes around the block size (64 KiB here) and the window (32 KiB): empty, one byte, less than a
// window, exactly one and several blocks, one byte more, many blocks.
TEST_P(ParallelDeflateTest, BlocksJoinIntoOneStreamThatInflatesToTheFile) {
  const size_t size = GetParam();
  const std::string content = text_of(size, static_cast<unsigned>(size));
  test::write_file(dir.file("in.jsonl"), content);
  for (unsigned threads : {1u, 3u}) {
    Deflated d = deflate_file(dir.file("in.jsonl"), threads, 64 << 10, threads == 1 ? 4096 : 100000);
    EXPECT_TRUE(inflate_raw(d.bytes) == content) << size << " bytes, " << threads << " threads";
    EXPECT_EQ(d.crc, static_cast<uint32_t>(crc32(0L, reinterpret_cast<const Bytef*>(content.data()),
                                                  static_cast<uInt>(content.size()))));
    EXPECT_EQ(d.in, content.size());
    if (size > (1 << 20)) {
      EXPECT_LT(d.bytes.size(), content.size() * 3 / 4);  // it compresses
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Sizes, ParallelDeflateTest,
                         ::testing::Values(size_t{0}, size_t{1}, size_t{1000}, size_t{32} << 10, size_t{64} << 10,
                                           (size_t{64} << 10) + 1, size_t{3} << 16, (size_t{5} << 20) + 12345));

// Bytes that do not compress (an attachment already compressed, random data) come out in stored
// blocks, larger than they went in: the block's output buffer grows to hold them.
TEST(ParallelDeflate, IncompressibleBytesInflateBack) {
  test::TempDir dir;
  std::mt19937 rng(7);
  std::string content((3 << 16) + 77, '\0');
  for (char& c : content) c = static_cast<char>(rng());
  test::write_file(dir.file("random.bin"), content);
  Deflated d = deflate_file(dir.file("random.bin"), 2, 64 << 10);
  EXPECT_TRUE(inflate_raw(d.bytes) == content);
  EXPECT_EQ(d.crc, static_cast<uint32_t>(crc32(0L, reinterpret_cast<const Bytef*>(content.data()),
                                                static_cast<uInt>(content.size()))));
}

// The same file deflated with any number of threads is the same stream: blocks and their
// dictionaries depend on the file alone.
TEST(ParallelDeflate, TheStreamDoesNotDependOnTheThreadCount) {
  test::TempDir dir;
  test::write_file(dir.file("in.jsonl"), text_of(3 << 20, 7));
  Deflated one = deflate_file(dir.file("in.jsonl"), 1, 256 << 10);
  Deflated four = deflate_file(dir.file("in.jsonl"), 4, 256 << 10);
  EXPECT_TRUE(one.bytes == four.bytes);
}

TEST(ParallelDeflate, AReadErrorNamesTheFile) {
  test::TempDir dir;
  ::mkdir(dir.file("d").c_str(), 0755);
  int fd = ::open(dir.file("d").c_str(), O_RDONLY | O_DIRECTORY);  // read() of a directory: EISDIR
  ASSERT_GE(fd, 0);
  ParallelDeflate d(fd, "d", 2);
  char buf[64];
  try {
    d.read(buf, sizeof(buf));
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("d: cannot read"), std::string::npos) << e.what();
  }
  ::close(fd);
}

// The deflated entry of a zip: one deflate entry, read back whole by libzip (which checks its
// CRC-32) and beside a stored one.
TEST(ZipWriterDeflate, AFileDeflatedOnSeveralThreadsIsOneDeflateEntryThatReadsBack) {
  test::TempDir dir;
  const std::string content = text_of((3 << 20) + 777, 3);
  test::write_file(dir.file("import.jsonl"), content);
  test::write_file(dir.file("a.bin"), "stored bytes");
  {
    ZipWriter zip(dir.file("o.zip"));
    zip.add_file("import.jsonl", dir.file("import.jsonl"), false, 3);
    zip.add_file("data/a.bin", dir.file("a.bin"), true);
    zip.commit();
  }
  int err = 0;
  zip_t* z = zip_open(dir.file("o.zip").c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &err);
  ASSERT_NE(z, nullptr) << err;
  zip_stat_t st;
  ASSERT_EQ(zip_stat(z, "import.jsonl", 0, &st), 0);
  EXPECT_EQ(st.comp_method, ZIP_CM_DEFLATE);
  EXPECT_EQ(st.size, content.size());
  EXPECT_LT(st.comp_size, content.size() * 3 / 4);  // random letters: about 5 bits a byte
  EXPECT_EQ(st.crc, static_cast<uint32_t>(crc32(0L, reinterpret_cast<const Bytef*>(content.data()),
                                                static_cast<uInt>(content.size()))));
  zip_file_t* f = zip_fopen(z, "import.jsonl", 0);
  ASSERT_NE(f, nullptr);
  std::string back(content.size() + 1, '\0');
  zip_int64_t n = zip_fread(f, back.data(), back.size());
  zip_fclose(f);
  ASSERT_EQ(n, static_cast<zip_int64_t>(content.size()));
  back.resize(static_cast<size_t>(n));
  EXPECT_TRUE(back == content);
  ASSERT_EQ(zip_stat(z, "data/a.bin", 0, &st), 0);
  EXPECT_EQ(st.comp_method, ZIP_CM_STORE);
  zip_close(z);
}

TEST(ZipWriterDeflate, AnEmptyFileIsAnEmptyDeflateEntry) {
  test::TempDir dir;
  test::write_file(dir.file("import.jsonl"), "");
  {
    ZipWriter zip(dir.file("o.zip"));
    zip.add_file("import.jsonl", dir.file("import.jsonl"), false, 2);
    zip.commit();
  }
  int err = 0;
  zip_t* z = zip_open(dir.file("o.zip").c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &err);
  ASSERT_NE(z, nullptr) << err;
  zip_stat_t st;
  ASSERT_EQ(zip_stat(z, "import.jsonl", 0, &st), 0);
  EXPECT_EQ(st.size, 0u);
  zip_file_t* f = zip_fopen(z, "import.jsonl", 0);
  ASSERT_NE(f, nullptr);
  char c;
  EXPECT_EQ(zip_fread(f, &c, 1), 0);
  zip_fclose(f);
  zip_close(z);
}

}  // namespace
}  // namespace mm
