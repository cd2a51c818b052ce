#include "model/Conflict.h"

#include <algorithm>
#include <tuple>

namespace mm {

std::string_view name_of(ConflictSeverity s) {
  switch (s) {
    case ConflictSeverity::kError: return "error";
    case ConflictSeverity::kRisk: return "risk";
    case ConflictSeverity::kInfo: return "info";
  }
  return "?";
}

const std::vector<ConflictKindInfo>& conflict_kinds() {
  using namespace conflict_kind;
  static const std::vector<ConflictKindInfo> kinds = {
      {kTeamMerge, ConflictSeverity::kInfo},
      {kChannelMerge, ConflictSeverity::kInfo},
      {kChannelNameClash, ConflictSeverity::kRisk},
      {kChannelTargetArchived, ConflictSeverity::kError},
      {kChannelArchivePropagation, ConflictSeverity::kRisk},
      {kRoleOverwrite, ConflictSeverity::kRisk},
      {kUserEmailChanged, ConflictSeverity::kRisk},
      {kUserEmailTaken, ConflictSeverity::kError},
      {kUserProbableDuplicate, ConflictSeverity::kRisk},
      {kUserRoleDowngrade, ConflictSeverity::kRisk},
      {kUserAuthChanged, ConflictSeverity::kRisk},
      {kUserPasswordReset, ConflictSeverity::kRisk},
      {kUserSettingsOverwrite, ConflictSeverity::kInfo},
      {kEmojiClash, ConflictSeverity::kRisk},
      {kEmojiImageTooLarge, ConflictSeverity::kError},
      {kAttachmentTypeMismatch, ConflictSeverity::kError},
      {kAttachmentMissing, ConflictSeverity::kError},
      {kAttachmentEmpty, ConflictSeverity::kRisk},
      {kProfileImageUnusable, ConflictSeverity::kError},
      {kEmojiImageUnusable, ConflictSeverity::kError},
      {kFileOutsideTree, ConflictSeverity::kError},
      {kMentionRewrite, ConflictSeverity::kInfo},
      {kPermalink, ConflictSeverity::kInfo},
  };
  return kinds;
}

ConflictSeverity severity_of(std::string_view kind) {
  for (const ConflictKindInfo& k : conflict_kinds())
    if (k.kind == kind) return k.severity;
  return ConflictSeverity::kInfo;
}

void sort_conflicts(std::vector<Conflict>& conflicts) {
  std::sort(conflicts.begin(), conflicts.end(), [](const Conflict& a, const Conflict& b) {
    return std::tie(a.kind, a.subject, a.source_line, a.target_line) <
           std::tie(b.kind, b.subject, b.source_line, b.target_line);
  });
}

}  // namespace mm
