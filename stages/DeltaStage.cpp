#include "stages/DeltaStage.h"

#include <algorithm>

namespace mm {

namespace {

bool is_version_line(std::string_view text) { return text.starts_with(R"({"type":"version")"); }

std::string mapped(const NameMap& map, std::string_view name) {
  const std::string* to = map.find_any_case(name);
  return to ? *to : std::string(name);
}

}  // namespace

uint32_t DeltaSift::process(const Chunk& chunk, Result& result) const {
  result.unchanged = 0;
  result.kept.clear();
  // The chunk's lines hashed first, then looked up, each lookup's directory entry and bucket
  // loaded some lines ahead: a lookup misses the caches, and overlapped they cost a fraction.
  auto& lines = result.lines;
  lines.clear();
  uint32_t n = for_each_line(chunk, [&](const Line& line) { lines.push_back({LineKeyer::raw_hash(line.text), line.text}); });
  constexpr size_t kAhead = 32;
  for (size_t i = 0; i < std::min<size_t>(2 * kAhead, n); ++i) index_.prefetch_raw_bucket(lines[i].raw);
  for (size_t i = 0; i < n; ++i) {
    if (i + 2 * kAhead < n) index_.prefetch_raw_bucket(lines[i + 2 * kAhead].raw);
    if (i + kAhead < n) index_.prefetch_raw(lines[i + kAhead].raw);
    std::string_view text = lines[i].text;
    // As DeltaStage::process_line decides it.
    size_t same = index_.find_raw(lines[i].raw);
    if (same != SinceIndex::npos) {
      index_.mark_raw(same);
      if (!is_version_line(text)) {
        result.unchanged++;
        continue;
      }
    }
    // To the next line's text: the line with its newline.
    const char* next = i + 1 < n ? lines[i + 1].text.data() : chunk.data + chunk.size;
    result.kept.push_back({chunk.offset + static_cast<uint64_t>(text.data() - chunk.data),
                           static_cast<uint32_t>(next - text.data()), static_cast<uint32_t>(i)});
  }
  return n;
}

void DeltaStage::write(simdjson::ondemand::parser& parser, const Line& line, Scratch& scratch, Result& result) const {
  LineChange change = apply_.rewrite_line(parser, line, scratch.apply, result.apply);
  if (change == LineChange::kDropped) return;
  if (change == LineChange::kRewritten) scratch.apply.splice.write(result.out);
  else result.out.append(line.text);
  result.out += '\n';
}

DeltaBucket DeltaStage::process_line(simdjson::ondemand::parser& parser, const Line& line, Scratch& scratch,
                                     Result& result) const {
  // A line the sift kept: the version line, or one no BASE line equals (not looked up again).
  LineDigest& d = scratch.digest;
  scratch.keyer.digest(parser, line, d);
  if (d.type == LineType::kVersion || !d.key) {
    write(parser, line, scratch, result);
    return d.type == LineType::kVersion ? DeltaBucket::kVersion : DeltaBucket::kUnkeyed;
  }
  size_t at = index_.find(d.key);
  if (at == SinceIndex::npos) {
    if (d.channel && index_.archived_channel(d.channel)) return not_carried(line, scratch, result);
    write(parser, line, scratch, result);
    return DeltaBucket::kNew;
  }
  switch (d.type) {
    case LineType::kUser:
      return user(line, at, scratch, result);
    case LineType::kPost:
    case LineType::kDirectPost:
      return post(parser, line, at, scratch, result);
    default:
      write(parser, line, scratch, result);
      return DeltaBucket::kChanged;
  }
}

DeltaBucket DeltaStage::not_carried(const Line& line, Scratch& scratch, Result& result) const {
  result.counts.notes[static_cast<size_t>(DeltaNote::kArchivedChannel)]++;
  result.events.push_back({DeltaNote::kArchivedChannel, line.index, scratch.digest.label});
  return DeltaBucket::kArchivedChannel;
}

DeltaBucket DeltaStage::user(const Line& line, size_t at, Scratch& scratch, Result& result) const {
  const LineDigest& d = scratch.digest;
  if (index_.at(at).value != d.rest) {
    result.counts.notes[static_cast<size_t>(DeltaNote::kProfileChanged)]++;
    result.events.push_back({DeltaNote::kProfileChanged, line.index, d.label});
  }
  std::string_view username = std::string_view(d.label).substr(1);  // the label is "@username"
  for (size_t i = 0; i < d.member_count; ++i) {
    const LineDigest::Member& m = d.members[i];
    if (index_.find(m.key) != SinceIndex::npos || m.team.empty()) continue;
    // As the plan names them on the target (the names a left-out user's memberships get).
    Membership out{mapped(maps_.users, username), mapped(maps_.teams, m.team), {}};
    if (!m.channel.empty()) {
      const NameMap* channels = maps_.channels_of(m.team);
      out.channel = channels ? mapped(*channels, m.channel) : m.channel;
    }
    result.memberships.push_back(std::move(out));
    result.counts.notes[static_cast<size_t>(DeltaNote::kMembershipAdded)]++;
  }
  return DeltaBucket::kUsersKept;
}

DeltaBucket DeltaStage::post(simdjson::ondemand::parser& parser, const Line& line, size_t at, Scratch& scratch,
                             Result& result) const {
  const LineDigest& d = scratch.digest;
  // Which messages differ from BASE's (a reply BASE did not have is new: its own message stays).
  bool message_edited = false;
  size_t edited_replies = 0;
  size_t m = index_.find(d.message_key);
  if (m != SinceIndex::npos) message_edited = index_.at(m).value != d.message;
  std::vector<uint8_t>& reply_edited = scratch.reply_edited;
  reply_edited.assign(d.reply_count, 0);
  for (size_t i = 0; i < d.reply_count; ++i) {
    size_t r = index_.find(d.replies[i].key);
    if (r == SinceIndex::npos) continue;
    if (index_.at(r).value != d.replies[i].message) {
      reply_edited[i] = 1;
      ++edited_replies;
    }
  }
  const bool changed = index_.at(at).value != d.rest;
  auto note = [&](DeltaNote n, std::string what) {
    result.counts.notes[static_cast<size_t>(n)]++;
    result.events.push_back({n, line.index, std::move(what)});
  };
  if (message_edited) note(DeltaNote::kMessageEdited, d.label);
  for (size_t i = 0; i < d.reply_count; ++i)
    if (reply_edited[i])
      note(DeltaNote::kReplyEdited, d.label + " reply @" + std::string(d.replies[i].user) + " " +
                                        std::string(d.replies[i].create_at));
  if (!changed) return message_edited || edited_replies ? DeltaBucket::kEditsOnly : DeltaBucket::kUnchanged;
  if (d.channel && index_.archived_channel(d.channel)) return not_carried(line, scratch, result);
  if (!message_edited && edited_replies == 0) {
    write(parser, line, scratch, result);
    return DeltaBucket::kPostsUpdated;
  }
  // The line with BASE's message strings in place of the edited ones, in line order.
  auto& swaps = scratch.swaps;
  swaps.clear();
  auto base_text = [&](uint64_t key) -> const std::string* {
    auto it = texts_->find(key);
    return it == texts_->end() ? nullptr : &it->second;
  };
  if (message_edited)
    if (const std::string* t = base_text(d.message_key)) swaps.emplace_back(d.message_token, t);
  for (size_t i = 0; i < d.reply_count; ++i)
    if (reply_edited[i])
      if (const std::string* t = base_text(d.replies[i].key)) swaps.emplace_back(d.replies[i].token, t);
  std::sort(swaps.begin(), swaps.end(), [](const auto& a, const auto& b) { return a.first.data() < b.first.data(); });
  std::string& s = scratch.line;
  s.clear();
  const char* p = line.text.data();
  for (const auto& [token, text] : swaps) {
    s.append(p, static_cast<size_t>(token.data() - p));
    s.append(*text);
    p = token.data() + token.size();
  }
  s.append(p, static_cast<size_t>(line.text.data() + line.text.size() - p));
  const size_t size = s.size();
  s.reserve(size + simdjson::SIMDJSON_PADDING);  // simdjson reads past the end
  write(parser, Line{std::string_view(s.data(), size), line.index, s.capacity()}, scratch, result);
  return DeltaBucket::kPostsUpdated;
}

uint32_t DeltaStage::process(const Chunk& chunk, simdjson::ondemand::parser& parser, Scratch& scratch,
                             Result& result) const {
  result.clear();
  return for_each_line(chunk, [&](const Line& line) {
    result.counts.buckets[static_cast<size_t>(process_line(parser, line, scratch, result))]++;
  });
}

void BaseReview::process_line(const Line& line, const LineDigest& d, Result& result) const {
  size_t same = base_.find_raw(d.raw);
  if (same != SinceIndex::npos && base_.raw_marked(same)) return;  // the new export has this very line
  if (!d.key) return;
  auto note = [&](DeltaNote n, std::string what) {
    result.counts.notes[static_cast<size_t>(n)]++;
    result.events.push_back({n, line.index, std::move(what)});
  };
  if (!in_new(d.key)) {
    switch (d.type) {
      case LineType::kPost:
      case LineType::kDirectPost:
        note(DeltaNote::kPostDeleted, d.label);
        break;
      case LineType::kChannel:
        note(DeltaNote::kChannelDeleted, d.label);
        break;
      default:
        note(DeltaNote::kObjectDeleted, std::string(name_of(d.type)) + " " + d.label);
    }
    return;
  }
  if (d.type == LineType::kPost || d.type == LineType::kDirectPost) {
    // Kept for every edit, also of a post the writing pass then skips (edits only): a few more
    // texts held, and no pass over the new export's lines to tell which it will write.
    if (edited(d.message_key, d.message)) result.texts.emplace_back(d.message_key, std::string(d.message_token));
    for (size_t i = 0; i < d.reply_count; ++i) {
      const LineDigest::Reply& r = d.replies[i];
      if (!in_new(r.key))
        note(DeltaNote::kReplyDeleted, d.label + " reply @" + std::string(r.user) + " " + std::string(r.create_at));
      else if (edited(r.key, r.message))
        result.texts.emplace_back(r.key, std::string(r.token));
    }
  } else if (d.type == LineType::kUser) {
    for (size_t i = 0; i < d.member_count; ++i) {
      const LineDigest::Member& m = d.members[i];
      if (!in_new(m.key))
        note(DeltaNote::kMembershipRemoved, d.label + " " + m.team + (m.channel.empty() ? "" : "/" + m.channel));
    }
  }
}

}  // namespace mm
