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
    throw Error(path_ + ": cannot write zip: " + message);
  }
  archive_ = nullptr;
}

}  // namespace mm
