// A conflict between a source and a target export, as `plan` reports it and gen-synthetic's
// answer key lists it (kinds and their definitions: docs/plan.md).
#pragma once

#include <cstdint>
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

// The kinds, with their identifiers in reports and answer keys.
namespace conflict_kind {
inline constexpr std::string_view kTeamMerge = "team_merge";
inline constexpr std::string_view kChannelMerge = "channel_merge";
inline constexpr std::string_view kChannelNameClash = "channel_name_clash";
inline constexpr std::string_view kChannelTargetArchived = "channel_target_archived";
inline constexpr std::string_view kChannelArchivePropagation = "channel_archive_propagation";
inline constexpr std::string_view kRoleOverwrite = "role_overwrite";
inline constexpr std::string_view kUserEmailChanged = "user_email_changed";
inline constexpr std::string_view kUserEmailTaken = "user_email_taken";
inline constexpr std::string_view kUserProbableDuplicate = "user_probable_duplicate";
inline constexpr std::string_view kUserRoleDowngrade = "user_role_downgrade";
inline constexpr std::string_view kUserAuthChanged = "user_auth_changed";
inline constexpr std::string_view kUserPasswordReset = "user_password_reset";
inline constexpr std::string_view kUserSettingsOverwrite = "user_settings_overwrite";
inline constexpr std::string_view kEmojiClash = "emoji_clash";
inline constexpr std::string_view kEmojiImageTooLarge = "emoji_image_too_large";
inline constexpr std::string_view kAttachmentTypeMismatch = "attachment_type_mismatch";
inline constexpr std::string_view kAttachmentMissing = "attachment_missing";
inline constexpr std::string_view kAttachmentEmpty = "attachment_empty";
inline constexpr std::string_view kProfileImageUnusable = "profile_image_unusable";
inline constexpr std::string_view kEmojiImageUnusable = "emoji_image_unusable";
inline constexpr std::string_view kFileOutsideTree = "file_outside_tree";
inline constexpr std::string_view kMentionRewrite = "mention_rewrite";
inline constexpr std::string_view kPermalink = "permalink";
}  // namespace conflict_kind

// Every kind in report order, with its severity.
struct ConflictKindInfo {
  std::string_view kind;
  ConflictSeverity severity;
};
const std::vector<ConflictKindInfo>& conflict_kinds();
ConflictSeverity severity_of(std::string_view kind);

struct Conflict {
  std::string kind;
  ConflictSeverity severity = ConflictSeverity::kInfo;
  std::string subject;
  uint64_t source_line = 0;  // 0: not applicable
  uint64_t target_line = 0;
  uint64_t count = 1;        // mention_rewrite and permalink: messages; else 1
  std::string resolution;    // what the plan's default does about it
  bool resolved = true;      // false: the plan leaves it as it is (an error would fail the import)
};

// Sorts by (kind, subject, source_line, target_line), the order of reports and answer keys.
void sort_conflicts(std::vector<Conflict>& conflicts);

}  // namespace mm
