// `user` lines with their team and channel memberships (docs/bulk-format.md §2.6).
#include <vector>

#include <fmt/format.h>

#include "stages/validate/NameRules.h"
#include "stages/validate/Rules.h"

namespace mm::validate {

void decode_fields(Context& ctx, dom::object obj, UserNotifyPropsData& d) {
  for (auto [k, v] : obj)
    field(ctx, k, v, "desktop", d.desktop) || field(ctx, k, v, "desktop_sound", d.desktop_sound) ||
        field(ctx, k, v, "email", d.email) || field(ctx, k, v, "mobile", d.mobile) ||
        field(ctx, k, v, "mobile_push_status", d.mobile_push_status) || field(ctx, k, v, "channel", d.channel) ||
        field(ctx, k, v, "comments", d.comments) || field(ctx, k, v, "mention_keys", d.mention_keys);
}

void decode_fields(Context& ctx, dom::object obj, ChannelNotifyPropsData& d) {
  for (auto [k, v] : obj)
    field(ctx, k, v, "desktop", d.desktop) || field(ctx, k, v, "mobile", d.mobile) ||
        field(ctx, k, v, "mark_unread", d.mark_unread) || field(ctx, k, v, "email", d.email) ||
        field(ctx, k, v, "ignore_channel_mentions", d.ignore_channel_mentions) ||
        field(ctx, k, v, "channel_auto_follow_threads", d.channel_auto_follow_threads);
}

void decode_fields(Context& ctx, dom::object obj, UserChannelData& d) {
  for (auto [k, v] : obj)
    field(ctx, k, v, "name", d.name) || field(ctx, k, v, "roles", d.roles) ||
        field(ctx, k, v, "notify_props", d.notify_props) || field(ctx, k, v, "favorite", d.favorite) ||
        field(ctx, k, v, "mention_count", d.mention_count) ||
        field(ctx, k, v, "mention_count_root", d.mention_count_root) ||
        field(ctx, k, v, "urgend_mention_count", d.urgent_mention_count) ||
        field(ctx, k, v, "msg_count", d.msg_count) || field(ctx, k, v, "msg_count_root", d.msg_count_root) ||
        field(ctx, k, v, "last_viewed_at", d.last_viewed_at);
}

void decode_fields(Context& ctx, dom::object obj, UserTeamData& d) {
  for (auto [k, v] : obj)
    field(ctx, k, v, "name", d.name) || field(ctx, k, v, "roles", d.roles) || field(ctx, k, v, "theme", d.theme) ||
        field(ctx, k, v, "channels", d.channels);
}

void decode_fields(Context& ctx, dom::object obj, CustomStatusData& d) {
  for (auto [k, v] : obj)
    field(ctx, k, v, "emoji", d.emoji) || field(ctx, k, v, "text", d.text) ||
        field(ctx, k, v, "duration", d.duration) || field(ctx, k, v, "expires_at", d.expires_at);
}

void decode_fields(Context& ctx, dom::object obj, UserData& d) {
  static constexpr std::string_view kPreferences[] = {
      "theme", "military_time", "link_previews", "message_display", "collapse_consecutive_messages",
      "colorize_usernames", "channel_display_mode", "tutorial_step", "send_on_ctrl_enter",
      "code_block_ctrl_enter", "show_join_leave", "show_unread_scroll_position", "sync_drafts",
      "limit_visible_dms_gms", "name_format"};
  for (auto [k, v] : obj) {
    if (field(ctx, k, v, "profile_image", d.profile_image) || field(ctx, k, v, "username", d.username) ||
        field(ctx, k, v, "email", d.email) || field(ctx, k, v, "auth_service", d.auth_service) ||
        field(ctx, k, v, "auth_data", d.auth_data) || field(ctx, k, v, "password", d.password) ||
        field(ctx, k, v, "nickname", d.nickname) || field(ctx, k, v, "first_name", d.first_name) ||
        field(ctx, k, v, "last_name", d.last_name) || field(ctx, k, v, "position", d.position) ||
        field(ctx, k, v, "roles", d.roles) || field(ctx, k, v, "locale", d.locale) ||
        field(ctx, k, v, "feature_enabled_markdown_preview", d.markdown_preview) ||
        field(ctx, k, v, "formatting", d.formatting) ||
        field(ctx, k, v, "show_unread_section", d.show_unread_section) ||
        field(ctx, k, v, "email_interval", d.email_interval) || field(ctx, k, v, "delete_at", d.delete_at) ||
        field(ctx, k, v, "teams", d.teams) || field(ctx, k, v, "notify_props", d.notify_props) ||
        field(ctx, k, v, "custom_status", d.custom_status))
      continue;
    for (std::string_view tag : kPreferences) {
      OptString unused;
      if (field(ctx, k, v, tag, unused)) break;
    }
  }
}

namespace {

struct Member {
  UserTeamData team;
  std::vector<UserChannelData> channels;
};

bool true_or_false(std::string_view s) { return s == "true" || s == "false"; }

void check_value(Context& ctx, const OptString& v, std::string_view key, bool ok, std::string_view rule,
                 std::string_view allowed) {
  if (!v.set || ok) return;
  Field f(ctx, key);
  ctx.error(rule, fmt::format("{} \"{}\" is not one of {}", key, shorten(v.value), allowed));
}

void check_runes(Context& ctx, const OptString& v, std::string_view key, size_t max, std::string_view rule) {
  if (!v.set) return;
  size_t runes = rune_count(v.value);
  if (runes <= max) return;
  Field f(ctx, key);
  ctx.error(rule, fmt::format("{} is {} characters, more than {}", key, runes, max));
}

// A team theme must decode as a JSON object of strings (json.Decoder into map[string]string).
bool valid_team_theme(std::string_view theme) {
  size_t b = theme.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return true;
  static thread_local dom::parser parser;
  dom::element doc;
  if (parser.parse(theme.data(), theme.size()).get(doc)) return false;
  if (doc.is_null()) return true;
  dom::object obj;
  if (doc.get_object().get(obj)) return false;
  for (auto [k, v] : obj)
    if (!v.is_string() && !v.is_null()) return false;
  return true;
}

// importUserTeams (importUserChannels) sets the membership's scheme roles of its own scope by flags
// and passes the other tokens to UpdateTeamMemberRoles (UpdateChannelMemberRoles), which looks each
// up with GetRoleByName and refuses a scheme-managed one: such a role must be built in, defined by
// a role line before, or a role of the target (docs/validate.md, "Beyond import_validators.go").
void check_member_roles(Context& ctx, std::string_view roles, bool channel) {
  struct Arg {
    Context& ctx;
    bool channel;
  } arg{ctx, channel};
  for_each_role(roles, [](std::string_view token, void* p) {
    const Arg& a = *static_cast<const Arg*>(p);
    std::string_view scope = a.channel ? "channel_" : "team_";
    if (token.starts_with(scope)) {
      std::string_view rest = token.substr(scope.size());
      if (rest == "guest" || rest == "user" || rest == "admin") return;  // scheme flags
    }
    switch (built_in_role(token)) {
      case BuiltInRole::kExplicit: return;
      case BuiltInRole::kSchemeManaged:
        a.ctx.error(a.channel ? "api.channel.update_channel_member_roles.scheme_role.app_error"
                              : "api.team.update_team_member_roles.scheme_role.app_error",
                    fmt::format("role \"{}\" is a scheme role of another scope: not allowed as an explicit {} role",
                                shorten(token), a.channel ? "channel" : "team"));
        return;
      case BuiltInRole::kNone: a.ctx.ref(NameKind::kRole, token, kRoleNotFound); return;
    }
  }, &arg);
}

void validate_channel_member(Context& ctx, const UserChannelData& c, const UserTeamData& team) {
  if (!c.name.set) {
    Field f(ctx, "name");
    ctx.error("app.import.validate_user_channels_import_data.channel_name_missing.error", "name is missing");
  }
  if (c.roles.set) {
    Field f(ctx, "roles");
    if (!is_valid_user_roles(c.roles.value))
      ctx.error("app.import.validate_user_channels_import_data.invalid_roles.error",
                fmt::format("invalid roles \"{}\"", shorten(c.roles.value)));
    else
      check_member_roles(ctx, c.roles.value, true);
  }
  if (c.notify_props.set) {
    Field f(ctx, "notify_props");
    auto level = [](std::string_view s) { return s == "default" || s == "all" || s == "mention" || s == "none"; };
    const auto& n = c.notify_props.value;
    check_value(ctx, n.desktop, "desktop", level(n.desktop.value),
                "app.import.validate_user_channels_import_data.invalid_notify_props_desktop.error",
                "default, all, mention, none");
    check_value(ctx, n.mobile, "mobile", level(n.mobile.value),
                "app.import.validate_user_channels_import_data.invalid_notify_props_mobile.error",
                "default, all, mention, none");
    check_value(ctx, n.mark_unread, "mark_unread", n.mark_unread.value == "all" || n.mark_unread.value == "mention",
                "app.import.validate_user_channels_import_data.invalid_notify_props_mark_unread.error",
                "all, mention");
  }
  if (c.name.set && team.name.set) {
    Field f(ctx, "name");
    ctx.ref_channel(team.name.value, c.name.value, "app.import.import_user_channels.channel_not_found.error");
  }
}

void validate_team_member(Context& ctx, const Member& m) {
  const UserTeamData& t = m.team;
  if (!t.name.set) {
    Field f(ctx, "name");
    ctx.error("app.import.validate_user_teams_import_data.team_name_missing.error", "name is missing");
  }
  if (t.roles.set) {
    Field f(ctx, "roles");
    if (!is_valid_user_roles(t.roles.value))
      ctx.error("app.import.validate_user_teams_import_data.invalid_roles.error",
                fmt::format("invalid roles \"{}\"", shorten(t.roles.value)));
    else
      check_member_roles(ctx, t.roles.value, false);
  }
  if (t.channels.set) {
    Field f(ctx, "channels");
    for (size_t i = 0; i < m.channels.size(); ++i) {
      Field fi(ctx, i);
      validate_channel_member(ctx, m.channels[i], t);
    }
  }
  if (t.theme.set && !valid_team_theme(t.theme.value)) {
    Field f(ctx, "theme");
    ctx.error("app.import.validate_user_teams_import_data.invalid_team_theme.error",
              fmt::format("theme \"{}\" is not a JSON object of strings", shorten(t.theme.value)));
  }
  if (t.name.set) {
    Field f(ctx, "name");
    ctx.ref(NameKind::kTeam, t.name.value, kTeamNotFound);
  }
}

// validateGuestRoles (newest): system, team and channel guest roles must agree.
void validate_guest_roles(Context& ctx, const UserData& d, const std::vector<Member>& teams) {
  if (!d.roles.set || teams.empty()) return;
  bool system_guest = is_in_role(d.roles.value, "system_guest");
  size_t team_guests = 0, channels = 0, channel_guests = 0;
  for (const Member& m : teams) {
    if (m.team.roles.set && is_in_role(m.team.roles.value, "team_guest")) ++team_guests;
    for (const UserChannelData& c : m.channels) {
      ++channels;
      if (c.roles.set && is_in_role(c.roles.value, "channel_guest")) ++channel_guests;
    }
  }
  bool team_guest = team_guests == teams.size();
  bool channel_guest = channels > 0 && channel_guests == channels;
  Field f(ctx, "roles");
  if (system_guest) {
    if (!team_guest)
      ctx.error("app.import.validate_user_import_data.system_guest_missing_team_guest_roles.error",
                fmt::format("system_guest, but team_guest in only {} of {} teams", team_guests, teams.size()));
    else if (channels > 0 && !channel_guest)
      ctx.error("app.import.validate_user_import_data.system_guest_missing_channel_guest_roles.error",
                fmt::format("system_guest, but channel_guest in only {} of {} channels", channel_guests, channels));
  } else if (team_guest) {
    ctx.error("app.import.validate_user_import_data.team_guest_missing_system_guest_role.error",
              "team_guest in every team, but roles lack system_guest");
  } else if (channel_guest) {
    ctx.error("app.import.validate_user_import_data.channel_guest_missing_system_guest_role.error",
              "channel_guest in every channel, but roles lack system_guest");
  }
}

}  // namespace

void check_profile_image_and_username(Context& ctx, const OptString& profile_image, const OptString& username) {
  if (profile_image.set) {
    Field f(ctx, "profile_image");
    check_import_file(ctx, profile_image.value, "app.import.validate_user_import_data.invalid_image_path.error",
                      "app.import.validate_user_import_data.profile_image.error");
    // importUser / importProfileImage: checkImageLimits(file, MaxImageResolution).
    check_image_limits(ctx, profile_image.value, false,
                       "api.user.upload_profile_user.check_image_limits.app_error");
  }
  Field f(ctx, "username");
  if (!username.set)
    ctx.error("app.import.validate_user_import_data.username_missing.error", "username is missing");
  else if (!is_valid_username(go_to_lower(username.value, ctx.scratch())))
    ctx.error("app.import.validate_user_import_data.username_invalid.error",
              fmt::format("invalid username \"{}\": 1 to 64 of [a-z0-9.-_], not all/channel/matterbot/system",
                          shorten(username.value)));
}

void validate_user(Context& ctx, const UserData& d) {
  check_profile_image_and_username(ctx, d.profile_image, d.username);
  {
    Field f(ctx, "email");
    if (!d.email.set)
      ctx.error("app.import.validate_user_import_data.email_missing.error", "email is missing");
    else if (d.email.value.empty() || d.email.value.size() > 128)
      ctx.error("app.import.validate_user_import_data.email_length.error",
                fmt::format("email \"{}\" is {} bytes, must be 1 to 128", shorten(d.email.value), d.email.value.size()));
  }
  if (d.auth_data.set && d.password.set) {
    Field f(ctx, "auth_data");
    ctx.error("app.import.validate_user_import_data.auth_data_and_password.error",
              "auth_data and password are both given");
  }
  if (d.auth_data.set && d.auth_data.value.size() > 128) {
    Field f(ctx, "auth_data");
    ctx.error("app.import.validate_user_import_data.auth_data_length.error",
              fmt::format("auth_data is {} bytes, more than 128", d.auth_data.value.size()));
  }
  bool blank_service = !d.auth_service.set || d.auth_service.value.empty();
  bool blank_data = !d.auth_data.set || d.auth_data.value.empty();
  if (blank_service != blank_data) {
    Field f(ctx, blank_service ? "auth_service" : "auth_data");
    ctx.error("app.import.validate_user_import_data.auth_data_and_service_dependency.error",
              blank_service ? "auth_data is given without auth_service" : "auth_service is given without auth_data");
  }
  if (d.auth_service.set) {
    std::string_view s = d.auth_service.value;
    bool known = s.empty() || s == "email" || s == "gitlab" || s == "saml" || s == "ldap" || s == "google" ||
                 s == "office365" || s == "openid";
    check_value(ctx, d.auth_service, "auth_service", known,
                "app.import.validate_user_teams_import_data.invalid_auth_service.error",
                "\"\", email, gitlab, saml, ldap, google, office365, openid");
  }
  if (d.password.set && (d.password.value.empty() || d.password.value.size() > 72)) {
    Field f(ctx, "password");
    ctx.error("app.import.validate_user_import_data.password_length.error",
              fmt::format("password is {} bytes, must be 1 to 72", d.password.value.size()));
  }
  check_runes(ctx, d.nickname, "nickname", 64, "app.import.validate_user_import_data.nickname_length.error");
  check_runes(ctx, d.first_name, "first_name", 64, "app.import.validate_user_import_data.first_name_length.error");
  check_runes(ctx, d.last_name, "last_name", 64, "app.import.validate_user_import_data.last_name_length.error");
  check_runes(ctx, d.position, "position", 128, "app.import.validate_user_import_data.position_length.error");
  bool roles_ok = !d.roles.set || is_valid_user_roles(d.roles.value);
  if (!roles_ok) {
    Field f(ctx, "roles");
    ctx.error("app.import.validate_user_import_data.roles_invalid.error",
              fmt::format("invalid roles \"{}\"", shorten(d.roles.value)));
  }

  // Memberships, decoded once for the guest check and the membership rules.
  std::vector<Member> teams;
  if (d.teams.set) {
    Field f(ctx, "teams");
    size_t i = 0;
    for (dom::element e : d.teams.value) {
      Field fi(ctx, i++);
      Member m;
      if (!decode_element(ctx, e, m.team)) continue;
      if (m.team.channels.set) {
        Field fc(ctx, "channels");
        size_t j = 0;
        for (dom::element ce : m.team.channels.value) {
          Field fj(ctx, j++);
          UserChannelData c;
          decode_element(ctx, ce, c);
          m.channels.push_back(c);
        }
      }
      teams.push_back(std::move(m));
    }
  }
  if (roles_ok) validate_guest_roles(ctx, d, teams);

  if (d.notify_props.set) {
    Field f(ctx, "notify_props");
    const auto& n = d.notify_props.value;
    auto level = [](std::string_view s) { return s == "all" || s == "mention" || s == "none"; };
    check_value(ctx, n.desktop, "desktop", level(n.desktop.value),
                "app.import.validate_user_import_data.notify_props_desktop_invalid.error", "all, mention, none");
    check_value(ctx, n.desktop_sound, "desktop_sound", true_or_false(n.desktop_sound.value),
                "app.import.validate_user_import_data.notify_props_desktop_sound_invalid.error", "true, false");
    check_value(ctx, n.email, "email", true_or_false(n.email.value),
                "app.import.validate_user_import_data.notify_props_email_invalid.error", "true, false");
    check_value(ctx, n.mobile, "mobile", level(n.mobile.value),
                "app.import.validate_user_import_data.notify_props_mobile_invalid.error", "all, mention, none");
    std::string_view push = n.mobile_push_status.value;
    check_value(ctx, n.mobile_push_status, "mobile_push_status",
                push == "online" || push == "away" || push == "offline",
                "app.import.validate_user_import_data.notify_props_mobile_push_status_invalid.error",
                "online, away, offline");
    check_value(ctx, n.channel, "channel", true_or_false(n.channel.value),
                "app.import.validate_user_import_data.notify_props_channel_trigger_invalid.error", "true, false");
    std::string_view comments = n.comments.value;
    check_value(ctx, n.comments, "comments", comments == "any" || comments == "root" || comments == "never",
                "app.import.validate_user_import_data.notify_props_comments_trigger_invalid.error",
                "any, root, never");
  }
  check_value(ctx, d.markdown_preview, "feature_enabled_markdown_preview", true_or_false(d.markdown_preview.value),
              "app.import.validate_user_import_data.advanced_props_feature_markdown_preview.error", "true, false");
  check_value(ctx, d.formatting, "formatting", true_or_false(d.formatting.value),
              "app.import.validate_user_import_data.advanced_props_formatting.error", "true, false");
  check_value(ctx, d.show_unread_section, "show_unread_section", true_or_false(d.show_unread_section.value),
              "app.import.validate_user_import_data.advanced_props_show_unread_section.error", "true, false");
  std::string_view interval = d.email_interval.value;
  check_value(ctx, d.email_interval, "email_interval",
              interval == "immediately" || interval == "fifteen" || interval == "hour",
              "app.import.validate_user_import_data.advanced_props_email_interval.error", "immediately, fifteen, hour");

  if (d.teams.set) {
    Field f(ctx, "teams");
    for (size_t i = 0; i < teams.size(); ++i) {
      Field fi(ctx, i);
      validate_team_member(ctx, teams[i]);
    }
  }
  if (d.username.set) ctx.define(NameKind::kUser, d.username.value);
}

}  // namespace mm::validate
