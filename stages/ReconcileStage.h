// `reconcile`'s per-chunk work (docs/reconcile.md). Three readings of an export, each line by line
// with no allocation per line once the slot's buffers have grown:
//
// - the target's export after the import (AFTER): every object's key (stages/ReconcileKeys.h),
//   and a post's identity too, to be counted in a KeyCounts;
// - the source (SOURCE): each line rewritten by the plan exactly as `apply` rewrites it
//   (stages/ApplyStage.h: renames, merges, user remaps, mentions, dropped emoji, reactions and
//   attachments, left-out users' memberships), its objects keyed and looked up in AFTER's counts:
//   found, missing, doubled; what the plan removed is counted as dropped by the plan;
// - with --since, the base export (BASE): the message of each post, rewritten by the plan, by the
//   post's identity, so that a post both exports hold is expected with BASE's message (the one the
//   first import brought; an edit cannot be carried by an import), and the channels it holds
//   archived: `apply --since` leaves out every new or changed post of such a channel
//   (in_archived_channel, stages/DeltaStage.h), so what of its posts is not in AFTER is counted as
//   left out by apply, not missing.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include <simdjson.h>

#include "jsonl/Chunk.h"
#include "stages/ApplyStage.h"
#include "stages/KeyTable.h"
#include "stages/ReconcileKeys.h"

namespace mm {

// kLeftOut: with --since, a post (its replies, reactions, attachments) of a channel BASE had
// archived that AFTER lacks: `apply --since` did not carry it (in_archived_channel).
enum class Outcome : uint8_t { kFound, kMissing, kDoubled, kDropped, kLeftOut };
inline constexpr size_t kOutcomeCount = 5;
inline constexpr std::array<std::string_view, kOutcomeCount> kOutcomeNames = {"found", "missing", "doubled",
                                                                              "dropped_by_plan", "left_out_by_apply"};

struct ReconcileCounts {
  std::array<std::array<uint64_t, kOutcomeCount>, kObjectKindCount> n{};
  void add(ObjectKind k, Outcome o, uint64_t count = 1) { n[static_cast<size_t>(k)][static_cast<size_t>(o)] += count; }
  uint64_t get(ObjectKind k, Outcome o) const { return n[static_cast<size_t>(k)][static_cast<size_t>(o)]; }
  uint64_t total(Outcome o) const {
    uint64_t t = 0;
    for (const auto& kind : n) t += kind[static_cast<size_t>(o)];
    return t;
  }
  // One object counted under `from` is counted under `to` instead.
  void move(ObjectKind k, Outcome from, Outcome to) {
    n[static_cast<size_t>(k)][static_cast<size_t>(from)]--;
    add(k, to);
  }
  void merge(const ReconcileCounts& other) {
    for (size_t k = 0; k < kObjectKindCount; ++k)
      for (size_t o = 0; o < kOutcomeCount; ++o) n[k][o] += other.n[k][o];
  }
};

// A source object missing from AFTER, or there more often than the source holds it.
struct ReconcileProblem {
  ObjectKind kind = ObjectKind::kPost;
  Outcome outcome = Outcome::kMissing;
  uint64_t line = 0;   // chunk-local index in a stage's result, the SOURCE line once consumed
  uint32_t count = 0;  // doubled: how many AFTER holds
  std::string what;    // describe(): the names as the plan gives them
};

// Post identity -> message hash, from --since's base export. An identity BASE holds with two
// messages (two posts of one author in one channel at one millisecond) says nothing of which was
// edited: it maps to kAmbiguousMessage, and SOURCE's own messages are expected. The channels BASE
// holds archived are in the same table, under ReconcileKeys::channel_key() (a key no post identity
// has), with the value kArchivedChannel.
using BaseMessages = FlatKeyTable<uint64_t>;
inline constexpr uint64_t kAmbiguousMessage = ~uint64_t{0};
inline constexpr uint64_t kArchivedChannel = 1;
// Records one BASE post.
inline void add_base_message(BaseMessages& base, uint64_t identity, uint64_t message) {
  if (const uint64_t* known = base.find(identity)) {
    if (*known != message) base.at(identity) = kAmbiguousMessage;
  } else {
    base.at(identity) = message;
  }
}

class ReconcileStage {
 public:
  // `after` and `base` are complete and read-only while SOURCE is read.
  // compare_attachments false: AFTER was exported without attachments (an export then writes no
  // attachment entries), so SOURCE's attachments are neither looked up nor counted.
  ReconcileStage(const RewriteMaps& maps, const KeyCounts* after = nullptr, const BaseMessages* base = nullptr,
                 bool compare_attachments = true)
      : maps_(maps), apply_(maps), after_(after), base_(base), compare_attachments_(compare_attachments) {}

  struct Scratch {
    ApplyStage::Scratch apply;
    ApplyStage::Result applied;
    ReconcileKeys::Scratch keys;
    std::string rewritten;          // a line rewritten by the plan, with simdjson's padding
    std::vector<ObjectKey> objects;
    std::vector<uint64_t> line_keys;  // the keys of one line, sorted (objects a line holds twice)
  };
  static constexpr size_t kMaxProblemsPerChunk = 10000;
  struct Result {
    ReconcileCounts counts;
    std::vector<ReconcileProblem> problems;  // the first kMaxProblemsPerChunk, in line order
    std::vector<uint32_t> malformed;         // chunk-local indexes of lines that are not JSON
    // AFTER: keys to count; BASE: (identity, message) pairs; SOURCE: the identity of every post.
    std::vector<uint64_t> keys;
    // SOURCE: posts found whose identity AFTER holds more often than their key (another message
    // under the same author, channel and create_at): doubled if AFTER holds the identity more often
    // than SOURCE does, which only the whole of SOURCE tells. Counted as found meanwhile; the
    // first kMaxProblemsPerChunk described.
    std::vector<std::pair<ReconcileProblem, uint64_t>> suspects;
    void clear() {
      counts = {};
      problems.clear();
      suspects.clear();
      malformed.clear();
      keys.clear();
    }
  };

  // The objects the import should have made of one source line: the line rewritten by the plan,
  // then read. What the plan leaves out is counted in `counts` as dropped. False when the line is
  // not JSON.
  bool expected_objects(simdjson::ondemand::parser& parser, const Line& line, Scratch& scratch,
                        ReconcileCounts& counts) const;

  // SOURCE: every object looked up in AFTER; post identities in result.keys.
  uint32_t process_source(const Chunk& chunk, simdjson::ondemand::parser& parser, Scratch& scratch,
                          Result& result) const;
  // AFTER: the keys to count (a post's key and its identity), in result.keys.
  uint32_t process_after(const Chunk& chunk, simdjson::ondemand::parser& parser, Scratch& scratch,
                         Result& result) const;
  // BASE: (identity, message) of every post, rewritten by the plan, and (channel key,
  // kArchivedChannel) of every archived channel, in result.keys.
  uint32_t process_base(const Chunk& chunk, simdjson::ondemand::parser& parser, Scratch& scratch,
                        Result& result) const;

 private:
  const RewriteMaps& maps_;
  ApplyStage apply_;
  ReconcileKeys keys_;
  const KeyCounts* after_;
  const BaseMessages* base_;
  bool compare_attachments_;
};

}  // namespace mm
