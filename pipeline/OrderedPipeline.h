// The ordered parallel pipeline every command runs on:
//
//   ChunkReader::next (serial) -> ChunkReader::fill, Job::process (parallel) [-> Job::check (parallel)] -> Job::consume
//   (serial, in input order)
//
// built on tbb::parallel_pipeline. At most `tokens` slots are alive at once, so memory is bounded
// whatever the input size; slots (with their chunk buffers and per-slot state such as a simdjson
// parser) are pooled and reused.
//
// A Job is a plain object:
//   struct Slot { Chunk chunk; uint32_t lines; ... };   // per-chunk state, reused
//   void process(Slot&) const;    // any thread, one slot at a time; sets slot.lines
//   void check(Slot&) const;      // optional second parallel stage (e.g. attachment file checks)
//   void consume(Slot&);          // serial, in order; slot.chunk.first_line is set
//   void overlong_line(uint64_t line, uint64_t bytes);  // serial, in order, in place of the
//                                 // three above for a line longer than kMaxLineBytes, which the
//                                 // reader skipped (Chunk::overlong); a job without it stops the
//                                 // run with an error naming the line
// An exception from any of them cancels the run and is rethrown by run_pipeline(). Commands do not
// write Jobs: they pass a stage and a consumer to run_stage (pipeline/StageJob.h), which makes one.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include <fmt/format.h>

#include <oneapi/tbb/concurrent_queue.h>
#include <oneapi/tbb/parallel_pipeline.h>

#include <oneapi/tbb/global_control.h>

#include "io/Error.h"
#include "pipeline/ChunkReader.h"
#include "model/FindingsSink.h"
#include "pipeline/RunOptions.h"
#include "pipeline/StageHandoff.h"

namespace mm {

struct PipelineOptions {
  size_t tokens = 8;  // chunks in flight; 4 x threads measured well here
  // Called from the in-order stage after each chunk: (raw bytes read, raw total or 0).
  std::function<void(uint64_t, uint64_t)> on_progress;
};

// The pipeline options of a command's run: tokens default to 4 x the thread limit in force;
// `progress` false drops the progress callback (for a preliminary pass such as reading a target).
inline PipelineOptions pipeline_options(const RunOptions& run, bool progress = true) {
  PipelineOptions p;
  size_t threads = tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism);
  p.tokens = run.tokens ? run.tokens : 4 * std::max<size_t>(threads, 1);
  if (progress) p.on_progress = run.on_progress;
  return p;
}

struct PipelineTotals {
  uint64_t chunks = 0;
  uint64_t bytes = 0;  // decoded bytes
  uint64_t lines = 0;
};

template <class Job>
concept HasCheckStage = requires(const Job& job, typename Job::Slot& slot) { job.check(slot); };

template <class Job>
concept HasOverlongLine = requires(Job& job, uint64_t n) { job.overlong_line(n, n); };

// The ordered pool under every pipeline here (and gen-synthetic's writer): at most `tokens` slots
// alive, pooled and reused, each handed from stage to stage (StageHandoff):
//   produce(Slot&) -> bool      serial, in order: fills a free slot; false when there is no more
//   transform(Slot&)            parallel
//   check(Slot&)                parallel, a second stage; NoStage{} for none
//   consume(Slot&)              serial, in input order
// An exception from any of them cancels the run and is rethrown.
struct NoStage {};

template <class Slot, class Produce, class Transform, class Check, class Consume>
void run_ordered(size_t tokens, Produce&& produce, Transform&& transform, Check&& check, Consume&& consume) {
  struct Box {
    Slot slot;
    StageHandoff handoff;
  };
  tbb::concurrent_queue<Box*> free_boxes;
  std::vector<std::unique_ptr<Box>> all_boxes;
  if (tokens == 0) tokens = 1;
  all_boxes.reserve(tokens);
  for (size_t i = 0; i < tokens; ++i) {
    all_boxes.push_back(std::make_unique<Box>());
    free_boxes.push(all_boxes.back().get());
  }
  auto input = tbb::make_filter<void, Box*>(tbb::filter_mode::serial_in_order, [&](tbb::flow_control& fc) -> Box* {
    Box* box = nullptr;
    // A token is free whenever the pipeline asks for input.
    if (!free_boxes.try_pop(box)) {
      all_boxes.push_back(std::make_unique<Box>());
      box = all_boxes.back().get();
    }
    box->handoff.acquire();
    if (!produce(box->slot)) {
      free_boxes.push(box);
      fc.stop();
      return nullptr;
    }
    box->handoff.release();
    return box;
  });
  auto stage = [](auto& work) {
    return tbb::make_filter<Box*, Box*>(tbb::filter_mode::parallel, [&work](Box* box) {
      box->handoff.acquire();
      work(box->slot);
      box->handoff.release();
      return box;
    });
  };
  auto output = tbb::make_filter<Box*, void>(tbb::filter_mode::serial_in_order, [&](Box* box) {
    box->handoff.acquire();
    consume(box->slot);
    box->handoff.release();
    free_boxes.push(box);
  });
  if constexpr (std::is_same_v<std::remove_cvref_t<Check>, NoStage>)
    tbb::parallel_pipeline(tokens, input & stage(transform) & output);
  else
    tbb::parallel_pipeline(tokens, input & stage(transform) & stage(check) & output);
  for (auto& box : all_boxes) box->handoff.acquire();  // before the boxes are destroyed here
}

// A Job's run over the chunks of `reader` (the Job contract at the top of this file).
template <class Job>
PipelineTotals run_pipeline(ChunkReader& reader, Job& job, const PipelineOptions& options = {}) {
  using Slot = typename Job::Slot;
  PipelineTotals totals;
  uint64_t next_line = 1;
  const uint64_t raw_total = reader.raw_size();

  auto produce = [&](Slot& slot) { return reader.next(slot.chunk); };
  auto transform = [&](Slot& slot) {
    if (slot.chunk.overlong) {
      slot.lines = 1;
      return;
    }
    reader.fill(slot.chunk);
    job.process(slot);
  };
  auto consume = [&](Slot& slot) {
    // A chunk of chosen lines (Chunk::line_numbers) carries its own numbers.
    slot.chunk.first_line = slot.chunk.line_numbers.empty() ? next_line : slot.chunk.line_numbers.front();
    next_line += slot.lines;
    totals.chunks++;
    totals.bytes += slot.chunk.size + slot.chunk.overlong;
    if (!slot.chunk.overlong) {
      job.consume(slot);
    } else if constexpr (HasOverlongLine<Job>) {
      job.overlong_line(slot.chunk.first_line, slot.chunk.overlong);
    } else {
      throw Error(fmt::format("{}:{}: {}", reader.name(), slot.chunk.first_line,
                              overlong_line_finding(0, slot.chunk.overlong).message));
    }
    reader.release_before(slot.chunk.offset + slot.chunk.size + slot.chunk.overlong);
    if (options.on_progress) options.on_progress(slot.chunk.raw_bytes_read, raw_total);
  };
  if constexpr (HasCheckStage<Job>) {
    auto check = [&](Slot& slot) {
      if (!slot.chunk.overlong) job.check(slot);
    };
    run_ordered<Slot>(options.tokens, produce, transform, check, consume);
  } else {
    run_ordered<Slot>(options.tokens, produce, transform, NoStage{}, consume);
  }
  totals.lines = next_line - 1;
  return totals;
}

}  // namespace mm
