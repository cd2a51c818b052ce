#include "io/ImportTree.h"

#include <algorithm>
#include <atomic>
#include <climits>
#include <cstring>
#include <filesystem>
#include <system_error>
#include <vector>

#include <linux/openat2.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <zlib.h>

#include "io/Error.h"
#include "io/ZipIndex.h"

namespace mm {

namespace {

constexpr int kMaxLinks = 40;  // as the kernel's path walk (ELOOP beyond)

// Pushes the components of `path` onto `todo` so that the first one is at the back.
void push_components(std::string_view path, std::vector<std::string>& todo) {
  size_t end = path.size();
  while (end > 0) {
    size_t slash = path.rfind('/', end - 1);
    size_t begin = slash == std::string_view::npos ? 0 : slash + 1;
    if (end > begin) todo.emplace_back(path.substr(begin, end - begin));
    if (slash == std::string_view::npos) break;
    end = slash;
  }
}

}  // namespace

UniqueFd::~UniqueFd() {
  if (fd_ >= 0) ::close(fd_);
}

UniqueFd& UniqueFd::operator=(UniqueFd&& o) noexcept {
  if (this != &o) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = o.release();
  }
  return *this;
}

int open_beneath_portable(int dir_fd, std::string_view relative, int flags) {
  flags |= O_CLOEXEC;
  if (relative.empty()) {
    errno = ENOENT;
    return -1;
  }
  if (relative.front() == '/') {
    errno = EXDEV;
    return -1;
  }
  std::vector<std::string> todo;
  push_components(relative, todo);
  std::vector<UniqueFd> stack;  // the directories walked into below dir_fd
  auto current = [&] { return stack.empty() ? dir_fd : stack.back().get(); };
  int links = 0;
  while (!todo.empty()) {
    std::string part = std::move(todo.back());
    todo.pop_back();
    if (part == ".") continue;
    if (part == "..") {
      if (stack.empty()) {
        errno = EXDEV;
        return -1;
      }
      stack.pop_back();  // lexical, as RESOLVE_BENEATH: the directory fds are the real parents
      continue;
    }
    const bool last = todo.empty();
    // The last component with O_NOFOLLOW is the link itself (as open(2) would give it).
    if (last && (flags & O_NOFOLLOW)) return ::openat(current(), part.c_str(), flags);
    UniqueFd at(::openat(current(), part.c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC));
    if (!at) return -1;
    struct stat st;
    if (::fstat(at.get(), &st) != 0) return -1;
    if (S_ISLNK(st.st_mode)) {
      if (++links > kMaxLinks) {
        errno = ELOOP;
        return -1;
      }
      char target[PATH_MAX];
      ssize_t n = ::readlinkat(at.get(), "", target, sizeof target);
      if (n < 0) return -1;
      if (static_cast<size_t>(n) >= sizeof target) {
        errno = ENAMETOOLONG;
        return -1;
      }
      if (n == 0) {
        errno = ENOENT;
        return -1;
      }
      if (target[0] == '/') {  // RESOLVE_BENEATH refuses absolute links, wherever they point
        errno = EXDEV;
        return -1;
      }
      push_components(std::string_view(target, static_cast<size_t>(n)), todo);
      continue;
    }
    // O_NOFOLLOW: were the file swapped for a link since, this fails (ELOOP) instead of following it.
    if (last) return ::openat(current(), part.c_str(), flags | O_NOFOLLOW);
    if (!S_ISDIR(st.st_mode)) {
      errno = ENOTDIR;
      return -1;
    }
    stack.push_back(std::move(at));
  }
  return ::openat(current(), ".", flags);  // the path names a directory ("data/..", "a/.")
}

int open_beneath(int dir_fd, std::string_view relative, int flags) {
  flags |= O_CLOEXEC;
#ifdef SYS_openat2
  static std::atomic<bool> have_openat2{true};
  if (have_openat2.load(std::memory_order_relaxed)) {
    char path[PATH_MAX];  // NUL-terminated for the kernel, without an allocation per file
    if (relative.size() >= sizeof path) {
      errno = ENAMETOOLONG;
      return -1;
    }
    if (relative.find('\0') != std::string_view::npos) {
      errno = ENOENT;
      return -1;
    }
    relative.copy(path, relative.size());
    path[relative.size()] = '\0';
    open_how how{};
    how.flags = static_cast<uint64_t>(flags);
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
    long fd = ::syscall(SYS_openat2, dir_fd, path, &how, sizeof how);
    if (fd >= 0) return static_cast<int>(fd);
    if (errno == ENOSYS) have_openat2.store(false, std::memory_order_relaxed);
    // EPERM: a sandbox that filters the call; the portable walk gives the same answer.
    else if (errno != EPERM) return -1;
  }
#endif
  if (relative.find('\0') != std::string_view::npos) {
    errno = ENOENT;
    return -1;
  }
  return open_beneath_portable(dir_fd, relative, flags);
}

