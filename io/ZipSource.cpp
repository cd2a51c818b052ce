#include "io/ZipSource.h"

#include <cerrno>
#include <cstring>

#include <zlib.h>

#include "io/Error.h"
#include "io/ZipIndex.h"

namespace mm {

bool is_root_jsonl_name(std::string_view name) {
  static constexpr std::string_view kExt = ".jsonl";
  if (name.size() <= kExt.size()) return false;
  if (name.find('/') != std::string_view::npos || name.find('\\') != std::string_view::npos ||
      name.find("..") != std::string_view::npos)
    return false;
  return name.compare(name.size() - kExt.size(), kExt.size(), kExt) == 0;
}

ZipSource::ZipSource(const std::string& path) : path_(path) {
  fd_ = UniqueFd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd_) throw_io_error(path, "cannot open zip", errno);
  index_ = std::make_unique<ZipIndex>(fd_.get(), path);
  ZipEntry entry;
  if (!index_->first([](std::string_view name, const ZipEntry& e) { return !e.directory && is_root_jsonl_name(name); },
                     member_, entry))
    throw Error(path + ": zip holds no root-level .jsonl file (an mmctl export has import.jsonl)");
  name_ = path + ":" + member_;
  file_ = open_zip_entry(*index_, entry);
  if (!file_) throw Error(name_ + ": cannot open: " + std::strerror(errno));
  size_ = entry.size;
}

ZipSource::~ZipSource() = default;

size_t ZipSource::read(char* dst, size_t max) {
  size_t got = 0;
  while (got < max) {
    ssize_t n = file_.read(dst + got, max - got);
    if (n < 0) throw Error(name_ + ": corrupt zip data: " + std::strerror(errno));
    if (n == 0) break;
    got += static_cast<size_t>(n);
  }
  crc_ = static_cast<uint32_t>(crc32(crc_, reinterpret_cast<const Bytef*>(dst), static_cast<uInt>(got)));
  read_ += got;
  if (got < max && file_.crc() && crc_ != *file_.crc())  // the end: all of it read
    throw Error(name_ + ": corrupt zip data: CRC error (the entry's bytes do not match its CRC-32)");
  return got;
}

}  // namespace mm
