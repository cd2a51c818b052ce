#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <string>

#include <zip.h>
#include <zstd.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

#include "io/ByteSource.h"
#include "io/Error.h"
#include "io/ImportTree.h"
#include "io/OutputFile.h"
#include "io/ZipSource.h"
#include "io/ZipWriter.h"
#include "pipeline/ChunkReader.h"
#include "tests/unit/TestUtil.h"

namespace mm {
namespace {

std::string sample_export(int lines) {
  std::string s = "{\"type\":\"version\",\"version\":1}\n";
  std::mt19937 rng(3);
  for (int i = 0; i < lines; ++i) {
    s += "{\"type\":\"post\",\"post\":{\"message\":\"";
    s.append(rng() % 500, static_cast<char>('a' + rng() % 26));
    s += "\",\"n\":" + std::to_string(i) + "}}\n";
  }
  return s;
}

std::string drain(ByteSource& source, size_t piece = 4096) {
  std::string out, buf(piece, '\0');
  for (size_t n; (n = source.read(buf.data(), buf.size())) > 0;) out.append(buf.data(), n);
  return out;
}

std::string drain_chunks(const std::string& path) {
  auto reader = open_chunk_reader(path, InputMethod::kRead, 1000);
  std::string out;
  Chunk chunk;
  while (reader->next(chunk)) out.append(chunk.data, chunk.size);
  return out;
}

TEST(Readers, ZstdSingleFrameRoundTripThroughOutputFile) {
  test::TempDir dir;
  std::string content = sample_export(2000);
  {
    OutputFile out(dir.file("a.jsonl.zst"), OutputOptions::for_path(dir.file("a.jsonl.zst")));
    out.write(content);
    out.commit();
  }
  EXPECT_EQ(detect_input_format(dir.file("a.jsonl.zst")), InputFormat::kZstd);
  auto source = open_byte_source(dir.file("a.jsonl.zst"));
  EXPECT_EQ(drain(*source), content);
  EXPECT_EQ(drain_chunks(dir.file("a.jsonl.zst")), content);
}

TEST(Readers, ZstdWithWorkersRoundTrip) {
  test::TempDir dir;
  std::string content = sample_export(20000);
  OutputOptions o = OutputOptions::for_path(dir.file("w.jsonl.zst"));
  o.zstd_workers = 2;
  o.zstd_level = 1;
  {
    OutputFile out(dir.file("w.jsonl.zst"), o);
    for (size_t i = 0; i < content.size(); i += 777) out.write(std::string_view(content).substr(i, 777));
    out.commit();
  }
  EXPECT_EQ(drain_chunks(dir.file("w.jsonl.zst")), content);
}

// Our .zst output is cut into independent frames: each decodes alone, and they join into the
// content; any zstd reader (ours included) reads the file as one stream.
TEST(Readers, ZstdOutputIsIndependentFramesOfAboutTheFrameSize) {
  test::TempDir dir;
  std::string content = sample_export(3000);
  OutputOptions o = OutputOptions::for_path(dir.file("f.jsonl.zst"));
  o.zstd_frame_bytes = 16 << 10;
  {
    OutputFile out(dir.file("f.jsonl.zst"), o);
    for (size_t i = 0; i < content.size(); i += 777) out.write(std::string_view(content).substr(i, 777));
    out.commit();
  }
  std::string file = test::read_file(dir.file("f.jsonl.zst")), joined;
  size_t frames = 0;
  ZSTD_DCtx* dctx = ZSTD_createDCtx();
  for (size_t at = 0; at < file.size(); ++frames) {
    size_t n = ZSTD_findFrameCompressedSize(file.data() + at, file.size() - at);
    ASSERT_FALSE(ZSTD_isError(n)) << ZSTD_getErrorName(n);
    std::string frame(o.zstd_frame_bytes + 1024, '\0');
    size_t got = ZSTD_decompressDCtx(dctx, frame.data(), frame.size(), file.data() + at, n);
    ASSERT_FALSE(ZSTD_isError(got)) << ZSTD_getErrorName(got);
    EXPECT_LT(got, o.zstd_frame_bytes + 777);  // cut at the first write reaching the size
    joined.append(frame.data(), got);
    at += n;
  }
  ZSTD_freeDCtx(dctx);
  EXPECT_GE(frames, content.size() / ((16 << 10) + 777));
  EXPECT_LE(frames, content.size() / (16 << 10) + 2);
  EXPECT_TRUE(joined == content);
  EXPECT_EQ(drain_chunks(dir.file("f.jsonl.zst")), content);
}

TEST(Readers, ZstdMultiFrameIsReadWhole) {
  test::TempDir dir;
  std::string a = sample_export(100), b = sample_export(50);
  std::string frames;
  for (const std::string* part : {&a, &b}) {
    std::string frame(ZSTD_compressBound(part->size()), '\0');
    size_t n = ZSTD_compress(frame.data(), frame.size(), part->data(), part->size(), 3);
    ASSERT_FALSE(ZSTD_isError(n));
    frames.append(frame.data(), n);
  }
  test::write_file(dir.file("multi.jsonl.zst"), frames);
  EXPECT_EQ(drain_chunks(dir.file("multi.jsonl.zst")), a + b);
}

TEST(Readers, TruncatedZstdIsAnError) {
  test::TempDir dir;
  std::string content = sample_export(500);
  std::string frame(ZSTD_compressBound(content.size()), '\0');
  size_t n = ZSTD_compress(frame.data(), frame.size(), content.data(), content.size(), 3);
  test::write_file(dir.file("t.jsonl.zst"), frame.substr(0, n / 2));
  auto source = open_byte_source(dir.file("t.jsonl.zst"));
  try {
    drain(*source);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("truncated"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("t.jsonl.zst"), std::string::npos) << e.what();
  }
}

TEST(Readers, CorruptZstdIsAnError) {
  test::TempDir dir;
  std::string content = sample_export(500);
  std::string frame(ZSTD_compressBound(content.size()), '\0');
  size_t n = ZSTD_compress(frame.data(), frame.size(), content.data(), content.size(), 3);
  frame.resize(n);
  for (size_t i = 20; i < frame.size(); i += 7) frame[i] = static_cast<char>(frame[i] ^ 0x5a);
  test::write_file(dir.file("c.jsonl.zst"), frame);
  auto source = open_byte_source(dir.file("c.jsonl.zst"));
  EXPECT_THROW(drain(*source), Error);
}

void make_zip(const std::string& path, const std::vector<std::pair<std::string, std::string>>& entries) {
  int err = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
  ASSERT_NE(z, nullptr);
  for (const auto& [name, data] : entries) {
    zip_source_t* src = zip_source_buffer(z, data.data(), data.size(), 0);
    ASSERT_GE(zip_file_add(z, name.c_str(), src, ZIP_FL_ENC_UTF_8), 0);
  }
  ASSERT_EQ(zip_close(z), 0);
}

TEST(Readers, ZipPicksTheRootJsonl) {
  test::TempDir dir;
  std::string content = sample_export(3000);
  make_zip(dir.file("export.zip"), {{"data/a/b.jsonl", "nope\n"}, {"data/x.png", "PNG"}, {"import.jsonl", content}});
  EXPECT_EQ(detect_input_format(dir.file("export.zip")), InputFormat::kZip);
  ZipSource source(dir.file("export.zip"));
  EXPECT_EQ(source.member(), "import.jsonl");
  EXPECT_EQ(drain(source), content);
  EXPECT_EQ(drain_chunks(dir.file("export.zip")), content);
}

TEST(Readers, ZipWithoutJsonlIsAnError) {
  test::TempDir dir;
  make_zip(dir.file("nojsonl.zip"), {{"data/x.png", "PNG"}, {"sub/import.jsonl", "x\n"}});
  try {
    ZipSource source(dir.file("nojsonl.zip"));
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("no root-level .jsonl"), std::string::npos) << e.what();
  }
}

// A FIFO fed from a thread with `bytes` (as `stats <(cat x.zst)` gives a pipe).
class Fifo {
 public:
  Fifo(const std::string& path, std::string bytes) : path_(path) {
    EXPECT_EQ(::mkfifo(path.c_str(), 0600), 0);
    writer_ = std::thread([this, bytes = std::move(bytes)] {
      std::FILE* f = std::fopen(path_.c_str(), "wb");
      if (!f) return;
      std::fwrite(bytes.data(), 1, bytes.size(), f);  // EPIPE when the reader stops early: fine
      std::fclose(f);
    });
  }
  ~Fifo() {
    // A reader that never opened the FIFO leaves the writer blocked in open: open it to end it.
    int fd = ::open(path_.c_str(), O_RDONLY | O_NONBLOCK);
    writer_.join();
    if (fd >= 0) ::close(fd);
  }

