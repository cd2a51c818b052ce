// Builds an output file tree out of files of a source tree: each file is hard-linked (link(2))
// where possible and copied otherwise (another file system, or links not permitted). The source
// tree is only read. Safe to call from several threads at once; parent directories are created
// as needed.
#pragma once

#include <string>

namespace mm {

class TreeLinker {
 public:
  enum class Placed { kLinked, kCopied, kExisted };

  // source_dir_fd stays owned by the caller; out_dir must exist.
  TreeLinker(int source_dir_fd, const std::string& out_dir);
  ~TreeLinker();
  TreeLinker(const TreeLinker&) = delete;
  TreeLinker& operator=(const TreeLinker&) = delete;

  // Places source file `from` at `to` (both relative). kExisted: something is at `to` already
  // and nothing was done. Throws mm::Error on any other failure.
  Placed place(const std::string& from, const std::string& to) const;

  // Whether anything (file, directory, symlink) exists at `relative` in the source tree.
  bool exists_in_source(const std::string& relative) const;

 private:
  void make_parents(const std::string& relative) const;
  Placed copy(const std::string& from, const std::string& to) const;

  int source_fd_;
  std::string out_dir_;
  int out_fd_ = -1;
};

}  // namespace mm
