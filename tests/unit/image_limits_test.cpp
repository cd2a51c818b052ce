// The pixel size read from image headers (stages/ImageLimits.h) and the server's limits as
// AttachmentVerifier applies them.
#include <gtest/gtest.h>

#include "io/ImportTree.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <string>

#include "stages/AttachmentVerifier.h"
#include "stages/ImageLimits.h"

namespace mm {
namespace {

std::string be32(uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8), static_cast<char>(v)};
}
std::string le16(uint32_t v) { return {static_cast<char>(v), static_cast<char>(v >> 8)}; }
std::string le32(uint32_t v) { return le16(v & 0xFFFF) + le16(v >> 16); }

std::string png(uint32_t w, uint32_t h) {
  return std::string("\x89PNG\r\n\x1a\n", 8) + be32(13) + "IHDR" + be32(w) + be32(h) + std::string("\x08\x02\0\0\0", 5);
}
std::string gif(uint32_t w, uint32_t h) { return "GIF89a" + le16(w) + le16(h) + std::string("\0\0\0", 3); }
std::string bmp(int32_t w, int32_t h) {
  return "BM" + le32(0) + le32(0) + le32(54) + le32(40) + le32(static_cast<uint32_t>(w)) + le32(static_cast<uint32_t>(h)) + le16(1) + le16(24);
}
// SOI, APP1 segments of `app_bytes` bytes in all, then SOF`marker` with the size.
std::string jpeg(uint32_t w, uint32_t h, size_t app_bytes = 16, unsigned char marker = 0xC0) {
  std::string s("\xFF\xD8", 2);
  while (app_bytes > 0) {
    size_t n = std::min<size_t>(app_bytes, 60000);
    s += std::string("\xFF\xE1", 2) + static_cast<char>((n + 2) >> 8) + static_cast<char>((n + 2) & 0xFF);
    s += std::string(n, 'x');
    app_bytes -= n;
  }
  s += std::string("\xFF\xFF", 2);  // a fill byte before the marker
  s += static_cast<char>(marker);
  s += std::string("\x00\x11\x08", 3) + static_cast<char>(h >> 8) + static_cast<char>(h & 0xFF) +
       static_cast<char>(w >> 8) + static_cast<char>(w & 0xFF) + std::string("\x03", 1);
  return s;
}

TEST(ImageSize, Headers) {
  auto size = [](const std::string& head) {
    auto s = image_size(head);
    return s ? std::to_string(s->width) + "x" + std::to_string(s->height) : std::string("none");
  };
  EXPECT_EQ(size(png(7680, 4320)), "7680x4320");
  EXPECT_EQ(size(gif(300, 200)), "300x200");
  EXPECT_EQ(size(bmp(640, 480)), "640x480");
  EXPECT_EQ(size(bmp(640, -480)), "640x480");  // top-down
  EXPECT_EQ(size(jpeg(4000, 3000)), "4000x3000");
  EXPECT_EQ(size(jpeg(800, 600, 16, 0xC2)), "800x600");  // progressive
  EXPECT_EQ(size(png(1, 1).substr(0, 20)), "none");        // cut short
  EXPECT_EQ(size("plain text"), "none");
  EXPECT_EQ(size(jpeg(10, 10, 70000)), "10x10");                   // APP segments before the frame
  EXPECT_EQ(size(jpeg(10, 10, 70000).substr(0, 65536)), "none");  // the frame header lies past the head given
}

TEST(ImageSize, JpegFrameBeyondTheHeadIsReadFromTheFile) {
  char path[] = "/tmp/mm-image-XXXXXX";
  int fd = ::mkstemp(path);
  ASSERT_GE(fd, 0);
  std::string bytes = jpeg(9000, 5000, 65000);
  ASSERT_EQ(::write(fd, bytes.data(), bytes.size()), static_cast<ssize_t>(bytes.size()));
  TreeFile file = TreeFile::from_fd(fd);
  auto s = image_size(&file, std::string_view(bytes).substr(0, 4096));
  ::unlink(path);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->pixels(), 45000000u);
}

TEST(ImageLimits, TooLarge) {
  FileCheck c;
  c.size = kMaxEmojiFileSize;
  check_image_limits(AttachmentRefKind::kEmojiImage, nullptr, png(10, 10), c);
  EXPECT_EQ(c.problem, FileProblem::kNone);  // exactly the limit is allowed
  c.size = kMaxEmojiFileSize + 1;
  check_image_limits(AttachmentRefKind::kEmojiImage, nullptr, png(10, 10), c);
  EXPECT_EQ(c.problem, FileProblem::kTooLarge);

  FileCheck p;
  check_image_limits(AttachmentRefKind::kProfileImage, nullptr, png(7680, 4320), p);
  EXPECT_EQ(p.problem, FileProblem::kNone);
  check_image_limits(AttachmentRefKind::kProfileImage, nullptr, png(7680, 4321), p);
  EXPECT_EQ(p.problem, FileProblem::kTooLarge);
  EXPECT_NE(p.detail.find("7680x4321"), std::string::npos) << p.detail;
  FileCheck a;  // an attachment is not limited here
  check_image_limits(AttachmentRefKind::kAttachment, nullptr, png(100000, 100000), a);
  EXPECT_EQ(a.problem, FileProblem::kNone);
}

}  // namespace
}  // namespace mm
