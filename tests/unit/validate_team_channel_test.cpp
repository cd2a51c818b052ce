// team (docs/bulk-format.md §2.4) and channel (§2.5) rules, at their boundaries.
#include <gtest/gtest.h>

#include "ValidateTestUtil.h"

namespace mm::test {
namespace {

using V = std::vector<std::string>;

std::string team(const std::string& fields) { return R"({"type":"team","team":{)" + fields + "}}"; }
std::string team_named(const std::string& name) {
  return team(R"("name":")" + name + R"(","display_name":"X","type":"O")");
}

TEST(ValidateTeam, NameMissingAndLength) {
  EXPECT_EQ(findings_of(team(R"("display_name":"X","type":"O")")), V{"validate_team_import_data.name_missing.error name"});
  EXPECT_EQ(findings_of(team_named(rep("a", 64))), V{});
  EXPECT_EQ(findings_of(team_named(rep("a", 65))), V{"validate_team_import_data.name_length.error name"});
}

TEST(ValidateTeam, NameReservedAndCharacters) {
  EXPECT_EQ(findings_of(team_named("helpdesk")), V{"validate_team_import_data.name_reserved.error name"});
  EXPECT_EQ(findings_of(team_named("Team-One")), V{});  // lower-cased for the check
  EXPECT_EQ(findings_of(team_named("a")), V{"validate_team_import_data.name_characters.error name"});
  EXPECT_EQ(findings_of(team_named("ab_cd")), V{"validate_team_import_data.name_characters.error name"});
  EXPECT_EQ(findings_of(team_named("ab__cd")), V{});
  EXPECT_EQ(findings_of(team_named("ab-")), V{"validate_team_import_data.name_characters.error name"});
}

TEST(ValidateTeam, DisplayNameRunes) {
  auto t = [](const std::string& d) { return team(R"("name":"ab","type":"O","display_name":")" + d + "\""); };
  EXPECT_EQ(findings_of(team(R"("name":"ab","type":"O")")), V{"validate_team_import_data.display_name_missing.error display_name"});
  EXPECT_EQ(findings_of(t("")), V{"validate_team_import_data.display_name_length.error display_name"});
  EXPECT_EQ(findings_of(t(rep("é", 64))), V{});  // 128 bytes, 64 runes
  EXPECT_EQ(findings_of(t(rep("é", 65))), V{"validate_team_import_data.display_name_length.error display_name"});
}

TEST(ValidateTeam, Type) {
  EXPECT_EQ(findings_of(team(R"("name":"ab","display_name":"X")")), V{"validate_team_import_data.type_missing.error type"});
  EXPECT_EQ(findings_of(team(R"("name":"ab","display_name":"X","type":"I")")), V{});
  EXPECT_EQ(findings_of(team(R"("name":"ab","display_name":"X","type":"P")")), V{"validate_team_import_data.type_invalid.error type"});
}

TEST(ValidateTeam, DescriptionBytes) {
  auto t = [](const std::string& d) { return team(R"("name":"ab","display_name":"X","type":"O","description":")" + d + "\""); };
  EXPECT_EQ(findings_of(t(rep("a", 255))), V{});
  EXPECT_EQ(findings_of(t(rep("a", 256))), V{"validate_team_import_data.description_length.error description"});
  EXPECT_EQ(findings_of(t(rep("é", 128))), V{"validate_team_import_data.description_length.error description"});  // 256 bytes
}

TEST(ValidateTeam, Scheme) {
  std::string scheme = R"({"type":"scheme","scheme":{"name":"ts","display_name":"S","scope":"team","default_team_admin_role":{"name":"r1","display_name":"R"},"default_team_user_role":{"name":"r2","display_name":"R"},"default_channel_admin_role":{"name":"r3","display_name":"R"},"default_channel_user_role":{"name":"r4","display_name":"R"}}})";
  auto t = [](const std::string& s) { return team(R"("name":"ab","display_name":"X","type":"O","scheme":")" + s + "\""); };
  EXPECT_EQ(findings_of(t("a")), V{"validate_team_import_data.scheme_invalid.error scheme"});
  EXPECT_EQ(findings_of(t("nosuch")), V{"app.scheme.get_by_name.app_error scheme"});
  EXPECT_EQ(findings_of(scheme + "\n" + t("ts")), V{});
}

std::string channel(const std::string& fields) { return R"({"type":"channel","channel":{)" + fields + "}}"; }
std::string channel_named(const std::string& name) {
  return channel(R"("team":"tm","name":")" + name + R"(","type":"O")");
}

