// user (docs/bulk-format.md §2.6, with team and channel memberships) and bot (§2.7) rules, at their boundaries.
#include <gtest/gtest.h>

#include "ValidateTestUtil.h"

namespace mm::test {
namespace {

using V = std::vector<std::string>;

std::string user(const std::string& fields) {
  return R"({"type":"user","user":{"username":"w","email":"w@example.com")" + (fields.empty() ? "" : "," + fields) + "}}";
}
std::string str(const std::string& key, const std::string& value) { return "\"" + key + "\":\"" + value + "\""; }

TEST(ValidateUser, Username) {
  EXPECT_EQ(findings_of(R"({"type":"user","user":{"email":"w@example.com"}})"),
            V{"validate_user_import_data.username_missing.error username"});
  EXPECT_EQ(findings_of(R"({"type":"user","user":{"username":"Bob.Smith","email":"w@example.com"}})"), V{});
  EXPECT_EQ(findings_of(R"({"type":"user","user":{"username":")" + rep("a", 64) + R"(","email":"w@example.com"}})"), V{});
  EXPECT_EQ(findings_of(R"({"type":"user","user":{"username":")" + rep("a", 65) + R"(","email":"w@example.com"}})"),
            V{"validate_user_import_data.username_invalid.error username"});
  EXPECT_EQ(findings_of(R"({"type":"user","user":{"username":"bob smith","email":"w@example.com"}})"),
            V{"validate_user_import_data.username_invalid.error username"});
  EXPECT_EQ(findings_of(R"({"type":"user","user":{"username":"all","email":"w@example.com"}})"),
            V{"validate_user_import_data.username_invalid.error username"});
}

TEST(ValidateUser, EmailLength) {
  EXPECT_EQ(findings_of(R"({"type":"user","user":{"username":"w"}})"), V{"validate_user_import_data.email_missing.error email"});
  EXPECT_EQ(findings_of(R"({"type":"user","user":{"username":"w","email":""}})"), V{"validate_user_import_data.email_length.error email"});
  std::string at = "@example.com";
  EXPECT_EQ(findings_of(R"({"type":"user","user":{"username":"w","email":")" + rep("a", 128 - at.size()) + at + "\"}}"), V{});
  EXPECT_EQ(findings_of(R"({"type":"user","user":{"username":"w","email":")" + rep("a", 129 - at.size()) + at + "\"}}"),
            V{"validate_user_import_data.email_length.error email"});
}

TEST(ValidateUser, AuthDataPasswordAndService) {
  EXPECT_EQ(findings_of(user(str("auth_service", "ldap") + "," + str("auth_data", "x"))), V{});
  EXPECT_EQ(findings_of(user(str("auth_service", "ldap") + "," + str("auth_data", "x") + "," + str("password", "p"))),
            V{"validate_user_import_data.auth_data_and_password.error auth_data"});
  EXPECT_EQ(findings_of(user(str("auth_service", "saml") + "," + str("auth_data", rep("x", 128)))), V{});
  EXPECT_EQ(findings_of(user(str("auth_service", "saml") + "," + str("auth_data", rep("x", 129)))),
            V{"validate_user_import_data.auth_data_length.error auth_data"});
  EXPECT_EQ(findings_of(user(str("auth_service", "ldap"))),
            V{"validate_user_import_data.auth_data_and_service_dependency.error auth_data"});
  EXPECT_EQ(findings_of(user(str("auth_data", "x") + R"(,"auth_service":"")")),
            V{"validate_user_import_data.auth_data_and_service_dependency.error auth_service"});
  EXPECT_EQ(findings_of(user(R"("auth_service":"")")), V{});
  EXPECT_EQ(findings_of(user(str("auth_service", "openid") + "," + str("auth_data", "x"))), V{});
  EXPECT_EQ(findings_of(user(str("auth_service", "github") + "," + str("auth_data", "x"))),
            V{"validate_user_teams_import_data.invalid_auth_service.error auth_service"});
}

TEST(ValidateUser, PasswordLength) {
  EXPECT_EQ(findings_of(user(str("password", rep("p", 72)))), V{});
  EXPECT_EQ(findings_of(user(str("password", rep("p", 73)))), V{"validate_user_import_data.password_length.error password"});
  EXPECT_EQ(findings_of(user(str("password", ""))), V{"validate_user_import_data.password_length.error password"});
}

TEST(ValidateUser, NameFieldRunes) {
  struct Case { const char* key; size_t max; const char* rule; };
  for (Case c : {Case{"nickname", 64, "nickname_length"}, Case{"first_name", 64, "first_name_length"},
                 Case{"last_name", 64, "last_name_length"}, Case{"position", 128, "position_length"}}) {
    EXPECT_EQ(findings_of(user(str(c.key, rep("ñ", c.max)))), V{}) << c.key;
    EXPECT_EQ(findings_of(user(str(c.key, rep("ñ", c.max + 1)))),
              V{std::string("validate_user_import_data.") + c.rule + ".error " + c.key});
  }
}

