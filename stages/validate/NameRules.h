// The server's name and value rules (docs/bulk-format.md §5, model/*.go), with the regular expressions written
// out by hand: they run on every line. Strings are UTF-8 that simdjson has already validated.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "jsonl/AsciiCase.h"

namespace mm::validate {

// utf8.RuneCountInString on valid UTF-8.
size_t rune_count(std::string_view s);

// go_to_lower (Go's strings.ToLower for names): jsonl/AsciiCase.h.

// model.IsValidUsername (on an already lower-cased name): 1..64 bytes of [a-z0-9.-_], not a
// restricted name (all, channel, matterbot, system).
bool is_valid_username(std::string_view lower);

// model.IsValidChannelIdentifier (newest): ^[a-z0-9]+([a-z\-\_0-9]+|(__)?)[a-z0-9]*$, len >= 1.
bool is_valid_channel_identifier(std::string_view lower);

// Channel.IsValid's extra name rules: not [a-f0-9]{40} (group message) nor <id>__<id> (direct).
bool is_direct_or_group_channel_name(std::string_view lower);

// model.IsValidTeamName: ^[a-z0-9]+([a-z\-0-9]+|(__)?)[a-z0-9]+$ and len >= 2.
bool is_valid_team_name(std::string_view lower);

// model.IsReservedTeamName: the lower-cased name starts with a reserved word (docs/bulk-format.md §5.3).
bool is_reserved_team_name(std::string_view raw);

// model.IsValidSchemeName: ^[a-z0-9_]{2,64}$.
bool is_valid_scheme_name(std::string_view s);

// model.IsValidRoleName: 1..64 bytes of [a-z0-9_].
bool is_valid_role_name(std::string_view s);

// model.IsValidUserRoles: strings.Fields tokens are all valid role names, and the value is not
// the single token "system_admin". "" is valid.
bool is_valid_user_roles(std::string_view roles);

// strings.Fields of a roles value: calls `each` with every token, in order.
void for_each_role(std::string_view roles, void (*each)(std::string_view token, void* arg), void* arg);

// The roles every server has (model.MakeDefaultRoles, newest): kNone for any other name.
// Scheme-managed ones are the scheme roles a membership sets by flags, never explicit roles.
enum class BuiltInRole : uint8_t { kNone, kSchemeManaged, kExplicit };
BuiltInRole built_in_role(std::string_view name);

// model.IsInRole: `role` is one of the roles split on single spaces.
bool is_in_role(std::string_view roles, std::string_view role);

// model.IsValidEmojiName's pattern part: 1..64 bytes of [a-zA-Z0-9+_-].
bool is_valid_emoji_name(std::string_view s);

// A name of model.SystemEmojis.
bool is_system_emoji_name(std::string_view s);

// An id of model.AllPermissions or model.DeprecatedPermissions.
bool is_known_permission(std::string_view s);

// Post.IsValid's type rule: a known post type or "custom_" prefix (docs/bulk-format.md §2.8.2).
bool is_valid_post_type(std::string_view s);

}  // namespace mm::validate
