// The one adapter between a stage and the ordered pipeline (pipeline/OrderedPipeline.h), so that
// a command writes only what is its own: the stage (per chunk, any thread) and a consumer (in
// input order).
//
//   Stage:     uint32_t process(const Chunk&, Parser&, Result&) const   (a count of lines)
//   Consumer:  void consume(const Chunk&, Result&)                     serial, in order;
//                                                                       chunk.first_line set
//              void overlong_line(uint64_t line, uint64_t bytes)        optional (OrderedPipeline.h)
//   With a second parallel stage (Checked: its per-slot state, reused):
//              void check(const Chunk&, Result&, Checked&) const        any thread
//              void consume(const Chunk&, Result&, Checked&)            in place of the above
//
// The slot (chunk, parser, result, checked) is pooled by the pipeline: a parser and a result are
// reused from chunk to chunk, never allocated per line.
//
//   StatsConsumer consumer{...};
//   run_stage<simdjson::ondemand::parser, StatsStage::Result>(*reader, stage, consumer, options);
#pragma once

#include <cstdint>
#include <type_traits>

#include "jsonl/Chunk.h"
#include "pipeline/OrderedPipeline.h"

namespace mm {

template <class Consumer>
concept ConsumesOverlongLines = requires(Consumer& c, uint64_t n) { c.overlong_line(n, n); };

template <class Stage, class Parser, class Result, class Consumer, class Checked = NoStage>
class StageJob {
 public:
  static constexpr bool kChecked = !std::is_same_v<Checked, NoStage>;

  struct Slot {
    Chunk chunk;
    uint32_t lines = 0;
    Parser parser;
    Result result;
    [[no_unique_address]] Checked checked;
  };

  StageJob(const Stage& stage, Consumer& consumer) : stage_(stage), consumer_(consumer) {}

  void process(Slot& slot) const {
    slot.lines = static_cast<uint32_t>(stage_.process(slot.chunk, slot.parser, slot.result));
  }
  void check(Slot& slot) const
    requires kChecked
  {
    consumer_.check(slot.chunk, slot.result, slot.checked);
  }
  void consume(Slot& slot) {
    if constexpr (kChecked) consumer_.consume(slot.chunk, slot.result, slot.checked);
    else consumer_.consume(slot.chunk, slot.result);
  }
  void overlong_line(uint64_t line, uint64_t bytes)
    requires ConsumesOverlongLines<Consumer>
  {
    consumer_.overlong_line(line, bytes);
  }

 private:
  const Stage& stage_;
  Consumer& consumer_;
};

// `stage` over every chunk of `reader`, each chunk's result handed to `consumer` in input order.
template <class Parser, class Result, class Checked = NoStage, class Stage, class Consumer>
PipelineTotals run_stage(ChunkReader& reader, const Stage& stage, Consumer& consumer,
                         const PipelineOptions& options = {}) {
  StageJob<Stage, Parser, Result, Consumer, Checked> job(stage, consumer);
  return run_pipeline(reader, job, options);
}

}  // namespace mm
