#include "model/Conflict.h"

#include <algorithm>
#include <tuple>
#include <utility>

namespace mm {

namespace {

using K = ConflictKind;
using S = ConflictSeverity;

// The one table of the kinds (docs/plan.md "Conflict kinds" says when each is found): kind, name,
// severity, default resolution, what it means.
constexpr std::array<ConflictKindInfo, kConflictKindCount> kKinds = {{
    {K::kTeamMerge, "team_merge", S::kInfo, "merge into the target team (or create the mapped name)",
     "a source team joins the target team of the same (or mapped) name"},
    {K::kChannelMerge, "channel_merge", S::kInfo, "merge",
     "a source channel joins the target channel of the same name and display name"},
    {K::kChannelNameClash, "channel_name_clash", S::kRisk, "rename with the prefix",
     "same channel name, different display names: renamed so both stay"},
    {K::kChannelTargetArchived, "channel_target_archived", S::kError, "rename the source channel with the prefix",
     "the target channel of that name is archived: the import would fail"},
    {K::kChannelArchivePropagation, "channel_archive_propagation", S::kRisk, "rename, keep archived",
     "archived in the source, active in the target"},
    {K::kRoleOverwrite, "role_overwrite", S::kRisk, "drop the line (and, for a scheme, the references to it)",
     "a source role or scheme would overwrite the target's of that name"},
    {K::kUserEmailChanged, "user_email_changed", S::kRisk, "keep the target's e-mail",
     "same username on both sides, different e-mails"},
    {K::kUserEmailTaken, "user_email_taken", S::kError, "map onto that target user",
     "a new username whose e-mail a target user owns: the import would fail"},
    {K::kUserProbableDuplicate, "user_probable_duplicate", S::kRisk, "map onto that target user",
     "a new username that looks like a target user (e-mail alias or names)"},
    {K::kUserRoleDowngrade, "user_role_downgrade", S::kRisk, "keep the target's roles",
     "the import would take away a target account's admin role"},
    {K::kUserAuthChanged, "user_auth_changed", S::kRisk, "strip auth_service and auth_data",
     "the sign-in method differs or does not exist in the target"},
    {K::kUserPasswordReset, "user_password_reset", S::kRisk, "leave the user line out",
     "the import would replace a target account's password or sign-in"},
    {K::kUserSettingsOverwrite, "user_settings_overwrite", S::kInfo, "keep the target's",
     "the import would overwrite the target account's locale, theme or notifications"},
    {K::kEmojiClash, "emoji_clash", S::kRisk, "rename with the prefix",
     "a custom emoji name exists in the target"},
    {K::kEmojiImageTooLarge, "emoji_image_too_large", S::kError, "drop the emoji",
     "an emoji image over the server's size limit: the emoji line would fail"},
    {K::kAttachmentTypeMismatch, "attachment_type_mismatch", S::kError, "new path with the right extension",
     "an image extension on other content: the import would fail"},
    {K::kAttachmentMissing, "attachment_missing", S::kError, "drop the attachment",
     "the attachment file is not in the import directory: the import would fail"},
    {K::kAttachmentEmpty, "attachment_empty", S::kRisk, "drop the attachment",
     "a zero-byte attachment file"},
    {K::kProfileImageUnusable, "profile_image_unusable", S::kError, "drop the profile_image",
     "a profile image the server cannot decode: the user line would fail"},
    {K::kEmojiImageUnusable, "emoji_image_unusable", S::kError, "drop the emoji",
     "an emoji image the server cannot read or decode: the emoji line would fail"},
    {K::kFileOutsideTree, "file_outside_tree", S::kError, "never read: the reference dropped",
     "a file path leading out of the import directory: never read"},
    {K::kMentionRewrite, "mention_rewrite", S::kInfo, "rewritten by apply",
     "messages mentioning a renamed or remapped user or channel"},
    {K::kPermalink, "permalink", S::kInfo, "left as they are",
     "messages linking to source posts"},
}};

constexpr bool table_in_enum_order() {
  for (size_t i = 0; i < kKinds.size(); ++i)
    if (static_cast<size_t>(kKinds[i].kind) != i || kKinds[i].name.empty()) return false;
  return true;
}
static_assert(table_in_enum_order(), "kKinds: one row per ConflictKind, in the enum's order");

}  // namespace

std::string_view name_of(ConflictSeverity s) {
  switch (s) {
    case ConflictSeverity::kError: return "error";
    case ConflictSeverity::kRisk: return "risk";
    case ConflictSeverity::kInfo: return "info";
  }
  return "?";
}

std::optional<ConflictSeverity> conflict_severity_named(std::string_view name) {
  for (ConflictSeverity s : {S::kError, S::kRisk, S::kInfo})
    if (name_of(s) == name) return s;
  return std::nullopt;
}

const std::array<ConflictKindInfo, kConflictKindCount>& conflict_kinds() { return kKinds; }

const ConflictKindInfo& info_of(ConflictKind kind) { return kKinds[static_cast<size_t>(kind)]; }

std::optional<ConflictKind> conflict_kind_named(std::string_view name) {
  for (const ConflictKindInfo& k : kKinds)
    if (k.name == name) return k.kind;
  return std::nullopt;
}

void sort_conflicts(std::vector<Conflict>& conflicts) {
  std::sort(conflicts.begin(), conflicts.end(), [](const Conflict& a, const Conflict& b) {
    return std::tuple(name_of(a.kind), std::string_view(a.subject), a.source_line, a.target_line) <
           std::tuple(name_of(b.kind), std::string_view(b.subject), b.source_line, b.target_line);
  });
}

}  // namespace mm
