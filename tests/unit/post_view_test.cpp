// The one post visitor (jsonl/PostView.h): a post as the importer's encoding/json decodes it, and
// the commands that read posts through it agreeing on one line.
#include <gtest/gtest.h>

#include <string>

#include "jsonl/LineClassifier.h"
#include "jsonl/PostView.h"
#include "stages/AttachmentRefs.h"
#include "stages/PostScanner.h"
#include "stages/StatsStage.h"
#include "tests/PlanFixtures.h"
#include "tests/unit/TestUtil.h"

namespace mm {
namespace {

namespace od = simdjson::ondemand;

// Reads the "post" / "direct_post" payload of `line` (the last one under either key) with every part.
struct Read {
  simdjson::padded_string padded;
  od::parser parser;
  PostView view;
  LineType type = LineType::kUnknown;
};

std::unique_ptr<Read> read(const std::string& line, unsigned parts = kPostTexts | kPostPaths | kPostCounts) {
  auto r = std::make_unique<Read>();
  r->padded = simdjson::padded_string(line);
  Line l{std::string_view(r->padded.data(), line.size()), 0, r->padded.size() + simdjson::SIMDJSON_PADDING};
  r->type = LineClassifier().classify(r->parser, l, nullptr, [&](std::string_view key, od::value& v) {
    if (key_is(key, "post") || key_is(key, "direct_post")) read_post(v, r->view, parts);
  });
  return r;
}

TEST(PostView, ReadsTextsPathsAndCounts) {
  auto r = read(R"({"type":"post","post":{"team":"t","message":"hi \u0040x","reactions":[{},{}],)"
                R"("attachments":[{"path":"a\/1.png"},1,{"path":""},{"path":null},{"name":"n"}],)"
                R"("replies":[{"message":"r0","attachments":[{"path":"b.png"}],"reactions":[{}]},5,{"user":"u"}]}})");
  ASSERT_EQ(r->type, LineType::kPost);
  const PostView& v = r->view;
  EXPECT_TRUE(v.found);
  EXPECT_EQ(v.team.text, "t");
  EXPECT_EQ(v.message.text, "hi @x");
  EXPECT_EQ(v.reactions, 2u);
  EXPECT_EQ(v.attachments_count, 5u);  // every element counts; only a non-empty string path is a file
  ASSERT_EQ(v.replies.size(), 3u);     // a reply that is not an object counts, with nothing read
  EXPECT_EQ(v.replies[0].message.text, "r0");
  EXPECT_EQ(v.replies[0].reactions, 1u);
  EXPECT_EQ(v.replies[0].attachments, 1u);
  EXPECT_FALSE(v.replies[1].message.present);
  EXPECT_FALSE(v.replies[2].message.present);
  EXPECT_EQ(v.total_reactions(), 3u);
  EXPECT_EQ(v.total_attachments(), 6u);
  ASSERT_EQ(v.attachments.size(), 2u);
  EXPECT_EQ(v.attachments[0].reply, -1);
  EXPECT_EQ(v.attachments[0].index, 0u);
  EXPECT_EQ(v.attachments[0].path, "a/1.png");
  EXPECT_EQ(*v.attachments[0].element, '{');
  EXPECT_EQ(*v.attachments[0].array, '[');
  EXPECT_EQ(std::string_view(v.attachments[0].path_token, 10), R"("a\/1.png")");
  EXPECT_EQ(v.attachments[1].reply, 0);
  EXPECT_EQ(v.attachments[1].path, "b.png");
}

TEST(PostView, AMemberGivenTwiceIsReadByItsLastOccurrence) {
  auto r = read(R"({"type":"post","post":{"message":"first","MESSAGE":"second","team":"a","te\u0061m":"b",)"
                R"("attachments":[{"path":"x.png","path":"y.png"}],"attachments":[{"path":"z.png"},{"path":"w.png","path":7}],)"
                R"("replies":[{"message":"old","attachments":[{"path":"old.png"}]}],)"
                R"("replies":[{"message":"new","message":null}],"reactions":[{}],"reactions":null}})");
  const PostView& v = r->view;
  EXPECT_EQ(v.message.text, "second");
  EXPECT_EQ(v.team.text, "b");
  EXPECT_EQ(v.reactions, 0u);  // null empties a slice in Go
  EXPECT_EQ(v.attachments_count, 2u);
  ASSERT_EQ(v.attachments.size(), 1u);  // the last "path" of w.png is not a string: no file
  EXPECT_EQ(v.attachments[0].path, "z.png");
  ASSERT_EQ(v.replies.size(), 1u);
  EXPECT_FALSE(v.replies[0].message.present);
}

TEST(PostView, WhitespaceBetweenTokensAndOnlyWhatIsAsked) {
  auto r = read(R"({ "type" : "direct_post" , "direct_post" : { "message" : "m" , "attachments" : [ { "path" : "p.png" } ] } })",
                kPostCounts);
  ASSERT_EQ(r->type, LineType::kDirectPost);
  EXPECT_FALSE(r->view.message.present);  // texts not asked for
  EXPECT_TRUE(r->view.attachments.empty());
  EXPECT_EQ(r->view.attachments_count, 1u);
  auto t = read(R"({ "type" : "direct_post" , "direct_post" : { "message" : "m" , "attachments" : [ { "path" : "p.png" } ] } })");
  EXPECT_EQ(t->view.message.text, "m");
  ASSERT_EQ(t->view.attachments.size(), 1u);
  EXPECT_EQ(t->view.attachments[0].path, "p.png");
}

TEST(PostView, NotAnObjectIsNoPost) {
  EXPECT_FALSE(read(R"({"type":"post","post":{"message":"m"},"post":null})")->view.found);
  EXPECT_FALSE(read(R"({"type":"post","post":[{"message":"m"}]})")->view.found);
}

// plan (PostScanner), verify-attachments (AttachmentRefs) and stats read the same post from a
// line that gives members twice, under escaped keys, with whitespace between tokens.
TEST(PostView, TheCommandsThatReadPostsAgreeOnOneLine) {
  const std::string line =
      R"({ "type" : "post" , "post" : { "team" : "sales" , "message" : "@carol" , "message" : "plain" , )"
      R"("attachments" : [ { "path" : "old.png" } ] , "Attachments" : [ { "p\u0061th" : "a.png" } , { "path" : "b.png" } ] , )"
      R"("reactions" : [ { } , { } ] , "replies" : [ { "message" : "@carol" , "attachments" : [ { "path" : "gone.png" } ] } ] , )"
      R"("replies" : [ { "message" : "hi @carol" , "reactions" : [ { } ] , "attachments" : [ { "path" : "r.png" } ] } ] } })"
      "\n";
  Chunk chunk;
  test::fill_chunk(chunk, line);
  od::parser parser;

  // verify-attachments: the files of the last members, with the field each is under.
  AttachmentRefs::Result refs;
  AttachmentRefs().process(chunk, parser, refs);
  std::vector<std::string> files;
  for (const AttachmentReference& ref : refs.refs) files.push_back(ref.field() + "=" + std::string(refs.path(ref)));
  EXPECT_EQ(files, (std::vector<std::string>{"post.attachments[0].path=a.png", "post.attachments[1].path=b.png",
                                             "post.replies[0].attachments[0].path=r.png"}));

  // plan: the same files, and the mentions of the last messages only (one: the reply's).
  MergePlan plan;
  plan.add(test::user_decision("carol", UserAction::kMap, "carol2"));
  MentionTargets targets(plan);
  PostScanner::Result scanned;
  PostScanner(targets, true).process(chunk, parser, scanned);
  std::vector<std::string> planned;
  for (const PostAttachment& a : scanned.attachments) planned.push_back(a.path);
  EXPECT_EQ(planned, (std::vector<std::string>{"a.png", "b.png", "r.png"}));
  EXPECT_EQ(scanned.mention_messages, (std::vector<uint64_t>{1}));

  // stats, on either path: one reply, three reactions, three attachments.
  std::vector<ScannerKernel> kernels = {ScannerKernel::kNone};
  if (structural_scanner_available()) kernels.push_back(best_scanner_kernel());
  for (ScannerKernel kernel : kernels) {
    StatsStage::Result counted;
    StatsStage(kernel).process(chunk, parser, counted);
    EXPECT_EQ(counted.counts.replies, 1u);
    EXPECT_EQ(counted.counts.reactions, 3u);
    EXPECT_EQ(counted.counts.attachments, 3u);
  }
}

}  // namespace
}  // namespace mm

