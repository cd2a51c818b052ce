#include <gtest/gtest.h>

#include "model/PlanFile.h"
#include "stages/ConflictDetector.h"
#include "stages/InstanceIndex.h"
#include "stages/PreviousPlan.h"
#include "tests/unit/TestUtil.h"

namespace mm {
namespace {

InstanceIndex index_of(const std::vector<std::string>& lines) {
  std::string text = R"({"type":"version","version":1})" "\n";
  for (const std::string& l : lines) text += l + "\n";
  Chunk chunk;
  test::fill_chunk(chunk, text);
  simdjson::ondemand::parser parser;
  ChunkIndex part;
  InstanceIndexer().process(chunk, parser, part);
  InstanceIndex index;
  index.merge(part, 1);
  index.finish();
  return index;
}

const std::string kEng = R"({"type":"team","team":{"name":"eng","display_name":"Eng","type":"O"}})";
const std::string kMain = R"({"type":"team","team":{"name":"main","display_name":"Main","type":"O"}})";
const std::string kAlice = R"({"type":"user","user":{"username":"alice","email":"alice@src.example"}})";
const std::string kBob = R"({"type":"user","user":{"username":"bob","email":"bob@src.example"}})";
const std::string kTargetBob = R"({"type":"user","user":{"username":"bob","email":"bob@target.example"}})";

const std::string kPlan1 = R"(version = 1
prefix = "src-"

[[team]]
name = "eng"
action = "keep"
target = "eng"

[[user]]
username = "alice"
action = "new"
emit = true
email = "source"
roles = "source"
settings = "source"
auth = "keep"

[[user]]
username = "bob"
action = "rename"
target = "src-bob"
emit = true
email = "source"
roles = "source"
settings = "source"
auth = "keep"
)";

struct Carried {
  std::vector<std::string> problems;
  Detection detection;
};

Carried carry(const std::vector<std::string>& source_lines, const std::vector<std::string>& target_lines,
              const std::string& plan1 = kPlan1) {
  InstanceIndex source = index_of(source_lines);
  InstanceIndex target = index_of(target_lines);
  PlanOptions options;
  options.prefix = "src-";
  Carried c;
  c.detection = detect_conflicts(source, target, options);
  c.problems = carry_previous_plan(parse_plan(plan1, "plan1.toml"), "plan1.toml", plan1, source, target, c.detection);
  return c;
}

TEST(PreviousPlan, KeepsDecisionsAndSeesNoConflictInPhaseOnesImports) {
  const std::string erin = R"({"type":"user","user":{"username":"erin","email":"erin@src.example"}})";
  const std::string src_bob = R"({"type":"user","user":{"username":"src-bob","email":"bob@src.example"}})";
  Carried c = carry({kEng, kAlice, kBob, erin}, {kMain, kEng, kTargetBob, kAlice, src_bob});
  EXPECT_TRUE(c.problems.empty());
  const MergePlan& plan = c.detection.plan;
  EXPECT_EQ(plan.previous, "plan1.toml");
  ASSERT_NE(plan.user("bob"), nullptr);
  EXPECT_EQ(plan.user("bob")->action, UserAction::kRename);
  EXPECT_EQ(plan.user("bob")->target, "src-bob");
  ASSERT_NE(plan.user("alice"), nullptr);
  EXPECT_EQ(plan.user("alice")->action, UserAction::kNew);
  EXPECT_TRUE(plan.user("alice")->emit);
  ASSERT_NE(plan.user("erin"), nullptr);  // new since: a first plan's default
  EXPECT_EQ(plan.user("erin")->action, UserAction::kNew);
  ASSERT_NE(plan.team("eng"), nullptr);
  EXPECT_EQ(plan.team("eng")->action, TeamAction::kKeep);
  for (const Conflict& conflict : c.detection.conflicts) {
    EXPECT_NE(conflict.subject, "alice") << name_of(conflict.kind);
    EXPECT_NE(conflict.subject, "eng") << name_of(conflict.kind);
    if (conflict.subject == "bob") {
      EXPECT_EQ(conflict.resolution, "as the previous plan decides (plan1.toml)");
    }
  }
}

TEST(PreviousPlan, RenamedUserTakenByAnotherAccountIsAProblemWithItsLine) {
  const std::string other = R"({"type":"user","user":{"username":"src-bob","email":"someone@else.example"}})";
  Carried c = carry({kEng, kAlice, kBob}, {kMain, kTargetBob, other});
  ASSERT_EQ(c.problems.size(), 1u);
  EXPECT_EQ(c.problems[0],
            "plan1.toml:18: user \"bob\": renamed to \"src-bob\", but the target's \"src-bob\" is another account now "
            "(e-mail someone@else.example, the source's bob@src.example)");
}

TEST(PreviousPlan, MergedTeamGoneIsAProblem) {
  std::string plan1 = kPlan1;
  plan1.replace(plan1.find("action = \"keep\"\ntarget = \"eng\""), 30, "action = \"merge\"\ntarget = \"sales\"");
  Carried c = carry({kEng, kAlice, kBob}, {kMain, kTargetBob}, plan1);
  ASSERT_EQ(c.problems.size(), 1u);
  EXPECT_EQ(c.problems[0], "plan1.toml:4: team \"eng\": merges into target team \"sales\", which the target no longer has");
}

}  // namespace
}  // namespace mm
