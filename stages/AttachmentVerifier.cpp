#include "stages/AttachmentVerifier.h"

#include <atomic>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <optional>

#include <fcntl.h>
#include <fmt/format.h>
#include <magic.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/Xxh3.h"

#include "io/Error.h"
#include "stages/FileTypes.h"
#include "stages/ImageLimits.h"
#include "stages/ImportPath.h"

namespace mm {

namespace {

constexpr size_t kReadBufferSize = size_t{1} << 20;
std::mutex g_magic_load_mutex;

}  // namespace

std::string_view name_of(FileProblem p) {
  switch (p) {
    case FileProblem::kNone: return "ok";
    case FileProblem::kMissing: return "missing";
    case FileProblem::kUnreadable: return "unreadable";
    case FileProblem::kEmpty: return "empty";
    case FileProblem::kTypeMismatch: return "type_mismatch";
    case FileProblem::kExtensionUnknown: return "extension_unknown";
    case FileProblem::kOutsideTree: return "outside_tree";
    case FileProblem::kTooLarge: return "too_large";
  }
  return "?";
}

MagicCookie::MagicCookie(int extra_flags) {
  std::lock_guard<std::mutex> lock(g_magic_load_mutex);
  // MAGIC_MIME_TYPE: no MAGIC_COMPRESS (it may fork helpers), no encoding.
  cookie_ = magic_open(MAGIC_MIME_TYPE | extra_flags);
  if (!cookie_) throw Error("libmagic: magic_open failed");
  if (magic_load(cookie_, nullptr) != 0) {
    std::string why = magic_error(cookie_) ? magic_error(cookie_) : "unknown error";
    magic_close(cookie_);
    throw Error("libmagic: cannot load the magic database: " + why);
  }
}

MagicCookie::~MagicCookie() { magic_close(cookie_); }

std::string_view MagicCookie::type_of(std::string_view bytes) {
  const char* type = magic_buffer(cookie_, bytes.data(), bytes.size());
  return type ? std::string_view(type) : std::string_view("application/octet-stream");
}

bool MagicCookie::looks_like_text(std::string_view bytes) {
  // No NUL and no C0 control character other than the ones text uses (libmagic's own text test
  // is stricter about encodings and runs afterwards).
  for (unsigned char c : bytes)
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != 0x1b) return false;
  return true;
}

VerifyScratch::VerifyScratch() : text_magic(MAGIC_NO_CHECK_SOFT), buffer(new char[kReadBufferSize]), buffer_size(kReadBufferSize) {
  hash_state = XXH3_createState();
  if (!hash_state) throw std::bad_alloc();
}

VerifyScratch::~VerifyScratch() { XXH3_freeState(hash_state); }

AttachmentVerifier::AttachmentVerifier(const std::string& dir, Options options) : tree_(dir), options_(options) {}

AttachmentVerifier::~AttachmentVerifier() = default;

void AttachmentVerifier::decide(std::string_view path, AttachmentRefKind kind, FileCheck& check) {
  check.extension = lower_extension(path);
  if (kind == AttachmentRefKind::kEmojiImage || kind == AttachmentRefKind::kProfileImage) {
    bool emoji = kind == AttachmentRefKind::kEmojiImage;
    if (emoji ? is_emoji_image_type(check.detected) : is_profile_image_type(check.detected)) return;
    check.problem = FileProblem::kTypeMismatch;
    check.severity = Severity::kError;
    check.expected = emoji ? kEmojiImageTypes : kProfileImageTypes;
    return;
  }
  const ExtensionRule* rule = rule_for_extension(check.extension);
  if (!rule) {
    check.problem = FileProblem::kExtensionUnknown;
    check.severity = Severity::kWarning;
    return;
  }
  if (type_matches(*rule, check.detected)) return;
  check.problem = FileProblem::kTypeMismatch;
  check.severity = rule->decoded_as_image ? Severity::kError : Severity::kWarning;
  check.expected = rule->expected;
}

