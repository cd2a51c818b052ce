#include <gtest/gtest.h>

#include "ValidateTestUtil.h"
#include "stages/validate/NameRules.h"

namespace mm::validate {
namespace {

using test::rep;

TEST(ValidateNames, RuneCountCountsCodePoints) {
  EXPECT_EQ(rune_count(""), 0u);
  EXPECT_EQ(rune_count("abc"), 3u);
  EXPECT_EQ(rune_count("é"), 1u);
  EXPECT_EQ(rune_count("日本語"), 3u);
  EXPECT_EQ(rune_count("😀x"), 2u);
}

TEST(ValidateNames, GoToLowerMapsToAsciiOnlyWhereGoDoes) {
  std::string out;
  EXPECT_EQ(go_to_lower("AbC", out), "abc");
  EXPECT_EQ(go_to_lower("\xE2\x84\xAA" "im", out), "kim");  // Kelvin sign
  EXPECT_EQ(go_to_lower("\xC4\xB0" "van", out), "ivan");     // dotted capital I
  EXPECT_EQ(go_to_lower("Ä", out), "Ä");                      // stays non-ASCII: invalid anyway
}

TEST(ValidateNames, Username) {
  EXPECT_TRUE(is_valid_username("a"));
  EXPECT_TRUE(is_valid_username("0.-_x"));
  EXPECT_TRUE(is_valid_username(rep("a", 64)));
  EXPECT_FALSE(is_valid_username(rep("a", 65)));
  EXPECT_FALSE(is_valid_username(""));
  EXPECT_FALSE(is_valid_username("a b"));
  EXPECT_FALSE(is_valid_username("Ab"));  // callers lower-case first
  EXPECT_FALSE(is_valid_username("al@x"));
  for (const char* r : {"all", "channel", "matterbot", "system"}) EXPECT_FALSE(is_valid_username(r)) << r;
  EXPECT_TRUE(is_valid_username("systems"));
}

TEST(ValidateNames, ChannelIdentifier) {
  EXPECT_TRUE(is_valid_channel_identifier("a"));
  EXPECT_TRUE(is_valid_channel_identifier("abc-"));
  EXPECT_TRUE(is_valid_channel_identifier("a_b-c9"));
  EXPECT_TRUE(is_valid_channel_identifier("9"));
  EXPECT_FALSE(is_valid_channel_identifier(""));
  EXPECT_FALSE(is_valid_channel_identifier("-a"));
  EXPECT_FALSE(is_valid_channel_identifier("_a"));
  EXPECT_FALSE(is_valid_channel_identifier("a.b"));
  EXPECT_FALSE(is_valid_channel_identifier("a b"));
  EXPECT_FALSE(is_valid_channel_identifier("é"));
}

TEST(ValidateNames, DirectAndGroupChannelNames) {
  EXPECT_TRUE(is_direct_or_group_channel_name(rep("a1", 20)));  // 40 hex
  EXPECT_FALSE(is_direct_or_group_channel_name(rep("a1", 20) + "f"));
  EXPECT_FALSE(is_direct_or_group_channel_name(rep("g1", 20)));
  std::string id = rep("a", 26);
  EXPECT_TRUE(is_direct_or_group_channel_name(id + "__" + id));
  EXPECT_FALSE(is_direct_or_group_channel_name(id + "_" + id));
}

TEST(ValidateNames, TeamName) {
  EXPECT_TRUE(is_valid_team_name("ab"));
  EXPECT_TRUE(is_valid_team_name("a-b"));
  EXPECT_TRUE(is_valid_team_name("a--9"));
  EXPECT_TRUE(is_valid_team_name("ab__cd"));
  EXPECT_FALSE(is_valid_team_name("a"));
  EXPECT_FALSE(is_valid_team_name("a-"));
  EXPECT_FALSE(is_valid_team_name("-a"));
  EXPECT_FALSE(is_valid_team_name("a_b"));
  EXPECT_FALSE(is_valid_team_name("a___b"));
  EXPECT_FALSE(is_valid_team_name("a__b__c"));
  EXPECT_FALSE(is_valid_team_name("a-b__c"));
}

TEST(ValidateNames, ReservedTeamNamesArePrefixes) {
  EXPECT_TRUE(is_reserved_team_name("helpdesk"));
  EXPECT_TRUE(is_reserved_team_name("Administrators"));
  EXPECT_TRUE(is_reserved_team_name("postal"));
  EXPECT_TRUE(is_reserved_team_name("playbooks"));
  EXPECT_FALSE(is_reserved_team_name("myadmin"));
  EXPECT_FALSE(is_reserved_team_name("team"));
}

TEST(ValidateNames, SchemeAndRoleNames) {
  EXPECT_TRUE(is_valid_scheme_name("ab"));
  EXPECT_TRUE(is_valid_scheme_name(rep("a", 64)));
  EXPECT_FALSE(is_valid_scheme_name("a"));
  EXPECT_FALSE(is_valid_scheme_name(rep("a", 65)));
  EXPECT_FALSE(is_valid_scheme_name("a-b"));
  EXPECT_TRUE(is_valid_role_name("a"));
  EXPECT_TRUE(is_valid_role_name(rep("a", 64)));
  EXPECT_FALSE(is_valid_role_name(rep("a", 65)));
  EXPECT_FALSE(is_valid_role_name("Admin"));
}

TEST(ValidateNames, UserRoles) {
  EXPECT_TRUE(is_valid_user_roles(""));
  EXPECT_TRUE(is_valid_user_roles("system_user"));
  EXPECT_TRUE(is_valid_user_roles("  system_user\tsystem_admin "));
  EXPECT_TRUE(is_valid_user_roles("system_user\xC2\xA0system_admin"));  // NBSP is a space to strings.Fields
  EXPECT_FALSE(is_valid_user_roles("system_admin"));
  EXPECT_FALSE(is_valid_user_roles(" system_admin "));
  EXPECT_FALSE(is_valid_user_roles("system-user"));
  EXPECT_TRUE(is_in_role("system_user system_guest", "system_guest"));
  EXPECT_FALSE(is_in_role("system_user  system_guestx", "system_guest"));
}

TEST(ValidateNames, EmojiNames) {
  EXPECT_TRUE(is_valid_emoji_name("Party+Parrot_2-x"));
  EXPECT_TRUE(is_valid_emoji_name(rep("a", 64)));
  EXPECT_FALSE(is_valid_emoji_name(rep("a", 65)));
  EXPECT_FALSE(is_valid_emoji_name(""));
  EXPECT_FALSE(is_valid_emoji_name("a b"));
  EXPECT_TRUE(is_system_emoji_name("smiley"));
  EXPECT_TRUE(is_system_emoji_name("+1"));
  EXPECT_FALSE(is_system_emoji_name("party_parrot_custom"));
}

TEST(ValidateNames, PermissionsAndPostTypes) {
  EXPECT_TRUE(is_known_permission("create_post"));
  EXPECT_TRUE(is_known_permission("manage_system"));
  EXPECT_FALSE(is_known_permission("create_posts"));
  EXPECT_TRUE(is_valid_post_type(""));
  EXPECT_TRUE(is_valid_post_type("system_join_channel"));
  EXPECT_TRUE(is_valid_post_type("custom_poll"));
  EXPECT_FALSE(is_valid_post_type("system_warn_metric_status"));
  EXPECT_FALSE(is_valid_post_type("custom"));
}

}  // namespace
}  // namespace mm::validate
