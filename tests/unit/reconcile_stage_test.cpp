#include <gtest/gtest.h>

#include <string>

#include "stages/ReconcileStage.h"
#include "tests/PlanFixtures.h"
#include "tests/unit/TestUtil.h"

namespace mm {
namespace {

struct Reconciled {
  ReconcileCounts counts;
  std::vector<ReconcileProblem> problems;
  std::vector<uint32_t> malformed;
  std::vector<std::pair<ReconcileProblem, uint64_t>> suspects;
  uint64_t get(ObjectKind k, Outcome o) const { return counts.get(k, o); }
};

// SOURCE rewritten by `plan` and looked up in AFTER (and BASE with --since), each a single chunk.
Reconciled reconcile(const MergePlan& plan, const std::string& source, const std::string& after,
                     const std::string& base = {}) {
  RewriteMaps maps(plan);
  KeyCounts counts;
  BaseMessages messages;
  ReconcileStage stage(maps, &counts, base.empty() ? nullptr : &messages);
  ReconcileStage::Scratch scratch;
  ReconcileStage::Result result;
  simdjson::ondemand::parser parser;
  Chunk chunk;
  if (!base.empty()) {
    test::fill_chunk(chunk, base);
    stage.process_base(chunk, parser, scratch, result);
    for (size_t i = 0; i + 1 < result.keys.size(); i += 2) add_base_message(messages, result.keys[i], result.keys[i + 1]);
  }
  test::fill_chunk(chunk, after);
  stage.process_after(chunk, parser, scratch, result);
  for (uint64_t key : result.keys) counts.add(key);
  test::fill_chunk(chunk, source);
  stage.process_source(chunk, parser, scratch, result);
  return {result.counts, result.problems, result.malformed, result.suspects};
}

MergePlan rename_plan() {
  MergePlan plan;
  plan.prefix = "src-";
  plan.add(TeamDecision{"t1", TeamAction::kMerge, "main", "team_merge"});
  plan.add(ChannelDecision{"t1", "dev", ChannelAction::kRename, "src-dev", std::nullopt, true, "clash"});
  plan.add(test::user_decision("bob", UserAction::kMap, "robert"));
  plan.add(test::user_decision("carl", UserAction::kRename, "src-carl"));
  // an existing account whose user line is left out: memberships by script
  plan.add(test::user_decision("dora", UserAction::kUpdate, "dora", false));
  plan.add(EmojiDecision{"party", EmojiAction::kRename, "src-party", "emoji_clash"});
  plan.add(EmojiDecision{"gone", EmojiAction::kDrop, "", "dropped"});
  plan.add(AttachmentFix{"files/bad.png", AttachmentAction::kDrop, "", "bad"});
  plan.add(AttachmentFix{"files/lie.gif", AttachmentAction::kFix, "files/lie.jpg", "content is JPEG"});
  return plan;
}

TEST(ReconcileStage, SameExportFindsEverything) {
  std::string lines =
      "{\"type\":\"version\",\"version\":1}\n"
      "{\"type\":\"emoji\",\"emoji\":{\"name\":\"e1\",\"image\":\"emoji/e1\"}}\n"
      "{\"type\":\"user\",\"user\":{\"username\":\"u\",\"email\":\"u@x\",\"teams\":[{\"name\":\"t\",\"channels\":[{\"name\":\"c\"}]}]}}\n"
      "{\"type\":\"post\",\"post\":{\"team\":\"t\",\"channel\":\"c\",\"user\":\"u\",\"message\":\"m\",\"create_at\":5,"
      "\"replies\":[{\"user\":\"u\",\"message\":\"r\",\"create_at\":6,\"reactions\":[{\"user\":\"u\",\"emoji_name\":\"e1\",\"create_at\":7}]}],"
      "\"reactions\":[{\"user\":\"u\",\"emoji_name\":\"+1\",\"create_at\":6}],\"attachments\":[{\"path\":\"a/b/x.png\"}]}}\n"
      "{\"type\":\"direct_channel\",\"direct_channel\":{\"members\":[\"u\",\"v\"]}}\n"
      "{\"type\":\"direct_post\",\"direct_post\":{\"channel_members\":[\"u\",\"v\"],\"user\":\"v\",\"message\":\"dm\",\"create_at\":9}}\n";
  Reconciled r = reconcile(MergePlan{}, lines, lines);
  EXPECT_TRUE(r.problems.empty());
  EXPECT_EQ(r.get(ObjectKind::kPost, Outcome::kFound), 2u);
  EXPECT_EQ(r.get(ObjectKind::kReply, Outcome::kFound), 1u);
  EXPECT_EQ(r.get(ObjectKind::kReaction, Outcome::kFound), 2u);
  EXPECT_EQ(r.get(ObjectKind::kAttachment, Outcome::kFound), 1u);
  EXPECT_EQ(r.get(ObjectKind::kEmoji, Outcome::kFound), 1u);
  EXPECT_EQ(r.get(ObjectKind::kTeamMembership, Outcome::kFound), 1u);
  EXPECT_EQ(r.get(ObjectKind::kChannelMembership, Outcome::kFound), 1u);
  EXPECT_EQ(r.get(ObjectKind::kDirectChannel, Outcome::kFound), 1u);
  EXPECT_EQ(r.counts.total(Outcome::kMissing), 0u);
}

TEST(ReconcileStage, MergedTeamRenamedChannelRenamedAndRemappedUsers) {
  std::string source =
      "{\"type\":\"post\",\"post\":{\"team\":\"T1\",\"channel\":\"dev\",\"user\":\"carl\",\"message\":\"hi @bob and @carl\",\"create_at\":1,"
      "\"replies\":[{\"user\":\"bob\",\"message\":\"yo\",\"create_at\":2}]}}\n";
  // The import's result: team t1 merged into main, dev renamed src-dev, carl renamed, bob mapped,
  // and the mentions rewritten as apply writes them.
  std::string after =
      "{\"type\":\"post\",\"post\":{\"team\":\"main\",\"channel\":\"src-dev\",\"user\":\"src-carl\",\"message\":\"hi @robert and @src-carl\",\"create_at\":1,"
      "\"replies\":[{\"user\":\"robert\",\"message\":\"yo\",\"create_at\":2}]}}\n";
  Reconciled r = reconcile(rename_plan(), source, after);
  EXPECT_TRUE(r.problems.empty()) << (r.problems.empty() ? "" : r.problems[0].what);
  EXPECT_EQ(r.get(ObjectKind::kPost, Outcome::kFound), 1u);
  EXPECT_EQ(r.get(ObjectKind::kReply, Outcome::kFound), 1u);

  // Under the source's own names, nothing is found.
  Reconciled unmapped = reconcile(rename_plan(), source, source);
  EXPECT_EQ(unmapped.get(ObjectKind::kPost, Outcome::kMissing), 1u);
  EXPECT_EQ(unmapped.get(ObjectKind::kReply, Outcome::kMissing), 1u);
  ASSERT_EQ(unmapped.problems.size(), 2u);
  EXPECT_EQ(unmapped.problems[0].what, "post by src-carl at 1 in main/src-dev");
  EXPECT_EQ(unmapped.problems[0].line, 0u);
}

TEST(ReconcileStage, MembershipsOfRenamedMappedAndLeftOutUsers) {
  std::string source =
      "{\"type\":\"user\",\"user\":{\"username\":\"bob\",\"email\":\"b@x\",\"teams\":[{\"channels\":[{\"name\":\"dev\"}],\"name\":\"t1\"}]}}\n"
      "{\"type\":\"user\",\"user\":{\"username\":\"dora\",\"email\":\"d@x\",\"teams\":[{\"name\":\"t1\",\"channels\":[{\"name\":\"town-square\"}]}]}}\n";
  std::string after =
      "{\"type\":\"user\",\"user\":{\"username\":\"robert\",\"email\":\"r@x\",\"teams\":[{\"name\":\"main\",\"channels\":[{\"name\":\"src-dev\"},{\"name\":\"town-square\"}]}]}}\n"
      "{\"type\":\"user\",\"user\":{\"username\":\"dora\",\"email\":\"d@x\",\"teams\":[{\"name\":\"main\",\"channels\":[]}]}}\n";
  Reconciled r = reconcile(rename_plan(), source, after);
  EXPECT_EQ(r.get(ObjectKind::kTeamMembership, Outcome::kFound), 2u);
  EXPECT_EQ(r.get(ObjectKind::kChannelMembership, Outcome::kFound), 1u);
  // dora's channel membership (from the membership script) did not arrive.
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].kind, ObjectKind::kChannelMembership);
  EXPECT_EQ(r.problems[0].outcome, Outcome::kMissing);
  EXPECT_EQ(r.problems[0].line, 1u);
  EXPECT_EQ(r.problems[0].what, "dora in channel main/town-square");
}

