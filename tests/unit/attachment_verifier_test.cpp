#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include <unistd.h>

#include "io/Error.h"
#include "stages/AttachmentVerifier.h"
#include "stages/FileTypes.h"
#include "tests/unit/TestUtil.h"

namespace mm {
namespace {

namespace fs = std::filesystem;

// Real signatures (and a little of what follows them).
const std::string kPng = std::string("\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89", 33);
const std::string kJpeg = std::string("\xff\xd8\xff\xe0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0\xff\xd9", 22);
const std::string kGif = std::string("GIF89a\x01\0\x01\0\x80\0\0\0\0\0\xff\xff\xff,\0\0\0\0\x01\0\x01\0\0\x02\x02D\x01\0;", 35);
const std::string kWebp = std::string("RIFF\x1a\0\0\0WEBPVP8L\x0e\0\0\0\x2f\0\0\0\x10\x07\x10\x11\x11\x88\x88\xfe\x07\0", 34);
const std::string kPdf = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";
// A stored ZIP with one entry, "a.txt".
const std::string kZip = std::string(
    "\x50\x4b\x03\x04\x14\x00\x00\x00\x00\x00\x00\x00\x21\x50\x7a\x7a\x6f\xed\x03\x00\x00\x00\x03\x00\x00\x00"
    "\x05\x00\x00\x00\x61\x2e\x74\x78\x74\x68\x69\x0a\x50\x4b\x01\x02\x14\x03\x14\x00\x00\x00\x00\x00\x00\x00"
    "\x21\x50\x7a\x7a\x6f\xed\x03\x00\x00\x00\x03\x00\x00\x00\x05\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
    "\x80\x01\x00\x00\x00\x00\x61\x2e\x74\x78\x74\x50\x4b\x05\x06\x00\x00\x00\x00\x01\x00\x01\x00\x33\x00\x00"
    "\x00\x26\x00\x00\x00\x00\x00",
    111);
const std::string kText = "hello, world\nsecond line of plain text\n";

class AttachmentVerifierTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(dir.file("data/f"));
    put("f/p.png", kPng);
    put("f/j.jpg", kJpeg);
    put("f/g.gif", kGif);
    put("f/w.webp", kWebp);
    put("f/d.pdf", kPdf);
    put("f/a.zip", kZip);
    put("f/t.txt", kText);
    put("f/T.TXT", "a,b\n1,2\n");
    put("f/jpeg-as.gif", kJpeg);
    put("f/png-as.pdf", kPng);
    put("f/empty.png", "");
    put("f/blob.xyz", kPng);
    put("f/noext", kText);
    fs::create_directories(dir.file("data/f/dir.png"));
    fs::create_symlink("/etc/hostname", dir.file("data/f/out.png"));
    fs::create_symlink("p.png", dir.file("data/f/in.png"));
  }
  void put(const std::string& rel, const std::string& bytes) { test::write_file(dir.file("data/" + rel), bytes); }

  FileCheck check(const std::string& path, AttachmentRefKind kind = AttachmentRefKind::kAttachment, bool hash = false) {
    AttachmentVerifier verifier(dir.path(), {hash});
    return verifier.check(path, kind, scratch);
  }

  test::TempDir dir;
  VerifyScratch scratch;
};

TEST_F(AttachmentVerifierTest, GoodFiles) {
  struct Case {
    const char* path;
    const char* type;
  } cases[] = {{"f/p.png", "image/png"}, {"f/j.jpg", "image/jpeg"},  {"f/g.gif", "image/gif"},
               {"f/w.webp", "image/webp"}, {"f/d.pdf", "application/pdf"}, {"f/a.zip", "application/zip"},
               {"f/t.txt", "text/plain"}, {"/f/./x/../p.png", "image/png"}, {"f/in.png", "image/png"}};
  for (const Case& c : cases) {
    FileCheck r = check(c.path);
    EXPECT_EQ(r.problem, FileProblem::kNone) << c.path << " " << r.detected << " " << r.detail;
    EXPECT_EQ(r.detected, c.type) << c.path;
  }
  FileCheck r = check("f/p.png");
  EXPECT_EQ(r.resolved, "data/f/p.png");
  EXPECT_EQ(r.size, kPng.size());
  EXPECT_EQ(r.bytes_read, kPng.size());
  EXPECT_FALSE(r.hashed);
  // ".TXT" holding CSV: text/* is accepted for text extensions.
  r = check("f/T.TXT");
  EXPECT_EQ(r.problem, FileProblem::kNone) << r.detected;
  EXPECT_EQ(r.extension, "txt");
}

