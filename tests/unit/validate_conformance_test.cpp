// What the server's importer does beyond import_validators.go, as validate copies it
// (docs/validate.md, "Beyond import_validators.go"): the default channels of every team, the
// roles of memberships that must exist.
#include <gtest/gtest.h>

#include "ValidateTestUtil.h"

namespace mm::test {
namespace {

using V = std::vector<std::string>;

// Findings of `text` validated against a target export `target` (its definitions only), as
// "line N: rule field" strings.
V findings_with_target(const std::string& target, const std::string& text) {
  InstanceNames names;
  validate::ReferenceTracker tracker(names, true);
  simdjson::dom::parser parser;
  validate::ValidateOptions options;
  {
    validate::LineValidator target_validator(options, nullptr);
    validate::LineValidator::Result result;
    Chunk chunk;
    fill_chunk(chunk, target, 0);
    target_validator.process(chunk, parser, result);
    for (const validate::Definition& d : result.out.defs) {
      NameDef def = d.def;
      def.line = 1 + d.line;
      def.in_target = true;
      tracker.add_target(d.kind, d.key, def);
    }
  }
  validate::LineValidator validator(options, &names);
  validate::LineValidator::Result result;
  Chunk chunk;
  fill_chunk(chunk, text, 0);
  validator.process(chunk, parser, result);
  tracker.consume(result.out, 1);
  V out;
  for (const Finding& f : result.out.findings) out.push_back("line " + std::to_string(f.line + 1) + ": " + f.rule + " " + f.field);
  return out;
}

const std::string kVersion = R"({"type":"version","version":1})" "\n";
std::string team_line(const std::string& name) {
  return R"({"type":"team","team":{"name":")" + name + R"(","display_name":"T","type":"O"}})";
}
std::string member_line(const std::string& team, const std::string& channel, const std::string& roles = "") {
  std::string r = roles.empty() ? "" : R"(,"roles":")" + roles + "\"";
  return R"({"type":"user","user":{"username":"m","email":"m@example.com","teams":[{"name":")" + team +
         R"(","channels":[{"name":")" + channel + "\"" + r + "}]}]}}";
}
std::string team_member_line(const std::string& team, const std::string& roles) {
  return R"({"type":"user","user":{"username":"m","email":"m@example.com","teams":[{"name":")" + team +
         R"(","roles":")" + roles + "\"}]}}";
}
std::string post_line(const std::string& team, const std::string& channel, const std::string& user = "u") {
  return R"({"type":"post","post":{"team":")" + team + R"(","channel":")" + channel + R"(","user":")" + user +
         R"(","message":"hi","create_at":1}})";
}

// teams/utils.go DefaultChannelNames: CreateTeam makes town-square and off-topic.
TEST(ValidateDefaultChannels, MembershipAndPostWithoutChannelLine) {
  EXPECT_EQ(findings_of(member_line("tm", "town-square")), V{});
  EXPECT_EQ(findings_of(member_line("tm", "off-topic")), V{});
  EXPECT_EQ(findings_of(member_line("tm", "Town-Square")), V{});  // names compare lower-cased
  EXPECT_EQ(findings_of(post_line("tm", "town-square")), V{});
  EXPECT_EQ(findings_of(post_line("tm", "off-topic")), V{});
  // Only those two.
  EXPECT_EQ(findings_of(member_line("tm", "random")),
            V{"import_user_channels.channel_not_found.error teams[0].channels[0].name"});
  EXPECT_EQ(findings_of(post_line("tm", "random")), V{"import_post.channel_not_found.error channel"});
}

TEST(ValidateDefaultChannels, OnlyOnceTheTeamIsDefined) {
  std::string text = kVersion + member_line("later", "town-square") + "\n" + team_line("later") + "\n" +
                     post_line("later", "town-square", "m") + "\n" + post_line("later", "off-topic", "m") + "\n";
  for (bool per_line : {false, true}) {
    std::vector<Finding> f = validate_text(text, {}, per_line);
    ASSERT_EQ(f.size(), 1u) << per_line;  // the membership's team; the channel of an unknown team is not repeated
    EXPECT_EQ(f[0].line, 2u);
    EXPECT_EQ(f[0].field, "teams[0].name");
  }
  // A post to them in the team's own chunk, or a later one, is found.
  std::string ok = kVersion + team_line("tx") + "\n" +
                   R"({"type":"user","user":{"username":"u","email":"u@example.com"}})" "\n" +
                   post_line("tx", "town-square") + "\n" + post_line("tx", "off-topic") + "\n";
  EXPECT_TRUE(validate_text(ok, {}, false).empty());
  EXPECT_TRUE(validate_text(ok, {}, true).empty());
}