TEST(ValidateChannel, TeamMissingAndUnknown) {
  EXPECT_EQ(findings_of(channel(R"("name":"x","type":"O")")), V{"validate_channel_import_data.team_missing.error team"});
  EXPECT_EQ(findings_of(channel(R"("team":"zz","name":"x","type":"O")")),
            V{"import_channel.team_not_found.error team"});
}

TEST(ValidateChannel, NameLengthAndCharacters) {
  EXPECT_EQ(findings_of(channel(R"("team":"tm","type":"O")")), V{"validate_channel_import_data.name_missing.error name"});
  EXPECT_EQ(findings_of(channel_named(rep("a", 64))), V{});
  EXPECT_EQ(findings_of(channel_named(rep("a", 65))), V{"validate_channel_import_data.name_length.error name"});
  EXPECT_EQ(findings_of(channel_named("x")), V{});
  EXPECT_EQ(findings_of(channel_named("Town-Square_")), V{});
  EXPECT_EQ(findings_of(channel_named("-x")), V{"validate_channel_import_data.name_characters.error name"});
  EXPECT_EQ(findings_of(channel_named("a.b")), V{"validate_channel_import_data.name_characters.error name"});
  EXPECT_EQ(findings_of(channel_named(rep("ab", 20))), V{"model.channel.is_valid.name.app_error name"});
}

TEST(ValidateChannel, DisplayNameRunes) {
  auto c = [](const std::string& d) { return channel(R"("team":"tm","name":"x","type":"O","display_name":")" + d + "\""); };
  EXPECT_EQ(findings_of(c("")), V{});  // replaced by the name
  EXPECT_EQ(findings_of(c(rep("日", 64))), V{});
  EXPECT_EQ(findings_of(c(rep("日", 65))), V{"validate_channel_import_data.display_name_length.error display_name"});
}

TEST(ValidateChannel, Type) {
  EXPECT_EQ(findings_of(channel(R"("team":"tm","name":"x")")), V{"validate_channel_import_data.type_missing.error type"});
  EXPECT_EQ(findings_of(channel(R"("team":"tm","name":"x","type":"P")")), V{});
  EXPECT_EQ(findings_of(channel(R"("team":"tm","name":"x","type":"D")")), V{"validate_channel_import_data.type_invalid.error type"});
}

TEST(ValidateChannel, HeaderAndPurposeRunes) {
  auto c = [](const std::string& f) { return channel(R"("team":"tm","name":"x","type":"O",)" + f); };
  EXPECT_EQ(findings_of(c(R"("header":")" + rep("ü", 1024) + "\"")), V{});
  EXPECT_EQ(findings_of(c(R"("header":")" + rep("ü", 1025) + "\"")), V{"validate_channel_import_data.header_length.error header"});
  EXPECT_EQ(findings_of(c(R"("purpose":")" + rep("ü", 250) + "\"")), V{});
  EXPECT_EQ(findings_of(c(R"("purpose":")" + rep("ü", 251) + "\"")), V{"validate_channel_import_data.purpose_length.error purpose"});
}

TEST(ValidateChannel, SchemeAndScope) {
  std::string scheme = R"({"type":"scheme","scheme":{"name":"cs","display_name":"S","scope":"channel","default_channel_admin_role":{"name":"r3","display_name":"R"},"default_channel_user_role":{"name":"r4","display_name":"R"}}})";
  auto c = [](const std::string& s) { return channel(R"("team":"tm","name":"x","type":"O","scheme":")" + s + "\""); };
  EXPECT_EQ(findings_of(c("a-b")), V{"validate_channel_import_data.scheme_invalid.error scheme"});
  EXPECT_EQ(findings_of(c("nosuch")), V{"app.scheme.get_by_name.app_error scheme"});
  EXPECT_EQ(findings_of(scheme + "\n" + c("cs")), V{});
  // A channel-scope scheme used by a team.
  EXPECT_EQ(findings_of(scheme + "\n" + team(R"("name":"ab","display_name":"X","type":"O","scheme":"cs")")),
            V{"line 7: import_team.scheme_wrong_scope.error scheme"});
}

TEST(ValidateChannel, DeletedAtIsAnInteger) {
  EXPECT_EQ(findings_of(channel(R"("team":"tm","name":"x","type":"O","deleted_at":1700000000000)")), V{});
  EXPECT_EQ(findings_of(channel(R"("team":"tm","name":"x","type":"O","deleted_at":"1")")),
            V{"bulk_import.json_decode.error deleted_at"});
}

}  // namespace
}  // namespace mm::test
