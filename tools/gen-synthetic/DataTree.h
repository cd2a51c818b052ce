// The data/ directory of an export pair, built in a hidden staging directory beside it and
// renamed into place by commit(), so a stopped or failed run leaves no partial tree under the
// final name (the destructor removes an uncommitted staging directory).
#pragma once

#include <string>

namespace mm::gen {

class DataTree {
 public:
  // Refuses (mm::Error) when `final_path` exists: an existing tree is never modified.
  explicit DataTree(std::string final_path);
  ~DataTree();
  DataTree(const DataTree&) = delete;
  DataTree& operator=(const DataTree&) = delete;

  const std::string& staging_path() const { return staging_; }
  const std::string& final_path() const { return final_; }
  void commit();

 private:
  std::string final_;
  std::string staging_;
  bool committed_ = false;
};

}  // namespace mm::gen
