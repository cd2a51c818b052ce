// post rules with replies, reactions, attachments and thread followers (docs/bulk-format.md §2.8-§2.12).
#include <gtest/gtest.h>

#include "ValidateTestUtil.h"
#include "stages/validate/GoJson.h"

namespace mm::test {
namespace {

using V = std::vector<std::string>;

std::string post(const std::string& fields, const std::string& base = R"("team":"tm","channel":"c","user":"u","message":"m","create_at":100)") {
  std::string body = base;
  if (!fields.empty()) body += (body.empty() ? "" : ",") + fields;
  return R"({"type":"post","post":{)" + body + "}}";
}

TEST(ValidatePost, RequiredFields) {
  EXPECT_EQ(findings_of(post("")), V{});
  EXPECT_EQ(findings_of(post("", R"("channel":"c","user":"u","message":"m","create_at":1)")),
            V{"validate_post_import_data.team_missing.error team"});
  EXPECT_EQ(findings_of(post("", R"("team":"tm","user":"u","message":"m","create_at":1)")),
            V{"validate_post_import_data.channel_missing.error channel"});
  EXPECT_EQ(findings_of(post("", R"("team":"tm","channel":"c","message":"m","create_at":1)")),
            V{"validate_post_import_data.user_missing.error user"});
  EXPECT_EQ(findings_of(post("", R"("team":"tm","channel":"c","user":"u","create_at":1)")),
            V{"validate_post_import_data.message_missing.error message"});
  EXPECT_EQ(findings_of(post("", R"("team":"tm","channel":"c","user":"u","message":"m")")),
            V{"validate_post_import_data.create_at_missing.error create_at"});
  EXPECT_EQ(findings_of(post("", R"("team":"tm","channel":"c","user":"u","message":"m","create_at":0)")),
            V{"validate_post_import_data.create_at_zero.error create_at"});
  EXPECT_EQ(findings_of(post("", R"("team":"tm","channel":"c","user":"u","message":"m","create_at":-5)")), V{});
  EXPECT_EQ(findings_of(post("", R"("team":"tm","channel":"c","user":"u","message":"","create_at":1)")), V{});
}

TEST(ValidatePost, MessageLengthInRunes) {
  auto with = [](const std::string& m) {
    return post("", R"("team":"tm","channel":"c","user":"u","create_at":1,"message":")" + m + "\"");
  };
  EXPECT_EQ(findings_of(with(rep("a", 16383))), V{});
  EXPECT_EQ(findings_of(with(rep("a", 16384))), V{"validate_post_import_data.message_length.error message"});
  EXPECT_EQ(findings_of(with(rep("€", 16383))), V{});  // 49149 bytes
  EXPECT_EQ(findings_of(with(rep("€", 16384))), V{"validate_post_import_data.message_length.error message"});
  EXPECT_EQ(findings_of(with(rep("\\n", 16383))), V{});  // escapes count once decoded
  validate::ValidateOptions small;
  small.max_post_size = 4000;
  EXPECT_EQ(findings_of(with(rep("😀", 4000)), small), V{});
  EXPECT_EQ(findings_of(with(rep("😀", 4001)), small), V{"validate_post_import_data.message_length.error message"});
}

TEST(ValidatePost, References) {
  EXPECT_EQ(findings_of(post("", R"("team":"zz","channel":"c","user":"u","message":"m","create_at":1)")),
            V{"get_teams_by_names.some_teams_not_found.error team"});
  EXPECT_EQ(findings_of(post("", R"("team":"tm","channel":"zz","user":"u","message":"m","create_at":1)")),
            V{"import_post.channel_not_found.error channel"});
  EXPECT_EQ(findings_of(post("", R"("team":"TM","channel":"C","user":"U","message":"m","create_at":1)")), V{});
  EXPECT_EQ(findings_of(post("", R"("team":"tm","channel":"c","user":"zz","message":"m","create_at":1)")),
            V{"get_users_by_username.some_users_not_found.error user"});
  EXPECT_EQ(findings_of(post(R"("flagged_by":["v","zz"])")),
            V{"get_users_by_username.some_users_not_found.error flagged_by[1]"});
}

TEST(ValidatePost, Type) {
  EXPECT_EQ(findings_of(post(R"("type":"system_join_channel")")), V{});
  EXPECT_EQ(findings_of(post(R"("type":"custom_poll")")), V{});
  EXPECT_EQ(findings_of(post(R"("type":"system_warn_metric_status")")), V{"model.post.is_valid.type.app_error type"});
}

TEST(ValidatePost, PropsSizeAsTheServerMarshalsThem) {
  // {"k":"…"} is 8 runes plus the value; '<' is written \u003c (6 runes) by Go.
  auto props = [](const std::string& value) { return post(R"("props":{"k":")" + value + "\"}"); };
  EXPECT_EQ(findings_of(props(rep("a", 800000 - 8))), V{});
  EXPECT_EQ(findings_of(props(rep("a", 800000 - 7))), V{"validate_post_import_data.props_too_large.error props"});
  EXPECT_EQ(findings_of(props(rep("é", 800000 - 8))), V{});
  EXPECT_EQ(findings_of(props(rep("<", (800000 - 8) / 6 + 1))), V{"validate_post_import_data.props_too_large.error props"});
  EXPECT_EQ(findings_of(props(rep("<", (800000 - 8) / 6))), V{});
  simdjson::dom::parser parser;
  std::string json = R"({ "b" : [1.0, 1e21, 1e-7, true, null, -0.5, 100], "a" : "x\n" })";
  EXPECT_EQ(validate::marshaled_rune_count(parser.parse(json).value()),
            std::string(R"({"b":[1,1e+21,1e-7,true,null,-0.5,100],"a":"x\n"})").size());
}

