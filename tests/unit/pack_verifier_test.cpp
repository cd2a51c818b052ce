// The checks apply makes on each file it packs into a zip, in the read that packs it: content type
// and hash (stages/PackVerifier.h), seen through ZipWriter's PackTee (io/ZipWriter.h).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "io/Error.h"
#include "io/ImportTree.h"
#include "io/ZipWriter.h"
#include "stages/PackVerifier.h"
#include "tests/unit/TestUtil.h"

namespace mm {
namespace {

namespace fs = std::filesystem;

const std::string kPng = std::string("\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89", 33);
const std::string kText = "hello, world\nsecond line of plain text\n";

// Feeds `bytes` to a tee in pieces of `piece` bytes, as libzip would; returns end()'s answer.
std::string feed(PackTee& tee, const std::string& bytes, size_t piece) {
  tee.begin();
  for (size_t at = 0; at < bytes.size(); at += piece) tee.piece(std::string_view(bytes).substr(at, piece));
  return tee.end();
}

TEST(PackVerifier, MatchingFilesAreCheckedAndHashed) {
  PackVerifier v("src.jsonl");
  auto png = v.tee("f/p.png", AttachmentRefKind::kAttachment, 3);
  auto txt = v.tee("f/t.txt", AttachmentRefKind::kAttachment, 4);
  auto emoji = v.tee("emoji/e.png", AttachmentRefKind::kEmojiImage, 5);
  EXPECT_EQ(feed(*png, kPng, 1), "");  // byte by byte: the head is gathered across pieces
  EXPECT_EQ(feed(*txt, kText, 7), "");
  EXPECT_EQ(feed(*emoji, kPng, 4096), "");
  EXPECT_EQ(v.type_checked(), 3u);
  EXPECT_EQ(v.hashed(), 3u);
  EXPECT_EQ(v.mismatches(), 0u);
  EXPECT_TRUE(v.listed().empty());
}

TEST(PackVerifier, MismatchTheServerKeepsIsListed) {
  PackVerifier v("src.jsonl");
  auto pdf = v.tee("f/png-as.pdf", AttachmentRefKind::kAttachment, 12);
  EXPECT_EQ(feed(*pdf, kPng, 5), "");
  EXPECT_EQ(v.mismatches(), 1u);
  ASSERT_EQ(v.listed().size(), 1u);
  EXPECT_EQ(v.listed()[0].path, "f/png-as.pdf");
  EXPECT_EQ(v.listed()[0].line, 12u);
  EXPECT_EQ(v.listed()[0].detected, "image/png");
  EXPECT_EQ(v.listed()[0].expected, "application/pdf");
}

TEST(PackVerifier, MismatchThePlanDidNotKnowIsAnErrorNamingFileAndLine) {
  PackVerifier v("src.jsonl");
  auto png = v.tee("f/text-as.png", AttachmentRefKind::kAttachment, 42);
  std::string why = feed(*png, kText, 8);
  EXPECT_NE(why.find("src.jsonl:42: \"f/text-as.png\""), std::string::npos) << why;
  EXPECT_NE(why.find("nothing was written"), std::string::npos) << why;
  auto profile = v.tee("users/u.jpg", AttachmentRefKind::kProfileImage, 2);
  EXPECT_NE(feed(*profile, kText, 8), "");
  EXPECT_EQ(v.mismatches(), 0u);  // errors stop the run: not listed
}

TEST(PackVerifier, ZipWriterTeeSeesThePackingReadAndStopsTheCommit) {
  test::TempDir dir;
  fs::create_directories(dir.file("tree/data/f"));
  std::string big(3 * 1024 * 1024 + 17, 'x');  // larger than libzip's read buffer: many pieces
  big.replace(0, kPng.size(), kPng);
  test::write_file(dir.file("tree/data/f/big.png"), big);
  test::write_file(dir.file("tree/data/f/bad.png"), kText);
  ImportTree tree(dir.file("tree"));
  {
    PackVerifier v("src.jsonl");
    auto tee = v.tee("f/big.png", AttachmentRefKind::kAttachment, 1);
    ZipWriter zip(dir.file("ok.zip"));
    zip.add_tree_file("data/f/big.png", tree, "data/f/big.png", big.size(), 0, tee.get());
    zip.commit();
    EXPECT_EQ(v.type_checked(), 1u);
    EXPECT_EQ(v.hashed(), 1u);
    EXPECT_EQ(test::run_command("unzip -tq " + dir.file("ok.zip") + " >/dev/null"), 0);
  }
  {
    PackVerifier v("src.jsonl");
    auto good = v.tee("f/big.png", AttachmentRefKind::kAttachment, 1);
    auto bad = v.tee("f/bad.png", AttachmentRefKind::kAttachment, 9);
    ZipWriter zip(dir.file("bad.zip"));
    zip.add_tree_file("data/f/big.png", tree, "data/f/big.png", big.size(), 0, good.get());
    zip.add_tree_file("data/f/bad.png", tree, "data/f/bad.png", kText.size(), 0, bad.get());
    try {
      zip.commit();
      FAIL() << "a type mismatch must stop the commit";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find("src.jsonl:9: \"f/bad.png\""), std::string::npos) << e.what();
    }
    EXPECT_FALSE(fs::exists(dir.file("bad.zip")));
  }
}

}  // namespace
}  // namespace mm
