#include "tools/gen-synthetic/DataTree.h"

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

#include "io/Error.h"

namespace mm::gen {

DataTree::DataTree(std::string final_path) : final_(std::move(final_path)) {
  if (::access(final_.c_str(), F_OK) == 0)
    throw Error(final_ + ": already exists; remove it or choose another --out directory");
  auto slash = final_.rfind('/');
  std::string dir = slash == std::string::npos ? "" : final_.substr(0, slash + 1);
  std::string base = slash == std::string::npos ? final_ : final_.substr(slash + 1);
  staging_ = dir + "." + base + ".tmp-" + std::to_string(::getpid());
  std::error_code ec;
  std::filesystem::remove_all(staging_, ec);
  if (::mkdir(staging_.c_str(), 0755) != 0) throw_io_error(staging_, "cannot create directory", errno);
}

DataTree::~DataTree() {
  if (committed_) return;
  std::error_code ec;
  std::filesystem::remove_all(staging_, ec);
}

void DataTree::commit() {
  if (::rename(staging_.c_str(), final_.c_str()) != 0) throw_io_error(final_, "cannot rename the data tree into place", errno);
  committed_ = true;
}

}  // namespace mm::gen
