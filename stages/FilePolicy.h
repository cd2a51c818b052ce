// What is done about a file problem (stages/AttachmentVerifier.h), decided in ONE table for every
// command: the conflict `plan` reports, the fix the plan proposes, and what
// `verify-attachments --fix-out` does to the corrected export. One renamer for both.
//
// The rows differ on purpose in one place, visible in the table (stages/FilePolicy.cpp): an empty
// attachment. `plan` reports it as attachment_empty (risk) and drops it from its post: the plan is
// the merge, and a zero-byte file carries nothing into the target. `--fix-out` keeps it: it
// corrects only what would make the import fail, and an empty file imports (docs/plan.md,
// docs/verify-attachments.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "model/Conflict.h"
#include "stages/AttachmentRefs.h"
#include "stages/AttachmentVerifier.h"

namespace mm {

// What the plan does about the reference.
enum class PlanFileFix : uint8_t {
  kNone,
  kDropReference,  // an [[attachment]] drop: the attachment leaves its post, the profile_image its line
  kRename,         // an [[attachment]] fix: the path gets the extension of its content
  kDropEmoji,      // an [[emoji]] drop: the emoji line and the reactions using it
};

// What --fix-out does to the reference in the corrected export.
enum class FixOutAction : uint8_t {
  kKeep,
  kRename,      // the file linked under the name of its content's type, the path rewritten
  kDrop,        // the attachment entry removed from its post
  kDropLine,    // the whole line removed (an emoji)
  kDropMember,  // the member removed from its line (profile_image)
};

struct FilePolicy {
  std::optional<ConflictKind> conflict;  // nullopt: plan reports nothing
  PlanFileFix plan = PlanFileFix::kNone;
  FixOutAction fix_out = FixOutAction::kKeep;
};

// The row for a reference of `kind` whose check found `check.problem` (kNone: nothing to do).
FilePolicy file_policy(AttachmentRefKind kind, const FileCheck& check);

// The extension a renamed file gets: its content's, or "bin" (stored as a plain file by the
// server instead of failing to decode it).
std::string_view renamed_extension(const FileCheck& check);

// "data/a/photo.gif" with extension "jpg" and attempt n -> "data/a/photo.jpg", "data/a/photo-2.jpg", …
std::string renamed_path(std::string_view path, std::string_view extension, int attempt = 1);

}  // namespace mm
