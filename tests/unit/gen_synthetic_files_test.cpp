// Attachment files: exact sizes, real signatures, a readable ZIP, the tree writer; messages:
// within the server's size limit, code fences balanced, reproducible.
#include <gtest/gtest.h>

#include <zip.h>

#include "tests/unit/TestUtil.h"
#include "tools/gen-synthetic/AttachmentFiles.h"
#include "tools/gen-synthetic/ModelBuilder.h"
#include "tools/gen-synthetic/TextGenerator.h"

namespace mm::gen {
namespace {

TEST(GenSyntheticFiles, SignaturesAndSizes) {
  Rng rng(3);
  std::string out;
  struct Case {
    FileKind kind;
    std::string_view magic;
  } cases[] = {{FileKind::kPng, "\x89PNG\r\n\x1a\n"}, {FileKind::kJpeg, "\xFF\xD8\xFF"}, {FileKind::kGif, "GIF89a"},
               {FileKind::kPdf, "%PDF-"}, {FileKind::kZip, "PK\x03\x04"}};
  for (const Case& c : cases) {
    for (uint64_t size : {200u, 5000u, 300000u}) {
      fill_file_content(c.kind, size, rng, out);
      EXPECT_EQ(out.size(), size);
      EXPECT_EQ(out.substr(0, c.magic.size()), c.magic) << size;
    }
  }
  fill_file_content(FileKind::kText, 777, rng, out);
  EXPECT_EQ(out.size(), 777u);
  EXPECT_EQ(out.find(','), std::string::npos);
  fill_file_content(FileKind::kPng, 0, rng, out);
  EXPECT_TRUE(out.empty());
}

TEST(GenSyntheticFiles, ZipIsReadable) {
  test::TempDir dir;
  Rng rng(5);
  std::string bytes;
  fill_file_content(FileKind::kZip, 4096, rng, bytes);
  write_tree_file(dir.path(), "a/b/c/logs.zip", bytes);
  EXPECT_EQ(test::read_file(dir.file("a/b/c/logs.zip")), bytes);
  int error = 0;
  zip_t* z = zip_open(dir.file("a/b/c/logs.zip").c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &error);
  ASSERT_NE(z, nullptr) << error;
  EXPECT_EQ(zip_get_num_entries(z, 0), 1);
  zip_stat_t st;
  ASSERT_EQ(zip_stat_index(z, 0, 0, &st), 0);
  EXPECT_STREQ(st.name, "notes.txt");
  EXPECT_EQ(st.size, 4096u - 30 - 46 - 22 - 18);
  zip_file_t* f = zip_fopen_index(z, 0, 0);  // checks the CRC on reading
  ASSERT_NE(f, nullptr);
  std::string data(st.size, '\0');
  EXPECT_EQ(zip_fread(f, data.data(), st.size), static_cast<zip_int64_t>(st.size));
  zip_fclose(f);
  zip_close(z);
}

TEST(GenSyntheticFiles, ProblemsChangeTheFile) {
  Rng rng(1);
  FileChoice mismatch = choose_file(rng, FileProblem::kTypeMismatch);
  EXPECT_EQ(mismatch.kind, FileKind::kJpeg);
  EXPECT_EQ(mismatch.name.substr(mismatch.name.size() - 4), ".gif");
  EXPECT_EQ(choose_file(rng, FileProblem::kEmpty).size, 0u);
  for (int i = 0; i < 2000; ++i) {
    FileChoice f = choose_file(rng, FileProblem::kNone);
    EXPECT_GE(f.size, 16u);
    EXPECT_LE(f.size, 2u << 20);
  }
}

TEST(GenSyntheticText, MessagesWithinLimitsAndReproducible) {
  GenOptions o;
  o.posts = 1000;
  o.target_posts = 250;
  o.users = 40;
  ModelPair m = build_models(o);
  TextGenerator text(m.source, nullptr);
  Rng a(11), b(11);
  MessageMarks marks;
  size_t multibyte = 0, longest = 0;
  for (int i = 0; i < 5000; ++i) {
    std::string x, y;
    text.message(a, 0, i % 3 == 0, x, marks);
    text.message(b, 0, i % 3 == 0, y, marks);
    ASSERT_EQ(x, y);
    ASSERT_FALSE(x.empty());
    EXPECT_LE(rune_count(x), kMaxMessageRunes);
    size_t fences = 0;
    for (size_t p = x.find("```"); p != std::string::npos; p = x.find("```", p + 3)) ++fences;
    EXPECT_EQ(fences % 2, 0u) << x;
    multibyte += rune_count(x) != x.size();
    longest = std::max(longest, x.size());
  }
  EXPECT_GT(multibyte, 250u);
  EXPECT_GT(longest, 4000u);
}

}  // namespace
}  // namespace mm::gen
