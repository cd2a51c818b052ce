#include "tools/gen-synthetic/ExportWriter.h"

#include <oneapi/tbb/task_arena.h>

#include "io/Error.h"
#include "pipeline/OrderedPipeline.h"
#include "tools/gen-synthetic/EntityLines.h"

namespace mm::gen {
namespace {

class Sink {
 public:
  Sink(OutputFile& file, ExportResult& result, Shape shape) : file_(file), r_(result), shape_(shape) {}

  // Writes whole lines in the export's shape, counting the bytes written.
  void write_text(const std::string& text) {
    if (shape_ == Shape::kGo) {
      file_.write(text);
      r_.counts.bytes += text.size();
      return;
    }
    spaced_.clear();
    append_spaced(text, spaced_);
    file_.write(spaced_);
    r_.counts.bytes += spaced_.size();
  }

  void write_lines(const std::string& text, LineType type, uint64_t lines) {
    write_text(text);
    r_.counts.lines += lines;
    r_.counts.lines_by_type[static_cast<size_t>(type)] += lines;
  }

  void write_block(const PostBlock& b, LineType type) {
    write_lines(b.text, type, b.lines);
    r_.counts.replies += b.replies;
    r_.counts.reactions += b.reactions;
    r_.counts.attachments += b.attachments;
    r_.files += b.files;
    r_.file_bytes += b.file_bytes;
    r_.tally.add(b.tally);
    r_.problems.insert(r_.problems.end(), b.problems.begin(), b.problems.end());
  }

 private:
  OutputFile& file_;
  ExportResult& r_;
  Shape shape_;
  std::string spaced_;
};

// The section's post blocks generated in parallel and written in order, on the tool's ordered
// pool (pipeline/OrderedPipeline.h).
void write_section(const PostGenerator& gen, bool direct, Sink& sink) {
  const uint64_t blocks = gen.blocks(direct);
  if (blocks == 0) return;
  struct Slot {
    PostBlock block;
    uint64_t index = 0;
  };
  const size_t tokens = 4 * static_cast<size_t>(tbb::this_task_arena::max_concurrency());
  uint64_t next = 0;
  run_ordered<Slot>(
      tokens,
      [&](Slot& slot) {
        if (next == blocks) return false;
        slot.index = next++;
        return true;
      },
      [&](Slot& slot) { gen.generate(direct, slot.index, slot.block); }, NoStage{},
      [&](Slot& slot) { sink.write_block(slot.block, direct ? LineType::kDirectPost : LineType::kPost); });
}

}  // namespace

ExportResult write_export(const Export& e, const GenOptions& options, const ExportTarget& target) {
  ExportResult result;
  if (target.mentions) {
    result.tally.users.assign(target.mentions->users.size(), 0);
    result.tally.channels.assign(target.mentions->channels.size(), 0);
  }
  OutputFile file(target.path, target.output);
  Sink sink(file, result, options.shape);
  PostGenerator gen(e, options, target.mentions, target.posts_stream, target.direct_stream, target.data_root);

  std::string text;
  append_head_lines(e, text);
  sink.write_text(text);
  result.counts.lines += 1 + e.schemes.size() + e.roles.size() + e.teams.size() + e.channels.size() +
                         e.users.size() + e.bots.size();
  auto& by_type = result.counts.lines_by_type;
  by_type[static_cast<size_t>(LineType::kVersion)] = 1;
  by_type[static_cast<size_t>(LineType::kScheme)] = e.schemes.size();
  by_type[static_cast<size_t>(LineType::kRole)] = e.roles.size();
  by_type[static_cast<size_t>(LineType::kTeam)] = e.teams.size();
  by_type[static_cast<size_t>(LineType::kChannel)] = e.channels.size();
  by_type[static_cast<size_t>(LineType::kUser)] = e.users.size();
  by_type[static_cast<size_t>(LineType::kBot)] = e.bots.size();

  write_section(gen, false, sink);

  text.clear();
  append_emoji_lines(e, text);
  sink.write_lines(text, LineType::kEmoji, e.emoji.size());
  text.clear();
  append_direct_channel_lines(e, text);
  sink.write_lines(text, LineType::kDirectChannel, e.direct_channels.size());

  write_section(gen, true, sink);

  if (result.counts.lines != e.lines)
    throw Error("internal: " + target.path + ": wrote " + std::to_string(result.counts.lines) + " lines, expected " +
                std::to_string(e.lines));
  file.commit();
  return result;
}

}  // namespace mm::gen