TEST(ValidateUser, Roles) {
  EXPECT_EQ(findings_of(user(str("roles", "system_user system_admin"))), V{});
  EXPECT_EQ(findings_of(user(str("roles", ""))), V{});
  EXPECT_EQ(findings_of(user(str("roles", "system_admin"))), V{"validate_user_import_data.roles_invalid.error roles"});
  EXPECT_EQ(findings_of(user(str("roles", "System_User"))), V{"validate_user_import_data.roles_invalid.error roles"});
}

TEST(ValidateUser, GuestRoles) {
  std::string guest_team = R"("teams":[{"name":"tm","roles":"team_guest","channels":[{"name":"c","roles":"channel_guest"}]}])";
  EXPECT_EQ(findings_of(user(str("roles", "system_guest") + "," + guest_team)), V{});
  EXPECT_EQ(findings_of(user(str("roles", "system_guest"))), V{});  // no teams: fine
  EXPECT_EQ(findings_of(user(str("roles", "system_guest") + R"(,"teams":[{"name":"tm","roles":"team_user"}])")),
            V{"validate_user_import_data.system_guest_missing_team_guest_roles.error roles"});
  EXPECT_EQ(findings_of(user(str("roles", "system_guest") +
                             R"(,"teams":[{"name":"tm","roles":"team_guest","channels":[{"name":"c","roles":"channel_user"}]}])")),
            V{"validate_user_import_data.system_guest_missing_channel_guest_roles.error roles"});
  EXPECT_EQ(findings_of(user(str("roles", "system_user") + "," + guest_team)),
            V{"validate_user_import_data.team_guest_missing_system_guest_role.error roles"});
  EXPECT_EQ(findings_of(user(str("roles", "system_user") +
                             R"(,"teams":[{"name":"tm","roles":"team_user","channels":[{"name":"c","roles":"channel_guest"}]}])")),
            V{"validate_user_import_data.channel_guest_missing_system_guest_role.error roles"});
}

TEST(ValidateUser, NotifyProps) {
  struct Case { const char* key; const char* good; const char* bad; const char* rule; };
  for (Case c : {Case{"desktop", "mention", "default", "notify_props_desktop_invalid"},
                 Case{"desktop_sound", "true", "yes", "notify_props_desktop_sound_invalid"},
                 Case{"email", "false", "", "notify_props_email_invalid"},
                 Case{"mobile", "none", "some", "notify_props_mobile_invalid"},
                 Case{"mobile_push_status", "away", "busy", "notify_props_mobile_push_status_invalid"},
                 Case{"channel", "true", "1", "notify_props_channel_trigger_invalid"},
                 Case{"comments", "root", "all", "notify_props_comments_trigger_invalid"}}) {
    EXPECT_EQ(findings_of(user(R"("notify_props":{)" + str(c.key, c.good) + "}")), V{}) << c.key;
    EXPECT_EQ(findings_of(user(R"("notify_props":{)" + str(c.key, c.bad) + "}")),
              V{std::string("validate_user_import_data.") + c.rule + ".error notify_props." + c.key});
  }
  EXPECT_EQ(findings_of(user(R"("notify_props":{"mention_keys":"anything, at all"})")), V{});
}

TEST(ValidateUser, AdvancedProps) {
  struct Case { const char* key; const char* good; const char* bad; const char* rule; };
  for (Case c : {Case{"feature_enabled_markdown_preview", "true", "on", "advanced_props_feature_markdown_preview"},
                 Case{"formatting", "false", "no", "advanced_props_formatting"},
                 Case{"show_unread_section", "true", "", "advanced_props_show_unread_section"},
                 Case{"email_interval", "fifteen", "", "advanced_props_email_interval"}}) {
    EXPECT_EQ(findings_of(user(str(c.key, c.good))), V{}) << c.key;
    EXPECT_EQ(findings_of(user(str(c.key, c.bad))), V{std::string("validate_user_import_data.") + c.rule + ".error " + c.key});
  }
  EXPECT_EQ(findings_of(user(str("theme", "anything") + "," + str("military_time", "maybe") + "," + str("locale", "xx"))), V{});
}