TEST(ValidatePost, Reactions) {
  auto reaction = [](const std::string& r) { return post(R"("reactions":[)" + r + "]"); };
  EXPECT_EQ(findings_of(reaction(R"({"user":"v","emoji_name":"+1","create_at":100})")), V{});
  EXPECT_EQ(findings_of(reaction(R"({"emoji_name":"+1","create_at":100})")),
            V{"validate_reaction_import_data.user_missing.error reactions[0].user"});
  EXPECT_EQ(findings_of(reaction(R"({"user":"zz","emoji_name":"+1","create_at":100})")),
            V{"import_post.user_not_found.error reactions[0].user"});
  EXPECT_EQ(findings_of(reaction(R"({"user":"v","create_at":100})")),
            V{"validate_reaction_import_data.emoji_name_missing.error reactions[0].emoji_name"});
  EXPECT_EQ(findings_of(reaction(R"({"user":"v","create_at":100,"emoji_name":")" + rep("ü", 64) + "\"}")), V{});
  EXPECT_EQ(findings_of(reaction(R"({"user":"v","create_at":100,"emoji_name":")" + rep("ü", 65) + "\"}")),
            V{"validate_reaction_import_data.emoji_name_length.error reactions[0].emoji_name"});
  EXPECT_EQ(findings_of(reaction(R"({"user":"v","emoji_name":"x"})")),
            V{"validate_reaction_import_data.create_at_missing.error reactions[0].create_at"});
  EXPECT_EQ(findings_of(reaction(R"({"user":"v","emoji_name":"x","create_at":0})")),
            V{"validate_reaction_import_data.create_at_zero.error reactions[0].create_at"});
  EXPECT_EQ(findings_of(reaction(R"({"user":"v","emoji_name":"x","create_at":99})")),
            V{"validate_reaction_import_data.create_at_before_parent.error reactions[0].create_at"});
  EXPECT_EQ(findings_of(reaction(R"(null)")),
            (V{"validate_reaction_import_data.user_missing.error reactions[0].user",
               "validate_reaction_import_data.emoji_name_missing.error reactions[0].emoji_name",
               "validate_reaction_import_data.create_at_missing.error reactions[0].create_at"}));
}

