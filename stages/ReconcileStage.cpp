#include "stages/ReconcileStage.h"

#include <algorithm>

namespace mm {

namespace {

// What an import can bring twice: a post whose message differs from the one the target holds is
// copied, with its replies and files (docs/reconcile.md). Memberships, emoji, direct channels and
// reactions are unique in the server's store: an export cannot hold them twice.
bool can_double(ObjectKind kind) {
  return kind == ObjectKind::kPost || kind == ObjectKind::kReply || kind == ObjectKind::kAttachment;
}

}  // namespace

bool ReconcileStage::expected_objects(simdjson::ondemand::parser& parser, const Line& line, Scratch& s,
                                      ReconcileCounts& counts) const {
  s.objects.clear();
  s.applied.clear();
  s.keys.archived_channel = 0;
  LineChange change = apply_.rewrite_line(parser, line, s.apply, s.applied);
  const ChangeCounts& changes = s.applied.counts;
  counts.add(ObjectKind::kEmoji, Outcome::kDropped, changes[Change::kEmojiDropped]);
  counts.add(ObjectKind::kReaction, Outcome::kDropped, changes[Change::kReactionsDropped]);
  counts.add(ObjectKind::kAttachment, Outcome::kDropped, changes[Change::kAttachmentsDropped]);
  // A user left out of the import: their memberships come from OUT.memberships.sh, with the names
  // the plan gives them.
  for (const Membership& m : s.applied.memberships)
    s.objects.push_back(ReconcileKeys::membership(s.keys, m.user, m.team, m.channel, line.index));
  if (change == LineChange::kDropped) return true;
  Line read = line;
  if (change == LineChange::kRewritten) {
    s.rewritten.clear();
    s.apply.splice.write(s.rewritten);
    size_t size = s.rewritten.size();
    s.rewritten.append(simdjson::SIMDJSON_PADDING, ' ');
    read = Line{std::string_view(s.rewritten.data(), size), line.index, s.rewritten.size()};
  }
  return keys_.read(parser, read, s.keys, s.objects) != LineType::kMalformed;
}

uint32_t ReconcileStage::process_source(const Chunk& chunk, simdjson::ondemand::parser& parser, Scratch& s,
                                        Result& result) const {
  result.clear();
  return for_each_line(chunk, [&](const Line& line) {
    if (!expected_objects(parser, line, s, result.counts)) {
      result.malformed.push_back(line.index);
      return;
    }
    // A line may hold an object twice (two attachments of one name): AFTER must then hold it twice.
    if (!compare_attachments_)
      std::erase_if(s.objects, [](const ObjectKey& o) { return o.kind == ObjectKind::kAttachment; });
    s.line_keys.clear();
    for (ObjectKey& o : s.objects) {
      if (base_ && o.kind == ObjectKind::kPost)
        if (const uint64_t* message = base_->find(o.identity); message && *message != kAmbiguousMessage)
          o.message = *message;
      s.line_keys.push_back(object_key(o));
    }
    std::sort(s.line_keys.begin(), s.line_keys.end());
    // A post of a channel BASE had archived: `apply --since` carries nothing of it (DeltaStage's
    // in_archived_channel), so what AFTER lacks of it was left out by apply, not lost.
    bool archived = false;
    if (base_)
      for (const ObjectKey& o : s.objects)
        if (o.kind == ObjectKind::kPost && !o.b.empty()) {
          const uint64_t* v = base_->find(ReconcileKeys::channel_key(s.keys, o.a, o.b));
          archived = v && *v == kArchivedChannel;
          break;
        }
    for (size_t i = 0; i < s.objects.size(); ++i) {
      const ObjectKey& o = s.objects[i];
      uint64_t key = object_key(o);
      auto range = std::equal_range(s.line_keys.begin(), s.line_keys.end(), key);
      uint32_t expected = static_cast<uint32_t>(range.second - range.first);
      // This object's rank among the line's objects of the same key.
      uint32_t rank = 0;
      if (expected > 1)
        for (size_t j = 0; j < i; ++j) rank += object_key(s.objects[j]) == key;
      uint32_t found = after_ ? after_->count(key) : 0;
      Outcome outcome = Outcome::kFound;
      if (rank >= found) outcome = archived ? Outcome::kLeftOut : Outcome::kMissing;
      else if (rank == 0 && found > expected && can_double(o.kind)) outcome = Outcome::kDoubled;
      if (o.kind == ObjectKind::kPost) {
        // Posts of one author in one channel at one millisecond are legitimate (fast bots, imported
        // histories): whether more of this identity than SOURCE holds is a copy is decided once
        // SOURCE has been counted (ReconcileJob).
        result.keys.push_back(o.identity);
        uint32_t present = after_ ? after_->count(o.identity) : 0;
        if (outcome == Outcome::kFound && present > found)
          result.suspects.emplace_back(
              ReconcileProblem{o.kind, Outcome::kDoubled, line.index, present,
                               result.suspects.size() < kMaxProblemsPerChunk ? describe(o) : std::string()},
              o.identity);
      }
      result.counts.add(o.kind, outcome);
      if (outcome == Outcome::kFound || outcome == Outcome::kLeftOut ||
          result.problems.size() >= kMaxProblemsPerChunk)
        continue;
      result.problems.push_back({o.kind, outcome, line.index, found, describe(o)});
    }
  });
}

uint32_t ReconcileStage::process_after(const Chunk& chunk, simdjson::ondemand::parser& parser, Scratch& s,
                                       Result& result) const {
  result.clear();
  return for_each_line(chunk, [&](const Line& line) {
    s.objects.clear();
    if (keys_.read(parser, line, s.keys, s.objects) == LineType::kMalformed) {
      result.malformed.push_back(line.index);
      return;
    }
    for (const ObjectKey& o : s.objects) {
      result.keys.push_back(object_key(o));
      if (o.kind == ObjectKind::kPost) result.keys.push_back(o.identity);
    }
  });
}

uint32_t ReconcileStage::process_base(const Chunk& chunk, simdjson::ondemand::parser& parser, Scratch& s,
                                      Result& result) const {
  result.clear();
  ReconcileCounts dropped;
  return for_each_line(chunk, [&](const Line& line) {
    if (!expected_objects(parser, line, s, dropped)) {
      result.malformed.push_back(line.index);
      return;
    }
    if (s.keys.archived_channel) {
      result.keys.push_back(s.keys.archived_channel);
      result.keys.push_back(kArchivedChannel);
    }
    for (const ObjectKey& o : s.objects) {
      if (o.kind != ObjectKind::kPost) continue;
      result.keys.push_back(o.identity);
      result.keys.push_back(o.message);
    }
  });
}

}  // namespace mm
