// The line classifier and stats stage on arbitrary bytes: no crash, no read past the padding,
// every line counted exactly once, on the scanned and on the parsed path alike; and when every
// line is valid JSON (simdjson's DOM parse accepts it) and gives no counted member twice in one
// object, both paths give the same counts and findings.
#include <cstdlib>

#include "jsonl/JsonKey.h"
#include "jsonl/Lines.h"
#include "stages/StatsStage.h"
#include "tests/fuzz/FuzzInput.h"

namespace {

// Whether a post payload or one of its replies gives "reactions", "attachments" or "replies"
// twice: the one shape on which the two paths may differ by design (stages/StatsStage.h).
bool repeats_a_counted_member(simdjson::dom::element value, bool payload) {
  simdjson::dom::object object;
  if (value.get_object().get(object)) return false;
  int seen[3] = {0, 0, 0};
  for (auto [key, member] : object) {
    const char* names[3] = {"reactions", "attachments", "replies"};
    for (int i = 0; i < 3; ++i)
      if (mm::go_key_equals(key, names[i]) && ++seen[i] > 1) return true;
    simdjson::dom::array replies;
    if (payload && mm::go_key_equals(key, "replies") && !member.get_array().get(replies))
      for (auto reply : replies)
        if (repeats_a_counted_member(reply, false)) return true;
  }
  return false;
}

// Whether every line is valid JSON (simdjson's DOM parse accepts it) and none repeats a counted member.
bool every_line_is_comparable(const mm::Chunk& chunk) {
  static simdjson::dom::parser parser;
  bool all = true;
  mm::for_each_line(chunk, [&](const mm::Line& line) {
    simdjson::dom::element root;
    if (!all) return;
    if (parser.parse(line.text.data(), line.text.size(), false).get(root)) {
      all = false;
      return;
    }
    simdjson::dom::object object;
    if (root.get_object().get(object)) return;
    for (auto [key, member] : object)
      if ((mm::go_key_equals(key, "post") || mm::go_key_equals(key, "direct_post")) && repeats_a_counted_member(member, true)) all = false;
  });
  return all;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static simdjson::ondemand::parser parser;
  mm::Chunk chunk;
  mm::fuzz::fill_chunk(chunk, data, size);
  mm::StatsStage::Result results[2];
  // The scanned path (the best kernel here; the parsed path again with MATTERMERGE_SCANNER=off)
  // and the parsed path.
  const mm::ScannerKernel kernels[2] = {mm::best_scanner_kernel(), mm::ScannerKernel::kNone};
  for (int i = 0; i < 2; ++i) {
    mm::StatsStage stage(kernels[i]);
    mm::StatsStage::Result& result = results[i];
    uint32_t lines = stage.process(chunk, parser, result);
    if (result.counts.lines != lines) std::abort();
    uint64_t by_type = 0;
    for (uint64_t n : result.counts.lines_by_type) by_type += n;
    if (by_type != lines) std::abort();
  }
  const mm::StatsCounts& a = results[0].counts;
  const mm::StatsCounts& b = results[1].counts;
  if (a.lines != b.lines || a.largest_line != b.largest_line) std::abort();
  if (every_line_is_comparable(chunk)) {
    if (a.lines_by_type != b.lines_by_type || a.replies != b.replies || a.reactions != b.reactions ||
        a.attachments != b.attachments || results[0].findings.total() != results[1].findings.total())
      std::abort();
  }
  return 0;
}
