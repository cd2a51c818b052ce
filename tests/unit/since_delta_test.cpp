#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "stages/DeltaStage.h"
#include "stages/SinceIndex.h"
#include "tests/PlanFixtures.h"
#include "tests/unit/TestUtil.h"

namespace mm {
namespace {

// The delta's passes on strings, as commands/ApplyJob runs them on exports: BASE split and hashed,
// NOW sifted against it, NOW's kept lines keyed, BASE's lines left (not seen, or not posts) keyed
// and reviewed against them, NOW's written. Event lines are given back as indexes in the whole
// string, as the chunk's line numbers make them.
struct Delta {
  std::string out;
  DeltaCounts counts;
  std::vector<DeltaEvent> events;
  std::vector<Membership> memberships;
  uint64_t bucket(DeltaBucket b) const { return counts[b]; }
  uint64_t note(DeltaNote n) const { return counts[n]; }
};

// The chosen lines of `bytes` as SpanChunker gives them: one chunk, numbered.
void fill_spans(Chunk& chunk, const std::string& bytes, const std::vector<LineSpan>& spans) {
  std::string chosen;
  for (const LineSpan& s : spans) {
    chosen.append(bytes, s.offset, s.bytes);
    if (chosen.empty() || chosen.back() != '\n') chosen += '\n';
  }
  test::fill_chunk(chunk, chosen);
  chunk.bom = false;
  chunk.line_numbers.clear();
  for (const LineSpan& s : spans) chunk.line_numbers.push_back(s.line);
  if (!spans.empty()) chunk.first_line = spans.front().line;
}

void rebase(std::vector<DeltaEvent>& events, const Chunk& chunk) {
  for (DeltaEvent& e : events) e.line = chunk.line_number(e.line) - 1;
}

Delta run_delta(const MergePlan& plan, const std::string& base, const std::string& now) {
  RewriteMaps maps(plan);
  ApplyStage stage(maps);
  simdjson::ondemand::parser parser;
  SinceIndex index;
  LineKeyer keyer;
  LineDigest digest;
  Chunk base_chunk;
  test::fill_chunk(base_chunk, base);
  SinceIndex::ChunkLines split;
  SinceIndex::split(base_chunk, split);
  index.add_lines(split, 1);
  index.finish_lines();

  Chunk now_chunk;
  test::fill_chunk(now_chunk, now);
  DeltaSift sift(index);
  DeltaSift::Result sifted;
  sift.process(now_chunk, sifted);
  std::vector<LineSpan> now_kept;
  for (const DeltaSift::Kept& k : sifted.kept) now_kept.push_back({k.offset, k.bytes, 1 + k.index, false});
  Chunk now_sparse;
  fill_spans(now_sparse, now, now_kept);

  SinceIndex fresh;
  std::vector<SinceIndex::Entry> entries;
  for_each_line(now_sparse, [&](const Line& line) {
    keyer.digest(parser, line, digest);
    SinceIndex::entries_of(digest, entries);
  });
  fresh.add(entries);
  fresh.finish();

  std::vector<LineSpan> base_kept = index.lines_to_read();
  Chunk base_sparse;
  fill_spans(base_sparse, base, base_kept);
  BaseReview review(index, fresh);
  BaseReview::Result reviewed;
  entries.clear();
  for_each_line(base_sparse, [&](const Line& line) {
    keyer.digest(parser, line, digest);
    SinceIndex::entries_of(digest, entries);
    review.process_line(line, digest, reviewed);
  });
  index.add(entries);
  index.finish();
  rebase(reviewed.events, base_sparse);
  BaseTexts texts;
  for (auto& [key, text] : reviewed.texts) texts.emplace(key, text);

  DeltaStage::Scratch scratch;
  DeltaStage::Result result;
  DeltaStage write(index, stage, maps, texts);
  write.process(now_sparse, parser, scratch, result);
  rebase(result.events, now_sparse);
  Delta d{result.out, result.counts, result.events, result.memberships};
  d.counts.buckets[static_cast<size_t>(DeltaBucket::kUnchanged)] += sifted.unchanged;
  d.memberships.insert(d.memberships.end(), result.apply.memberships.begin(), result.apply.memberships.end());
  d.counts.merge(reviewed.counts);
  d.events.insert(d.events.end(), reviewed.events.begin(), reviewed.events.end());
  return d;
}

const std::string kVersion = R"({"type":"version","version":1})";
const std::string kTeam = R"({"type":"team","team":{"name":"t1","display_name":"T1","type":"O"}})";
const std::string kDev = R"({"type":"channel","channel":{"team":"t1","name":"dev","display_name":"Dev","type":"O"}})";
const std::string kBob =
    R"({"type":"user","user":{"username":"bob","email":"bob@x.com","teams":[{"name":"t1","channels":[{"name":"dev"}]}]}})";
const std::string kHello =
    R"({"type":"post","post":{"team":"t1","channel":"dev","user":"bob","message":"hello","create_at":100,"replies":[{"user":"bob","message":"r1","create_at":101}]}})";
const std::string kGone = R"({"type":"post","post":{"team":"t1","channel":"dev","user":"bob","message":"gone","create_at":200}})";

std::string lines(std::initializer_list<std::string> ls) {
  std::string out;
  for (const std::string& l : ls) out += l + "\n";
  return out;
}

const std::string kBase = lines({kVersion, kTeam, kDev, kBob, kHello, kGone});

uint64_t total_buckets(const Delta& d) {
  uint64_t n = 0;
  for (uint64_t b : d.counts.buckets) n += b;
  return n;
}

TEST(SinceDelta, UnchangedLinesAreSkippedAndTheVersionLineKept) {
  Delta d = run_delta(MergePlan{}, kBase, kBase);
  EXPECT_EQ(d.out, kVersion + "\n");
  EXPECT_EQ(d.bucket(DeltaBucket::kVersion), 1u);
  EXPECT_EQ(d.bucket(DeltaBucket::kUnchanged), 5u);
  EXPECT_EQ(total_buckets(d), 6u);
  EXPECT_TRUE(d.events.empty());
}

TEST(SinceDelta, EditedMessageAloneIsReportedNotWritten) {
  // An edit sets edit_at too: still only an edit.
  std::string edited = kHello;
  edited.replace(edited.find("hello"), 5, "hello, edited");
  edited.replace(edited.find(R"("create_at":100)"), 15, R"("create_at":100,"edit_at":150)");
  Delta d = run_delta(MergePlan{}, kBase, lines({kVersion, kTeam, kDev, kBob, edited, kGone}));
  EXPECT_EQ(d.out, kVersion + "\n");
  EXPECT_EQ(d.bucket(DeltaBucket::kEditsOnly), 1u);
  EXPECT_EQ(d.note(DeltaNote::kMessageEdited), 1u);
  ASSERT_EQ(d.events.size(), 1u);
  EXPECT_EQ(d.events[0].line, 4u);  // chunk-local index of the line
  EXPECT_EQ(d.events[0].what, "t1/dev @bob 100");
}

TEST(SinceDelta, NewReplyToAnEditedPostKeepsBaseMessages) {
  // The post's message and its old reply edited, a reply added: the line goes out with the
  // messages BASE had (so the importer matches the existing post), the new reply as it is.
  const std::string now_post =
      R"({"type":"post","post":{"team":"t1","channel":"dev","user":"bob","message":"hello v2","create_at":100,"replies":[{"user":"bob","message":"r1 v2","create_at":101},{"user":"bob","message":"r2","create_at":102}]}})";
  Delta d = run_delta(MergePlan{}, kBase, lines({kVersion, kTeam, kDev, kBob, now_post, kGone}));
  const std::string expected =
      R"({"type":"post","post":{"team":"t1","channel":"dev","user":"bob","message":"hello","create_at":100,"replies":[{"user":"bob","message":"r1","create_at":101},{"user":"bob","message":"r2","create_at":102}]}})";
  EXPECT_EQ(d.out, lines({kVersion, expected}));
  EXPECT_EQ(d.bucket(DeltaBucket::kPostsUpdated), 1u);
  EXPECT_EQ(d.note(DeltaNote::kMessageEdited), 1u);
  EXPECT_EQ(d.note(DeltaNote::kReplyEdited), 1u);
}

TEST(SinceDelta, ReactionAddedWritesThePost) {
  std::string now_post = kGone;
  now_post.insert(now_post.size() - 2, R"(,"reactions":[{"user":"bob","emoji_name":"smile","create_at":300}])");
  Delta d = run_delta(MergePlan{}, kBase, lines({kVersion, kTeam, kDev, kBob, kHello, now_post}));
  EXPECT_EQ(d.out, lines({kVersion, now_post}));
  EXPECT_EQ(d.bucket(DeltaBucket::kPostsUpdated), 1u);
  EXPECT_EQ(d.bucket(DeltaBucket::kUnchanged), 4u);
}

TEST(SinceDelta, UserInBaseGivesNoUserLineAndNewMembershipsToTheScript) {
  MergePlan plan;
  plan.add(TeamDecision{"t1", TeamAction::kMerge, "main", "team_merge"});
  const std::string now_bob =
      R"({"type":"user","user":{"username":"bob","email":"bob@new.com","teams":[{"name":"t1","channels":[{"name":"dev"},{"name":"ops"}]}]}})";
  Delta d = run_delta(plan, kBase, lines({kVersion, kTeam, kDev, now_bob, kHello, kGone}));
  EXPECT_EQ(d.out.find("\"user\":{"), std::string::npos) << d.out;
  EXPECT_EQ(d.bucket(DeltaBucket::kUsersKept), 1u);
  ASSERT_EQ(d.memberships.size(), 1u);
  EXPECT_EQ(d.memberships[0], (Membership{"bob", "main", "ops"}));
  EXPECT_EQ(d.note(DeltaNote::kProfileChanged), 1u);  // the e-mail
}

TEST(SinceDelta, MembershipRemovedIsReported) {
  const std::string now_bob = R"({"type":"user","user":{"username":"bob","email":"bob@x.com","teams":[{"name":"t1"}]}})";
  Delta d = run_delta(MergePlan{}, kBase, lines({kVersion, kTeam, kDev, now_bob, kHello, kGone}));
  EXPECT_EQ(d.note(DeltaNote::kMembershipRemoved), 1u);
  EXPECT_EQ(d.note(DeltaNote::kProfileChanged), 0u);
  EXPECT_TRUE(d.memberships.empty());
}

TEST(SinceDelta, NewUserIsWrittenRewrittenByThePlan) {
  MergePlan plan;
  plan.add(test::user_decision("carl", UserAction::kRename, "src-carl"));
  const std::string now_carl = R"({"type":"user","user":{"username":"carl","email":"carl@x.com"}})";
  Delta d = run_delta(plan, kBase, lines({kVersion, kTeam, kDev, kBob, now_carl, kHello, kGone}));
  EXPECT_EQ(d.out, lines({kVersion, R"({"type":"user","user":{"username":"src-carl","email":"carl@x.com"}})"}));
  EXPECT_EQ(d.bucket(DeltaBucket::kNew), 1u);
}

TEST(SinceDelta, ArchivedChannelIsWritten) {
  const std::string archived =
      R"({"type":"channel","channel":{"team":"t1","name":"dev","display_name":"Dev","type":"O","deleted_at":500}})";
  Delta d = run_delta(MergePlan{}, kBase, lines({kVersion, kTeam, archived, kBob, kHello, kGone}));
  EXPECT_EQ(d.out, lines({kVersion, archived}));
  EXPECT_EQ(d.bucket(DeltaBucket::kChanged), 1u);
}

TEST(SinceDelta, PostInAChannelArchivedInBaseIsNotCarried) {
  // The importer cannot add to a channel the target has archived: reported, not written.
  const std::string archived =
      R"({"type":"channel","channel":{"team":"t1","name":"dev","display_name":"Dev","type":"O","deleted_at":500}})";
  const std::string late = R"({"type":"post","post":{"team":"t1","channel":"dev","user":"bob","message":"late","create_at":900}})";
  const std::string base = lines({kVersion, kTeam, archived, kBob, kHello, kGone});
  Delta d = run_delta(MergePlan{}, base, lines({kVersion, kTeam, archived, kBob, kHello, kGone, late}));
  EXPECT_EQ(d.out, kVersion + "\n");
  EXPECT_EQ(d.bucket(DeltaBucket::kArchivedChannel), 1u);
  EXPECT_EQ(d.note(DeltaNote::kArchivedChannel), 1u);
  // Archived since BASE: the channel line goes out, and the post after it as in a full apply.
  Delta since = run_delta(MergePlan{}, kBase, lines({kVersion, kTeam, archived, kBob, kHello, kGone, late}));
  EXPECT_EQ(since.out, lines({kVersion, archived, late}));
}

TEST(SinceDelta, DeletedPostAndChannelAreReportedWithBaseLines) {
  Delta d = run_delta(MergePlan{}, kBase, lines({kVersion, kTeam, kBob, kHello}));
  EXPECT_EQ(d.out, kVersion + "\n");
  EXPECT_EQ(d.note(DeltaNote::kPostDeleted), 1u);
  EXPECT_EQ(d.note(DeltaNote::kChannelDeleted), 1u);
  bool post = false;
  for (const DeltaEvent& e : d.events)
    if (e.note == DeltaNote::kPostDeleted) {
      post = true;
      EXPECT_EQ(e.line, 5u);  // index of kGone in BASE
      EXPECT_EQ(e.what, "t1/dev @bob 200");
    }
  EXPECT_TRUE(post);
}

TEST(SinceDelta, DeletedReplyIsReported) {
  const std::string now_post = R"({"type":"post","post":{"team":"t1","channel":"dev","user":"bob","message":"hello","create_at":100,"replies":[]}})";
  Delta d = run_delta(MergePlan{}, kBase, lines({kVersion, kTeam, kDev, kBob, now_post, kGone}));
  EXPECT_EQ(d.note(DeltaNote::kReplyDeleted), 1u);
  EXPECT_EQ(d.bucket(DeltaBucket::kPostsUpdated), 1u);
}

TEST(SinceKeys, NamesCompareLowerCasedAndMemberSetsInAnyOrder) {
  simdjson::ondemand::parser parser;
  LineKeyer keyer;
  auto key = [&](const std::string& text) {
    std::string padded = text;
    padded.resize(text.size() + simdjson::SIMDJSON_PADDING, ' ');
    LineDigest d;
    keyer.digest(parser, Line{std::string_view(padded.data(), text.size()), 0, padded.size()}, d);
    return d.key;
  };
  EXPECT_NE(key(kDev), 0u);
  EXPECT_EQ(key(kDev), key(R"({"type":"channel","channel":{"team":"T1","name":"Dev","display_name":"Other"}})"));
  EXPECT_NE(key(kDev), key(R"({"type":"channel","channel":{"team":"t2","name":"dev"}})"));
  EXPECT_EQ(key(R"({"type":"direct_channel","direct_channel":{"members":["a","b"]}})"),
            key(R"({"type":"direct_channel","direct_channel":{"members":["b","a"],"header":"x"}})"));
  EXPECT_EQ(key(kHello), key(R"({"type":"post","post":{"team":"t1","channel":"dev","user":"bob","message":"other","create_at":100}})"));
  EXPECT_NE(key(kHello), key(R"({"type":"post","post":{"team":"t1","channel":"dev","user":"bob","message":"hello","create_at":101}})"));
  // A team and an emoji of one name are different objects.
  EXPECT_NE(key(R"({"type":"team","team":{"name":"x"}})"), key(R"({"type":"emoji","emoji":{"name":"x"}})"));
  EXPECT_EQ(key(kVersion), 0u);
  EXPECT_EQ(key("not json"), 0u);
}

TEST(SinceIndex, FindsEveryKeyOfALargeTable) {
  // Over one block (2^20 entries), added in pieces as the chunks of a pass add them.
  SinceIndex index;
  const uint64_t n = 1200000;
  std::vector<SinceIndex::Entry> entries;
  for (uint64_t i = 0; i < n; ++i) {
    entries.push_back({LineKeyer::raw_hash(std::to_string(i)), i});
    if (entries.size() == 70000) {
      index.add(entries);
      entries.clear();
    }
  }
  index.add(entries);
  index.finish();
  EXPECT_EQ(index.size(), n);
  for (uint64_t i = 0; i < n; i += 7) {
    size_t at = index.find(LineKeyer::raw_hash(std::to_string(i)));
    ASSERT_NE(at, SinceIndex::npos);
    EXPECT_EQ(index.at(at).value, i);
  }
  EXPECT_EQ(index.find(LineKeyer::raw_hash("absent")), SinceIndex::npos);
}

}  // namespace
}  // namespace mm