TEST(ReconcileStage, RenamedAndDroppedEmoji) {
  std::string source =
      "{\"type\":\"emoji\",\"emoji\":{\"name\":\"party\",\"image\":\"emoji/p\"}}\n"
      "{\"type\":\"emoji\",\"emoji\":{\"name\":\"gone\",\"image\":\"emoji/g\"}}\n"
      "{\"type\":\"post\",\"post\":{\"team\":\"t2\",\"channel\":\"c\",\"user\":\"u\",\"message\":\":party:\",\"create_at\":1,"
      "\"reactions\":[{\"user\":\"u\",\"emoji_name\":\"party\",\"create_at\":2},{\"user\":\"u\",\"emoji_name\":\"gone\",\"create_at\":2}]}}\n";
  std::string after =
      "{\"type\":\"emoji\",\"emoji\":{\"name\":\"src-party\",\"image\":\"emoji/abc/image\"}}\n"
      "{\"type\":\"post\",\"post\":{\"team\":\"t2\",\"channel\":\"c\",\"user\":\"u\",\"message\":\":src-party:\",\"create_at\":1,"
      "\"reactions\":[{\"user\":\"u\",\"emoji_name\":\"src-party\",\"create_at\":3}]}}\n";
  Reconciled r = reconcile(rename_plan(), source, after);
  EXPECT_TRUE(r.problems.empty()) << (r.problems.empty() ? "" : r.problems[0].what);
  EXPECT_EQ(r.get(ObjectKind::kEmoji, Outcome::kFound), 1u);
  EXPECT_EQ(r.get(ObjectKind::kEmoji, Outcome::kDropped), 1u);
  EXPECT_EQ(r.get(ObjectKind::kReaction, Outcome::kFound), 1u);  // create_at is not part of the key
  EXPECT_EQ(r.get(ObjectKind::kReaction, Outcome::kDropped), 1u);
}