namespace mm {
namespace {

TEST(PostView, MembersAreToldApartByTheOneKeyRule) {
  EXPECT_EQ(post_member("message"), PostMember::kMessage);
  EXPECT_EQ(post_member("MESSAGE"), PostMember::kMessage);
  EXPECT_EQ(post_member("Channel_Members"), PostMember::kChannelMembers);
  EXPECT_EQ(post_member(R"(us\u0065r)"), PostMember::kUser);             // an escape
  EXPECT_EQ(post_member(R"(\u0074eam)"), PostMember::kTeam);             // an escape first
  EXPECT_EQ(post_member("reaction\xC5\xBF"), PostMember::kReactions);   // U+017F folds to 's'
  EXPECT_EQ(post_member("thread_followers"), PostMember::kThreadFollowers);
  EXPECT_EQ(post_member("edit_at"), PostMember::kEditAt);
  EXPECT_EQ(post_member("create_at"), PostMember::kCreateAt);
  EXPECT_EQ(post_member("flagged_by"), PostMember::kFlaggedBy);
  EXPECT_EQ(post_member("attachments"), PostMember::kAttachments);
  EXPECT_EQ(post_member("replies"), PostMember::kReplies);
  EXPECT_EQ(post_member("channel"), PostMember::kChannel);
  for (const char* other : {"", "type", "props", "teams", "use", "update_at", "is_pinned", R"(pr\u006fps)", "x\xC5\xBF"})
    EXPECT_EQ(post_member(other), PostMember::kOther) << other;
}

}  // namespace
}  // namespace mm
