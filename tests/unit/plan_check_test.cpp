#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "stages/PlanCheck.h"
#include "stages/validate/LineValidator.h"
#include "stages/validate/ReferenceTracker.h"
#include "tests/PlanFixtures.h"
#include "tests/unit/TestUtil.h"

namespace mm {
namespace {

// A target's name index as apply's one pass over the target fills it.
struct TargetIndex {
  InstanceNames names;
  explicit TargetIndex(const std::string& jsonl) {
    Chunk chunk;
    test::fill_chunk(chunk, jsonl);
    validate::ValidateOptions rules;
    validate::LineValidator validator(rules, nullptr);
    validate::LineValidator::Result result;
    simdjson::dom::parser parser;
    validator.definitions(chunk, parser, result);
    validate::ReferenceTracker tracker(names, true);
    tracker.add_target(result.out, chunk);
  }
};

const std::string kTarget =
    R"({"type":"team","team":{"name":"Main","display_name":"M","type":"O"}})" "\n"
    R"({"type":"channel","channel":{"team":"main","name":"Dev","type":"O"}})" "\n"
    R"({"type":"user","user":{"username":"Robert","email":"r@x"}})" "\n"
    R"({"type":"emoji","emoji":{"name":"party","image":"i"}})" "\n"
    R"({"type":"post","post":{"team":"x","channel":"y","user":"ghost","message":"m"}})" "\n"
    "not json\n";

TEST(InstanceNames, TargetDefinitionsLowerCased) {
  TargetIndex target(kTarget);
  const InstanceNames& names = target.names;
  EXPECT_TRUE(names.find(NameKind::kTeam, "main"));
  EXPECT_TRUE(names.find(NameKind::kChannel, "main/dev"));
  EXPECT_TRUE(names.find_channel("MAIN", "dev"));
  EXPECT_TRUE(names.find(NameKind::kUser, "robert"));
  EXPECT_TRUE(names.find_name(NameKind::kUser, "ROBERT"));
  EXPECT_FALSE(names.find(NameKind::kUser, "ghost"));
  EXPECT_TRUE(names.find(NameKind::kEmoji, "party"));
  EXPECT_EQ(names.size(NameKind::kTeam) + names.size(NameKind::kChannel) + names.size(NameKind::kUser) +
                names.size(NameKind::kEmoji),
            4u);
}

MergePlan valid_plan() {
  MergePlan plan;
  plan.add(TeamDecision{"src", TeamAction::kMerge, "main", ""});
  plan.add(ChannelDecision{"src", "dev", ChannelAction::kRename, "src-dev", std::nullopt, true, ""});
  plan.add(ChannelDecision{"src", "ops", ChannelAction::kKeep, "", std::nullopt, true, ""});
  plan.add(test::user_decision("bob", UserAction::kMap, "robert"));
  plan.add(test::user_decision("carl", UserAction::kRename, "src-carl"));
  plan.add(EmojiDecision{"party", EmojiAction::kRename, "src-party", ""});
  return plan;
}

TEST(PlanCheck, ValidPlanHasNoProblems) {
  TargetIndex target(kTarget);
  const InstanceNames& names = target.names;
  EXPECT_TRUE(check_plan(valid_plan(), &names).empty());
  EXPECT_TRUE(check_plan(valid_plan(), nullptr).empty());
}

TEST(PlanCheck, RenamesOntoTargetNames) {
  TargetIndex target(kTarget);
  const InstanceNames& names = target.names;
  MergePlan plan = valid_plan();
  plan.channels[channel_key("src", "dev")].new_name = "DEV";
  plan.users["carl"].target = "robert";
  plan.emoji["party"].new_name = "party";
  plan.add(TeamDecision{"other", TeamAction::kRename, "MAIN", ""});
  EXPECT_EQ(check_plan(plan, &names),
            (std::vector<std::string>{
                R"(team "other": renamed to "MAIN", which exists in the target)",
                R"(channel "src/dev": renamed to "DEV", which exists in the target team "main")",
                R"(user "carl": renamed to "robert", which exists in the target)",
                R"(emoji "party": renamed to "party", which exists in the target)"}));
}

TEST(PlanCheck, MergesAndMapsOntoMissingNames) {
  TargetIndex target(kTarget);
  const InstanceNames& names = target.names;
  MergePlan plan = valid_plan();
  plan.teams["src"].target = "nowhere";
  plan.users["bob"].target = "nobody";
  EXPECT_EQ(check_plan(plan, &names),
            (std::vector<std::string>{R"(team "src": merged into "nowhere", which is not a team of the target)",
                                      R"(user "bob": mapped onto "nobody", which is not a user of the target)"}));
  // Without the target only the checks within the source are made.
  EXPECT_TRUE(check_plan(plan, nullptr).empty());
}

TEST(PlanCheck, TwoSourceNamesEndingEqual) {
  MergePlan plan = valid_plan();
  plan.channels[channel_key("src", "dev")].new_name = "ops";
  plan.users["carl"].target = "dave";
  UserDecision dave;
  dave.username = "dave";
  plan.add(dave);
  plan.add(EmojiDecision{"src-party", EmojiAction::kKeep, "", ""});
  // Two source teams merged into one: their town-square channels join the same channel.
  plan.add(TeamDecision{"src2", TeamAction::kMerge, "main", ""});
  plan.add(ChannelDecision{"src", "town-square", ChannelAction::kMerge, "", std::nullopt, true, ""});
  plan.add(ChannelDecision{"src2", "town-square", ChannelAction::kMerge, "", std::nullopt, true, ""});
  EXPECT_EQ(check_plan(plan, nullptr),
            (std::vector<std::string>{
                R"(channel "src/ops": its name "ops" in team "main" is also that of channel "src/dev")",
                R"(user "dave": its name "dave" is also that of user "carl")",
                R"(emoji "src-party": its name "src-party" is also that of emoji "party")"}));
}

}  // namespace
}  // namespace mm
