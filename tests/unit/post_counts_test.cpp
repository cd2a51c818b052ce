// The post counts by team that the plan's index pass takes for the report (stages/InstanceIndex.h).
#include <gtest/gtest.h>

#include "stages/InstanceIndex.h"
#include "tests/unit/TestUtil.h"

namespace mm {
namespace {

TEST(PostTeam, FirstTeamKey) {
  EXPECT_EQ(post_team(R"({"type":"post","post":{"team":"alpha","channel":"c","message":"x"}})"), "alpha");
  EXPECT_EQ(post_team(R"({"type":"post","post":{"channel":"c","team":"b-2"}})"), "b-2");
  // A quoted "team" inside a message is escaped, so it is no key.
  EXPECT_EQ(post_team(R"({"type":"post","post":{"message":"\"team\":\"fake\"","team":"real"}})"), "real");
  EXPECT_EQ(post_team(R"({"type":"post","post":{"channel":"c"}})"), "");
  EXPECT_EQ(post_team(R"({"type":"post","post":{"team":"a\u0062"}})"), "");  // an escape: not counted by name
  EXPECT_EQ(post_team(R"({"type":"post","post":{"team":"unterminated)"), "");
}

TEST(PostTeam, SpacedJsonAndTeamAsAValue) {
  // Written as json.dumps writes it (a space after ':' and ','), as the fast paths read it.
  EXPECT_EQ(post_team(R"({"type": "post", "post": {"team": "alpha", "channel": "c"}})"), "alpha");
  EXPECT_EQ(post_team(R"({"type":"post","post":{"channel":"team","team":"real"}})"), "real");
}

TEST(PostTeam, CountedByTheIndex) {
  std::string text =
      R"({"type":"version","version":1})" "\n"
      R"({"type":"post","post":{"team":"alpha","channel":"c","message":"a"}})" "\n"
      R"({"type":"post","post":{"team":"beta","channel":"c","message":"b"}})" "\n"
      R"({"type":"post","post":{"team":"alpha","channel":"d","message":"c"}})" "\n"
      R"({"type":"direct_post","direct_post":{"channel_members":["a","b"],"message":"d"}})" "\n";
  Chunk chunk;
  test::fill_chunk(chunk, text);
  simdjson::ondemand::parser parser;
  ChunkIndex part;
  InstanceIndexer().process(chunk, parser, part);
  InstanceIndex index;
  index.merge(part, 1);
  ChunkIndex again;  // a second chunk adds to the same teams
  InstanceIndexer().process(chunk, parser, again);
  index.merge(again, 6);
  EXPECT_EQ(index.posts, 6u);
  EXPECT_EQ(index.direct_posts, 2u);
  ASSERT_EQ(index.posts_by_team.size(), 2u);
  EXPECT_EQ(index.posts_by_team.at("alpha"), 4u);
  EXPECT_EQ(index.posts_by_team.at("beta"), 2u);
}

}  // namespace
}  // namespace mm