// A deflated entry's stream: raw deflate, inflated as it is read; its input read by pread.
struct TreeFile::Inflater {
  static constexpr size_t kInput = 64 * 1024;
  z_stream z{};
  bool done = false;
  uint64_t in_pos = 0;  // compressed bytes read from the archive
  std::unique_ptr<unsigned char[]> input{new unsigned char[kInput]};
  Inflater() {
    if (inflateInit2(&z, -MAX_WBITS) != Z_OK) throw std::bad_alloc();
  }
  ~Inflater() { inflateEnd(&z); }
  void reset() {
    inflateReset(&z);
    z.avail_in = 0;
    done = false;
    in_pos = 0;
  }
};

TreeFile TreeFile::from_fd(int fd) {
  TreeFile f;
  f.own_ = UniqueFd(fd);
  struct stat st;
  if (fd < 0 || ::fstat(fd, &st) != 0) return f;
  f.open_ = true;
  f.mode_ = st.st_mode;
  f.size_ = static_cast<uint64_t>(st.st_size);
  f.mtime_ = st.st_mtime;
  return f;
}

TreeFile::TreeFile() = default;
TreeFile::~TreeFile() = default;
TreeFile::TreeFile(TreeFile&&) noexcept = default;
TreeFile& TreeFile::operator=(TreeFile&&) noexcept = default;

ssize_t TreeFile::zip_pread(char* dst, size_t n, uint64_t offset) {
  if (offset >= size_) return 0;
  n = static_cast<size_t>(std::min<uint64_t>(n, size_ - offset));
  for (;;) {
    ssize_t r = ::pread(zip_fd_, dst, n, static_cast<off_t>(data_ + offset));
    if (r < 0 && errno == EINTR) continue;
    if (r == 0 && n > 0) {  // the archive shrank under us
      errno = EIO;
      return -1;
    }
    return r;
  }
}

ssize_t TreeFile::inflate_some(char* dst, size_t n) {
  Inflater& in = *inflater_;
  if (in.done || n == 0) return 0;
  in.z.next_out = reinterpret_cast<Bytef*>(dst);
  in.z.avail_out = static_cast<uInt>(std::min<size_t>(n, 1u << 30));
  const uInt before = in.z.avail_out;
  while (in.z.avail_out == before) {
    if (in.z.avail_in == 0) {
      if (in.in_pos >= compressed_) {  // the stream ends before its end marker
        errno = EIO;
        return -1;
      }
      size_t want = static_cast<size_t>(std::min<uint64_t>(Inflater::kInput, compressed_ - in.in_pos));
      ssize_t r;
      do r = ::pread(zip_fd_, in.input.get(), want, static_cast<off_t>(data_ + in.in_pos));
      while (r < 0 && errno == EINTR);
      if (r < 0) return -1;
      if (r == 0) {
        errno = EIO;
        return -1;
      }
      in.in_pos += static_cast<uint64_t>(r);
      in.z.next_in = in.input.get();
      in.z.avail_in = static_cast<uInt>(r);
    }
    int rc = ::inflate(&in.z, Z_NO_FLUSH);
    if (rc == Z_STREAM_END) {
      in.done = true;
      break;
    }
    if (rc != Z_OK && rc != Z_BUF_ERROR) {
      errno = EIO;
      return -1;
    }
  }
  const size_t got = before - in.z.avail_out;
  // More than the directory's size (a bomb, or a lying record), or less at the end: corrupt.
  if (pos_ + got > size_ || (in.done && pos_ + got != size_)) {
    errno = EIO;
    return -1;
  }
  pos_ += got;
  return static_cast<ssize_t>(got);
}

ssize_t TreeFile::read(char* dst, size_t n) {
  if (zip_fd_ < 0) {
    for (;;) {
      ssize_t r = ::read(own_.get(), dst, n);
      if (r < 0 && errno == EINTR) continue;
      return r;
    }
  }
  if (method_ == 8) return inflate_some(dst, n);
  ssize_t r = zip_pread(dst, n, pos_);
  if (r > 0) pos_ += static_cast<uint64_t>(r);
  return r;
}

ssize_t TreeFile::pread(char* dst, size_t n, uint64_t offset) {
  if (zip_fd_ < 0) {
    for (;;) {
      ssize_t r = ::pread(own_.get(), dst, n, static_cast<off_t>(offset));
      if (r < 0 && errno == EINTR) continue;
      return r;
    }
  }
  if (method_ != 8) return zip_pread(dst, n, offset);
  if (offset < pos_) {  // back: from the start of the stream again
    inflater_->reset();
    pos_ = 0;
  }
  char skip[16 * 1024];
  while (pos_ < offset) {
    ssize_t r = inflate_some(skip, static_cast<size_t>(std::min<uint64_t>(sizeof skip, offset - pos_)));
    if (r <= 0) return r;
  }
  return inflate_some(dst, n);
}

