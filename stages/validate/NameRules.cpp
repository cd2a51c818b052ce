#include "stages/validate/NameRules.h"

#include <algorithm>
#include <array>

namespace mm::validate {

namespace {

bool lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

constexpr std::string_view kSystemEmojiNames[] = {
#include "stages/validate/SystemEmojiNames.inc"
};

constexpr std::string_view kPermissionIds[] = {
#include "stages/validate/PermissionIds.inc"
};

constexpr std::array<std::string_view, 17> kReservedTeamNames = {
    "admin", "api",  "channel", "claim",  "error",  "files", "help",   "landing",  "login",
    "mfa",   "oauth", "plug",   "plugins", "post",  "signup", "boards", "playbooks"};

constexpr std::string_view kPostTypes[] = {
    "",
    "system_generic",
    "system_join_leave",
    "system_auto_responder",
    "system_add_remove",
    "system_join_channel",
    "system_guest_join_channel",
    "system_leave_channel",
    "system_join_team",
    "system_leave_team",
    "system_add_to_channel",
    "system_add_guest_to_chan",
    "system_remove_from_channel",
    "system_move_channel",
    "system_add_to_team",
    "system_remove_from_team",
    "system_team_abac_removal",
    "system_team_abac_addition",
    "slack_attachment",
    "system_header_change",
    "system_purpose_change",
    "system_displayname_change",
    "system_convert_channel",
    "system_channel_deleted",
    "system_channel_restored",
    "system_change_chan_privacy",
    "add_bot_teams_channels",
    "reminder",
    "me",
    "system_wrangler",
    "system_gm_to_channel",
    "system_autotranslation",
    "burn_on_read",
    "card",
    "system_shared_chan_state",
};

template <size_t N>
bool in_sorted(const std::string_view (&list)[N], std::string_view s) {
  return std::binary_search(std::begin(list), std::end(list), s);
}

// Unicode White_Space as strings.Fields sees it, for a rune starting at s[i]; returns its length
// in bytes, 0 if not a space.
size_t space_length(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c == ' ' || (c >= '\t' && c <= '\r')) return 1;
  if (c == 0xC2 && i + 1 < s.size()) {
    unsigned char d = static_cast<unsigned char>(s[i + 1]);
    return (d == 0x85 || d == 0xA0) ? 2 : 0;
  }
  if (i + 2 >= s.size()) return 0;
  unsigned char d = static_cast<unsigned char>(s[i + 1]), e = static_cast<unsigned char>(s[i + 2]);
  if (c == 0xE1 && d == 0x9A && e == 0x80) return 3;                       // U+1680
  if (c == 0xE2 && d == 0x80 && (e <= 0x8A || e == 0xA8 || e == 0xA9 || e == 0xAF)) return 3;  // U+2000-200A, 2028, 2029, 202F
  if (c == 0xE2 && d == 0x81 && e == 0x9F) return 3;                       // U+205F
  if (c == 0xE3 && d == 0x80 && e == 0x80) return 3;                       // U+3000
  return 0;
}

}  // namespace

size_t rune_count(std::string_view s) {
  size_t continuation = 0;
  for (unsigned char c : s) continuation += (c & 0xC0) == 0x80;
  return s.size() - continuation;
}

bool is_valid_username(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s)
    if (!lower_alnum(c) && c != '.' && c != '-' && c != '_') return false;
  return s != "all" && s != "channel" && s != "matterbot" && s != "system";
}

bool is_valid_channel_identifier(std::string_view s) {
  // The middle group absorbs any run of [a-z0-9_-]: the pattern is "starts with [a-z0-9], then
  // [a-z0-9_-]*".
  if (s.empty() || !lower_alnum(s[0])) return false;
  for (char c : s)
    if (!lower_alnum(c) && c != '-' && c != '_') return false;
  return true;
}

bool is_direct_or_group_channel_name(std::string_view s) {
  if (s.size() == 40 && std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
      }))
    return true;
  auto is_id = [](std::string_view id) {
    return id.size() == 26 && std::all_of(id.begin(), id.end(), lower_alnum);
  };
  return s.size() == 54 && s.substr(26, 2) == "__" && is_id(s.substr(0, 26)) && is_id(s.substr(28));
}

