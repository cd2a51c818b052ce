// A conflict between a source and a target export, as `plan` reports it and gen-synthetic's
// answer key lists it (kinds and their definitions: docs/plan.md).
//
// The kinds are an enum with ONE table (conflict_kinds()): the name written in reports and plan
// files, the severity, what the default plan does about it and what it means. A misspelt kind does not compile;
// a kind added to the enum without its row does not compile either (the table is checked below).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mm {

enum class ConflictSeverity : uint8_t {
  kError,  // the import would fail
  kRisk,   // the import would succeed but damage or lose data
  kInfo,
};

std::string_view name_of(ConflictSeverity s);
// "error", "risk" or "info"; nullopt for anything else.
std::optional<ConflictSeverity> conflict_severity_named(std::string_view name);

// In report order (the order of the plan's "summary" and of the text summary).
enum class ConflictKind : uint8_t {
  kTeamMerge,
  kChannelMerge,
  kChannelNameClash,
  kChannelTargetArchived,
  kChannelArchivePropagation,
  kRoleOverwrite,
  kUserEmailChanged,
  kUserEmailTaken,
  kUserProbableDuplicate,
  kUserRoleDowngrade,
  kUserAuthChanged,
  kUserPasswordReset,
  kUserSettingsOverwrite,
  kEmojiClash,
  kEmojiImageTooLarge,
  kAttachmentTypeMismatch,
  kAttachmentMissing,
  kAttachmentEmpty,
  kProfileImageUnusable,
  kEmojiImageUnusable,
  kFileOutsideTree,
  kMentionRewrite,
  kPermalink,
};
inline constexpr size_t kConflictKindCount = static_cast<size_t>(ConflictKind::kPermalink) + 1;

struct ConflictKindInfo {
  ConflictKind kind;
  std::string_view name;                // in reports, plan files and answer keys
  ConflictSeverity severity;
  std::string_view default_resolution;  // what the default plan does (docs/plan.md "Conflict kinds")
  std::string_view what;                // what it means, in a line for a report's reader
};

// The table, indexed by ConflictKind (report order).
const std::array<ConflictKindInfo, kConflictKindCount>& conflict_kinds();
const ConflictKindInfo& info_of(ConflictKind kind);
inline std::string_view name_of(ConflictKind kind) { return info_of(kind).name; }
inline ConflictSeverity severity_of(ConflictKind kind) { return info_of(kind).severity; }
// The kind of a name as reports write it; nullopt for a name no kind has.
std::optional<ConflictKind> conflict_kind_named(std::string_view name);

struct Conflict {
  Conflict() = default;
  // The severity comes from the kind's row of the table.
  Conflict(ConflictKind k, std::string subject_, uint64_t source_line_ = 0, uint64_t target_line_ = 0,
           std::string resolution_ = {}, uint64_t count_ = 1)
      : kind(k), severity(severity_of(k)), subject(std::move(subject_)), source_line(source_line_),
        target_line(target_line_), count(count_), resolution(std::move(resolution_)) {}

  ConflictKind kind = ConflictKind::kTeamMerge;
  ConflictSeverity severity = ConflictSeverity::kInfo;  // severity_of(kind), or as a report file says
  std::string subject;
  uint64_t source_line = 0;  // 0: not applicable
  uint64_t target_line = 0;
  uint64_t count = 1;        // mention_rewrite and permalink: messages; else 1
  std::string resolution;    // what the plan's default does about it, for this subject
  bool resolved = true;      // false: the plan leaves it as it is (an error would fail the import)
};

// Sorts by (kind name, subject, source_line, target_line), the order of reports and answer keys.
void sort_conflicts(std::vector<Conflict>& conflicts);

}  // namespace mm
