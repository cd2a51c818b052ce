// apply's rewrite of arbitrary bytes (one chunk of lines) by a plan that renames a team, channels,
// users and emoji and drops an emoji: no crash, no read past the padding, and the same output
// bytes and counts whether the post lines of the plain shape are renamed from the plain post
// reader's decoding (PostRewriter::rewrite_plain) or every line goes through On Demand; with a
// validator, the lines checked as they are written give the findings, references and counts of
// validating the output afterwards.
#include <cstdlib>

#include "stages/ApplyStage.h"
#include "tests/PlanFixtures.h"
#include "tests/fuzz/FuzzInput.h"
#include "tests/fuzz/SameValidation.h"

namespace {

using mm::validate::LineValidator;

mm::MergePlan make_plan() {
  using namespace mm;
  MergePlan plan;
  plan.prefix = "src-";
  plan.add(TeamDecision{"t1", TeamAction::kMerge, "main", "team_merge"});
  plan.add(ChannelDecision{"t1", "dev", ChannelAction::kRename, "src-dev", std::nullopt, true, "clash"});
  plan.add(ChannelDecision{"main", "dev", ChannelAction::kRename, "src-dev2", std::nullopt, true, "clash"});
  plan.add(test::user_decision("bob", UserAction::kMap, "robert"));
  plan.add(test::user_decision("carl", UserAction::kRename, "src-carl"));
  plan.add(EmojiDecision{"party", EmojiAction::kRename, "src-party", "emoji_clash"});
  plan.add(EmojiDecision{"gone", EmojiAction::kDrop, "", "dropped"});
  return plan;
}

struct Run {
  mm::ApplyStage::Result result;
  std::string out;
};

void apply(const mm::ApplyStage& stage, const mm::Chunk& chunk, Run& run) {
  static simdjson::ondemand::parser parser;
  mm::ApplyStage::Scratch scratch;
  stage.process(chunk, parser, scratch, run.result);
  run.out = run.result.whole_chunk ? std::string(chunk.bytes()) : run.result.out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const mm::MergePlan plan = make_plan();
  static const mm::RewriteMaps maps(plan);
  static const mm::validate::ValidateOptions options;
  static const LineValidator validator(options, nullptr);
  mm::Chunk chunk;
  mm::fuzz::fill_chunk(chunk, data, size);

  Run walked, plain, checked;
  apply(mm::ApplyStage(maps, false, nullptr, mm::ScannerKernel::kNone), chunk, walked);
  apply(mm::ApplyStage(maps, false, nullptr), chunk, plain);
  if (plain.out != walked.out || plain.result.counts.n != walked.result.counts.n) std::abort();

  apply(mm::ApplyStage(maps, false, &validator), chunk, checked);
  if (checked.out != walked.out) std::abort();
  mm::Chunk written;
  mm::fuzz::fill_chunk(written, reinterpret_cast<const uint8_t*>(checked.out.data()), checked.out.size());
  static simdjson::dom::parser dom;
  LineValidator::Result after;
  uint32_t lines = validator.process(written, dom, after);
  if (lines != checked.result.lines_out || !mm::fuzz::same_validation(checked.result.checked, after)) std::abort();
  return 0;
}
