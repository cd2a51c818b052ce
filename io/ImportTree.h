// The import tree: the directory given as --import-path (it holds data/, and the paths written in
// lines resolve under DIR/data as stages/ImportPath.h resolves them). Every command that reads an
// attachment, emoji image or profile image goes through this one class, so that no file outside
// the tree is ever opened, stat'ed, linked or packed through it.
//
// The tree is held as a directory fd and every path is resolved beneath it by the kernel
// (openat2 with RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS), or, where openat2 is missing (Linux
// before 5.6, some seccomp sandboxes), component by component with openat(O_NOFOLLOW), following
// a symbolic link only by reading it and going on inside the tree. Both refuse the same paths with
// the same error, EXDEV, the one answer for "leaves the tree" (docs/robustness.md, "One import
// tree"):
//
//   - an absolute path, or an absolute symbolic link anywhere on the way;
//   - a `..` that climbs above the tree's root;
//   - a relative symbolic link that leads out of the tree (a file or a directory in the middle).
//
// A symbolic link that stays inside the tree is followed. Other errors are the usual errno values
// (ENOENT, ENOTDIR, EACCES, ELOOP for too many links).
#pragma once

#include <cerrno>
#include <string>
#include <string_view>

#include <fcntl.h>
#include <sys/stat.h>

namespace mm {

// Flags for reading a file of the tree. O_NONBLOCK: a FIFO in the tree must not hang the run
// (callers reject anything but a regular file after fstat).
inline constexpr int kTreeReadFlags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;

// Opens `relative` under `dir_fd` without leaving that directory (see above), with open(2)
// `flags` (O_CLOEXEC is always added). Returns the fd, or -1 with errno set (EXDEV: leaves).
int open_beneath(int dir_fd, std::string_view relative, int flags = kTreeReadFlags);

// The same resolution without openat2 (what open_beneath falls back to); exposed for its tests.
int open_beneath_portable(int dir_fd, std::string_view relative, int flags = kTreeReadFlags);

// Whether an errno from open_beneath means "the path leaves the tree".
inline bool leaves_tree(int err) { return err == EXDEV; }

// What every command says of a path (already resolved under data/, so neither absolute nor
// climbing out) that open_beneath refused with EXDEV.
inline constexpr std::string_view kLeavesTreeDetail = "a symbolic link on its way leads out of the import tree";

class ImportTree {
 public:
  // Opens DIR; throws mm::Error (exit 2) if it is not a directory that can be opened.
  explicit ImportTree(const std::string& dir);
  ~ImportTree();
  ImportTree(const ImportTree&) = delete;
  ImportTree& operator=(const ImportTree&) = delete;

  const std::string& dir() const { return dir_; }
  int fd() const { return fd_; }

  // `relative` is relative to DIR ("data/a/b.png", as resolve_import_path gives it).
  int open(std::string_view relative, int flags = kTreeReadFlags) const { return open_beneath(fd_, relative, flags); }
  // stat(2) of the file `relative` names, resolved beneath the tree: 0, or -1 with errno as open.
  int stat(std::string_view relative, struct stat& st) const;

 private:
  std::string dir_;
  int fd_ = -1;
};

// Owns an fd; closes it when destroyed.
class UniqueFd {
 public:
  explicit UniqueFd(int fd = -1) : fd_(fd) {}
  ~UniqueFd();
  UniqueFd(UniqueFd&& o) noexcept : fd_(o.release()) {}
  UniqueFd& operator=(UniqueFd&& o) noexcept;
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  int get() const { return fd_; }
  int release() {
    int fd = fd_;
    fd_ = -1;
    return fd;
  }
  explicit operator bool() const { return fd_ >= 0; }

 private:
  int fd_;
};

}  // namespace mm