ImportTree::ImportTree(const std::string& path) : dir_(path) {
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) throw_io_error(path, "cannot open the import directory or zip", errno);
  struct stat st;
  if (::fstat(fd_, &st) != 0) {
    int err = errno;
    ::close(fd_);
    fd_ = -1;
    throw_io_error(path, "cannot stat the import tree", err);
  }
  if (S_ISDIR(st.st_mode)) return;
  if (!S_ISREG(st.st_mode)) {
    ::close(fd_);
    fd_ = -1;
    throw Error(path + ": the import tree is neither a directory nor a zip archive");
  }
  try {
    zip_ = std::make_unique<ZipIndex>(fd_, path);
  } catch (const Error& e) {
    ::close(fd_);
    fd_ = -1;
    throw Error(std::string(e.what()) + "; --import-path takes a directory holding data/, or an export .zip");
  }
}

ImportTree::~ImportTree() {
  zip_.reset();
  if (fd_ >= 0) ::close(fd_);
}

std::string ImportTree::where(std::string_view relative) const {
  std::string out = dir_;
  out += is_zip() ? ':' : '/';
  out += relative;
  return out;
}

int ImportTree::open(std::string_view relative, int flags) const {
  if (is_zip()) {
    errno = ENOTSUP;
    return -1;
  }
  return open_beneath(fd_, relative, flags);
}

namespace {

// The entry `relative` names, or the directory entry "relative/"; -1 with errno when none.
int find_zip_entry(const ZipIndex& zip, std::string_view relative, ZipEntry& e) {
  if (relative.empty() || relative.front() == '/') {
    errno = relative.empty() ? ENOENT : EXDEV;
    return -1;
  }
  switch (zip.find(relative, e)) {
    case ZipIndex::Found::kYes: return 0;
    case ZipIndex::Found::kDuplicate: errno = ENOTUNIQ; return -1;
    case ZipIndex::Found::kNo: break;
  }
  thread_local std::string as_dir;
  as_dir.assign(relative);
  as_dir += '/';
  ZipIndex::Found dir = zip.find(as_dir, e);
  if (dir == ZipIndex::Found::kNo) {
    errno = ENOENT;
    return -1;
  }
  if (dir == ZipIndex::Found::kDuplicate) {
    errno = ENOTUNIQ;
    return -1;
  }
  return 0;
}

mode_t zip_mode(const ZipEntry& e) {
  if (e.directory) return S_IFDIR | 0755;
  if (e.symlink) return S_IFLNK | 0777;
  return S_IFREG | 0644;
}

}  // namespace

TreeFile open_zip_entry(const ZipIndex& zip, const ZipEntry& e) {
  TreeFile f;
  f.mode_ = zip_mode(e);
  f.size_ = e.size;
  f.mtime_ = e.mtime();
  f.crc_ = e.crc;
  f.zip_fd_ = zip.fd();
  f.method_ = e.method;
  f.compressed_ = e.compressed;
  if (f.regular()) {
    if (e.encrypted() || (e.method != 0 && e.method != 8)) {
      errno = ENOTSUP;  // read by no importer either
      return f;
    }
    if (!zip.data_offset(e, f.data_) || (e.method == 0 && e.compressed != e.size)) {
      errno = EIO;
      return f;
    }
    if (e.method == 8) f.inflater_ = std::make_unique<TreeFile::Inflater>();
  }
  f.open_ = true;
  return f;
}

TreeFile ImportTree::open_file(std::string_view relative) const {
  if (!is_zip()) return TreeFile::from_fd(open_beneath(fd_, relative));
  ZipEntry e;
  if (find_zip_entry(*zip_, relative, e) != 0) return TreeFile();
  return open_zip_entry(*zip_, e);
}

int ImportTree::stat(std::string_view relative, struct stat& st) const {
  if (!is_zip()) {
    UniqueFd fd(open(relative, O_PATH));
    if (!fd) return -1;
    return ::fstat(fd.get(), &st);
  }
  ZipEntry e;
  if (find_zip_entry(*zip_, relative, e) != 0) return -1;
  std::memset(&st, 0, sizeof st);
  st.st_mode = zip_mode(e);
  st.st_size = static_cast<off_t>(e.size);
  st.st_mtime = e.mtime();
  st.st_nlink = 1;
  return 0;
}

void ImportTree::for_each_data_file(const std::function<void(std::string_view, uint64_t)>& fn) const {
  if (is_zip()) {
    zip_->for_each([&](std::string_view name, const ZipEntry& e) {
      if (name.size() > 5 && name.substr(0, 5) == "data/" && !e.directory && !e.symlink) fn(name, e.size);
    });
    return;
  }
  namespace fs = std::filesystem;
  fs::path data = fs::path(dir_) / "data";
  std::error_code ec;
  if (!fs::is_directory(data, ec)) return;
  fs::recursive_directory_iterator it(data, fs::directory_options::none, ec), end;
  if (ec) throw_io_error(data.string(), "cannot read directory", ec.value());
  std::string relative;
  for (; it != end; it.increment(ec)) {
    if (ec) throw_io_error(data.string(), "cannot read directory", ec.value());
    const fs::directory_entry& entry = *it;
    if (!entry.is_regular_file(ec) || entry.is_symlink(ec)) continue;
    relative = "data/" + entry.path().lexically_relative(data).generic_string();
    fn(relative, entry.file_size(ec));
  }
}

uint64_t ImportTree::unreachable_entries() const { return zip_ ? zip_->unreachable() : 0; }

}  // namespace mm