bool is_valid_team_name(std::string_view s) {
  if (s.size() < 2 || !lower_alnum(s.front()) || !lower_alnum(s.back())) return false;
  size_t underscore = s.find('_');
  if (underscore == std::string_view::npos) {
    for (char c : s)
      if (!lower_alnum(c) && c != '-') return false;
    return true;
  }
  // [a-z0-9]+ "__" [a-z0-9]+
  if (s.substr(underscore, 2) != "__") return false;
  std::string_view head = s.substr(0, underscore), tail = s.substr(underscore + 2);
  return !head.empty() && !tail.empty() && std::all_of(head.begin(), head.end(), lower_alnum) &&
         std::all_of(tail.begin(), tail.end(), lower_alnum);
}

bool is_reserved_team_name(std::string_view raw) {
  std::string lower;
  go_to_lower(raw, lower);
  for (std::string_view word : kReservedTeamNames)
    if (lower.compare(0, word.size(), word) == 0) return true;
  return false;
}

bool is_valid_scheme_name(std::string_view s) {
  if (s.size() < 2 || s.size() > 64) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return lower_alnum(c) || c == '_'; });
}

bool is_valid_role_name(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return lower_alnum(c) || c == '_'; });
}

bool is_valid_user_roles(std::string_view roles) {
  struct Count {
    size_t tokens = 0;
    bool invalid = false, only_system_admin = false;
  } count;
  for_each_role(roles, [](std::string_view token, void* arg) {
    auto& c = *static_cast<Count*>(arg);
    c.invalid |= !is_valid_role_name(token);
    ++c.tokens;
    c.only_system_admin = token == "system_admin";
  }, &count);
  return !count.invalid && !(count.tokens == 1 && count.only_system_admin);
}

void for_each_role(std::string_view roles, void (*each)(std::string_view token, void* arg), void* arg) {
  size_t i = 0;
  while (i < roles.size()) {
    size_t n = space_length(roles, i);
    if (n) {
      i += n;
      continue;
    }
    size_t start = i;
    while (i < roles.size() && !space_length(roles, i)) ++i;
    each(roles.substr(start, i - start), arg);
  }
}

BuiltInRole built_in_role(std::string_view name) {
  // model.MakeDefaultRoles: SchemeManaged true ...
  static constexpr std::string_view kSchemeManaged[] = {
      "channel_guest", "channel_user",    "channel_admin", "team_guest", "team_user",    "team_admin",
      "playbook_admin", "playbook_member", "run_admin",     "run_member", "system_guest", "system_user",
      "system_admin"};
  // ... and false (custom_group_user leaves it unset).
  static constexpr std::string_view kExplicit[] = {
      "custom_group_user",      "team_post_all",          "team_post_all_public",    "system_post_all",
      "system_post_all_public", "system_user_access_token", "system_user_manager",   "system_read_only_admin",
      "system_manager",         "system_custom_group_admin", "system_shared_channel_manager"};
  for (std::string_view r : kSchemeManaged)
    if (r == name) return BuiltInRole::kSchemeManaged;
  for (std::string_view r : kExplicit)
    if (r == name) return BuiltInRole::kExplicit;
  return BuiltInRole::kNone;
}

bool is_in_role(std::string_view roles, std::string_view role) {
  size_t start = 0;
  while (true) {
    size_t end = roles.find(' ', start);
    if (roles.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start) == role) return true;
    if (end == std::string_view::npos) return false;
    start = end + 1;
  }
}

bool is_valid_emoji_name(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' ||
           c == '_' || c == '-';
  });
}

bool is_system_emoji_name(std::string_view s) { return in_sorted(kSystemEmojiNames, s); }

bool is_known_permission(std::string_view s) { return in_sorted(kPermissionIds, s); }

bool is_valid_post_type(std::string_view s) {
  if (s.substr(0, 7) == "custom_") return true;
  return std::find(std::begin(kPostTypes), std::end(kPostTypes), s) != std::end(kPostTypes);
}

}  // namespace mm::validate