TEST(ValidatePost, Replies) {
  auto reply = [](const std::string& r) { return post(R"("replies":[)" + r + "]"); };
  EXPECT_EQ(findings_of(reply(R"({"user":"v","message":"r","create_at":101,"type":"","flagged_by":["u"],"is_pinned":true})")), V{});
  EXPECT_EQ(findings_of(reply(R"({"message":"r","create_at":101})")),
            V{"validate_reply_import_data.user_missing.error replies[0].user"});
  EXPECT_EQ(findings_of(reply(R"({"user":"zz","message":"r","create_at":101})")),
            V{"get_users_by_username.some_users_not_found.error replies[0].user"});
  EXPECT_EQ(findings_of(reply(R"({"user":"v","create_at":101})")),
            V{"validate_reply_import_data.message_missing.error replies[0].message"});
  EXPECT_EQ(findings_of(reply(R"({"user":"v","create_at":101,"message":")" + rep("ж", 16383) + "\"}")), V{});
  EXPECT_EQ(findings_of(reply(R"({"user":"v","create_at":101,"message":")" + rep("ж", 16384) + "\"}")),
            V{"validate_reply_import_data.message_length.error replies[0].message"});
  EXPECT_EQ(findings_of(reply(R"({"user":"v","message":"r"})")),
            V{"validate_reply_import_data.create_at_missing.error replies[0].create_at"});
  EXPECT_EQ(findings_of(reply(R"({"user":"v","message":"r","create_at":0})")),
            V{"validate_reply_import_data.create_at_zero.error replies[0].create_at"});
  // Older than its post: a warning only (the importer moves it to the post's time).
  EXPECT_EQ(findings_of(reply(R"({"user":"v","message":"r","create_at":99})")),
            V{"warning:validate_reply_import_data.create_at_before_parent.error replies[0].create_at"});
  EXPECT_EQ(findings_of(reply(R"({"user":"v","message":"r","create_at":101,"props":{"k":")" + rep("a", 800000 - 7) + "\"}}")),
            V{"validate_post_import_data.props_too_large.error replies[0].props"});
  EXPECT_EQ(findings_of(reply(R"({"user":"v","message":"r","create_at":101,"reactions":[{"user":"u","emoji_name":"x","create_at":100}]})")),
            V{"validate_reaction_import_data.create_at_before_parent.error replies[0].reactions[0].create_at"});
  EXPECT_EQ(findings_of(reply(R"({"user":"v","message":"r","create_at":101,"attachments":[{"path":"../x"}]})")),
            V{"validate_reply_import_data.attachment.error replies[0].attachments[0].path"});
  EXPECT_EQ(findings_of(reply(R"({"user":"v","message":"r","create_at":101,"type":"bogus"})")),
            V{"model.post.is_valid.type.app_error replies[0].type"});
  // Replies do not nest: a "replies" key in a reply is ignored.
  EXPECT_EQ(findings_of(reply(R"({"user":"v","message":"r","create_at":101,"replies":[{"bad":1}]})")), V{});
}

TEST(ValidatePost, AttachmentPaths) {
  auto att = [](const std::string& path) { return post(R"("attachments":[{"path":")" + path + "\"}]"); };
  EXPECT_EQ(findings_of(att("20240101/teams/x/f.png")), V{});
  EXPECT_EQ(findings_of(att("/abs/f.png")), V{});
  EXPECT_EQ(findings_of(att("a/../../f.png")), V{"validate_post_import_data.attachment.error attachments[0].path"});
  EXPECT_EQ(findings_of(att("..")), V{"validate_post_import_data.attachment.error attachments[0].path"});
  EXPECT_EQ(findings_of(post(R"("attachments":[{"path":""},{},null])")), V{});
}

TEST(ValidatePost, ThreadFollowers) {
  auto tf = [](const std::string& f) { return post(R"("thread_followers":[)" + f + "]"); };
  EXPECT_EQ(findings_of(tf(R"({"user":"v","last_viewed":5,"unread_mentions":0})")), V{});
  EXPECT_EQ(findings_of(tf(R"({"user":""})")), V{"validate_post_import_data.thread_follower.error thread_followers[0].user"});
  EXPECT_EQ(findings_of(tf(R"({})")), V{"validate_post_import_data.thread_follower.error thread_followers[0].user"});
  EXPECT_EQ(findings_of(tf(R"(null)")), V{"validate_post_import_data.thread_follower.error thread_followers[0]"});
  EXPECT_EQ(findings_of(tf(R"({"user":"zz"})")),
            V{"get_users_by_username.some_users_not_found.error thread_followers[0].user"});
}

}  // namespace
}  // namespace mm::test
