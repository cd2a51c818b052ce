// direct_channel (docs/bulk-format.md §2.13) and direct_post (§2.14) rules.
#include <gtest/gtest.h>

#include "ValidateTestUtil.h"

namespace mm::test {
namespace {

using V = std::vector<std::string>;

std::string dc(const std::string& fields) { return R"({"type":"direct_channel","direct_channel":{)" + fields + "}}"; }
std::string users(size_t n) {
  std::string s = "[";
  for (size_t i = 0; i < n; ++i) s += std::string(i ? "," : "") + (i % 2 ? "\"v\"" : "\"u\"");
  return s + "]";
}

TEST(ValidateDirectChannel, MembersRequiredAndCounts) {
  EXPECT_EQ(findings_of(dc(R"("header":"h")")), V{"validate_direct_channel_import_data.members_required.error"});
  EXPECT_EQ(findings_of(dc(R"("members":)" + users(2))), V{});
  EXPECT_EQ(findings_of(dc(R"("members":["u","u"])")), V{});  // a self-DM
  EXPECT_EQ(findings_of(dc(R"("members":)" + users(1))), V{"validate_direct_channel_import_data.members_too_few.error members"});
  EXPECT_EQ(findings_of(dc(R"("members":[])")), V{"validate_direct_channel_import_data.members_too_few.error members"});
  EXPECT_EQ(findings_of(dc(R"("members":)" + users(3))), V{});
  EXPECT_EQ(findings_of(dc(R"("members":)" + users(8))), V{});
  EXPECT_EQ(findings_of(dc(R"("members":)" + users(9))), V{"validate_direct_channel_import_data.members_too_many.error members"});
  EXPECT_EQ(findings_of(dc(R"("participants":[{"username":"u"},{"username":"v","scheme_admin":false,"last_viewed_at":3}])")), V{});
  EXPECT_EQ(findings_of(dc(R"("participants":[{"username":"u"}])")),
            V{"validate_direct_channel_import_data.members_too_few.error participants"});
}

TEST(ValidateDirectChannel, HeaderRunes) {
  EXPECT_EQ(findings_of(dc(R"("members":["u","v"],"header":")" + rep("ø", 1024) + "\"")), V{});
  EXPECT_EQ(findings_of(dc(R"("members":["u","v"],"header":")" + rep("ø", 1025) + "\"")),
            V{"validate_direct_channel_import_data.header_length.error header"});
}

TEST(ValidateDirectChannel, FavoritedByAndReferences) {
  EXPECT_EQ(findings_of(dc(R"("members":["u","v"],"favorited_by":["v"],"shown_by":["zz"])")), V{});
  EXPECT_EQ(findings_of(dc(R"("participants":[{"username":"u"},{"username":"v"}],"favorited_by":["u"])")), V{});
  EXPECT_EQ(findings_of(dc(R"("members":["u","v"],"favorited_by":["w"])")),
            V{"validate_direct_channel_import_data.unknown_favoriter.error favorited_by[0]"});
  EXPECT_EQ(findings_of(dc(R"("members":["u","zz"])")),
            V{"get_users_by_username.some_users_not_found.error members[1]"});
  EXPECT_EQ(findings_of(dc(R"("participants":[{"username":"u"},{"username":"zz"}])")),
            V{"get_users_by_username.some_users_not_found.error participants[1].username"});
}

std::string dp(const std::string& fields, const std::string& base = R"("channel_members":["u","v"],"user":"u","message":"m","create_at":10)") {
  return R"({"type":"direct_post","direct_post":{)" + base + (fields.empty() ? "" : "," + fields) + "}}";
}

TEST(ValidateDirectPost, ChannelMembers) {
  EXPECT_EQ(findings_of(dp("")), V{});
  EXPECT_EQ(findings_of(dp("", R"("user":"u","message":"m","create_at":10)")),
            V{"validate_direct_post_import_data.channel_members_required.error channel_members"});
  EXPECT_EQ(findings_of(dp("", R"("channel_members":["u"],"user":"u","message":"m","create_at":10)")),
            V{"validate_direct_post_import_data.channel_members_too_few.error channel_members"});
  EXPECT_EQ(findings_of(dp("", R"("channel_members":)" + users(8) + R"(,"user":"u","message":"m","create_at":10)")), V{});
  EXPECT_EQ(findings_of(dp("", R"("channel_members":)" + users(9) + R"(,"user":"u","message":"m","create_at":10)")),
            V{"validate_direct_post_import_data.channel_members_too_many.error channel_members"});
  EXPECT_EQ(findings_of(dp("", R"("channel_members":["u","zz"],"user":"u","message":"m","create_at":10)")),
            V{"get_users_by_username.some_users_not_found.error channel_members[1]"});
}

TEST(ValidateDirectPost, RequiredFieldsAndLength) {
  EXPECT_EQ(findings_of(dp("", R"("channel_members":["u","v"],"message":"m","create_at":10)")),
            V{"validate_direct_post_import_data.user_missing.error user"});
  EXPECT_EQ(findings_of(dp("", R"("channel_members":["u","v"],"user":"zz","message":"m","create_at":10)")),
            V{"get_users_by_username.some_users_not_found.error user"});
  EXPECT_EQ(findings_of(dp("", R"("channel_members":["u","v"],"user":"u","create_at":10)")),
            V{"validate_direct_post_import_data.message_missing.error message"});
  EXPECT_EQ(findings_of(dp("", R"("channel_members":["u","v"],"user":"u","create_at":10,"message":")" + rep("ä", 16383) + "\"")), V{});
  EXPECT_EQ(findings_of(dp("", R"("channel_members":["u","v"],"user":"u","create_at":10,"message":")" + rep("ä", 16384) + "\"")),
            V{"validate_direct_post_import_data.message_length.error message"});
  EXPECT_EQ(findings_of(dp("", R"("channel_members":["u","v"],"user":"u","message":"m")")),
            V{"validate_direct_post_import_data.create_at_missing.error create_at"});
  EXPECT_EQ(findings_of(dp("", R"("channel_members":["u","v"],"user":"u","message":"m","create_at":0)")),
            V{"validate_direct_post_import_data.create_at_zero.error create_at"});
}

TEST(ValidateDirectPost, FlaggersRepliesAttachmentsFollowers) {
  EXPECT_EQ(findings_of(dp(R"("flagged_by":["v"])")), V{});
  EXPECT_EQ(findings_of(dp(R"("flagged_by":["w"])")),
            V{"validate_direct_post_import_data.unknown_flagger.error flagged_by[0]"});
  EXPECT_EQ(findings_of(dp(R"("reactions":[{"user":"v","emoji_name":"x","create_at":9}])")),
            V{"validate_reaction_import_data.create_at_before_parent.error reactions[0].create_at"});
  EXPECT_EQ(findings_of(dp(R"("replies":[{"user":"v","message":"r","create_at":0}])")),
            V{"validate_reply_import_data.create_at_zero.error replies[0].create_at"});
  EXPECT_EQ(findings_of(dp(R"("attachments":[{"path":"../../x"}])")),
            V{"validate_direct_post_import_data.attachment.error attachments[0].path"});
  EXPECT_EQ(findings_of(dp(R"("thread_followers":[{"user":""}])")),
            V{"validate_direct_post_import_data.thread_follower.error thread_followers[0].user"});
  // No props size check for direct posts in the validator.
  EXPECT_EQ(findings_of(dp(R"("props":{"k":")" + rep("a", 800000) + "\"}")), V{});
}

}  // namespace
}  // namespace mm::test