FileCheck AttachmentVerifier::check(std::string_view path, AttachmentRefKind kind, VerifyScratch& scratch) const {
  FileCheck c;
  auto fail = [&](FileProblem problem, std::string detail) {
    c.problem = problem;
    c.severity = Severity::kError;
    c.detail = std::move(detail);
    c.extension = lower_extension(path);
    return std::move(c);
  };
  std::optional<std::string> resolved = resolve_import_path(path, "data");
  if (!resolved) return fail(FileProblem::kOutsideTree, "leaves data/");
  c.resolved = std::move(*resolved);

  TreeFile file = tree_.open_file(c.resolved);
  if (!file) {
    int err = errno;
    if (err == ENOENT || err == ENOTDIR) return fail(FileProblem::kMissing, "");
    if (leaves_tree(err)) return fail(FileProblem::kOutsideTree, std::string(kLeavesTreeDetail));
    if (ambiguous_in_tree(err)) return fail(FileProblem::kUnreadable, std::string(kAmbiguousDetail));
    return fail(FileProblem::kUnreadable, std::strerror(err));
  }
  if (!file.regular()) return fail(FileProblem::kUnreadable, "not a regular file");
  c.size = file.size();

  // The head: one read of the whole buffer when hashing (most attachments fit), else head_bytes.
  char* buffer = scratch.buffer.get();
  size_t want = options_.hash ? scratch.buffer_size : std::min(options_.head_bytes, scratch.buffer_size);
  size_t have = 0;
  while (have < want) {
    ssize_t n = file.read(buffer + have, want - have);
    if (n < 0) return fail(FileProblem::kUnreadable, std::strerror(errno));
    if (n == 0) break;
    have += static_cast<size_t>(n);
    if (have >= c.size) break;  // all fstat promised is in: skip the read that would see EOF
  }
  c.bytes_read = have;
  if (options_.hash) {
    XXH3_128bits_reset(scratch.hash_state);
    XXH3_128bits_update(scratch.hash_state, buffer, have);
    if (have == want) {  // the buffer is full: stream the rest
      for (;;) {
        ssize_t n = file.read(buffer, scratch.buffer_size);
        if (n < 0) return fail(FileProblem::kUnreadable, std::strerror(errno));
        if (n == 0) break;
        XXH3_128bits_update(scratch.hash_state, buffer, static_cast<size_t>(n));
        c.bytes_read += static_cast<uint64_t>(n);
      }
      // The head was overwritten by the rest: read it again for libmagic (large files only).
      have = 0;
      size_t head = std::min(options_.head_bytes, scratch.buffer_size);
      while (have < head) {
        ssize_t n = file.pread(buffer + have, head - have, have);
        if (n < 0) return fail(FileProblem::kUnreadable, std::strerror(errno));
        if (n == 0) break;
        have += static_cast<size_t>(n);
      }
    }
    c.hash = XXH3_128bits_digest(scratch.hash_state);
    c.hashed = true;
    c.size = c.bytes_read;
  }
  if (c.size == 0) {
    c.problem = FileProblem::kEmpty;
    c.severity = Severity::kError;
    c.extension = lower_extension(path);
    return c;
  }
  std::string_view head(buffer, std::min(have, options_.head_bytes));
  classify(path, kind, head, scratch, c);
  if (c.problem == FileProblem::kNone) check_image_limits(kind, &file, head, c);
  return c;
}

void AttachmentVerifier::classify(std::string_view path, AttachmentRefKind kind, std::string_view head,
                                  VerifyScratch& scratch, FileCheck& check) {
  std::string_view type = sniff_unambiguous_type(head);
  if (type.empty() && kind == AttachmentRefKind::kAttachment) {
    const ExtensionRule* rule = rule_for_extension(lower_extension(path));
    if (rule && rule->text && MagicCookie::looks_like_text(head)) type = scratch.text_magic.type_of(head);
    // A ZIP under an extension that accepts plain ZIP: libmagic could only refine the answer
    // (docx, odt, jar, …), never change the verdict, and its ZIP rules are slow (docs/performance.md).
    else if (rule && type_matches(*rule, "application/zip") && is_zip_local_header(head)) type = "application/zip";
  }
  check.detected = type.empty() ? std::string(scratch.magic.type_of(head)) : std::string(type);
  decide(path, kind, check);
}

void check_image_limits(AttachmentRefKind kind, TreeFile* file, std::string_view head, FileCheck& c) {
  if (kind == AttachmentRefKind::kEmojiImage && c.size > kMaxEmojiFileSize) {
    c.problem = FileProblem::kTooLarge;
    c.severity = Severity::kError;
    c.detail = fmt::format("{} bytes, more than the {} an emoji image may have", c.size, kMaxEmojiFileSize);
  } else if (kind == AttachmentRefKind::kProfileImage) {
    std::optional<ImageSize> size = image_size(file, head);
    if (!size || size->pixels() <= kMaxImageResolution) return;
    c.problem = FileProblem::kTooLarge;
    c.severity = Severity::kError;
    c.detail = fmt::format("{}x{} = {} pixels, more than MaxImageResolution {}", size->width, size->height,
                           size->pixels(), kMaxImageResolution);
  }
}

}  // namespace mm
