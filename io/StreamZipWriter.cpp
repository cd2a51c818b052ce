#include "io/StreamZipWriter.h"

#include <algorithm>
#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>
#include <zlib.h>

#include "io/Error.h"
#include "io/ImportTree.h"
#include "io/ParallelDeflate.h"
#include "io/ZipWriter.h"  // zip_entry_name_problem

namespace mm {

namespace {

constexpr size_t kPiece = size_t{1} << 20;  // a stored file is copied in pieces of this size
constexpr uint32_t kMax32 = 0xFFFFFFFFu;
// A deflated entry at least this large gets ZIP64 sizes: its compressed size is known only at
// the end and may, for incompressible data, exceed the input by a little.
constexpr uint64_t kDeflateZip64 = 0xFFFF0000u;

void put16(std::string& s, uint16_t v) {
  s.push_back(static_cast<char>(v & 0xFF));
  s.push_back(static_cast<char>(v >> 8));
}
void put32(std::string& s, uint32_t v) {
  for (int i = 0; i < 4; ++i) s.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}
void put64(std::string& s, uint64_t v) {
  for (int i = 0; i < 8; ++i) s.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

void dos_time(time_t t, uint16_t& time, uint16_t& date) {
  struct tm tm {};
  if (!localtime_r(&t, &tm) || tm.tm_year < 80) {
    time = 0;
    date = (1 << 5) | 1;  // 1980-01-01, the format's first day
    return;
  }
  time = static_cast<uint16_t>((tm.tm_hour << 11) | (tm.tm_min << 5) | (tm.tm_sec / 2));
  date = static_cast<uint16_t>(((tm.tm_year - 80) << 9) | ((tm.tm_mon + 1) << 5) | tm.tm_mday);
}

}  // namespace

StreamZipWriter::StreamZipWriter(std::string path) : path_(std::move(path)), buffer_(kPiece) {
  fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd_ < 0) throw_io_error(path_, "cannot create zip", errno);
}

StreamZipWriter::~StreamZipWriter() {
  if (fd_ >= 0) ::close(fd_);
}

void StreamZipWriter::write(const void* data, size_t size) {
  const char* p = static_cast<const char*>(data);
  while (size > 0) {
    ssize_t n = ::write(fd_, p, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw_io_error(path_, "cannot write zip", errno);
    }
    p += n;
    size -= static_cast<size_t>(n);
    offset_ += static_cast<uint64_t>(n);
  }
}

void StreamZipWriter::write_local_header(Entry& e) {
  if (std::string_view problem = zip_entry_name_problem(e.name); !problem.empty())
    throw Error(fmt::format("{}: zip entry name \"{}\" {}: refused", path_, e.name, problem));
  e.offset = offset_;
  std::string h;
  put32(h, 0x04034b50);
  put16(h, e.zip64 ? 45 : 20);
  put16(h, 0x0800);  // names are UTF-8
  put16(h, e.method);
  put16(h, e.time);
  put16(h, e.date);
  put32(h, 0);  // crc, compressed and uncompressed sizes: patched once the data is out
  put32(h, e.zip64 ? kMax32 : 0);
  put32(h, e.zip64 ? kMax32 : 0);
  put16(h, static_cast<uint16_t>(e.name.size()));
  put16(h, e.zip64 ? 20 : 0);
  h += e.name;
  if (e.zip64) {
    put16(h, 0x0001);
    put16(h, 16);
    put64(h, 0);
    put64(h, 0);
  }
  write(h.data(), h.size());
}

void StreamZipWriter::patch_local_header(const Entry& e) {
  std::string p;
  put32(p, e.crc);
  off_t at = static_cast<off_t>(e.offset + 14);
  if (!e.zip64) {
    put32(p, static_cast<uint32_t>(e.compressed));
    put32(p, static_cast<uint32_t>(e.size));
  }
  auto pwrite_all = [&](const std::string& bytes, off_t pos) {
    if (::pwrite(fd_, bytes.data(), bytes.size(), pos) != static_cast<ssize_t>(bytes.size()))
      throw_io_error(path_, "cannot write zip", errno);
  };
  pwrite_all(p, at);
  if (e.zip64) {
    std::string sizes;
    put64(sizes, e.size);
    put64(sizes, e.compressed);
    pwrite_all(sizes, static_cast<off_t>(e.offset + 30 + e.name.size() + 4));
  }
}

void StreamZipWriter::add_stored(const std::string& name, TreeFile& file, PackTee* tee) {
  const uint64_t size = file.size();
  Entry e;
  e.name = name;
  e.method = 0;
  e.zip64 = size >= kMax32;
  dos_time(file.mtime(), e.time, e.date);
  write_local_header(e);
  if (tee) tee->begin();
  uLong crc = crc32(0, nullptr, 0);
  uint64_t total = 0;
  for (;;) {
    ssize_t n = file.read(buffer_.data(), buffer_.size());
    if (n < 0) throw_io_error(name, "cannot read to pack", errno);
    if (n == 0) break;
    auto bytes = static_cast<size_t>(n);
    crc = crc32(crc, reinterpret_cast<const Bytef*>(buffer_.data()), static_cast<uInt>(bytes));
    if (tee) tee->piece(std::string_view(buffer_.data(), bytes));
    write(buffer_.data(), bytes);
    total += bytes;
  }
  if (total != size) throw Error(fmt::format("{}: changed size while being packed ({} bytes, then {})", name, size, total));
  if (file.crc() && *file.crc() != static_cast<uint32_t>(crc))
    throw Error(fmt::format("{}: its bytes do not match the CRC-32 its zip gives (the entry is corrupt)", name));
  if (tee)
    if (std::string why = tee->end(); !why.empty()) throw Error(why);
  e.crc = static_cast<uint32_t>(crc);
  e.size = e.compressed = total;
  patch_local_header(e);
  entries_.push_back(std::move(e));
}

void StreamZipWriter::add_deflated(const std::string& name, const std::string& file, unsigned threads) {
  int in = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) throw_io_error(file, "cannot open to pack", errno);
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{in};
  struct stat st;
  if (::fstat(in, &st) != 0) throw_io_error(file, "cannot stat", errno);
  Entry e;
  e.name = name;
  e.method = 8;
  e.zip64 = static_cast<uint64_t>(st.st_size) >= kDeflateZip64;
  dos_time(st.st_mtime, e.time, e.date);
  write_local_header(e);
  ParallelDeflate deflate(in, file, threads);
  for (;;) {
    size_t n = deflate.read(buffer_.data(), buffer_.size());
    if (n == 0) break;
    write(buffer_.data(), n);
  }
  e.crc = deflate.crc();
  e.size = deflate.bytes_in();
  e.compressed = deflate.bytes_out();
  if (!e.zip64 && (e.size >= kMax32 || e.compressed >= kMax32))
    throw Error(fmt::format("{}: grew past 4 GiB while being packed", file));
  patch_local_header(e);
  entries_.push_back(std::move(e));
}