TEST(ReconcileStage, AttachmentsByBaseNameFixedAndDropped) {
  std::string source =
      "{\"type\":\"post\",\"post\":{\"team\":\"t2\",\"channel\":\"c\",\"user\":\"u\",\"message\":\"m\",\"create_at\":1,"
      "\"attachments\":[{\"path\":\"files/bad.png\"},{\"path\":\"files/lie.gif\"},{\"path\":\"x/dup.txt\"},{\"path\":\"y/dup.txt\"}]}}\n";
  std::string after =
      "{\"type\":\"post\",\"post\":{\"team\":\"t2\",\"channel\":\"c\",\"user\":\"u\",\"message\":\"m\",\"create_at\":1,"
      "\"attachments\":[{\"path\":\"20240101/teams/a/channels/b/users/c/f1/lie.jpg\"},{\"path\":\"20240101/teams/a/channels/b/users/c/f2/dup.txt\"}]}}\n";
  Reconciled r = reconcile(rename_plan(), source, after);
  EXPECT_EQ(r.get(ObjectKind::kAttachment, Outcome::kDropped), 1u);
  EXPECT_EQ(r.get(ObjectKind::kAttachment, Outcome::kFound), 2u);  // lie.jpg, one dup.txt
  ASSERT_EQ(r.problems.size(), 1u);  // the second dup.txt: two expected, one there
  EXPECT_EQ(r.problems[0].what, "attachment dup.txt of the post or reply at 1");
}