TEST(ValidateDefaultChannels, ChannelLineForThemIsNoDuplicate) {
  std::string channel = R"({"type":"channel","channel":{"team":"tm","name":"town-square","display_name":"TS","type":"O"}})";
  EXPECT_EQ(findings_of(channel), V{});
  EXPECT_EQ(findings_of(channel + "\n" + channel), V{"line 7: mattermerge.duplicate_definition name"});
}

TEST(ValidateDefaultChannels, TargetTeams) {
  std::string target = kVersion + team_line("tt") + "\n" +
                       R"({"type":"channel","channel":{"team":"tt","name":"off-topic","display_name":"O","type":"O","deleted_at":5}})" "\n";
  std::string user = R"({"type":"user","user":{"username":"u","email":"u@example.com"}})" "\n";
  // town-square of a target team without a channel line; its archived off-topic stays archived.
  EXPECT_EQ(findings_with_target(target, kVersion + user + post_line("tt", "town-square") + "\n"), V{});
  EXPECT_EQ(findings_with_target(target, kVersion + user + post_line("tt", "off-topic") + "\n"),
            V{"line 3: mattermerge.reference.archived_channel channel"});
}

// importUserTeams -> UpdateTeamMemberRoles -> GetRoleByName.
TEST(ValidateMemberRoles, TeamRolesMustExist) {
  EXPECT_EQ(findings_of(team_member_line("tm", "team_user team_admin")), V{});
  EXPECT_EQ(findings_of(team_member_line("tm", "team_guest")), V{});
  EXPECT_EQ(findings_of(team_member_line("tm", "team_user team_post_all")), V{});  // built in, not scheme-managed
  EXPECT_EQ(findings_of(team_member_line("tm", "team_user nosuch_role")), V{"app.role.get_by_name.app_error teams[0].roles"});
  // A scheme role of another scope is refused as an explicit role.
  EXPECT_EQ(findings_of(team_member_line("tm", "team_user channel_user")),
            V{"api.team.update_team_member_roles.scheme_role.app_error teams[0].roles"});
  // Defined by a role line before the user.
  std::string role = R"({"type":"role","role":{"name":"custom_one","display_name":"C","permissions":[]}})";
  EXPECT_EQ(findings_of(role + "\n" + team_member_line("tm", "team_user custom_one")), V{});
  EXPECT_EQ(findings_of(team_member_line("tm", "custom_one") + "\n" + role),
            V{"app.role.get_by_name.app_error teams[0].roles"});
  // Split as strings.Fields splits: tabs and U+3000 separate names too.
  EXPECT_EQ(findings_of(team_member_line("tm", "team_user\\tteam_admin\u3000team_post_all")), V{});
  // An invalid value reports its validator error only.
  EXPECT_EQ(findings_of(team_member_line("tm", "Bad!")), V{"validate_user_teams_import_data.invalid_roles.error teams[0].roles"});
}

TEST(ValidateMemberRoles, ChannelRolesMustExist) {
  EXPECT_EQ(findings_of(member_line("tm", "c", "channel_user channel_admin")), V{});
  EXPECT_EQ(findings_of(member_line("tm", "c", "channel_guest")), V{});
  EXPECT_EQ(findings_of(member_line("tm", "c", "channel_user gone_role")),
            V{"app.role.get_by_name.app_error teams[0].channels[0].roles"});
  EXPECT_EQ(findings_of(member_line("tm", "c", "channel_user team_admin")),
            V{"api.channel.update_channel_member_roles.scheme_role.app_error teams[0].channels[0].roles"});
}

TEST(ValidateMemberRoles, TargetRoles) {
  std::string target = kVersion + R"({"type":"role","role":{"name":"target_role","display_name":"C"}})" "\n";
  std::string file = kVersion + team_line("tm") + "\n" + member_line("tm", "town-square", "channel_user target_role") + "\n";
  EXPECT_EQ(findings_with_target(target, file), V{});
  EXPECT_EQ(findings_with_target(kVersion, file),
            V{"line 3: app.role.get_by_name.app_error teams[0].channels[0].roles"});
}

}  // namespace
}  // namespace mm::test
