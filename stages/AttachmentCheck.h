// Checks one attachment file of an export against an import directory, as `plan --import-path`
// needs it: the file exists under DIR/data (resolved as the importer does, stages/ImportPath.h),
// is not empty, and its content (libmagic, first 64 KiB) agrees with an image extension the
// server picks its decoder by (.jpg/.jpeg/.png/.gif/.webp/.bmp/.tif/.tiff). Thread-safe: one
// libmagic cookie per thread.
#pragma once

#include <string>
#include <string_view>

namespace mm {

enum class AttachmentProblem { kNone, kMissing, kEmpty, kTypeMismatch };

struct AttachmentStatus {
  AttachmentProblem problem = AttachmentProblem::kNone;
  std::string detected;   // MIME type by content, when read
  std::string expected;   // MIME type the extension names, when it names an image type
  std::string fixed_path; // type mismatch: the path with the extension of the detected type
};

class AttachmentChecker {
 public:
  explicit AttachmentChecker(std::string import_dir) : import_dir_(std::move(import_dir)) {}
  AttachmentStatus check(std::string_view path) const;

 private:
  std::string import_dir_;
};

// The MIME type of a file's first bytes, by libmagic ("" when it cannot tell).
std::string detect_mime_type(const void* data, size_t size);

}  // namespace mm