TEST(ReconcileStage, DoubledPostAndEditedCopy) {
  std::string source =
      "{\"type\":\"post\",\"post\":{\"team\":\"t2\",\"channel\":\"c\",\"user\":\"u\",\"message\":\"m\",\"create_at\":1}}\n"
      "{\"type\":\"post\",\"post\":{\"team\":\"t2\",\"channel\":\"c\",\"user\":\"u\",\"message\":\"n\",\"create_at\":2}}\n";
  std::string after = source +
      "{\"type\":\"post\",\"post\":{\"team\":\"t2\",\"channel\":\"c\",\"user\":\"u\",\"message\":\"m\",\"create_at\":1}}\n"
      "{\"type\":\"post\",\"post\":{\"team\":\"t2\",\"channel\":\"c\",\"user\":\"u\",\"message\":\"n, edited\",\"create_at\":2}}\n";
  Reconciled r = reconcile(MergePlan{}, source, after);
  // The same message twice: doubled at once.
  EXPECT_EQ(r.get(ObjectKind::kPost, Outcome::kDoubled), 1u);
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].outcome, Outcome::kDoubled);
  EXPECT_EQ(r.problems[0].count, 2u);
  EXPECT_EQ(r.problems[0].line, 0u);
  // Another message under the same identity: a suspect, doubled only if SOURCE holds fewer posts
  // of that identity than AFTER (decided by the job once SOURCE is read).
  EXPECT_EQ(r.get(ObjectKind::kPost, Outcome::kFound), 1u);
  ASSERT_EQ(r.suspects.size(), 1u);
  EXPECT_EQ(r.suspects[0].first.line, 1u);
  EXPECT_EQ(r.suspects[0].first.count, 2u);
  EXPECT_EQ(r.suspects[0].first.what, "post by u at 2 in t2/c");
}

TEST(ReconcileStage, ReplyBeforeItsRootIsClampedAsTheImporterDoes) {
  std::string source =
      "{\"type\":\"post\",\"post\":{\"replies\":[{\"user\":\"u\",\"message\":\"r\",\"create_at\":3}],\"team\":\"t2\",\"channel\":\"c\",\"user\":\"u\",\"message\":\"m\",\"create_at\":10}}\n";
  std::string after =
      "{\"type\":\"post\",\"post\":{\"team\":\"t2\",\"channel\":\"c\",\"user\":\"u\",\"message\":\"m\",\"create_at\":10,\"replies\":[{\"user\":\"u\",\"message\":\"r\",\"create_at\":10}]}}\n";
  Reconciled r = reconcile(MergePlan{}, source, after);
  EXPECT_TRUE(r.problems.empty());
  EXPECT_EQ(r.get(ObjectKind::kReply, Outcome::kFound), 1u);
}

TEST(ReconcileStage, SinceExpectsTheBaseMessage) {
  std::string base = "{\"type\":\"post\",\"post\":{\"team\":\"t1\",\"channel\":\"dev\",\"user\":\"carl\",\"message\":\"first @carl\",\"create_at\":1}}\n";
  std::string source =
      "{\"type\":\"post\",\"post\":{\"team\":\"t1\",\"channel\":\"dev\",\"user\":\"carl\",\"message\":\"edited\",\"create_at\":1}}\n"
      "{\"type\":\"post\",\"post\":{\"team\":\"t1\",\"channel\":\"dev\",\"user\":\"carl\",\"message\":\"new\",\"create_at\":2}}\n";
  std::string after =
      "{\"type\":\"post\",\"post\":{\"team\":\"main\",\"channel\":\"src-dev\",\"user\":\"src-carl\",\"message\":\"first @src-carl\",\"create_at\":1}}\n"
      "{\"type\":\"post\",\"post\":{\"team\":\"main\",\"channel\":\"src-dev\",\"user\":\"src-carl\",\"message\":\"new\",\"create_at\":2}}\n";
  Reconciled with_base = reconcile(rename_plan(), source, after, base);
  EXPECT_TRUE(with_base.problems.empty());
  EXPECT_EQ(with_base.get(ObjectKind::kPost, Outcome::kFound), 2u);
  Reconciled without = reconcile(rename_plan(), source, after);
  EXPECT_EQ(without.get(ObjectKind::kPost, Outcome::kMissing), 1u);

  // Two BASE posts of one identity: which one was edited is unknown, SOURCE's messages are expected.
  std::string base2 = base + "{\"type\":\"post\",\"post\":{\"team\":\"t1\",\"channel\":\"dev\",\"user\":\"carl\",\"message\":\"other\",\"create_at\":1}}\n";
  Reconciled ambiguous = reconcile(rename_plan(), source, after, base2);
  EXPECT_EQ(ambiguous.get(ObjectKind::kPost, Outcome::kMissing), 1u);
  ASSERT_EQ(ambiguous.problems.size(), 1u);
  EXPECT_EQ(ambiguous.problems[0].line, 0u);
}

