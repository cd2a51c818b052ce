#include "stages/AttachmentCheck.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <memory>
#include <mutex>
#include <vector>

#include <magic.h>

#include "stages/ImportPath.h"
#include "stages/MergePlan.h"

namespace mm {

namespace {

constexpr size_t kHeadBytes = 64 * 1024;

struct ImageType {
  std::string_view extension;
  std::string_view mime;
};
constexpr ImageType kImageTypes[] = {{"jpg", "image/jpeg"}, {"jpeg", "image/jpeg"}, {"png", "image/png"},
                                     {"gif", "image/gif"},  {"webp", "image/webp"}, {"bmp", "image/bmp"},
                                     {"tif", "image/tiff"}, {"tiff", "image/tiff"}};

struct Cookie {
  magic_t magic = nullptr;
  Cookie() {
    static std::mutex load_mutex;  // magic_load is not safe to run concurrently
    std::lock_guard lock(load_mutex);
    magic = magic_open(MAGIC_MIME_TYPE);
    if (magic && magic_load(magic, nullptr) != 0) {
      magic_close(magic);
      magic = nullptr;
    }
  }
  ~Cookie() {
    if (magic) magic_close(magic);
  }
};

std::string_view extension_of(std::string_view path) {
  size_t slash = path.rfind('/');
  size_t dot = path.rfind('.');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) return {};
  return path.substr(dot + 1);
}

}  // namespace

std::string detect_mime_type(const void* data, size_t size) {
  thread_local Cookie cookie;
  if (!cookie.magic) return {};
  const char* type = magic_buffer(cookie.magic, data, size);
  return type ? std::string(type) : std::string();
}

AttachmentStatus AttachmentChecker::check(std::string_view path) const {
  AttachmentStatus status;
  std::optional<std::string> joined = resolve_import_path(path, "data");
  if (!joined) {
    status.problem = AttachmentProblem::kMissing;
    return status;
  }
  std::string file = import_dir_ + "/" + *joined;
  int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  struct stat st {};
  if (fd < 0 || ::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    if (fd >= 0) ::close(fd);
    status.problem = AttachmentProblem::kMissing;
    return status;
  }
  if (st.st_size == 0) {
    ::close(fd);
    status.problem = AttachmentProblem::kEmpty;
    return status;
  }
  std::string ext = lower_ascii(extension_of(path));
  for (const ImageType& t : kImageTypes)
    if (t.extension == ext) status.expected = std::string(t.mime);
  if (status.expected.empty()) {
    ::close(fd);
    return status;
  }
  thread_local std::vector<char> head(kHeadBytes);
  ssize_t n = ::pread(fd, head.data(), head.size(), 0);
  ::close(fd);
  if (n <= 0) {
    status.problem = AttachmentProblem::kMissing;
    return status;
  }
  status.detected = detect_mime_type(head.data(), static_cast<size_t>(n));
  if (status.detected == status.expected) return status;
  status.problem = AttachmentProblem::kTypeMismatch;
  std::string_view base = path.substr(0, path.size() - ext.size());
  status.fixed_path = std::string(base);
  std::string_view new_ext;
  for (const ImageType& t : kImageTypes)
    if (t.mime == status.detected && new_ext.empty()) new_ext = t.extension;
  if (status.detected == "application/pdf") new_ext = "pdf";
  if (status.detected == "application/zip") new_ext = "zip";
  if (status.detected.rfind("text/", 0) == 0) new_ext = "txt";
  status.fixed_path += new_ext.empty() ? "bin" : new_ext;
  return status;
}

}  // namespace mm