TEST_F(AttachmentVerifierTest, EveryProblemKind) {
  FileCheck r = check("f/jpeg-as.gif");
  EXPECT_EQ(r.problem, FileProblem::kTypeMismatch);
  EXPECT_EQ(r.severity, Severity::kError);  // .gif is decoded as an image by the server
  EXPECT_EQ(r.detected, "image/jpeg");
  EXPECT_EQ(r.expected, "image/gif");
  EXPECT_EQ(r.extension, "gif");

  r = check("f/png-as.pdf");
  EXPECT_EQ(r.problem, FileProblem::kTypeMismatch);
  EXPECT_EQ(r.severity, Severity::kWarning);  // .pdf is stored as it is
  EXPECT_EQ(r.expected, "application/pdf");

  r = check("f/empty.png");
  EXPECT_EQ(r.problem, FileProblem::kEmpty);
  EXPECT_EQ(r.severity, Severity::kError);
  EXPECT_EQ(r.size, 0u);

  r = check("f/blob.xyz");
  EXPECT_EQ(r.problem, FileProblem::kExtensionUnknown);
  EXPECT_EQ(r.severity, Severity::kWarning);
  EXPECT_EQ(r.detected, "image/png");

  r = check("f/noext");
  EXPECT_EQ(r.problem, FileProblem::kExtensionUnknown);
  EXPECT_EQ(r.extension, "");

  r = check("f/nope.png");
  EXPECT_EQ(r.problem, FileProblem::kMissing);
  EXPECT_EQ(r.severity, Severity::kError);
  EXPECT_EQ(r.detail, "");

  r = check("../outside.png");  // one problem kind for every way out of the tree
  EXPECT_EQ(r.problem, FileProblem::kOutsideTree);
  EXPECT_EQ(r.severity, Severity::kError);
  EXPECT_EQ(r.detail, "leaves data/");
  EXPECT_EQ(r.resolved, "");

  r = check("f/out.png");  // symlink out of the import directory
  EXPECT_EQ(r.problem, FileProblem::kOutsideTree);
  EXPECT_EQ(r.detail, "a symbolic link on its way leads out of the import tree");

  r = check("f/dir.png");
  EXPECT_EQ(r.problem, FileProblem::kUnreadable);
  EXPECT_EQ(r.detail, "not a regular file");

  if (::geteuid() != 0) {  // root reads anything
    put("f/secret.png", kPng);
    fs::permissions(dir.file("data/f/secret.png"), fs::perms::none);
    r = check("f/secret.png");
    EXPECT_EQ(r.problem, FileProblem::kUnreadable);
    EXPECT_EQ(r.detail, "Permission denied");
  }
}

TEST_F(AttachmentVerifierTest, ShortcutsGiveLibmagicsVerdict) {
  // A ZIP under an extension that accepts ZIP is taken as ZIP without libmagic's ZIP rules…
  put("f/doc.docx", kZip);
  FileCheck r = check("f/doc.docx");
  EXPECT_EQ(r.problem, FileProblem::kNone);
  EXPECT_EQ(r.detected, "application/zip");
  // …and under any other extension goes to libmagic.
  put("f/zip-as.png", kZip);
  r = check("f/zip-as.png");
  EXPECT_EQ(r.problem, FileProblem::kTypeMismatch);
  EXPECT_EQ(r.detected, "application/zip");
  // Text under a text extension: libmagic's built-in text tests (CSV is still recognised).
  put("f/data.csv", "name,count\nalice,1\nbob,2\n");
  r = check("f/data.csv");
  EXPECT_EQ(r.problem, FileProblem::kNone);
  EXPECT_EQ(r.detected.substr(0, 5), "text/");
  // Binary under a text extension still goes to full libmagic.
  put("f/png-as.txt", kPng);
  r = check("f/png-as.txt");
  EXPECT_EQ(r.problem, FileProblem::kTypeMismatch);
  EXPECT_EQ(r.severity, Severity::kWarning);
  EXPECT_EQ(r.detected, "image/png");
  put("f/elf.txt", std::string("\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x02\0\x3e\0", 20));
  r = check("f/elf.txt");
  EXPECT_EQ(r.problem, FileProblem::kTypeMismatch);
  EXPECT_NE(r.detected.substr(0, 5), "text/");
  EXPECT_TRUE(MagicCookie::looks_like_text("plain\ttext\r\n"));
  EXPECT_FALSE(MagicCookie::looks_like_text(std::string("a\0b", 3)));
}

TEST_F(AttachmentVerifierTest, EmojiImages) {
  for (const char* path : {"f/p.png", "f/j.jpg", "f/g.gif", "f/w.webp"})
    EXPECT_EQ(check(path, AttachmentRefKind::kEmojiImage).problem, FileProblem::kNone) << path;
  FileCheck r = check("f/d.pdf", AttachmentRefKind::kEmojiImage);
  EXPECT_EQ(r.problem, FileProblem::kTypeMismatch);
  EXPECT_EQ(r.severity, Severity::kError);
  EXPECT_EQ(r.expected, kEmojiImageTypes);
}

