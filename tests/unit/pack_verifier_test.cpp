// The checks apply makes on each file it packs into a zip, in the read that packs it: content type
// and hash (stages/PackVerifier.h), seen through the streaming zip writer's PackTee (io/StreamZipWriter.h).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include <fcntl.h>

#include "io/Error.h"
#include "io/ImportTree.h"
#include "io/StreamZipWriter.h"
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

TEST(PackVerifier, SeesThePackingReadOfAStreamedZip) {
  test::TempDir dir;
  std::string big(3 * 1024 * 1024 + 17, 'x');  // larger than the writer's piece: several pieces
  big.replace(0, kPng.size(), kPng);
  test::write_file(dir.file("big.png"), big);
  test::write_file(dir.file("bad.png"), kText);
  test::write_file(dir.file("import.jsonl"), std::string(200000, 'a') + "\n");
  auto pack = [&](StreamZipWriter& zip, const std::string& file, PackTee* tee) {
    TreeFile f = TreeFile::from_fd(::open(dir.file(file).c_str(), O_RDONLY | O_CLOEXEC));
    ASSERT_TRUE(f);
    zip.add_stored("data/" + file, f, tee);
  };
  PackVerifier v("src.jsonl");
  {
    StreamZipWriter zip(dir.file("ok.zip"));
    auto tee = v.tee("big.png", AttachmentRefKind::kAttachment, 1);
    pack(zip, "big.png", tee.get());
    zip.add_deflated("import.jsonl", dir.file("import.jsonl"), 2);
    zip.finish();
  }
  EXPECT_EQ(v.type_checked(), 1u);
  EXPECT_EQ(v.hashed(), 1u);
  std::string listing;
  EXPECT_EQ(test::run_command("unzip -t " + dir.file("ok.zip"), &listing), 0) << listing;
  EXPECT_NE(listing.find("No errors detected"), std::string::npos) << listing;
  EXPECT_EQ(test::run_command("python3 -c \"import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); "
                              "assert z.testzip() is None; assert z.namelist() == ['data/big.png', 'import.jsonl']; "
                              "assert z.getinfo('data/big.png').compress_type == zipfile.ZIP_STORED\" " +
                              dir.file("ok.zip")),
            0);
  StreamZipWriter zip(dir.file("bad.zip"));
  auto bad = v.tee("bad.png", AttachmentRefKind::kAttachment, 9);
  try {
    pack(zip, "bad.png", bad.get());
    FAIL() << "a type mismatch must stop the packing";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("src.jsonl:9: \"bad.png\""), std::string::npos) << e.what();
  }
}

TEST(StreamZipWriter, AFileThatChangesSizeWhilePackedIsAnError) {
  test::TempDir dir;
  test::write_file(dir.file("f"), "12345");
  TreeFile f = TreeFile::from_fd(::open(dir.file("f").c_str(), O_RDONLY | O_CLOEXEC));
  test::write_file(dir.file("f"), "123456789");  // grows after its size was taken
  StreamZipWriter zip(dir.file("z.zip"));
  EXPECT_THROW(zip.add_stored("data/f", f, nullptr), Error);
}

TEST(StreamZipWriter, RefusesEntryNamesThatCouldEscape) {
  test::TempDir dir;
  test::write_file(dir.file("f"), "12345");
  TreeFile f = TreeFile::from_fd(::open(dir.file("f").c_str(), O_RDONLY | O_CLOEXEC));
  StreamZipWriter zip(dir.file("z.zip"));
  EXPECT_THROW(zip.add_stored("data/../../f", f, nullptr), Error);
  EXPECT_THROW(zip.add_stored("data\\f", f, nullptr), Error);
}

}  // namespace
}  // namespace mm
