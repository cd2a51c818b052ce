// Generates the `post` and `direct_post` lines of an export, one block of consecutive posts at a
// time, each block from its own random stream (seed, section, block index), so blocks can be made
// in parallel and the output is the same whatever the thread count. Posts carry replies,
// reactions, flagged_by, props, system types, edit_at, is_pinned and attachments; for the source
// export the attachment files are written into the data tree (some deliberately wrong).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tools/gen-synthetic/AttachmentFiles.h"
#include "tools/gen-synthetic/ConflictFinder.h"
#include "tools/gen-synthetic/GenOptions.h"
#include "tools/gen-synthetic/Model.h"
#include "tools/gen-synthetic/TextGenerator.h"

namespace mm::gen {

inline constexpr uint64_t kPostsPerBlock = 1024;

// Messages mentioning each renamed user / channel (MentionTargets slots), and with permalinks.
struct MentionTally {
  std::vector<uint64_t> users;
  std::vector<uint64_t> channels;
  uint64_t permalinks = 0;
  void add(const MentionTally& other);
};

struct AttachmentProblem {
  FileProblem problem;
  std::string path;
  uint64_t line;
};

// The output of one block, and the scratch space reused from block to block.
struct PostBlock {
  std::string text;  // JSONL lines
  uint64_t lines = 0, replies = 0, reactions = 0, attachments = 0;
  uint64_t files = 0, file_bytes = 0;
  MentionTally tally;
  std::vector<AttachmentProblem> problems;

  std::string message, path, file;
  MessageMarks marks;
};

class PostGenerator {
 public:
  // `mentions`: what to tally (null: nothing). `data_root`: where attachment files go ("" = none).
  PostGenerator(const Export& e, const GenOptions& options, const MentionTargets* mentions, Stream posts_stream,
                Stream direct_stream, std::string data_root);

  uint64_t blocks(bool direct) const;
  // Fills `block` with block `index` of the post (or direct post) section.
  void generate(bool direct, uint64_t index, PostBlock& block) const;

 private:
  struct Context;
  void one_post(Context& c, uint64_t g) const;
  void reactions(Context& c, int64_t parent_create_at, const std::vector<uint32_t>& people) const;
  void attachments(Context& c, bool root, uint64_t g, int64_t create_at, uint32_t user) const;
  void message(Context& c, uint32_t team) const;

  const Export& e_;
  const GenOptions& o_;
  const MentionTargets* mentions_;
  Stream posts_stream_, direct_stream_;
  std::string data_root_;
  TextGenerator text_;
  std::vector<std::string> direct_channel_ids_;
  std::vector<uint32_t> everyone_;
};

}  // namespace mm::gen
