#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "stages/PlanCheck.h"
#include "tests/unit/TestUtil.h"

namespace mm {
namespace {

TargetNames names_of(const std::string& jsonl) {
  TargetNames names;
  Chunk chunk;
  test::fill_chunk(chunk, jsonl);
  simdjson::ondemand::parser parser;
  for_each_line(chunk, [&](const Line& line) { names.add_line(parser, line); });
  return names;
}

const std::string kTarget =
    R"({"type":"team","team":{"name":"Main","display_name":"M","type":"O"}})" "\n"
    R"({"type":"channel","channel":{"team":"main","name":"Dev","type":"O"}})" "\n"
    R"({"type":"user","user":{"username":"Robert","email":"r@x"}})" "\n"
    R"({"type":"emoji","emoji":{"name":"party","image":"i"}})" "\n"
    R"({"type":"post","post":{"team":"x","channel":"y","user":"ghost","message":"m"}})" "\n"
    "not json\n";

TEST(TargetNames, CollectsDefinitionsLowerCased) {
  TargetNames names = names_of(kTarget);
  EXPECT_TRUE(names.teams.contains("main"));
  EXPECT_TRUE(names.channels.contains("main/dev"));
  EXPECT_TRUE(names.users.contains("robert"));
  EXPECT_FALSE(names.users.contains("ghost"));
  EXPECT_TRUE(names.emoji.contains("party"));
  EXPECT_EQ(names.teams.size() + names.channels.size() + names.users.size() + names.emoji.size(), 4u);
}

MergePlan valid_plan() {
  MergePlan plan;
  plan.add(TeamDecision{"src", TeamAction::kMerge, "main", ""});
  plan.add(ChannelDecision{"src", "dev", ChannelAction::kRename, "src-dev", std::nullopt, true, ""});
  plan.add(ChannelDecision{"src", "ops", ChannelAction::kKeep, "", std::nullopt, true, ""});
  UserDecision bob;
  bob.username = "bob";
  bob.action = UserAction::kMap;
  bob.target = "robert";
  plan.add(bob);
  UserDecision carl;
  carl.username = "carl";
  carl.action = UserAction::kRename;
  carl.target = "src-carl";
  plan.add(carl);
  plan.add(EmojiDecision{"party", EmojiAction::kRename, "src-party", ""});
  return plan;
}

TEST(PlanCheck, ValidPlanHasNoProblems) {
  TargetNames names = names_of(kTarget);
  EXPECT_TRUE(check_plan(valid_plan(), &names).empty());
  EXPECT_TRUE(check_plan(valid_plan(), nullptr).empty());
}

TEST(PlanCheck, RenamesOntoTargetNames) {
  TargetNames names = names_of(kTarget);
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
  TargetNames names = names_of(kTarget);
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
