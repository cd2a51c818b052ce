// Builds an output file tree out of files of a source tree: each file is hard-linked where
// possible and copied otherwise (another file system, or links not permitted). The source tree is
// only read. Safe to call from several threads at once; parent directories are created as needed.
//
// No path is resolved twice: the source file is opened beneath the source tree
// (io/ImportTree.h) and linked from that fd (linkat AT_EMPTY_PATH, or /proc/self/fd), into a
// parent directory opened component by component beneath the output directory with O_NOFOLLOW.
// A link swapped in after a check can therefore never make a file from outside either tree
// appear in the output.
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

  // Whether anything (file, directory, symlink) exists at `relative` in the source tree (a path
  // leading out of it counts as taken).
  bool exists_in_source(const std::string& relative) const;

 private:
  // The directory that holds `to` in the output (created as needed), and `to`'s last component.
  int open_out_parent(const std::string& to, std::string& base) const;
  Placed copy(const std::string& from, int out_parent, const std::string& base, const std::string& to) const;

  int source_fd_;
  std::string out_dir_;
  int out_fd_ = -1;
};

}  // namespace mm
