#include <gtest/gtest.h>

#include "stages/PostScanner.h"
#include "tests/PlanFixtures.h"
#include "tests/unit/TestUtil.h"

namespace mm {
namespace {

TEST(PostScanner, Permalinks) {
  EXPECT_TRUE(has_permalink("see https://chat/team-a/pl/abcdefghijklmnopqrstuvwxyz"));
  EXPECT_TRUE(has_permalink("/t/pl/0123456789abcdefghijklmnop trailing"));
  EXPECT_FALSE(has_permalink("/-t/pl/0123456789abcdefghijklmnop")) << "team must start with [a-z0-9]";
  EXPECT_FALSE(has_permalink("/T/pl/0123456789abcdefghijklmnop")) << "lower case only";
  EXPECT_FALSE(has_permalink("/t/pl/0123456789abcdefghijklmn")) << "25 id characters";
  EXPECT_FALSE(has_permalink("t/pl/0123456789abcdefghijklmnop")) << "no '/' before the team";
  EXPECT_FALSE(has_permalink("/pl/0123456789abcdefghijklmnop"));
}

TEST(PostScanner, CountsMessagesPerRenamedName) {
  MergePlan plan;
  plan.add(test::user_decision("Carol2", UserAction::kMap, "carol"));
  plan.add(test::user_decision("bob", UserAction::kUpdate, "bob"));
  plan.add(ChannelDecision{"Sales", "pj", ChannelAction::kRename, "src-pj", std::nullopt, true, ""});
  plan.add(ChannelDecision{"sales", "deals", ChannelAction::kMerge, "", std::nullopt, true, ""});
  MentionTargets targets(plan);
  ASSERT_EQ(targets.subjects(), (std::vector<std::string>{"@Carol2", "~Sales/pj"}));
  std::string text =
      R"({"type":"post","post":{"team":"sales","message":"@carol2 @carol2 ~pj ~deals @bob","replies":[{"message":"`@carol2` mail carol2@x.y"},{"message":"@Carol2."}],"attachments":[{"path":"a.png"}]}})"
      "\n"
      R"({"type":"post","post":{"team":"eng","message":"~pj @carol2","replies":null}})"
      "\n"
      R"({"type":"direct_post","direct_post":{"message":"~pj \u0040carol2 /x/pl/abcdefghijklmnopqrstuvwxyz","replies":[{"message":"https:\/\/h\/t\/pl\/abcdefghijklmnopqrstuvwxyz"}]}})"
      "\n"
      R"({"type":"user","user":{"username":"x","email":"@carol2"}})"
      "\n"
      R"({"post":{"team":"sales","message":"@carol2 ~pj","attachments":[{"path":"b.png"}]},"type":"post"})"
      "\n";
  Chunk chunk;
  test::fill_chunk(chunk, text);
  simdjson::ondemand::parser parser;
  PostScanner::Result r;
  EXPECT_EQ(PostScanner(targets, false).process(chunk, parser, r), 5u);
  EXPECT_EQ(r.mention_messages, (std::vector<uint64_t>{5, 2}));
  EXPECT_EQ(r.permalink_messages, 2u);
  EXPECT_TRUE(r.attachments.empty());
  PostScanner(targets, true).process(chunk, parser, r);
  ASSERT_EQ(r.attachments.size(), 2u);
  EXPECT_EQ(r.attachments[0].line, 0u);
  EXPECT_EQ(r.attachments[0].path, "a.png");
  EXPECT_EQ(r.attachments[1].line, 4u);
  EXPECT_EQ(r.attachments[1].path, "b.png");
}

}  // namespace
}  // namespace mm
