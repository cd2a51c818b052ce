// Checks one referenced attachment file under an import tree DIR (the directory holding data/, or
// an export .zip; paths in lines are relative to data/): resolves it the importer's way
// (resolve_import_path) and opens it beneath the import tree (io/ImportTree.h: never leaving DIR,
// even through symlinks; a zip's entry read in place), reads its first bytes for libmagic, optionally hashes the whole content
// (XXH3-128, streamed), and decides what is wrong with it, if anything:
//
//   missing            no such file                                            error
//   outside_tree       the path leaves data/ (`..`), or a symbolic link on     error
//                      its way leads out of DIR: never opened
//   unreadable         cannot be opened or read, or not a regular file (a zip: error
//                      an entry name two entries share, encrypted, corrupt)
//   empty              zero bytes                                              error
//   type_mismatch      the content is not what the extension names             error for the
//                      (emoji: not GIF/JPEG/PNG/WebP/SVG)                      image extensions the
//                                                                              server decodes, else
//                                                                              warning (FileTypes.h)
//   extension_unknown  no extension, or one this tool has no type for          warning
//   too_large          an emoji image over 512 KiB, a profile image over       error
//                      MaxImageResolution pixels (stages/ImageLimits.h)
//
// A plain class: no threads. Each thread passes its own VerifyScratch (libmagic cookie, buffers).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "io/Xxh3.h"

#include "io/ImportTree.h"
#include "stages/AttachmentRefs.h"
#include "model/Finding.h"

struct magic_set;

namespace mm {

enum class FileProblem : uint8_t {
  kNone,
  kMissing,
  kUnreadable,
  kEmpty,
  kTypeMismatch,
  kExtensionUnknown,
  kOutsideTree,
  kTooLarge,
};
inline constexpr size_t kFileProblemCount = 8;
std::string_view name_of(FileProblem p);  // "ok", "missing", "unreadable", "empty", …

// One libmagic cookie (MAGIC_MIME_TYPE plus `extra_flags`, default database), loaded once. Cookies
// are opened and loaded under a process-wide mutex; one cookie must never be used by two threads
// at once.
class MagicCookie {
 public:
  explicit MagicCookie(int extra_flags = 0);
  ~MagicCookie();
  MagicCookie(const MagicCookie&) = delete;
  MagicCookie& operator=(const MagicCookie&) = delete;
  // The MIME type of a buffer, e.g. "image/png".
  std::string_view type_of(std::string_view bytes);
  static bool looks_like_text(std::string_view bytes);

 private:
  magic_set* cookie_;
};

// Per-thread state of a verifier: reused from one file to the next.
struct VerifyScratch {
  MagicCookie magic;
  // Without the soft-magic database: for a buffer that is plain text under a text extension,
  // libmagic's built-in text, CSV and JSON tests answer orders of magnitude faster than its
  // regex-based soft magic (figures: docs/performance.md, "Figures behind code comments").
  MagicCookie text_magic;
  std::unique_ptr<char[]> buffer;
  size_t buffer_size = 0;
  XXH3_state_t* hash_state = nullptr;
  VerifyScratch();
  ~VerifyScratch();
  VerifyScratch(const VerifyScratch&) = delete;
  VerifyScratch& operator=(const VerifyScratch&) = delete;
};

struct FileCheck {
  FileProblem problem = FileProblem::kNone;
  Severity severity = Severity::kWarning;  // meaningful when problem != kNone
  std::string resolved;   // "data/a/b.png" relative to DIR; empty if the path escapes data/
  uint64_t size = 0;
  uint64_t bytes_read = 0;
  std::string detected;   // libmagic's MIME type; empty when the file was not read
  std::string extension;  // lower-case, without the dot, as the server takes it from the name
  std::string expected;   // what the extension (or emoji rule) asks for, for type_mismatch
  std::string detail;     // why for missing/unreadable/outside_tree (strerror, "leaves data/") and too_large
  bool hashed = false;
  XXH128_hash_t hash{0, 0};

  bool is_error() const { return problem != FileProblem::kNone && severity == Severity::kError; }
};

class AttachmentVerifier {
 public:
  struct Options {
    bool hash = false;
    size_t head_bytes = 64 * 1024;  // libmagic reads at most this much
  };
  // Throws mm::Error if DIR cannot be opened as an import tree (a directory or an export .zip).
  AttachmentVerifier(const std::string& dir, Options options);
  ~AttachmentVerifier();
  AttachmentVerifier(const AttachmentVerifier&) = delete;
  AttachmentVerifier& operator=(const AttachmentVerifier&) = delete;

  // Checks `path` as written in the line (relative to data/).
  FileCheck check(std::string_view path, AttachmentRefKind kind, VerifyScratch& scratch) const;

  // The verdict for a file of `detected` type named `path` (no I/O): kNone, kTypeMismatch or
  // kExtensionUnknown, with severity, extension and expected filled in.
  static void decide(std::string_view path, AttachmentRefKind kind, FileCheck& check);
  // The content type of a file named `path` whose first bytes (up to Options::head_bytes) are
  // `head` (no I/O): sets check.detected, then decide().
  static void classify(std::string_view path, AttachmentRefKind kind, std::string_view head, VerifyScratch& scratch,
                       FileCheck& check);

  const ImportTree& tree() const { return tree_; }
  const std::string& dir() const { return tree_.dir(); }

 private:
  ImportTree tree_;
  Options options_;
};

// The server's image limits (stages/ImageLimits.h) on a file that passed its type check: an emoji
// image's size, a profile image's pixel count from its header (`head`: its first bytes; `file`,
// may be null, for a JPEG frame header past them). Sets kTooLarge with the numbers in `detail`.
void check_image_limits(AttachmentRefKind kind, TreeFile* file, std::string_view head, FileCheck& c);

}  // namespace mm