// A channel BASE had archived: `apply --since` carries no new or changed post of it
// (in_archived_channel), so what AFTER lacks of them is left out by apply, not missing; what phase 1
// imported is found as usual. The channel is renamed by the plan (dev -> src-dev in team main).
TEST(ReconcileStage, SinceCountsPostsOfArchivedChannelsAsLeftOutByApply) {
  std::string base =
      "{\"type\":\"channel\",\"channel\":{\"team\":\"t1\",\"name\":\"dev\",\"display_name\":\"Dev\",\"type\":\"O\",\"deleted_at\":5}}\n"
      "{\"type\":\"post\",\"post\":{\"team\":\"t1\",\"channel\":\"dev\",\"user\":\"carl\",\"message\":\"old\",\"create_at\":1}}\n";
  std::string source =
      "{\"type\":\"channel\",\"channel\":{\"team\":\"t1\",\"name\":\"dev\",\"display_name\":\"Dev\",\"type\":\"O\",\"deleted_at\":5}}\n"
      // Changed since BASE: a new reply and reaction, which apply --since does not carry.
      "{\"type\":\"post\",\"post\":{\"team\":\"t1\",\"channel\":\"dev\",\"user\":\"carl\",\"message\":\"old\",\"create_at\":1,"
      "\"replies\":[{\"user\":\"carl\",\"message\":\"r\",\"create_at\":3}],\"reactions\":[{\"user\":\"carl\",\"emoji_name\":\"smile\",\"create_at\":3}]}}\n"
      // New since BASE.
      "{\"type\":\"post\",\"post\":{\"team\":\"t1\",\"channel\":\"dev\",\"user\":\"carl\",\"message\":\"new\",\"create_at\":2}}\n"
      // New in an active channel: still missing when AFTER lacks it.
      "{\"type\":\"post\",\"post\":{\"team\":\"t2\",\"channel\":\"c\",\"user\":\"u\",\"message\":\"m\",\"create_at\":2}}\n";
  std::string after =
      "{\"type\":\"channel\",\"channel\":{\"team\":\"main\",\"name\":\"src-dev\",\"display_name\":\"Dev\",\"type\":\"O\",\"deleted_at\":5}}\n"
      "{\"type\":\"post\",\"post\":{\"team\":\"main\",\"channel\":\"src-dev\",\"user\":\"src-carl\",\"message\":\"old\",\"create_at\":1}}\n";
  Reconciled r = reconcile(rename_plan(), source, after, base);
  EXPECT_EQ(r.get(ObjectKind::kPost, Outcome::kFound), 1u);
  EXPECT_EQ(r.get(ObjectKind::kPost, Outcome::kLeftOut), 1u);
  EXPECT_EQ(r.get(ObjectKind::kReply, Outcome::kLeftOut), 1u);
  EXPECT_EQ(r.get(ObjectKind::kReaction, Outcome::kLeftOut), 1u);
  EXPECT_EQ(r.get(ObjectKind::kPost, Outcome::kMissing), 1u);
  ASSERT_EQ(r.problems.size(), 1u);  // only the active channel's post is listed
  EXPECT_EQ(r.problems[0].line, 3u);
  // Without --since nothing is known of BASE's archived channels (a one-phase apply carries the
  // posts of archived channels): all are expected.
  Reconciled without = reconcile(rename_plan(), source, after);
  EXPECT_EQ(without.get(ObjectKind::kPost, Outcome::kLeftOut), 0u);
  EXPECT_EQ(without.get(ObjectKind::kPost, Outcome::kMissing), 2u);
  // A BASE whose channel is active: nothing is left out.
  std::string active = "{\"type\":\"channel\",\"channel\":{\"team\":\"t1\",\"name\":\"dev\",\"display_name\":\"Dev\",\"type\":\"O\",\"deleted_at\":0}}\n" +
                       base.substr(base.find('\n') + 1);
  Reconciled live = reconcile(rename_plan(), source, after, active);
  EXPECT_EQ(live.get(ObjectKind::kPost, Outcome::kLeftOut), 0u);
  EXPECT_EQ(live.get(ObjectKind::kPost, Outcome::kMissing), 2u);
}

