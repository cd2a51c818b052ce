// gen-synthetic --evolve's decisions: the share of posts each change touches grows with --days and
// stays small, decisions depend only on the line (and seed), sections keep the exporter's order.
#include <gtest/gtest.h>

#include <array>

#include <simdjson.h>

#include "io/Error.h"
#include "tests/unit/TestUtil.h"
#include "tools/gen-synthetic/Evolve.h"
#include "tools/gen-synthetic/EvolveDecisions.h"
#include "tools/gen-synthetic/GeneratePair.h"
#include "tools/gen-synthetic/ModelBuilder.h"
#include "tools/gen-synthetic/Rng.h"

namespace mm::gen {
namespace {

std::array<uint64_t, kPostFateCount> tally(const FateTable& t, uint64_t n) {
  std::array<uint64_t, kPostFateCount> c{};
  Rng rng(42);
  for (uint64_t i = 0; i < n; ++i) c[static_cast<size_t>(t.decide(rng.next()))]++;
  return c;
}

TEST(GenSyntheticEvolve, ThreeDaysChangeAFewPercent) {
  FateTable t(EvolveRates{}, 3, 0);
  const uint64_t n = 1'000'000;
  auto c = tally(t, n);
  double changed = 1.0 - static_cast<double>(c[0]) / n;
  EXPECT_GT(changed, 0.01);
  EXPECT_LT(changed, 0.03);
  for (int i = 1; i < kPostFateCount; ++i) EXPECT_GT(c[i], 0u) << i;
  // New posts: about 0.9% of the earlier ones; the whole delta well under 5%.
  uint64_t added = new_post_count(EvolveRates{}, 3, n);
  EXPECT_NEAR(static_cast<double>(added) / n, 0.009, 0.001);
  EXPECT_LT(changed + static_cast<double>(added) / n, 0.05);
}

TEST(GenSyntheticEvolve, MoreDaysMoreChanges) {
  auto c1 = tally(FateTable(EvolveRates{}, 1, 0), 200'000);
  auto c10 = tally(FateTable(EvolveRates{}, 10, 0), 200'000);
  EXPECT_GT(c1[0], c10[0]);
  for (int i = 1; i < kPostFateCount; ++i) EXPECT_GT(c10[i], c1[i]) << i;
  EXPECT_GT(new_post_count(EvolveRates{}, 10, 100000), new_post_count(EvolveRates{}, 1, 100000));
}

TEST(GenSyntheticEvolve, FloorGivesSmallExportsEveryKind) {
  // 1000 posts, 1 day: the rates alone would give about one edit; the floor (8 / posts) gives more.
  FateTable t(EvolveRates{}, 1, 8.0 / 1000);
  for (int i = 1; i < kPostFateCount; ++i) EXPECT_GE(t.p[i], 0.008);
  double sum = 0;
  FateTable huge(EvolveRates{}, 365, 0);
  for (int i = 1; i < kPostFateCount; ++i) sum += huge.p[i];
  EXPECT_LT(sum, 1.0);  // capped: some posts always stay as they were
  EXPECT_GE(new_post_count(EvolveRates{}, 1, 0), 10u);
  EXPECT_GE(new_user_count(1, 5), 2u);
}

TEST(GenSyntheticEvolve, DecisionDependsOnlyOnTheHash) {
  FateTable a(EvolveRates{}, 3, 0), b(EvolveRates{}, 3, 0);
  Rng rng(7);
  for (int i = 0; i < 10000; ++i) {
    uint64_t h = rng.next();
    EXPECT_EQ(a.decide(h), b.decide(h));
  }
  EXPECT_EQ(a.decide(~0ull), PostFate::kKeep);  // the top of the range keeps the post
  EXPECT_EQ(a.decide(0), PostFate::kDelete);
}

TEST(GenSyntheticEvolve, SectionOrderIsTheExporters) {
  EXPECT_LT(section_rank("version"), section_rank("team"));
  EXPECT_LT(section_rank("channel"), section_rank("user"));
  EXPECT_LT(section_rank("user"), section_rank("post"));
  EXPECT_LT(section_rank("post"), section_rank("emoji"));
  EXPECT_LT(section_rank("emoji"), section_rank("direct_channel"));
  EXPECT_LT(section_rank("direct_channel"), section_rank("direct_post"));
  EXPECT_EQ(section_rank("nonsense"), -1);
}

// The whole evolution on a small generated pair: the objects it chooses and the key it writes.

struct Pair {
  test::TempDir dir;
  std::string base() const { return dir.file("base"); }
  Pair() {
    GenOptions o;
    o.out = base();
    o.posts = 1200;
    o.seed = 4;
    o.conflict_rate = 0;
    generate_pair(o);
  }
};

simdjson::dom::element load(simdjson::dom::parser& p, simdjson::padded_string& json, const std::string& path) {
  EXPECT_FALSE(simdjson::padded_string::load(path).get(json));
  return p.parse(json).value_unsafe();
}

TEST(GenSyntheticEvolve, ChoosesTheQuietestChannelToDeleteAndAnotherToArchive) {
  Pair pair;
  EvolveOptions o{pair.base(), pair.dir.file("e1"), 3, 4};
  EvolveSummary s = evolve(o);
  EXPECT_GT(s.new_posts, 0u);
  EXPECT_GT(s.changed_posts, 0u);
  simdjson::dom::parser p;
  simdjson::padded_string json;
  auto key = load(p, json, o.out + "/evolve-key.json");
  std::string_view dteam, dname, ateam, aname;
  ASSERT_FALSE(key["deleted_channels"].at(0)["team"].get(dteam));
  ASSERT_FALSE(key["deleted_channels"].at(0)["name"].get(dname));
  ASSERT_FALSE(key["archived_channels"].at(0)["team"].get(ateam));
  ASSERT_FALSE(key["archived_channels"].at(0)["name"].get(aname));
  EXPECT_FALSE(dteam == ateam && dname == aname);
  for (std::string_view n : {dname, aname}) {
    EXPECT_NE(n, "town-square");
    EXPECT_NE(n, "off-topic");
  }
  // The deleted channel has the smallest weight among the alive channels other than the archived.
  GenOptions g;
  g.posts = 1200;
  g.target_posts = 300;
  g.users = default_user_count(1200);
  g.seed = 4;
  g.conflict_rate = 0;
  ModelPair m = build_models(g);
  const Export& e = m.source;
  double deleted_weight = -1, least = 1e300;
  for (size_t i = 0; i < e.channels.size(); ++i) {
    const Channel& c = e.channels[i];
    double w = e.channel_weights[i] - (i ? e.channel_weights[i - 1] : 0);
    const std::string& team = e.teams[c.team].name;
    if (team == dteam && c.name == dname) deleted_weight = w;
    if (c.deleted_at != 0 || c.name == "town-square" || c.name == "off-topic" || (team == ateam && c.name == aname))
      continue;
    least = std::min(least, w);
  }
  EXPECT_EQ(deleted_weight, least);
  // Collisions are named on both sides.
  std::string_view user;
  ASSERT_FALSE(key["collisions"]["user"].at(0).get(user));
  std::string target = test::read_file(o.out + "/target-changes.jsonl");
  std::string source = test::read_file(o.out + "/source.jsonl");
  EXPECT_NE(target.find("\"username\":\"" + std::string(user) + "\",\"email\":\"" + std::string(user) + "@target"), std::string::npos);
  EXPECT_NE(source.find("\"username\":\"" + std::string(user) + "\",\"email\":\"" + std::string(user) + "@source"), std::string::npos);
}

TEST(GenSyntheticEvolve, SameSeedSameBytesAndChainsGoOn) {
  Pair pair;
  EvolveOptions a{pair.base(), pair.dir.file("a"), 2, 8};
  EvolveOptions b{pair.base(), pair.dir.file("b"), 2, 8};
  evolve(a);
  evolve(b);
  EXPECT_EQ(test::read_file(a.out + "/source.jsonl"), test::read_file(b.out + "/source.jsonl"));
  EXPECT_EQ(test::read_file(a.out + "/evolve-key.json"), test::read_file(b.out + "/evolve-key.json"));
  EvolveOptions c{a.out, pair.dir.file("c"), 1, 8};
  evolve(c);
  simdjson::dom::parser p1, p2;
  simdjson::padded_string j1, j2;
  auto k1 = load(p1, j1, a.out + "/evolve-key.json");
  auto k2 = load(p2, j2, c.out + "/evolve-key.json");
  int64_t depth = 0, from = 0, to = 0;
  ASSERT_FALSE(k2["chain"]["depth"].get(depth));
  EXPECT_EQ(depth, 2);
  ASSERT_FALSE(k2["time"]["from"].get(from));
  ASSERT_FALSE(k1["time"]["to"].get(to));
  EXPECT_GT(from, to);
}

TEST(GenSyntheticEvolve, RefusesBadArguments) {
  Pair pair;
  EXPECT_THROW(evolve({pair.base(), pair.dir.file("x"), 0, 1}), Error);
  EXPECT_THROW(evolve({pair.dir.file("missing"), pair.dir.file("x"), 3, 1}), Error);
  EXPECT_THROW(evolve({pair.base(), pair.base(), 3, 1}), Error);
}

}  // namespace
}  // namespace mm::gen
