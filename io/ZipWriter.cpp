#include "io/ZipWriter.h"

#include <cerrno>

#include <zip.h>

#include "io/Error.h"

namespace mm {

ZipWriter::ZipWriter(std::string path) : path_(std::move(path)) {
  int err = 0;
  archive_ = zip_open(path_.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
  if (!archive_) {
    zip_error_t ze;
    zip_error_init_with_code(&ze, err);
    std::string message = zip_error_strerror(&ze);
    zip_error_fini(&ze);
    throw Error(path_ + ": cannot create zip: " + message);
  }
}

ZipWriter::~ZipWriter() {
  if (archive_) zip_discard(archive_);
  close_sources();
}

void ZipWriter::close_sources() noexcept {
  for (auto& [path, source] : sources_) zip_discard(source);
  sources_.clear();
}

bool ZipWriter::add_from_zip(const std::string& name, const std::string& zip_path, const std::string& entry) {
  ::zip*& source = sources_[zip_path];
  if (!source) {
    int err = 0;
    source = zip_open(zip_path.c_str(), ZIP_RDONLY, &err);
    if (!source) {
      sources_.erase(zip_path);
      throw Error(zip_path + ": cannot open zip to copy files from");
    }
  }
  zip_int64_t index = zip_name_locate(source, entry.c_str(), ZIP_FL_ENC_GUESS);
  if (index < 0) return false;
  zip_source_t* data = zip_source_zip(archive_, source, static_cast<zip_uint64_t>(index), 0, 0, -1);
  if (!data) throw Error(zip_path + ": cannot read " + entry + ": " + zip_strerror(archive_));
  zip_int64_t added = zip_file_add(archive_, name.c_str(), data, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
  if (added < 0) {
    zip_source_free(data);
    throw Error(path_ + ": cannot add " + name + ": " + zip_strerror(archive_));
  }
  if (zip_set_file_compression(archive_, static_cast<zip_uint64_t>(added), ZIP_CM_STORE, 0) != 0)
    throw Error(path_ + ": cannot set compression of " + name + ": " + zip_strerror(archive_));
  return true;
}

void ZipWriter::add_file(const std::string& name, const std::string& file, bool store) {
  zip_source_t* source = zip_source_file(archive_, file.c_str(), 0, 0);
  if (!source) throw Error(file + ": cannot read for " + path_ + ": " + zip_strerror(archive_));
  zip_int64_t index = zip_file_add(archive_, name.c_str(), source, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
  if (index < 0) {
    zip_source_free(source);
    throw Error(path_ + ": cannot add " + name + ": " + zip_strerror(archive_));
  }
  if (zip_set_file_compression(archive_, static_cast<zip_uint64_t>(index), store ? ZIP_CM_STORE : ZIP_CM_DEFLATE,
                               store ? 0 : 1) != 0)
    throw Error(path_ + ": cannot set compression of " + name + ": " + zip_strerror(archive_));
}

void ZipWriter::commit() {
  if (zip_close(archive_) != 0) {
    std::string message = zip_strerror(archive_);
    zip_discard(archive_);
    archive_ = nullptr;
    close_sources();
    throw Error(path_ + ": cannot write zip: " + message);
  }
  archive_ = nullptr;
  close_sources();
}

}  // namespace mm