void StreamZipWriter::finish() {
  const uint64_t cd_offset = offset_;
  std::string cd;
  for (const Entry& e : entries_) {
    const bool big_size = e.zip64 || e.size >= kMax32 || e.compressed >= kMax32;
    const bool big_offset = e.offset >= kMax32;
    std::string extra;
    if (big_size) {
      put64(extra, e.size);
      put64(extra, e.compressed);
    }
    if (big_offset) put64(extra, e.offset);
    cd.clear();
    put32(cd, 0x02014b50);
    put16(cd, (3 << 8) | 45);  // made by: Unix, spec 4.5
    put16(cd, big_size || big_offset ? 45 : 20);
    put16(cd, 0x0800);
    put16(cd, e.method);
    put16(cd, e.time);
    put16(cd, e.date);
    put32(cd, e.crc);
    put32(cd, big_size ? kMax32 : static_cast<uint32_t>(e.compressed));
    put32(cd, big_size ? kMax32 : static_cast<uint32_t>(e.size));
    put16(cd, static_cast<uint16_t>(e.name.size()));
    put16(cd, static_cast<uint16_t>(extra.empty() ? 0 : extra.size() + 4));
    put16(cd, 0);  // comment
    put16(cd, 0);  // disk
    put16(cd, 0);  // internal attributes
    put32(cd, 0100644u << 16);  // a regular file, rw-r--r--
    put32(cd, big_offset ? kMax32 : static_cast<uint32_t>(e.offset));
    cd += e.name;
    if (!extra.empty()) {
      put16(cd, 0x0001);
      put16(cd, static_cast<uint16_t>(extra.size()));
      cd += extra;
    }
    write(cd.data(), cd.size());
  }
  const uint64_t cd_size = offset_ - cd_offset;
  const uint64_t count = entries_.size();
  std::string end;
  if (count >= 0xFFFF || cd_offset >= kMax32 || cd_size >= kMax32) {
    const uint64_t zip64_end = offset_;
    put32(end, 0x06064b50);
    put64(end, 44);
    put16(end, (3 << 8) | 45);
    put16(end, 45);
    put32(end, 0);
    put32(end, 0);
    put64(end, count);
    put64(end, count);
    put64(end, cd_size);
    put64(end, cd_offset);
    put32(end, 0x07064b50);
    put32(end, 0);
    put64(end, zip64_end);
    put32(end, 1);
  }
  put32(end, 0x06054b50);
  put16(end, 0);
  put16(end, 0);
  put16(end, static_cast<uint16_t>(std::min<uint64_t>(count, 0xFFFF)));
  put16(end, static_cast<uint16_t>(std::min<uint64_t>(count, 0xFFFF)));
  put32(end, static_cast<uint32_t>(std::min<uint64_t>(cd_size, kMax32)));
  put32(end, static_cast<uint32_t>(std::min<uint64_t>(cd_offset, kMax32)));
  put16(end, 0);
  write(end.data(), end.size());
  if (::close(fd_) != 0) {
    fd_ = -1;
    throw_io_error(path_, "cannot write zip", errno);
  }
  fd_ = -1;
}

}  // namespace mm
