// The conflict kinds' one table (model/Conflict.h): names round-trip, and gen-synthetic's own
// table (tools/gen-synthetic/Conflict.h) agrees with it on every kind both know.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "model/Conflict.h"
#include "tools/gen-synthetic/Conflict.h"

namespace mm {
namespace {

TEST(ConflictKinds, NamesRoundTripAndAreUnique) {
  std::set<std::string_view> names;
  for (const ConflictKindInfo& k : conflict_kinds()) {
    EXPECT_TRUE(names.insert(k.name).second) << k.name;
    ASSERT_TRUE(conflict_kind_named(k.name)) << k.name;
    EXPECT_EQ(*conflict_kind_named(k.name), k.kind);
    EXPECT_EQ(name_of(k.kind), k.name);
    EXPECT_EQ(severity_of(k.kind), k.severity);
    EXPECT_FALSE(k.default_resolution.empty()) << k.name;
    EXPECT_FALSE(k.what.empty()) << k.name;
  }
  EXPECT_FALSE(conflict_kind_named("team-merge"));
  EXPECT_FALSE(conflict_kind_named(""));
}

TEST(ConflictKinds, ConflictTakesItsSeverityFromTheTable) {
  Conflict c(ConflictKind::kUserEmailTaken, "alice", 3, 4, "mapped");
  EXPECT_EQ(c.severity, ConflictSeverity::kError);
  EXPECT_EQ(Conflict(ConflictKind::kTeamMerge, "t").severity, ConflictSeverity::kInfo);
}

TEST(ConflictKinds, SeveritiesByName) {
  for (ConflictSeverity s : {ConflictSeverity::kError, ConflictSeverity::kRisk, ConflictSeverity::kInfo})
    EXPECT_EQ(conflict_severity_named(name_of(s)), s);
  EXPECT_FALSE(conflict_severity_named("fatal"));
}

TEST(ConflictKinds, GeneratorTableAgrees) {
  std::set<std::string> not_planted;
  for (const ConflictKindInfo& k : conflict_kinds()) not_planted.insert(std::string(k.name));
  for (const auto& [name, severity] : gen::conflict_severities()) {
    std::optional<ConflictKind> kind = conflict_kind_named(name);
    ASSERT_TRUE(kind) << "gen-synthetic plants a kind the tool does not know: " << name;
    EXPECT_EQ(name_of(severity_of(*kind)), severity) << name;
    not_planted.erase(name);
  }
  // The kinds the generator does not plant (yet): a new kind is added here on purpose.
  EXPECT_EQ(not_planted, (std::set<std::string>{"emoji_image_unusable", "file_outside_tree"}));
}

TEST(ConflictKinds, SortedByNameThenSubject) {
  std::vector<Conflict> list = {Conflict(ConflictKind::kUserEmailChanged, "b"),
                                Conflict(ConflictKind::kTeamMerge, "z"),
                                Conflict(ConflictKind::kChannelMerge, "a"),
                                Conflict(ConflictKind::kUserEmailChanged, "a")};
  sort_conflicts(list);
  std::string order;
  for (const Conflict& c : list) order += std::string(name_of(c.kind)) + ":" + c.subject + " ";
  EXPECT_EQ(order, "channel_merge:a team_merge:z user_email_changed:a user_email_changed:b ");
}

}  // namespace
}  // namespace mm
