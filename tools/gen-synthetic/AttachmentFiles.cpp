#include "tools/gen-synthetic/AttachmentFiles.h"

#include <array>
#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/Error.h"
#include "tools/gen-synthetic/Vocabulary.h"

namespace mm::gen {
namespace {

constexpr unsigned char kPng1x1[] = {
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00,
    0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00,
    0x0A, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D,
    0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82};

constexpr unsigned char kGif1x1[] = {
    'G', 'I', 'F', '8', '9', 'a', 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0x00,
    0x00, 0x00, 0x21, 0xF9, 0x04, 0x01, 0x00, 0x00, 0x00, 0x00, 0x2C, 0x00, 0x00, 0x00, 0x00, 0x01,
    0x00, 0x01, 0x00, 0x00, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3B};

constexpr unsigned char kJpegHeader[] = {0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0x00, 0x01,
                                         0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00};

std::string_view bytes_of(const unsigned char* p, size_t n) { return {reinterpret_cast<const char*>(p), n}; }

uint32_t crc32(std::string_view data) {
  static const std::array<uint32_t, 256> table = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  uint32_t c = 0xFFFFFFFFu;
  for (unsigned char b : data) c = table[(c ^ b) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

void put16(std::string& out, uint32_t v) {
  out += static_cast<char>(v & 0xFF);
  out += static_cast<char>((v >> 8) & 0xFF);
}
void put32(std::string& out, uint32_t v) {
  put16(out, v & 0xFFFF);
  put16(out, v >> 16);
}

void fill_random(Rng& rng, std::string& out, size_t count) {
  while (count >= 8) {
    uint64_t v = rng.next();
    out.append(reinterpret_cast<const char*>(&v), 8);
    count -= 8;
  }
  while (count--) out += static_cast<char>(rng.next());
}

// Text without commas (libmagic calls comma-separated text "text/csv").
void fill_text(Rng& rng, std::string& out, size_t count) {
  size_t end = out.size() + count;
  while (out.size() < end) {
    out += rng.pick(vocab::kWords);
    out += rng.chance(0.1) ? '\n' : ' ';
  }
  out.resize(end);
  if (count) out.back() = '\n';
}

// A ZIP archive with one stored text entry, `size` bytes in all (at least the headers).
void fill_zip(Rng& rng, std::string& out, uint64_t size) {
  static constexpr std::string_view kName = "notes.txt";
  const size_t overhead = 30 + kName.size() + 46 + kName.size() + 22;
  size_t body = size > overhead ? size - overhead : 1;
  std::string data;
  fill_text(rng, data, body);
  uint32_t crc = crc32(data);
  size_t start = out.size();
  put32(out, 0x04034b50);
  put16(out, 10), put16(out, 0), put16(out, 0), put16(out, 0), put16(out, 0x21);
  put32(out, crc), put32(out, static_cast<uint32_t>(data.size())), put32(out, static_cast<uint32_t>(data.size()));
  put16(out, kName.size()), put16(out, 0);
  out += kName;
  out += data;
  size_t central = out.size() - start;
  put32(out, 0x02014b50);
  put16(out, 20), put16(out, 10), put16(out, 0), put16(out, 0), put16(out, 0), put16(out, 0x21);
  put32(out, crc), put32(out, static_cast<uint32_t>(data.size())), put32(out, static_cast<uint32_t>(data.size()));
  put16(out, kName.size()), put16(out, 0), put16(out, 0), put16(out, 0), put16(out, 0);
  put32(out, 0), put32(out, 0);
  out += kName;
  size_t central_size = out.size() - start - central;
  put32(out, 0x06054b50);
  put16(out, 0), put16(out, 0), put16(out, 1), put16(out, 1);
  put32(out, static_cast<uint32_t>(central_size)), put32(out, static_cast<uint32_t>(central));
  put16(out, 0);
}

uint64_t long_tailed_size(Rng& rng) {
  double r = rng.unit();
  if (r < 0.98) return rng.log_uniform(16, 16 << 10);
  if (r < 0.999) return rng.log_uniform(16 << 10, 128 << 10);
  return rng.log_uniform(128 << 10, 2 << 20);
}

}  // namespace

FileChoice choose_file(Rng& rng, FileProblem problem) {
  static constexpr std::string_view kPngNames[] = {"screenshot.png", "image.png", "diagram-v2.png", "スクリーンショット.png"};
  static constexpr std::string_view kJpegNames[] = {"IMG_2041.jpg", "photo.jpeg", "写真.jpg", "whiteboard.jpg"};
  static constexpr std::string_view kGifNames[] = {"demo.gif", "anim.gif"};
  static constexpr std::string_view kPdfNames[] = {"report-q3.pdf", "議事録.pdf", "Meeting notes.pdf", "spec.pdf"};
  static constexpr std::string_view kZipNames[] = {"logs.zip", "export (1).zip"};
  static constexpr std::string_view kTextNames[] = {"notes.txt", "README.txt", "メモ.txt", "trace.log.txt"};
  FileChoice f;
  uint64_t r = rng.below(100);
  if (r < 35) f.kind = FileKind::kPng, f.name = rng.pick(kPngNames);
  else if (r < 60) f.kind = FileKind::kJpeg, f.name = rng.pick(kJpegNames);
  else if (r < 65) f.kind = FileKind::kGif, f.name = rng.pick(kGifNames);
  else if (r < 77) f.kind = FileKind::kPdf, f.name = rng.pick(kPdfNames);
  else if (r < 82) f.kind = FileKind::kZip, f.name = rng.pick(kZipNames);
  else f.kind = FileKind::kText, f.name = rng.pick(kTextNames);
  f.size = long_tailed_size(rng);
  if (problem == FileProblem::kTypeMismatch) {
    f.kind = FileKind::kJpeg;
    f.name = "animation.gif";
  } else if (problem == FileProblem::kEmpty) {
    f.size = 0;
  }
  return f;
}

void fill_file_content(FileKind kind, uint64_t size, Rng& rng, std::string& out) {
  out.clear();
  if (size == 0) return;
  switch (kind) {
    case FileKind::kPng: out.append(bytes_of(kPng1x1, sizeof kPng1x1)); break;
    case FileKind::kGif: out.append(bytes_of(kGif1x1, sizeof kGif1x1)); break;
    case FileKind::kJpeg: out.append(bytes_of(kJpegHeader, sizeof kJpegHeader)); break;
    case FileKind::kPdf: out += "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n"; break;
    case FileKind::kZip: fill_zip(rng, out, size); return;
    case FileKind::kText: fill_text(rng, out, size); return;
  }
  std::string_view trailer = kind == FileKind::kJpeg ? "\xFF\xD9" : (kind == FileKind::kPdf ? "\n%%EOF\n" : "");
  if (out.size() + trailer.size() < size) fill_random(rng, out, size - out.size() - trailer.size());
  out += trailer;
}

std::string emoji_image(size_t index) {
  return index % 2 ? std::string(bytes_of(kGif1x1, sizeof kGif1x1)) : std::string(bytes_of(kPng1x1, sizeof kPng1x1));
}

void write_tree_file(const std::string& root, const std::string& relative, std::string_view bytes) {
  std::string path = root + "/" + relative;
  for (size_t slash = root.size() + 1; (slash = path.find('/', slash)) != std::string::npos; ++slash) {
    path[slash] = '\0';
    if (::mkdir(path.c_str(), 0755) != 0 && errno != EEXIST) throw_io_error(path.c_str(), "cannot create directory", errno);
    path[slash] = '/';
  }
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw_io_error(path, "cannot create file", errno);
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      ::close(fd);
      throw_io_error(path, "cannot write", err);
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  if (::close(fd) != 0) throw_io_error(path, "cannot close", errno);
}

}  // namespace mm::gen