 private:
  std::string path_;
  std::thread writer_;
};

TEST(Readers, ZstdThroughAPipeIsDecompressed) {
  test::TempDir dir;
  std::string content = sample_export(2000);
  std::string packed(ZSTD_compressBound(content.size()), '\0');
  packed.resize(ZSTD_compress(packed.data(), packed.size(), content.data(), content.size(), 3));
  Fifo fifo(dir.file("pipe"), packed);
  EXPECT_EQ(drain_chunks(dir.file("pipe")), content);
}

TEST(Readers, PlainJsonlThroughAPipeIsReadAsIs) {
  test::TempDir dir;
  std::string content = sample_export(500);
  Fifo fifo(dir.file("pipe"), content);
  EXPECT_EQ(drain_chunks(dir.file("pipe")), content);
}

TEST(Readers, ZipThroughAPipeIsAClearError) {
  test::TempDir dir;
  make_zip(dir.file("export.zip"), {{"import.jsonl", sample_export(10)}});
  Fifo fifo(dir.file("pipe"), test::read_file(dir.file("export.zip")));
  try {
    drain_chunks(dir.file("pipe"));
    FAIL() << "no error";
  } catch (const Error& e) {
    std::string what = e.what();
    EXPECT_NE(what.find(dir.file("pipe")), std::string::npos) << what;
    EXPECT_NE(what.find("a zip needs seeking"), std::string::npos) << what;
    EXPECT_EQ(e.exit_code(), 2);
  }
}

TEST(Readers, RootJsonlNames) {
  EXPECT_TRUE(is_root_jsonl_name("import.jsonl"));
  EXPECT_FALSE(is_root_jsonl_name("data/import.jsonl"));
  EXPECT_FALSE(is_root_jsonl_name("..import.jsonl"));
  EXPECT_FALSE(is_root_jsonl_name(".jsonl"));
  EXPECT_FALSE(is_root_jsonl_name("import.json"));
  EXPECT_FALSE(is_root_jsonl_name("..\\import.jsonl"));
  EXPECT_FALSE(is_root_jsonl_name("sub\\import.jsonl"));
}

TEST(ZipWriterTest, EntryNamesArePlainRelativePaths) {
  EXPECT_EQ(zip_entry_name_problem("data/a/b.png"), "");
  EXPECT_EQ(zip_entry_name_problem("data/..a/b..png"), "");
  EXPECT_NE(zip_entry_name_problem("data/..\\..\\..\\evil.png"), "");
  EXPECT_NE(zip_entry_name_problem("data/a\\b.png"), "");
  EXPECT_NE(zip_entry_name_problem("/etc/evil.png"), "");
  EXPECT_NE(zip_entry_name_problem("data/../evil.png"), "");
  EXPECT_NE(zip_entry_name_problem(".."), "");
  EXPECT_NE(zip_entry_name_problem(""), "");
  // Refused when added: nothing is written.
  test::TempDir dir;
  {
    ZipWriter zip(dir.file("o.zip"));
    test::write_file(dir.file("f.png"), "PNG");
    EXPECT_THROW(zip.add_file("data/..\\..\\evil.png", dir.file("f.png"), true), Error);
  }
  EXPECT_FALSE(std::filesystem::exists(dir.file("o.zip")));
}

TEST(ZipWriterTest, TreeFilesArePackedFromBeneathTheTree) {
  test::TempDir dir;
  std::filesystem::create_directories(dir.file("tree/data"));
  test::write_file(dir.file("tree/data/in.png"), "INSIDE");
  test::write_file(dir.file("outside.png"), "OUTSIDE");
  ImportTree tree(dir.file("tree"));
  {
    ZipWriter zip(dir.file("o.zip"));
    zip.add_tree_file("data/in.png", tree, "data/in.png", 6, 0);
    zip.commit();
  }
  int err = 0;
  zip_t* z = zip_open(dir.file("o.zip").c_str(), ZIP_RDONLY, &err);
  ASSERT_NE(z, nullptr);
  EXPECT_EQ(zip_get_num_entries(z, 0), 1);
  zip_stat_t st;
  ASSERT_EQ(zip_stat(z, "data/in.png", 0, &st), 0);
  EXPECT_EQ(st.size, 6u);
  zip_close(z);
  // A link swapped in after the file was added is not followed when the zip is written.
  {
    ZipWriter zip(dir.file("o2.zip"));
    zip.add_tree_file("data/in.png", tree, "data/in.png", 6, 0);
    std::filesystem::remove(dir.file("tree/data/in.png"));
    std::filesystem::create_symlink("../../outside.png", dir.file("tree/data/in.png"));
    EXPECT_THROW(zip.commit(), Error);
  }
  EXPECT_FALSE(std::filesystem::exists(dir.file("o2.zip")));
}

TEST(OutputFileTest, NothingIsLeftWithoutCommitAndOldFileIsIntact) {
  test::TempDir dir;
  test::write_file(dir.file("out.jsonl"), "old\n");
  {
    OutputFile out(dir.file("out.jsonl"));
    out.write("new content\n");
    EXPECT_EQ(test::read_file(dir.file("out.jsonl")), "old\n");
  }
  EXPECT_EQ(test::read_file(dir.file("out.jsonl")), "old\n");
  std::string listing;
  test::run_command("ls -a " + dir.path(), &listing);
  EXPECT_EQ(listing, ".\n..\nout.jsonl\n");
}

TEST(OutputFileTest, CommitReplacesAtomically) {
  test::TempDir dir;
  test::write_file(dir.file("out.jsonl"), "old\n");
  OutputFile out(dir.file("out.jsonl"));
  std::string big(3 << 20, 'x');
  out.write("a");
  out.write(big);
  out.write("b");
  out.commit();
  EXPECT_EQ(test::read_file(dir.file("out.jsonl")), "a" + big + "b");
}

TEST(OutputFileTest, NoClobberRefusesExistingFile) {
  test::TempDir dir;
  test::write_file(dir.file("out.jsonl"), "old\n");
  OutputOptions o;
  o.no_clobber = true;
  EXPECT_THROW(OutputFile(dir.file("out.jsonl"), o), Error);
}

}  // namespace
}  // namespace mm

namespace mm {
namespace {

TEST(Readers, FileTruncatedWhileReadIsAnError) {
  test::TempDir dir;
  std::string content(1 << 20, 'x');
  test::write_file(dir.file("shrink.jsonl"), content);
  auto source = open_byte_source(dir.file("shrink.jsonl"));
  std::string buf(4096, '\0');
  source->read(buf.data(), buf.size());
  ASSERT_EQ(::truncate(dir.file("shrink.jsonl").c_str(), 100000), 0);
  try {
    while (source->read(buf.data(), buf.size()) > 0) {
    }
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("changed size while being read"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace mm
