// The import tree: what --import-path names (it holds data/, and the paths written in lines
// resolve under data/ as stages/ImportPath.h resolves them). Every command that reads an
// attachment, emoji image or profile image goes through this one class, so that no file outside
// the tree is ever opened, stat'ed, linked or packed through it. One interface, two backings:
//
//   - a directory (below);
//   - an mmctl export .zip (a regular file), whose entries are read in place: the central
//     directory indexed once (io/ZipIndex.h), a stored entry read by pread at its data offset, a
//     deflated one inflated as it is read. Only clean entry names are reachable (no `..`, no
//     leading '/', no backslash); a zip has no symbolic links to follow (an entry stored as one is
//     not a regular file). A name two entries share is refused as ambiguous (ENOTUNIQ).
//
// A directory tree is held as a directory fd and every path is resolved beneath it by the kernel
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
#include <cstdint>
#include <ctime>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/types.h>

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

// Whether an errno from ImportTree::open_file / stat means "two entries of the zip bear this name".
inline bool ambiguous_in_tree(int err) { return err == ENOTUNIQ; }
inline constexpr std::string_view kAmbiguousDetail =
    "the zip holds more than one entry of this name: which one an import would read is undefined";

class ZipIndex;
struct ZipEntry;

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

// One open file of the tree, whichever the backing: read in order, or at an offset. Falsy when
// the open failed (errno says why). Not shared between threads.
class TreeFile {
 public:
  TreeFile();
  // A file of a directory tree, open at `fd` (owned from now on); fstat'ed here.
  static TreeFile from_fd(int fd);
  ~TreeFile();
  TreeFile(TreeFile&&) noexcept;
  TreeFile& operator=(TreeFile&&) noexcept;

  explicit operator bool() const { return open_; }
  bool regular() const { return S_ISREG(mode_); }
  uint64_t size() const { return size_; }
  time_t mtime() const { return mtime_; }
  // The CRC-32 the zip's directory gives the entry; none for a directory tree's file.
  std::optional<uint32_t> crc() const { return crc_; }

  // The next bytes, up to `n`: the count, 0 at the end, -1 with errno (EIO: corrupt zip data).
  ssize_t read(char* dst, size_t n);
  // Up to `n` bytes at `offset`. A directory file's or a stored entry's read() position stays as
  // it was; a deflated entry is inflated up to `offset` (from its start when going back), which
  // moves read()'s position there.
  ssize_t pread(char* dst, size_t n, uint64_t offset);

 private:
  friend TreeFile open_zip_entry(const ZipIndex& zip, const ZipEntry& e);
  struct Inflater;

  ssize_t inflate_some(char* dst, size_t n);
  ssize_t zip_pread(char* dst, size_t n, uint64_t offset);

  bool open_ = false;
  mode_t mode_ = 0;
  uint64_t size_ = 0;
  time_t mtime_ = 0;
  std::optional<uint32_t> crc_;
  UniqueFd own_;          // a directory tree's file
  int zip_fd_ = -1;       // a zip entry: the archive (the tree's, not owned)
  uint64_t data_ = 0;     // its data offset in the archive
  uint64_t compressed_ = 0;
  uint16_t method_ = 0;
  uint64_t pos_ = 0;      // read()'s position in the content
  std::unique_ptr<Inflater> inflater_;
};

// The entry `e` of `zip` opened for reading (as ImportTree::open_file opens one). Falsy with errno
// ENOTSUP (encrypted, or a method other than stored and deflated) or EIO (no local header).
TreeFile open_zip_entry(const ZipIndex& zip, const ZipEntry& e);

class ImportTree {
 public:
  // Opens PATH: a directory, or a regular file read as a zip archive. Throws mm::Error (exit 2)
  // if it is neither, or a zip whose directory cannot be read.
  explicit ImportTree(const std::string& path);
  ~ImportTree();
  ImportTree(const ImportTree&) = delete;
  ImportTree& operator=(const ImportTree&) = delete;

  const std::string& dir() const { return dir_; }
  bool is_zip() const { return zip_ != nullptr; }
  // A directory tree's fd; -1 for a zip.
  int fd() const { return is_zip() ? -1 : fd_; }
  const ZipIndex* zip() const { return zip_.get(); }
  // How messages name the file `relative` of the tree: "DIR/data/a.png", "X.zip:data/a.png".
  std::string where(std::string_view relative) const;

  // `relative` is relative to the tree's root ("data/a/b.png", as resolve_import_path gives it).
  // A directory tree only: an fd (for TreeLinker and the like); on a zip -1 with ENOTSUP.
  int open(std::string_view relative, int flags = kTreeReadFlags) const;
  // The file `relative` names, opened for reading (either backing).
  TreeFile open_file(std::string_view relative) const;
  // stat(2) of the file `relative` names (st_mode, st_size, st_mtime for a zip entry): 0, or -1
  // with errno as open_file.
  int stat(std::string_view relative, struct stat& st) const;
  // Every regular file under data/ (a directory tree: symbolic links neither followed nor listed),
  // as "data/…" with its size. Throws mm::Error when a directory cannot be read.
  void for_each_data_file(const std::function<void(std::string_view relative, uint64_t size)>& fn) const;
  // Zip entries no name can reach (io/ZipIndex.h); 0 for a directory.
  uint64_t unreachable_entries() const;

 private:
  std::string dir_;
  int fd_ = -1;  // the directory, or the zip archive
  std::unique_ptr<ZipIndex> zip_;
};

}  // namespace mm
