#include "stages/ImageLimits.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "io/ImportTree.h"

namespace mm {

namespace {

uint32_t be16(const unsigned char* p) { return uint32_t{p[0]} << 8 | p[1]; }
uint32_t be32(const unsigned char* p) { return be16(p) << 16 | be16(p + 2); }
uint32_t le16(const unsigned char* p) { return uint32_t{p[1]} << 8 | p[0]; }
uint32_t le32(const unsigned char* p) { return le16(p + 2) << 16 | le16(p); }

// A start-of-frame marker (the baseline, progressive, lossless and arithmetic ones), whose
// segment holds the frame's height and width; not DHT (C4), JPG (C8) or DAC (CC).
bool is_sof(unsigned char m) { return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC; }

// Reads `n` bytes at `offset` of the file (or of `head` while it lasts). False at the end.
bool read_at(TreeFile* file, std::string_view head, uint64_t offset, unsigned char* out, size_t n) {
  if (offset + n <= head.size()) {
    std::memcpy(out, head.data() + offset, n);
    return true;
  }
  if (!file) return false;
  size_t have = 0;
  while (have < n) {
    ssize_t r = file->pread(reinterpret_cast<char*>(out) + have, n - have, offset + have);
    if (r <= 0) return false;
    have += static_cast<size_t>(r);
  }
  return true;
}

// The JPEG markers from after SOI, as image/jpeg's DecodeConfig walks them: fill bytes, markers
// without a length (RSTn, TEM), then each segment by its length, up to the first SOFn.
std::optional<ImageSize> jpeg_size(TreeFile* fd, std::string_view head) {
  uint64_t pos = 2;
  for (int segments = 0; segments < 4096; ++segments) {
    unsigned char b[2];
    if (!read_at(fd, head, pos, b, 1)) return std::nullopt;
    if (b[0] != 0xFF) return std::nullopt;
    unsigned char marker = 0xFF;
    while (marker == 0xFF) {
      ++pos;
      if (!read_at(fd, head, pos, &marker, 1)) return std::nullopt;
    }
    ++pos;
    if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) continue;
    if (marker == 0xD9 || marker == 0xDA || marker == 0x00) return std::nullopt;  // no frame before the scan
    if (!read_at(fd, head, pos, b, 2)) return std::nullopt;
    uint32_t length = be16(b);
    if (length < 2) return std::nullopt;
    if (is_sof(marker)) {
      unsigned char f[5];  // precision, height, width
      if (length < 7 || !read_at(fd, head, pos + 2, f, 5)) return std::nullopt;
      return ImageSize{be16(f + 3), be16(f + 1)};
    }
    pos += length;
  }
  return std::nullopt;
}

}  // namespace

std::optional<ImageSize> image_size(std::string_view head) { return image_size(nullptr, head); }

std::optional<ImageSize> image_size(TreeFile* fd, std::string_view head) {
  const auto* p = reinterpret_cast<const unsigned char*>(head.data());
  size_t n = head.size();
  if (n >= 24 && std::memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0 && std::memcmp(p + 12, "IHDR", 4) == 0)
    return ImageSize{be32(p + 16), be32(p + 20)};
  if (n >= 10 && (std::memcmp(p, "GIF87a", 6) == 0 || std::memcmp(p, "GIF89a", 6) == 0))
    return ImageSize{le16(p + 6), le16(p + 8)};
  if (n >= 26 && p[0] == 'B' && p[1] == 'M') {
    uint32_t header = le32(p + 14);
    if (header == 12) return ImageSize{le16(p + 18), le16(p + 20)};  // OS/2 BITMAPCOREHEADER
    auto width = static_cast<int32_t>(le32(p + 18)), height = static_cast<int32_t>(le32(p + 22));
    if (width < 0) return std::nullopt;
    return ImageSize{static_cast<uint32_t>(width),
                     height < 0 ? 0u - static_cast<uint32_t>(height) : static_cast<uint32_t>(height)};
  }
  if (n >= 3 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF) return jpeg_size(fd, head);
  return std::nullopt;
}

}  // namespace mm
