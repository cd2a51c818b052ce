#include "stages/SinceIndex.h"

#include <algorithm>

#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/parallel_sort.h>
#include "io/Xxh3.h"

#include <fmt/format.h>

#include "io/Error.h"
#include "jsonl/JsonToken.h"
#include "jsonl/AsciiCase.h"
#include "jsonl/JsonWalk.h"
#include "jsonl/PostView.h"
#include "jsonl/LineType.h"

namespace mm {

namespace {

constexpr uint64_t kRawSeed = 0x5eed'0001;
constexpr uint64_t kKeySeed = 0x5eed'0002;

uint64_t hash(std::string_view s, uint64_t seed = kKeySeed) { return XXH3_64bits_withSeed(s.data(), s.size(), seed); }

void append_lower(std::string& out, std::string_view s) {
  for (char c : s) out += ascii_lower(c);
}

void assign(std::string& to, std::string_view from) { to.assign(from.data(), from.size()); }

// A number's raw token without the whitespace after it.
std::string_view number_token(od::value& v) {
  std::string_view t = v.raw_json_token();
  while (!t.empty() && is_json_space(t.back())) t.remove_suffix(1);
  return t;
}

// A member with the comma before it, so that a member added since compares as absent.
std::string_view member_with_comma(od::field& field, std::string_view value) {
  std::string_view member = member_span(field, value);
  const char* begin = member.data();
  const char* p = begin - 1;
  while (is_json_space(*p)) --p;
  if (*p == ',') begin = p;
  return {begin, static_cast<size_t>(member.data() + member.size() - begin)};
}

}  // namespace

uint64_t LineKeyer::raw_hash(std::string_view text) { return hash(text, kRawSeed); }

void LineKeyer::FreeState::operator()(XXH3_state_t* s) const { XXH3_freeState(s); }

LineKeyer::LineKeyer() : state_(XXH3_createState()) {
  if (!state_) throw std::bad_alloc();
}

void LineKeyer::digest(simdjson::ondemand::parser& parser, const Line& line, LineDigest& d) {
  d.raw = raw_hash(line.text);
  d.rest = d.raw;
  d.key = d.message_key = d.message = d.channel = 0;
  d.archived = false;
  d.message_token = {};
  d.reply_count = d.member_count = 0;
  d.label.clear();
  team_.clear();
  channel_.clear();
  user_.clear();
  create_at_.clear();
  buf_.clear();
  edited_.clear();
  size_t name_count = 0;
  std::string_view teams_span;
  LineType payload = LineType::kUnknown;

  auto read_names = [&](od::value& v) {
    for_each_element(v, [&](od::value& member) {
      StringRef s = read_string(member);
      if (!s) return;
      if (names_.size() <= name_count) names_.emplace_back();
      names_[name_count].clear();
      append_lower(names_[name_count++], s.text);
    });
  };
  // A post's members through the one post visitor (jsonl/PostView.h): the post's and each
  // reply's author, create_at, message (hashed as written) and every edit_at (cut from `rest`).
  struct Visit {
    LineKeyer& self;
    LineDigest& d;
    bool direct;
    decltype(read_names)& names;
    LineDigest::Reply* current = nullptr;  // the reply being read

    void member(PostMember kind, od::field& field, od::value& v, int32_t at) {
      if (kind == PostMember::kEditAt) {
        self.edited_.push_back(member_with_comma(field, number_token(v)));
        return;
      }
      if (at >= 0) {
        if (kind == PostMember::kUser) current->user = read_string(v).text;
        else if (kind == PostMember::kCreateAt) current->create_at = number_token(v);
        else if (kind == PostMember::kMessage) {
          if (StringRef s = read_string(v)) current->token = s.token, current->message = hash(s.token);
        }
        return;
      }
      switch (kind) {
        case PostMember::kTeam: if (!direct) assign(self.team_, read_string(v).text); break;
        case PostMember::kChannel: if (!direct) assign(self.channel_, read_string(v).text); break;
        case PostMember::kChannelMembers: if (direct) names(v); break;
        case PostMember::kUser: assign(self.user_, read_string(v).text); break;
        case PostMember::kCreateAt: assign(self.create_at_, number_token(v)); break;
        case PostMember::kMessage:
          if (StringRef s = read_string(v)) d.message_token = s.token, d.message = hash(s.token);
          break;
        default: break;
      }
    }
    void replies() {}
    void reply(int32_t) {
      if (d.replies.size() <= d.reply_count) d.replies.emplace_back();
      current = &d.replies[d.reply_count++];
      *current = {};
    }
  };
  auto read_post = [&](od::value& v, bool direct) {
    Visit visit{*this, d, direct, read_names};
    visit_post(v, visit);
  };
  auto read_user = [&](od::value& v) {
    for_each_member(v, [&](std::string_view k, od::field& field, od::value& val) {
      if (key_is(k, "username")) assign(user_, read_string(val).text);
      else if (key_is(k, "teams")) {
        const char* key_start = field.key().raw() - 1;
        const char* open = val.raw_json_token().data();
        for_each_element(val, [&](od::value& team) {
          std::string_view team_name;
          size_t first = d.member_count;
          for_each_member(team, [&](std::string_view tk, od::field&, od::value& tv) {
            if (key_is(tk, "name")) {
              team_name = read_string(tv).text;
              if (d.members.size() <= d.member_count) d.members.emplace_back();
              LineDigest::Member& m = d.members[d.member_count++];
              assign(m.team, team_name);
              m.channel.clear();
            } else if (key_is(tk, "channels")) {
              for_each_element(tv, [&](od::value& channel) {
                for_each_member(channel, [&](std::string_view ck, od::field&, od::value& cv) {
                  if (!key_is(ck, "name")) return;
                  if (d.members.size() <= d.member_count) d.members.emplace_back();
                  LineDigest::Member& m = d.members[d.member_count++];
                  m.team.clear();  // set below, once the team's name is known
                  assign(m.channel, read_string(cv).text);
                });
              });
            }
          });
          for (size_t i = first; i < d.member_count; ++i) assign(d.members[i].team, team_name);
        });
        // The members' span, up to the end of the array: what `rest` leaves out.
        if (*open == '[') teams_span = {key_start, static_cast<size_t>(closing_bracket(open + 1) + 1 - key_start)};
      }
    });
  };
  auto read_name = [&](od::value& v, std::string_view field, std::string& to) {
    for_each_member(v, [&](std::string_view k, od::field&, od::value& val) {
      if (key_is(k, field)) assign(to, read_string(val).text);
    });
  };

  try {
    d.type = classifier_.classify(parser, line, nullptr, [&](std::string_view key, od::value& value) {
      if (key_is(key, "post")) {
        payload = LineType::kPost;
        read_post(value, false);
      } else if (key_is(key, "direct_post")) {
        payload = LineType::kDirectPost;
        read_post(value, true);
      } else if (key_is(key, "user")) {
        payload = LineType::kUser;
        read_user(value);
      } else if (key_is(key, "bot")) {
        payload = LineType::kBot;
        read_name(value, "username", user_);
      } else if (key_is(key, "team")) {
        payload = LineType::kTeam;
        read_name(value, "name", team_);
      } else if (key_is(key, "channel")) {
        payload = LineType::kChannel;
        for_each_member(value, [&](std::string_view k, od::field&, od::value& val) {
          if (key_is(k, "team")) assign(team_, read_string(val).text);
          else if (key_is(k, "name")) assign(channel_, read_string(val).text);
          else if (key_is(k, "deleted_at")) {
            std::string_view t = number_token(val);
            d.archived = !t.empty() && t != "0" && t != "null";
          }
        });
      } else if (key_is(key, "direct_channel")) {
        payload = LineType::kDirectChannel;
        for_each_member(value, [&](std::string_view k, od::field&, od::value& val) {
          if (key_is(k, "members")) read_names(val);
        });
      } else if (key_is(key, "emoji")) {
        payload = LineType::kEmoji;
        read_name(value, "name", team_);
      } else if (key_is(key, "scheme")) {
        payload = LineType::kScheme;
        read_name(value, "name", team_);
      } else if (key_is(key, "role")) {
        payload = LineType::kRole;
        read_name(value, "name", team_);
      }
    });
  } catch (const simdjson::simdjson_error&) {
    d.type = LineType::kMalformed;
  }
  if (d.type != payload) return;  // version, unknown, malformed: no key
  std::sort(names_.begin(), names_.begin() + static_cast<ptrdiff_t>(name_count));
  names_count_ = name_count;

  // The rest: the line without the cut spans (message strings and the edit_at an edit sets, or a
  // user's memberships).
  cut_.clear();
  for (std::string_view e : edited_)
    if (!e.empty()) cut_.push_back(e);
  if (!teams_span.empty()) cut_.push_back(teams_span);
  if (!d.message_token.empty()) cut_.push_back(d.message_token);
  for (size_t i = 0; i < d.reply_count; ++i)
    if (!d.replies[i].token.empty()) cut_.push_back(d.replies[i].token);
  if (payload == LineType::kPost || payload == LineType::kDirectPost || payload == LineType::kUser) {
    std::sort(cut_.begin(), cut_.end(), [](std::string_view a, std::string_view b) { return a.data() < b.data(); });
    // Streamed, so that the rest hashes as the gaps put end to end, wherever the cuts fall.
    XXH3_state_t* state = state_.get();
    XXH3_64bits_reset_withSeed(state, kKeySeed);
    const char* p = line.text.data();
    for (std::string_view c : cut_) {
      XXH3_64bits_update(state, p, static_cast<size_t>(c.data() - p));
      p = c.data() + c.size();
    }
    XXH3_64bits_update(state, p, static_cast<size_t>(line.text.data() + line.text.size() - p));
    d.rest = XXH3_64bits_digest(state);
  }
  key_of(d);
}

// Builds into the slot's strings (buf_, d.label): their capacity is reused from line to line.
void LineKeyer::key_of(LineDigest& d) {
  std::string& b = buf_;
  b.clear();
  auto members = [&](std::string& label) {
    label += "direct (";
    for (size_t i = 0; i < names_count_; ++i) {
      b += '\x1f';
      b += names_[i];
      if (i) label += ", ";
      label += names_[i];
    }
    label += ')';
  };
  switch (d.type) {
    case LineType::kTeam:
    case LineType::kEmoji:
    case LineType::kScheme:
    case LineType::kRole:
      if (team_.empty()) return;
      b += static_cast<char>('A' + static_cast<int>(d.type));
      b += '\x1f';
      append_lower(b, team_);
      d.label.append(team_);
      break;
    case LineType::kUser:
    case LineType::kBot:
      if (user_.empty()) return;
      b += static_cast<char>('A' + static_cast<int>(d.type));
      b += '\x1f';
      append_lower(b, user_);
      d.label.append("@").append(user_);
      break;
    case LineType::kChannel:
      if (team_.empty() || channel_.empty()) return;
      b += "c\x1f";
      append_lower(b, team_);
      b += '\x1f';
      append_lower(b, channel_);
      d.label.append(team_).append("/").append(channel_);
      break;
    case LineType::kDirectChannel:
      if (names_count_ == 0) return;
      b += 'd';
      members(d.label);
      break;
    case LineType::kPost:
    case LineType::kDirectPost:
      if (user_.empty() || create_at_.empty()) return;
      if (d.type == LineType::kPost) {
        if (team_.empty() || channel_.empty()) return;
        b += "c\x1f";  // the channel line's key first
        append_lower(b, team_);
        b += '\x1f';
        append_lower(b, channel_);
        d.channel = hash(b);
        b[0] = 'p';
        d.label.append(team_).append("/").append(channel_);
      } else {
        if (names_count_ == 0) return;
        b += 'q';
        members(d.label);
      }
      b += '\x1f';
      append_lower(b, user_);
      b += '\x1f';
      b += create_at_;
      d.label.append(" @").append(user_).append(" ").append(create_at_);
      break;
    default:
      return;
  }
  d.key = hash(b);
  if (d.type == LineType::kPost || d.type == LineType::kDirectPost) {
    size_t root = b.size();
    b += "\x1emessage";
    d.message_key = hash(b);
    for (size_t i = 0; i < d.reply_count; ++i) {
      LineDigest::Reply& r = d.replies[i];
      b.resize(root);
      b += "\x1ereply\x1f";
      append_lower(b, r.user);
      b += '\x1f';
      b += r.create_at;
      r.key = hash(b);
    }
  } else if (d.type == LineType::kUser) {
    for (size_t i = 0; i < d.member_count; ++i) {
      LineDigest::Member& m = d.members[i];
      b.assign("m\x1f");
      append_lower(b, user_);
      b += '\x1f';
      append_lower(b, m.team);
      b += '\x1f';
      append_lower(b, m.channel);
      m.key = hash(b);
    }
  }
}

uint64_t SinceIndex::archived_key(uint64_t channel_key) { return hash({reinterpret_cast<const char*>(&channel_key), 8}); }

void SinceIndex::entries_of(const LineDigest& d, std::vector<Entry>& out) {
  if (!d.key) return;
  out.push_back({d.key, d.rest});
  if (d.type == LineType::kChannel && d.archived) out.push_back({archived_key(d.key), 0});
  if (d.type == LineType::kPost || d.type == LineType::kDirectPost) {
    out.push_back({d.message_key, d.message});
    for (size_t i = 0; i < d.reply_count; ++i) out.push_back({d.replies[i].key, d.replies[i].message});
  } else if (d.type == LineType::kUser) {
    for (size_t i = 0; i < d.member_count; ++i) out.push_back({d.members[i].key, 0});
  }
}

void SinceIndex::add(const std::vector<Entry>& entries) {
  size_t i = 0;
  while (i < entries.size()) {
    if (blocks_.empty() || blocks_.back().size() == kBlockEntries) {
      blocks_.emplace_back();
      blocks_.back().reserve(kBlockEntries);
    }
    std::vector<Entry>& block = blocks_.back();
    size_t n = std::min(entries.size() - i, kBlockEntries - block.size());
    block.insert(block.end(), entries.begin() + static_cast<ptrdiff_t>(i), entries.begin() + static_cast<ptrdiff_t>(i + n));
    i += n;
  }
}

void SinceIndex::finish() {
  size_t total = entries_.size();
  for (const auto& block : blocks_) total += block.size();
  entries_.reserve(total);
  for (auto& block : blocks_) {
    entries_.insert(entries_.end(), block.begin(), block.end());
    std::vector<Entry>().swap(block);  // freed now, not after the last copy
  }
  blocks_.clear();
  tbb::parallel_sort(entries_.begin(), entries_.end(), [](const Entry& a, const Entry& b) { return a.key < b.key; });
  // A directory by the keys' top bits, about 8 entries a bucket (as the lines table has): a
  // lookup reads one directory entry, mostly in cache, and one bucket.
  if (entries_.size() > UINT32_MAX)
    throw Error(fmt::format("--since: {} keys, more than the delta's table counts", entries_.size()));
  key_bits_ = 0;
  while ((size_t{1} << key_bits_) * 8 < entries_.size() && key_bits_ < 30) ++key_bits_;
  const size_t buckets = size_t{1} << key_bits_;
  key_dir_.assign(buckets + 1, 0);
  size_t i = 0;
  for (size_t b = 0; b < buckets; ++b) {
    key_dir_[b] = static_cast<uint32_t>(i);
    while (i < entries_.size() && key_bucket(entries_[i].key) == b) ++i;
  }
  key_dir_[buckets] = static_cast<uint32_t>(entries_.size());
}

size_t SinceIndex::find(uint64_t key) const {
  if (entries_.empty()) return npos;
  size_t b = key_bucket(key);
  for (size_t i = key_dir_[b], end = key_dir_[b + 1]; i < end; ++i) {
    if (entries_[i].key == key) return i;  // the first of its run: the entries are sorted
    if (entries_[i].key > key) break;
  }
  return npos;
}

uint32_t SinceIndex::split(const Chunk& chunk, ChunkLines& out) {
  out.clear();
  out.hashes.reserve(chunk.size / 256);  // taken by add_lines: a fresh vector each chunk
  out.start = chunk.offset + static_cast<uint64_t>(chunk.lines_begin() - chunk.data);
  const char* prev = nullptr;
  uint32_t n = for_each_line(chunk, [&](const Line& line) {
    if (prev) out.sizes.back() |= static_cast<uint32_t>(line.text.data() - prev);
    prev = line.text.data();
    out.hashes.push_back(LineKeyer::raw_hash(line.text));
    out.sizes.push_back(is_post_type(peek_type(line.text, line.readable)) ? kPostLine : 0);
  });
  if (prev) out.sizes.back() |= static_cast<uint32_t>(chunk.data + chunk.size - prev);
  return n;
}

void SinceIndex::add_lines(ChunkLines& lines, uint64_t first_line) {
  if (first_line == 1) start_ = lines.start;
  const size_t n = lines.sizes.size();
  if (first_line - 1 + n >= kSeenBit)
    throw Error(fmt::format("--since: BASE has more than {} lines, more than the delta's table counts", kSeenBit - 1));
  for (size_t i = 0; i < n;) {
    if (size_blocks_.empty() || size_blocks_.back().size() == kBlockSizes) {
      size_blocks_.emplace_back();
      size_blocks_.back().reserve(kBlockSizes);
    }
    std::vector<uint32_t>& block = size_blocks_.back();
    size_t take = std::min(n - i, kBlockSizes - block.size());
    block.insert(block.end(), lines.sizes.begin() + static_cast<ptrdiff_t>(i),
                 lines.sizes.begin() + static_cast<ptrdiff_t>(i + take));
    i += take;
  }
  sizes_count_ += n;
  if (n) chunk_hashes_.push_back({first_line, std::move(lines.hashes)});
  lines.hashes = {};
}

void SinceIndex::add_overlong(uint64_t line, uint64_t bytes) {
  if (size_blocks_.empty() || size_blocks_.back().size() == kBlockSizes) {
    size_blocks_.emplace_back();
    size_blocks_.back().reserve(kBlockSizes);
  }
  size_blocks_.back().push_back(kOverlong);
  overlong_.emplace_back(line - 1, bytes);
  sizes_count_++;
}

// A radix sort by the hash's top bits, in parallel: each chunk's hashes counted, then scattered
// into one of 256 parts (by the top 8 bits), then each part, a few hundred KiB, cut into its
// buckets (the next bits) and each small bucket sorted. The hashes are uniform: parts and buckets
// are even. No comparison sort of the whole table, and no step that reads it on one thread.
void SinceIndex::finish_lines() {
  size_t total = 0;
  for (const auto& c : chunk_hashes_) total += c.hashes.size();
  dir_bits_ = 0;
  while ((size_t{1} << dir_bits_) * 8 < total && dir_bits_ < 30) ++dir_bits_;
  const size_t buckets = size_t{1} << dir_bits_;
  const unsigned part_bits = std::min(dir_bits_, 8u);
  const size_t parts = size_t{1} << part_bits;
  auto part_of = [&](uint64_t h) { return part_bits ? static_cast<size_t>(h >> (64 - part_bits)) : size_t{0}; };

  const size_t chunks = chunk_hashes_.size();
  std::vector<uint32_t> at(chunks * parts, 0);  // chunk k's first place in part p: at[k * parts + p]
  tbb::parallel_for(size_t{0}, chunks, [&](size_t k) {
    uint32_t* count = &at[k * parts];
    for (uint64_t h : chunk_hashes_[k].hashes) count[part_of(h)]++;
  });
  std::vector<uint32_t> part_start(parts + 1, 0);
  uint32_t sum = 0;
  for (size_t p = 0; p < parts; ++p) {
    part_start[p] = sum;
    for (size_t k = 0; k < chunks; ++k) {
      uint32_t n = at[k * parts + p];
      at[k * parts + p] = sum;
      sum += n;
    }
  }
  part_start[parts] = sum;
  raw_.resize(total);
  tbb::parallel_for(size_t{0}, chunks, [&](size_t k) {
    uint32_t* fill = &at[k * parts];
    const uint32_t line = static_cast<uint32_t>(chunk_hashes_[k].first_line - 1);
    const std::vector<uint64_t>& hashes = chunk_hashes_[k].hashes;
    for (size_t i = 0; i < hashes.size(); ++i) {
      uint64_t h = hashes[i];
      raw_[fill[part_of(h)]++] = {static_cast<uint32_t>(h), static_cast<uint32_t>(h >> 32),
                                  line + static_cast<uint32_t>(i)};
    }
    std::vector<uint64_t>().swap(chunk_hashes_[k].hashes);  // freed now, not after the last chunk
  });
  chunk_hashes_.clear();
  std::vector<uint32_t>().swap(at);

  decltype(dir_) dir(buckets + 1, 0);
  dir[buckets] = static_cast<uint32_t>(total);
  const size_t per_part = buckets / parts;
  tbb::parallel_for(size_t{0}, parts, [&](size_t p) {
    const uint32_t begin = part_start[p], end = part_start[p + 1];
    const size_t first = p * per_part;
    std::vector<uint32_t> fill(per_part + 1, 0);
    for (uint32_t i = begin; i < end; ++i) fill[bucket_of(raw_[i].hash()) - first + 1]++;
    for (size_t b = 0; b < per_part; ++b) fill[b + 1] += fill[b];
    for (size_t b = 0; b < per_part; ++b) dir[first + b] = begin + fill[b];
    std::vector<RawEntry> part(raw_.begin() + begin, raw_.begin() + end);
    for (const RawEntry& e : part) raw_[begin + fill[bucket_of(e.hash()) - first]++] = e;
    for (size_t b = first; b < first + per_part; ++b)
      std::sort(raw_.begin() + dir[b], raw_.begin() + (b + 1 < first + per_part ? dir[b + 1] : end),
                [](const RawEntry& x, const RawEntry& y) { return x.hash() < y.hash(); });
  });
  dir_ = std::move(dir);
}

size_t SinceIndex::find_raw(uint64_t raw) const {
  size_t b = bucket_of(raw);
  for (size_t i = dir_[b], end = dir_[b + 1]; i < end; ++i) {
    uint64_t h = raw_[i].hash();
    if (h == raw) return i;
    if (h > raw) break;
  }
  return npos;
}

std::vector<LineSpan> SinceIndex::lines_to_read() const {
  // Seen, by line: a line of a run of equal hashes counts as seen when the run's first entry (the
  // one find_raw() gives, so the only one marked) is.
  std::vector<uint64_t> seen((sizes_count_ + 63) / 64, 0);
  for (size_t i = 0; i < raw_.size();) {
    size_t j = i + 1;
    while (j < raw_.size() && raw_[j].hash() == raw_[i].hash()) ++j;
    if (raw_marked(i))
      for (size_t k = i; k < j; ++k) {
        uint32_t line = raw_[k].line & ~kSeenBit;
        seen[line / 64] |= uint64_t{1} << (line % 64);
      }
    i = j;
  }
  std::vector<LineSpan> spans;
  uint64_t offset = start_;
  size_t next_overlong = 0;
  for (size_t i = 0; i < sizes_count_; ++i) {
    uint32_t size = size_at(i);
    if (size == kOverlong) {
      offset += overlong_[next_overlong++].second;
      continue;
    }
    uint32_t bytes = size & ~kPostLine;
    bool post = (size & kPostLine) != 0;
    if (!post || !(seen[i / 64] >> (i % 64) & 1)) spans.push_back({offset, bytes, i + 1, false});
    offset += bytes;
  }
  return spans;
}

size_t SinceIndex::bytes() const {
  size_t sizes = 0;
  for (const auto& block : size_blocks_) sizes += block.capacity() * sizeof(uint32_t);
  return entries_.capacity() * sizeof(Entry) + key_dir_.capacity() * sizeof(uint32_t) + raw_.capacity() * sizeof(RawEntry) + sizes +
         overlong_.capacity() * sizeof(overlong_[0]) + dir_.capacity() * sizeof(uint32_t);
}

}  // namespace mm