TEST(ValidateUser, TeamMemberships) {
  EXPECT_EQ(findings_of(user(R"("teams":[{"roles":"team_user"}])")),
            V{"validate_user_teams_import_data.team_name_missing.error teams[0].name"});
  EXPECT_EQ(findings_of(user(R"("teams":[{"name":"tm","roles":"team user!"}])")),
            V{"validate_user_teams_import_data.invalid_roles.error teams[0].roles"});
  EXPECT_EQ(findings_of(user(R"("teams":[{"name":"tm","theme":" \t"}])")), V{});
  EXPECT_EQ(findings_of(user(R"("teams":[{"name":"tm","theme":"{\"sidebarBg\":\"#fff\"}"}])")), V{});
  EXPECT_EQ(findings_of(user(R"("teams":[{"name":"tm","theme":"{\"sidebarBg\":1}"}])")),
            V{"validate_user_teams_import_data.invalid_team_theme.error teams[0].theme"});
  EXPECT_EQ(findings_of(user(R"("teams":[{"name":"tm","theme":"not json"}])")),
            V{"validate_user_teams_import_data.invalid_team_theme.error teams[0].theme"});
  EXPECT_EQ(findings_of(user(R"("teams":[{"name":"nosuch"}])")),
            V{"get_teams_by_names.some_teams_not_found.error teams[0].name"});
}

TEST(ValidateUser, ChannelMemberships) {
  auto member = [](const std::string& fields) {
    return user(R"("teams":[{"name":"tm","channels":[{)" + fields + "}]}]");
  };
  EXPECT_EQ(findings_of(member(R"("name":"c","roles":"channel_user","favorite":true,"mention_count":3,"urgend_mention_count":1)")), V{});
  EXPECT_EQ(findings_of(member(R"("roles":"channel_user")")),
            V{"validate_user_channels_import_data.channel_name_missing.error teams[0].channels[0].name"});
  EXPECT_EQ(findings_of(member(R"("name":"c","roles":"-")")),
            V{"validate_user_channels_import_data.invalid_roles.error teams[0].channels[0].roles"});
  EXPECT_EQ(findings_of(member(R"("name":"c","notify_props":{"desktop":"default","mobile":"all","mark_unread":"mention"})")), V{});
  EXPECT_EQ(findings_of(member(R"("name":"c","notify_props":{"desktop":"loud"})")),
            V{"validate_user_channels_import_data.invalid_notify_props_desktop.error teams[0].channels[0].notify_props.desktop"});
  EXPECT_EQ(findings_of(member(R"("name":"c","notify_props":{"mobile":"loud"})")),
            V{"validate_user_channels_import_data.invalid_notify_props_mobile.error teams[0].channels[0].notify_props.mobile"});
  EXPECT_EQ(findings_of(member(R"("name":"c","notify_props":{"mark_unread":"none"})")),
            V{"validate_user_channels_import_data.invalid_notify_props_mark_unread.error teams[0].channels[0].notify_props.mark_unread"});
  EXPECT_EQ(findings_of(member(R"("name":"nosuch")")),
            V{"import_user_channels.channel_not_found.error teams[0].channels[0].name"});
  EXPECT_EQ(findings_of(member(R"("name":"c","msg_count":1.5)")),
            V{"bulk_import.json_decode.error teams[0].channels[0].msg_count"});
}

std::string bot(const std::string& fields) { return R"({"type":"bot","bot":{)" + fields + "}}"; }

TEST(ValidateBot, Rules) {
  EXPECT_EQ(findings_of(bot(R"("username":"helper","owner":"u","display_name":"Helper","delete_at":0)")), V{});
  EXPECT_EQ(findings_of(bot(R"("owner":"u")")), V{"validate_user_import_data.username_missing.error username"});
  EXPECT_EQ(findings_of(bot(R"("username":"a b","owner":"u")")), V{"validate_user_import_data.username_invalid.error username"});
  EXPECT_EQ(findings_of(bot(R"("username":"helper","owner":"u","display_name":")" + rep("ß", 64) + "\"")), V{});
  EXPECT_EQ(findings_of(bot(R"("username":"helper","owner":"u","display_name":")" + rep("ß", 65) + "\"")),
            V{"validate_user_import_data.first_name_length.error display_name"});
  EXPECT_EQ(findings_of(bot(R"("username":"helper")")), V{"validate_bot_import_data.owner_missing.error owner"});
  // The owner is not lower-cased before the check.
  EXPECT_EQ(findings_of(bot(R"("username":"helper","owner":"U")")), V{"validate_user_import_data.username_invalid.error owner"});
  // An unknown owner is kept as a plugin id: a warning.
  EXPECT_EQ(findings_of(bot(R"("username":"helper","owner":"someplugin")")),
            V{"warning:mattermerge.reference.bot_owner_not_found owner"});
}

TEST(ValidateBot, BotsArePostAuthors) {
  EXPECT_EQ(findings_of(bot(R"("username":"helper","owner":"u")") + "\n" +
                        R"({"type":"post","post":{"team":"tm","channel":"c","user":"helper","message":"m","create_at":1}})"),
            V{});
}

}  // namespace
}  // namespace mm::test
