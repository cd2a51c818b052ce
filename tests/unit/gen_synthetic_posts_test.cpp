// PostGenerator: blocks are reproducible, and every post line obeys the importer's rules
// (reply and reaction create_at at or after the parent, direct post flaggers among the members,
// message size, attachment paths relative to data/ in the exporter's layout), with the counts
// the block reports.
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include <simdjson.h>

#include "tools/gen-synthetic/ModelBuilder.h"
#include "tools/gen-synthetic/PostGenerator.h"

namespace mm::gen {
namespace {

struct Fixture {
  GenOptions o;
  ModelPair m;
  ModelConflicts found;
  Fixture() {
    o.posts = 20000;
    o.target_posts = 5000;
    o.users = 60;
    o.attachments_rate = 0.2;
    m = build_models(o);
    found = find_model_conflicts(m.source, m.target);
  }
};

size_t runes(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

void check_block(const PostBlock& b, bool direct) {
  simdjson::dom::parser parser;
  const std::regex path("^20[0-9]{6}/teams/([a-z0-9]{26}|noteam)/channels/[a-z0-9]{26}/users/[a-z0-9]{26}/[a-z0-9]{26}/[^/]+$");
  uint64_t lines = 0, replies = 0, reactions = 0, attachments = 0;
  size_t start = 0;
  while (start < b.text.size()) {
    size_t end = b.text.find('\n', start);
    ASSERT_NE(end, std::string::npos);
    simdjson::dom::element line = parser.parse(b.text.data() + start, end - start);
    start = end + 1;
    ++lines;
    std::string_view type = line["type"].get_string();
    ASSERT_EQ(type, direct ? "direct_post" : "post");
    simdjson::dom::object p = line[type].get_object();
    int64_t create_at = p["create_at"].get_int64();
    EXPECT_GT(create_at, 0);
    EXPECT_LE(runes(p["message"].get_string().value()), 16383u);
    std::set<std::string_view> members;
    if (direct) {
      for (auto m : p["channel_members"].get_array()) members.insert(m.get_string().value());
      EXPECT_GE(members.size(), 1u);
      EXPECT_LE(p["channel_members"].get_array().size(), 8u);
      EXPECT_GE(p["channel_members"].get_array().size(), 2u);
      for (auto f : p["flagged_by"].get_array()) EXPECT_TRUE(members.count(f.get_string().value()));
    }
    auto check_reactions = [&](simdjson::dom::object o, int64_t parent) {
      for (auto r : o["reactions"].get_array()) {
        EXPECT_GE(r["create_at"].get_int64().value(), parent);
        ++reactions;
      }
    };
    auto check_attachments = [&](simdjson::dom::object o) {
      simdjson::dom::array list;
      if (o["attachments"].get_array().get(list)) return;
      for (auto a : list) {
        std::string p(a["path"].get_string().value());
        EXPECT_TRUE(std::regex_match(p, path)) << p;
        ++attachments;
      }
    };
    check_reactions(p, create_at);
    check_attachments(p);
    for (auto r : p["replies"].get_array()) {
      simdjson::dom::object reply = r.get_object();
      int64_t at = reply["create_at"].get_int64();
      EXPECT_GE(at, create_at);
      EXPECT_LE(runes(reply["message"].get_string().value()), 16383u);
      check_reactions(reply, at);
      check_attachments(reply);
      ++replies;
    }
  }
  EXPECT_EQ(lines, b.lines);
  EXPECT_EQ(replies, b.replies);
  EXPECT_EQ(reactions, b.reactions);
  EXPECT_EQ(attachments, b.attachments);
}

TEST(GenSyntheticPosts, BlocksFollowTheImporterRules) {
  Fixture f;
  PostGenerator gen(f.m.target, f.o, nullptr, Stream::kTargetPosts, Stream::kTargetDirectPosts, "");
  for (bool direct : {false, true}) {
    ASSERT_GE(gen.blocks(direct), 1u);
    PostBlock b;
    gen.generate(direct, 0, b);
    EXPECT_EQ(b.lines, std::min<uint64_t>(kPostsPerBlock, direct ? f.m.target.direct_posts : f.m.target.posts));
    EXPECT_GT(b.attachments, 0u);
    EXPECT_TRUE(b.problems.empty());  // only the source tree gets problems, and it has files
    check_block(b, direct);
  }
}

TEST(GenSyntheticPosts, SameBlockSameBytesAndTally) {
  Fixture f;
  PostGenerator gen(f.m.source, f.o, &f.found.mentions, Stream::kSourcePosts, Stream::kSourceDirectPosts, "");
  PostBlock a, b, c;
  gen.generate(false, 3, a);
  gen.generate(false, 4, c);  // reuse of a block's buffers must not leak into the next
  gen.generate(false, 3, c);
  gen.generate(false, 3, b);
  EXPECT_EQ(a.text, b.text);
  EXPECT_EQ(a.text, c.text);
  EXPECT_EQ(a.tally.users, c.tally.users);
  EXPECT_EQ(a.tally.permalinks, c.tally.permalinks);
  PostBlock last;
  gen.generate(false, gen.blocks(false) - 1, last);
  EXPECT_EQ(last.lines, f.m.source.posts - (gen.blocks(false) - 1) * kPostsPerBlock);
  uint64_t mentioned = 0;
  for (uint64_t n : a.tally.users) mentioned += n;
  EXPECT_GT(mentioned, 0u);
}

}  // namespace
}  // namespace mm::gen
