#include "tools/gen-synthetic/ZipPackage.h"

#include <algorithm>
#include <filesystem>
#include <vector>

#include <zip.h>

#include "io/Error.h"

namespace mm::gen {
namespace {

constexpr time_t kFixedTime = 1704067200;  // 2024-01-01T00:00:00Z

struct ZipCloser {
  zip_t* z;
  ~ZipCloser() {
    if (z) zip_discard(z);
  }
};

void add_file(zip_t* z, const std::string& zip_path, const std::string& entry, const std::string& file, bool deflate) {
  zip_source_t* src = zip_source_file(z, file.c_str(), 0, -1);
  if (!src) throw Error(file + ": cannot add to " + zip_path + ": " + zip_strerror(z));
  zip_int64_t index = zip_file_add(z, entry.c_str(), src, ZIP_FL_ENC_UTF_8);
  if (index < 0) {
    zip_source_free(src);
    throw Error(zip_path + ": cannot add " + entry + ": " + zip_strerror(z));
  }
  zip_set_file_compression(z, static_cast<zip_uint64_t>(index), deflate ? ZIP_CM_DEFLATE : ZIP_CM_STORE, deflate ? 1 : 0);
  zip_file_set_mtime(z, static_cast<zip_uint64_t>(index), kFixedTime, 0);
}

}  // namespace

void write_zip_package(const std::string& zip_path, const std::string& jsonl_path, const std::string& data_dir) {
  int error = 0;
  ZipCloser zip{zip_open(zip_path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error)};
  if (!zip.z) {
    zip_error_t ze;
    zip_error_init_with_code(&ze, error);
    std::string message = zip_error_strerror(&ze);
    zip_error_fini(&ze);
    throw Error(zip_path + ": cannot create: " + message);
  }
  add_file(zip.z, zip_path, "import.jsonl", jsonl_path, true);
  if (!data_dir.empty()) {
    std::vector<std::string> files;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(data_dir))
      if (entry.is_regular_file()) files.push_back(std::filesystem::relative(entry.path(), data_dir).string());
    std::sort(files.begin(), files.end());
    for (const std::string& f : files) add_file(zip.z, zip_path, "data/" + f, data_dir + "/" + f, false);
  }
  if (zip_close(zip.z) != 0) throw Error(zip_path + ": cannot write: " + zip_strerror(zip.z));
  zip.z = nullptr;
}

}  // namespace mm::gen
