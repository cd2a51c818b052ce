// The importer's payload structs (import_types.go, newest) and the rules of each line type
// (import_validators.go, docs/bulk-format.md §2), one file per line type. Each validate_* decodes a payload
// object into its struct and checks it; with ctx.rules() off it only type-checks (a payload key
// that is not the line's own type is still decoded by the importer).
#pragma once

#include "stages/validate/GoJson.h"
#include "stages/validate/PostData.h"

namespace mm::validate {

struct RoleData {
  OptString name, display_name, description;
  StringArray permissions;
  OptBool scheme_managed;
};
void decode_fields(Context& ctx, dom::object obj, RoleData& d);

struct SchemeData {
  OptString name, display_name, description, scope;
  OptStruct<RoleData> team_admin, team_user, team_guest, channel_admin, channel_user, channel_guest;
};
void decode_fields(Context& ctx, dom::object obj, SchemeData& d);

struct TeamData {
  OptString name, display_name, type, description, scheme;
  OptBool allow_open_invite;
};
void decode_fields(Context& ctx, dom::object obj, TeamData& d);

struct ChannelData {
  OptString team, name, display_name, type, header, purpose, scheme;
  OptInt deleted_at;
};
void decode_fields(Context& ctx, dom::object obj, ChannelData& d);

struct UserNotifyPropsData {
  OptString desktop, desktop_sound, email, mobile, mobile_push_status, channel, comments, mention_keys;
};
void decode_fields(Context& ctx, dom::object obj, UserNotifyPropsData& d);

struct ChannelNotifyPropsData {
  OptString desktop, mobile, mark_unread, email, ignore_channel_mentions, channel_auto_follow_threads;
};
void decode_fields(Context& ctx, dom::object obj, ChannelNotifyPropsData& d);

struct UserChannelData {
  OptString name, roles;
  OptStruct<ChannelNotifyPropsData> notify_props;
  OptBool favorite;
  OptInt mention_count, mention_count_root, urgent_mention_count, msg_count, msg_count_root, last_viewed_at;
};
void decode_fields(Context& ctx, dom::object obj, UserChannelData& d);

struct UserTeamData {
  OptString name, roles, theme;
  OptArray channels;  // of UserChannelData
};
void decode_fields(Context& ctx, dom::object obj, UserTeamData& d);

struct CustomStatusData {
  OptString emoji, text, duration, expires_at;
};
void decode_fields(Context& ctx, dom::object obj, CustomStatusData& d);

struct UserData {
  OptString profile_image, username, email, auth_service, auth_data, password, nickname, first_name,
      last_name, position, roles, locale, markdown_preview, formatting, show_unread_section, email_interval;
  OptInt delete_at;
  OptArray teams;  // of UserTeamData
  OptStruct<UserNotifyPropsData> notify_props;
  OptStruct<CustomStatusData> custom_status;
};
void decode_fields(Context& ctx, dom::object obj, UserData& d);

struct BotData {
  OptString profile_image, username, owner, display_name, description;
  OptInt delete_at;
};
void decode_fields(Context& ctx, dom::object obj, BotData& d);

struct DirectChannelMemberData {
  OptString username;
  OptStruct<ChannelNotifyPropsData> notify_props;
  OptBool scheme_user, scheme_admin, scheme_guest;
  OptInt mention_count, mention_count_root, urgent_mention_count, msg_count, msg_count_root, last_viewed_at;
};
void decode_fields(Context& ctx, dom::object obj, DirectChannelMemberData& d);

struct DirectChannelData {
  StringArray members, favorited_by, shown_by;
  OptArray participants;  // of DirectChannelMemberData
  OptString header;
};
void decode_fields(Context& ctx, dom::object obj, DirectChannelData& d);

struct EmojiData {
  OptString name, image;
};
void decode_fields(Context& ctx, dom::object obj, EmojiData& d);

struct VersionInfoData {
  OptString generator, version, created;
  AnyValue additional;
};
void decode_fields(Context& ctx, dom::object obj, VersionInfoData& d);

// Error ids of references the importer cannot resolve (docs/bulk-format.md §3).
inline constexpr std::string_view kTeamNotFound = "app.import.get_teams_by_names.some_teams_not_found.error";
inline constexpr std::string_view kUserNotFound = "app.import.get_users_by_username.some_users_not_found.error";
inline constexpr std::string_view kSchemeNotFound = "app.scheme.get_by_name.app_error";
inline constexpr std::string_view kPostChannelNotFound = "app.import.import_post.channel_not_found.error";
inline constexpr std::string_view kReactionUserNotFound = "app.import.import_post.user_not_found.error";
inline constexpr std::string_view kRoleNotFound = "app.role.get_by_name.app_error";

// Rules of each line type, on the decoded payload.
void validate_role(Context& ctx, const RoleData& d);
void validate_scheme(Context& ctx, const SchemeData& d);
void validate_team(Context& ctx, const TeamData& d);
void validate_channel(Context& ctx, const ChannelData& d);
void validate_user(Context& ctx, const UserData& d);
void validate_bot(Context& ctx, const BotData& d);
// post and direct_post: on PostData, whichever decoder filled it (PostData.h).
void validate_post(Context& ctx, const PostData& d);
void validate_direct_post(Context& ctx, const PostData& d);
void validate_direct_channel(Context& ctx, const DirectChannelData& d);
void validate_emoji(Context& ctx, const EmojiData& d);

// An image or attachment path: the escape check (`escape_rule`) and, with an import path, the
// file's existence (`missing_rule`).
// The profile_image and username rules of a user line, which the server applies to a bot line
// too (with the user's error ids).
void check_profile_image_and_username(Context& ctx, const OptString& profile_image, const OptString& username);

void check_import_file(Context& ctx, std::string_view path, std::string_view escape_rule,
                       std::string_view missing_rule);

// With an import path: the server's limits on an emoji (`emoji`) or else profile image found
// there (stages/ImageLimits.h), reported as `rule`. Nothing when the file is missing or unreadable
// (check_import_file says so).
void check_image_limits(Context& ctx, std::string_view path, bool emoji, std::string_view rule);

}  // namespace mm::validate