TEST(ReconcileStage, DirectChannelsByMemberSetAndParticipants) {
  std::string source =
      "{\"type\":\"direct_channel\",\"direct_channel\":{\"members\":[\"carl\",\"Bob\"]}}\n"
      "{\"type\":\"direct_post\",\"direct_post\":{\"channel_members\":[\"carl\",\"bob\"],\"user\":\"bob\",\"message\":\"x\",\"create_at\":4}}\n";
  std::string after =
      "{\"type\":\"direct_channel\",\"direct_channel\":{\"participants\":[{\"username\":\"robert\"},{\"username\":\"src-carl\"}],\"header\":\"\"}}\n"
      "{\"type\":\"direct_post\",\"direct_post\":{\"channel_members\":[\"robert\",\"src-carl\"],\"user\":\"robert\",\"message\":\"x\",\"create_at\":4}}\n";
  Reconciled r = reconcile(rename_plan(), source, after);
  EXPECT_TRUE(r.problems.empty()) << (r.problems.empty() ? "" : r.problems[0].what);
  EXPECT_EQ(r.get(ObjectKind::kDirectChannel, Outcome::kFound), 1u);
  EXPECT_EQ(r.get(ObjectKind::kPost, Outcome::kFound), 1u);
  Reconciled missing = reconcile(rename_plan(), source, "{\"type\":\"version\",\"version\":1}\n");
  ASSERT_EQ(missing.problems.size(), 2u);
  EXPECT_EQ(missing.problems[0].what, "direct channel [\"src-carl\",\"robert\"]");
}

TEST(ReconcileStage, LinesThatAreNotJsonAreReported) {
  Reconciled r = reconcile(MergePlan{}, "{\"type\":\"version\",\"version\":1}\n{not json\n", "");
  ASSERT_EQ(r.malformed.size(), 1u);
  EXPECT_EQ(r.malformed[0], 1u);
}

TEST(KeyTable, CountsGrowsAndSaturates) {
  KeyCounts counts;
  for (uint64_t k = 1; k <= 5000; ++k) counts.add(k * 0x100000001B3ull);  // through several doublings
  counts.add(0);  // 0 marks an empty slot: still a key
  counts.add(0);
  for (int i = 0; i < 300; ++i) counts.add(42);
  EXPECT_EQ(counts.size(), 5002u);
  EXPECT_EQ(counts.count(1 * 0x100000001B3ull), 1u);
  EXPECT_EQ(counts.count(5000 * 0x100000001B3ull), 1u);
  EXPECT_EQ(counts.count(0), 2u);
  EXPECT_EQ(counts.count(42), 255u);
  EXPECT_EQ(counts.count(7), 0u);
  BaseMessages messages;
  for (uint64_t k = 1; k <= 3000; ++k) messages.at(k << 20) = k;
  ASSERT_NE(messages.find(2999u << 20), nullptr);
  EXPECT_EQ(*messages.find(2999u << 20), 2999u);
  EXPECT_EQ(messages.find(3001u << 20), nullptr);
}

}  // namespace
}  // namespace mm
