// gen-synthetic --evolve's decisions: the share of posts each change touches grows with --days and
// stays small, decisions depend only on the line (and seed), sections keep the exporter's order.
#include <gtest/gtest.h>

#include <array>

#include "tools/gen-synthetic/EvolveDecisions.h"
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

}  // namespace
}  // namespace mm::gen
