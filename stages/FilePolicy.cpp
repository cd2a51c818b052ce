#include "stages/FilePolicy.h"

#include <array>

#include <fmt/format.h>

#include "stages/FileTypes.h"

namespace mm {

namespace {

using R = AttachmentRefKind;
using P = FileProblem;
using K = ConflictKind;
using F = PlanFileFix;
using X = FixOutAction;

enum class When : uint8_t { kAny, kError, kWarning };

// kRename on a warning (an extension the server stores as it is) only when the content has a type
// of its own: unknown content under such an extension is left alone.
constexpr X kRenameKnownType = static_cast<X>(0xFF);

struct Row {
  R ref;
  P problem;
  When when;
  std::optional<K> conflict;
  F plan;
  X fix_out;
};

// The first row matching (reference kind, problem, severity) decides; no row: nothing is done.
// `plan` acts on errors only (the import would fail); --fix-out also on the warnings below.
constexpr std::array kRows = {
    //  reference        problem            when         conflict plan reports          plan fix          --fix-out
    Row{R::kAttachment, P::kOutsideTree, When::kAny, K::kFileOutsideTree, F::kDropReference, X::kDrop},
    Row{R::kAttachment, P::kMissing, When::kAny, K::kAttachmentMissing, F::kDropReference, X::kDrop},
    Row{R::kAttachment, P::kUnreadable, When::kAny, K::kAttachmentMissing, F::kDropReference, X::kDrop},
    // The one difference (stages/FilePolicy.h): plan drops an empty attachment, --fix-out keeps it.
    Row{R::kAttachment, P::kEmpty, When::kAny, K::kAttachmentEmpty, F::kDropReference, X::kKeep},
    Row{R::kAttachment, P::kTypeMismatch, When::kError, K::kAttachmentTypeMismatch, F::kRename, X::kRename},
    Row{R::kAttachment, P::kTypeMismatch, When::kWarning, std::nullopt, F::kNone, kRenameKnownType},

    // An emoji whose image the importer refuses fails its line.
    Row{R::kEmojiImage, P::kOutsideTree, When::kAny, K::kFileOutsideTree, F::kDropEmoji, X::kDropLine},
    Row{R::kEmojiImage, P::kTooLarge, When::kError, K::kEmojiImageTooLarge, F::kDropEmoji, X::kDropLine},
    Row{R::kEmojiImage, P::kMissing, When::kError, K::kEmojiImageUnusable, F::kDropEmoji, X::kDropLine},
    Row{R::kEmojiImage, P::kUnreadable, When::kError, K::kEmojiImageUnusable, F::kDropEmoji, X::kDropLine},
    Row{R::kEmojiImage, P::kEmpty, When::kError, K::kEmojiImageUnusable, F::kDropEmoji, X::kDropLine},
    Row{R::kEmojiImage, P::kTypeMismatch, When::kError, K::kEmojiImageUnusable, F::kDropEmoji, X::kDropLine},
    Row{R::kEmojiImage, P::kMissing, When::kAny, std::nullopt, F::kNone, X::kDropLine},
    Row{R::kEmojiImage, P::kUnreadable, When::kAny, std::nullopt, F::kNone, X::kDropLine},
    Row{R::kEmojiImage, P::kEmpty, When::kAny, std::nullopt, F::kNone, X::kDropLine},
    Row{R::kEmojiImage, P::kTooLarge, When::kAny, std::nullopt, F::kNone, X::kDropLine},
    Row{R::kEmojiImage, P::kTypeMismatch, When::kAny, std::nullopt, F::kNone, X::kDropLine},

    // A profile image the importer cannot read fails the whole user line: the user is imported
    // without it instead.
    Row{R::kProfileImage, P::kOutsideTree, When::kAny, K::kFileOutsideTree, F::kDropReference, X::kDropMember},
    Row{R::kProfileImage, P::kMissing, When::kError, K::kProfileImageUnusable, F::kDropReference, X::kDropMember},
    Row{R::kProfileImage, P::kUnreadable, When::kError, K::kProfileImageUnusable, F::kDropReference, X::kDropMember},
    Row{R::kProfileImage, P::kEmpty, When::kError, K::kProfileImageUnusable, F::kDropReference, X::kDropMember},
    Row{R::kProfileImage, P::kTypeMismatch, When::kError, K::kProfileImageUnusable, F::kDropReference, X::kDropMember},
    Row{R::kProfileImage, P::kTooLarge, When::kError, K::kProfileImageUnusable, F::kDropReference, X::kDropMember},
    Row{R::kProfileImage, P::kExtensionUnknown, When::kError, K::kProfileImageUnusable, F::kDropReference,
        X::kDropMember},
    Row{R::kProfileImage, P::kMissing, When::kAny, std::nullopt, F::kNone, X::kDropMember},
    Row{R::kProfileImage, P::kUnreadable, When::kAny, std::nullopt, F::kNone, X::kDropMember},
    Row{R::kProfileImage, P::kEmpty, When::kAny, std::nullopt, F::kNone, X::kDropMember},
    Row{R::kProfileImage, P::kTypeMismatch, When::kAny, std::nullopt, F::kNone, X::kDropMember},
    Row{R::kProfileImage, P::kTooLarge, When::kAny, std::nullopt, F::kNone, X::kDropMember},
    Row{R::kProfileImage, P::kExtensionUnknown, When::kAny, std::nullopt, F::kNone, X::kDropMember},
};

bool matches(When when, Severity severity) {
  return when == When::kAny || (when == When::kError) == (severity == Severity::kError);
}

}  // namespace

FilePolicy file_policy(AttachmentRefKind kind, const FileCheck& check) {
  if (check.problem == FileProblem::kNone) return {};
  for (const Row& row : kRows) {
    if (row.ref != kind || row.problem != check.problem || !matches(row.when, check.severity)) continue;
    FilePolicy p{row.conflict, row.plan, row.fix_out};
    if (p.fix_out == kRenameKnownType)
      p.fix_out = extension_for_type(check.detected).empty() ? X::kKeep : X::kRename;
    return p;
  }
  return {};
}

std::string_view renamed_extension(const FileCheck& check) {
  std::string_view extension = extension_for_type(check.detected);
  return extension.empty() ? "bin" : extension;
}

std::string renamed_path(std::string_view path, std::string_view extension, int attempt) {
  size_t slash = path.rfind('/');
  size_t base = slash == std::string_view::npos ? 0 : slash + 1;
  size_t dot = path.rfind('.');
  std::string stem(dot != std::string_view::npos && dot > base ? path.substr(0, dot) : path);
  if (attempt > 1) stem += fmt::format("-{}", attempt);
  return fmt::format("{}.{}", stem, extension);
}

}  // namespace mm