TEST_F(AttachmentVerifierTest, ProfileImages) {
  // The importer decodes a profile image's header (GIF, JPEG, PNG, BMP, TIFF, WebP) and fails the
  // user line when it cannot; the extension does not matter.
  put("f/bmp.png", std::string("BM\x3a\0\0\0\0\0\0\0\x36\0\0\0\x28\0\0\0\x01\0\0\0\x01\0\0\0\x01\0\x18\0\0\0\0\0"
                               "\x04\0\0\0\x13\x0b\0\0\x13\x0b\0\0\0\0\0\0\0\0\0\0\xff\xff\xff\0", 58));
  for (const char* path : {"f/p.png", "f/j.jpg", "f/g.gif", "f/w.webp", "f/jpeg-as.gif", "f/bmp.png"})
    EXPECT_EQ(check(path, AttachmentRefKind::kProfileImage).problem, FileProblem::kNone) << path;
  for (const char* path : {"f/d.pdf", "f/t.txt"}) {
    FileCheck r = check(path, AttachmentRefKind::kProfileImage);
    EXPECT_EQ(r.problem, FileProblem::kTypeMismatch) << path;
    EXPECT_EQ(r.severity, Severity::kError);
    EXPECT_EQ(r.expected, kProfileImageTypes);
  }
  EXPECT_EQ(check("f/empty.png", AttachmentRefKind::kProfileImage).problem, FileProblem::kEmpty);
  EXPECT_EQ(check("f/none.png", AttachmentRefKind::kProfileImage).problem, FileProblem::kMissing);
}

TEST_F(AttachmentVerifierTest, HashesTheWholeContent) {
  std::string big(3 * 1024 * 1024 + 17, 'x');
  big.replace(0, kPng.size(), kPng);
  put("f/big.png", big);
  put("f/big-copy.png", big);
  FileCheck a = check("f/big.png", AttachmentRefKind::kAttachment, true);
  FileCheck b = check("f/big-copy.png", AttachmentRefKind::kAttachment, true);
  FileCheck p = check("f/p.png", AttachmentRefKind::kAttachment, true);
  EXPECT_EQ(a.problem, FileProblem::kNone) << a.detected;  // the head is re-read for libmagic
  EXPECT_TRUE(a.hashed);
  EXPECT_EQ(a.bytes_read, big.size());
  EXPECT_EQ(a.size, big.size());
  EXPECT_EQ(a.hash.low64, b.hash.low64);
  EXPECT_EQ(a.hash.high64, b.hash.high64);
  EXPECT_NE(a.hash.low64, p.hash.low64);
  XXH128_hash_t expected = XXH3_128bits(big.data(), big.size());
  EXPECT_EQ(a.hash.low64, expected.low64);
  EXPECT_EQ(a.hash.high64, expected.high64);
  // Without hashing only the head is read.
  EXPECT_EQ(check("f/big.png").bytes_read, 64u * 1024);
}

TEST(FileTypes, SniffAgreesWithLibmagic) {
  MagicCookie magic;
  for (const std::string& bytes : {kPng, kJpeg, kGif, kWebp, kPdf}) {
    std::string_view sniffed = sniff_unambiguous_type(bytes);
    EXPECT_FALSE(sniffed.empty());
    EXPECT_EQ(sniffed, magic.type_of(bytes));
  }
  EXPECT_EQ(sniff_unambiguous_type(kZip), "");
  EXPECT_EQ(sniff_unambiguous_type(kText), "");
  EXPECT_EQ(magic.type_of(kZip), "application/zip");
}

TEST(FileTypes, ExtensionsAsTheServerReadsThem) {
  EXPECT_EQ(lower_extension("a/b/Photo.JPG"), "jpg");
  EXPECT_EQ(lower_extension("a.b/noext"), "");
  EXPECT_EQ(lower_extension("a/archive.tar.gz"), "gz");
  EXPECT_EQ(lower_extension("a/dot."), "");
  for (const char* ext : {"jpg", "jpeg", "png", "gif", "bmp", "tif", "tiff", "webp"})
    EXPECT_TRUE(rule_for_extension(ext)->decoded_as_image) << ext;
  for (const char* ext : {"svg", "pdf", "zip", "txt", "docx"}) EXPECT_FALSE(rule_for_extension(ext)->decoded_as_image) << ext;
  EXPECT_EQ(rule_for_extension("xyz"), nullptr);
  EXPECT_TRUE(type_matches(*rule_for_extension("docx"), "application/zip"));
  EXPECT_TRUE(type_matches(*rule_for_extension("csv"), "text/plain"));
  EXPECT_FALSE(type_matches(*rule_for_extension("png"), "image/jpeg"));
  EXPECT_EQ(extension_for_type("image/jpeg"), "jpg");
  EXPECT_EQ(extension_for_type("application/x-unknown"), "");
}

TEST(AttachmentVerifier, MissingDirectoryIsAnError) {
  EXPECT_THROW(AttachmentVerifier("/no/such/dir", {}), Error);
}

}  // namespace
}  // namespace mm
