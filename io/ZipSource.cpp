#include "io/ZipSource.h"

#include <zip.h>

#include "io/Error.h"

namespace mm {

bool is_root_jsonl_name(const std::string& name) {
  static constexpr std::string_view kExt = ".jsonl";
  if (name.size() <= kExt.size()) return false;
  if (name.find('/') != std::string::npos || name.find('\\') != std::string::npos || name.find("..") != std::string::npos)
    return false;
  return name.compare(name.size() - kExt.size(), kExt.size(), kExt) == 0;
}

ZipSource::ZipSource(const std::string& path) : path_(path) {
  int err = 0;
  archive_ = zip_open(path.c_str(), ZIP_RDONLY, &err);
  if (!archive_) {
    zip_error_t ze;
    zip_error_init_with_code(&ze, err);
    std::string msg = zip_error_strerror(&ze);
    zip_error_fini(&ze);
    throw Error(path + ": cannot open zip: " + msg);
  }
  zip_int64_t n = zip_get_num_entries(archive_, 0);
  zip_int64_t found = -1;
  for (zip_int64_t i = 0; i < n; ++i) {
    const char* entry = zip_get_name(archive_, static_cast<zip_uint64_t>(i), 0);
    if (entry && is_root_jsonl_name(entry)) {
      found = i;
      member_ = entry;
      break;
    }
  }
  if (found < 0) {
    zip_close(archive_);
    archive_ = nullptr;
    throw Error(path + ": zip holds no root-level .jsonl file (an mmctl export has import.jsonl)");
  }
  zip_stat_t st;
  if (zip_stat_index(archive_, static_cast<zip_uint64_t>(found), 0, &st) == 0 &&
      (st.valid & ZIP_STAT_SIZE))
    size_ = st.size;
  file_ = zip_fopen_index(archive_, static_cast<zip_uint64_t>(found), 0);
  if (!file_) {
    std::string msg = zip_strerror(archive_);
    zip_close(archive_);
    archive_ = nullptr;
    throw Error(path + ": cannot open " + member_ + ": " + msg);
  }
  name_ = path + ":" + member_;
}

ZipSource::~ZipSource() {
  if (file_) zip_fclose(file_);
  if (archive_) zip_discard(archive_);
}

size_t ZipSource::read(char* dst, size_t max) {
  size_t got = 0;
  while (got < max) {
    zip_int64_t n = zip_fread(file_, dst + got, max - got);
    if (n < 0) throw Error(name_ + ": corrupt zip data: " + zip_file_strerror(file_));
    if (n == 0) break;
    got += static_cast<size_t>(n);
  }
  read_ += got;
  return got;
}

}  // namespace mm
