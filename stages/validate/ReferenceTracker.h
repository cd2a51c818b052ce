// The file-level rules, fed chunk by chunk in line order by the pipeline's serial stage: adds the
// definitions of each line to the shared InstanceNames (reporting duplicates), and resolves the
// references the parallel stage could not (names defined by an earlier line of the same chunk,
// or not defined before the line at all: the importer runs each segment of same-type lines only
// after the previous segments, so an object must be defined in an earlier line).
// Memory: one entry per team, channel, user, emoji, scheme and role name; nothing per post.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "jsonl/Chunk.h"
#include "model/Finding.h"
#include "stages/validate/Context.h"
#include "model/InstanceNames.h"

namespace mm::validate {

class ReferenceTracker {
 public:
  ReferenceTracker(InstanceNames& names, bool has_target) : names_(names), has_target_(has_target) {}

  // Adds a definition read from the target export (line numbers of the target).
  void add_target(NameKind kind, std::string_view key, const NameDef& def);
  // Adds a chunk of the target's definitions (LineValidator::definitions; line indexes within
  // `chunk`, numbered by it). Returns how many.
  size_t add_target(const LineOutput& out, const Chunk& chunk);

  // Consumes one chunk's output: `out.findings` gets the file-level findings of the chunk's lines
  // and is then sorted by line (stable: the per-line findings of a line come first). Line
  // indexes stay chunk-local; `first_line` is the chunk's first line number (for messages).
  void consume(LineOutput& out, uint64_t first_line);

 private:
  void resolve(const PendingRef& ref, uint64_t first_line, FindingList& findings);
  void define(const Definition& d, uint64_t first_line, FindingList& findings);
  // The channels the server creates with every team (docs/validate.md, "Beyond the validators"):
  // defined with the team unless a line defines them (a later channel line updates them).
  void add_default_channels(std::string_view team_key, const NameDef& team);


  InstanceNames& names_;
  bool has_target_;
  // Where each name was first defined in this file, for duplicates (the table keeps a target's
  // entry when the file defines the same name again).
  std::unordered_map<std::string, uint64_t> seen_[kNameKindCount];
  // Target teams whose default channels are added once the target's own channel lines are in
  // (so that the target's archived off-topic stays archived): at the file's first chunk.
  std::vector<std::pair<std::string, NameDef>> target_teams_;
};

}  // namespace mm::validate
