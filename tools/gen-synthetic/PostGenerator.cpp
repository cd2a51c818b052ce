#include "tools/gen-synthetic/PostGenerator.h"

#include <algorithm>
#include <array>
#include <cstdio>

#include "io/Error.h"
#include "io/JsonWriter.h"
#include "tools/gen-synthetic/Vocabulary.h"

namespace mm::gen {
namespace {

constexpr int64_t kPostIntervalMs = 60000;

void append_string(std::string& out, std::string_view s) {
  out += '"';
  append_json_escaped(out, s);
  out += '"';
}

void key(std::string& out, std::string_view k) {
  out += ",\"";
  out += k;
  out += "\":";
}

// YYYYMMDD (UTC) of a millisecond timestamp.
void append_date(std::string& out, int64_t ms) {
  int64_t z = ms / 86400000 + 719468;
  int64_t era = z / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int64_t d = doy - (153 * mp + 2) / 5 + 1;
  int64_t m = mp < 10 ? mp + 3 : mp - 9;
  int64_t y = yoe + era * 400 + (m <= 2);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d%02d%02d", static_cast<int>(y), static_cast<int>(m), static_cast<int>(d));
  out += buf;
}

void count_marks(const MessageMarks& marks, MentionTally& tally, std::vector<int32_t>& scratch) {
  scratch = marks.users;
  std::sort(scratch.begin(), scratch.end());
  scratch.erase(std::unique(scratch.begin(), scratch.end()), scratch.end());
  for (int32_t s : scratch) tally.users[s]++;
  scratch = marks.channels;
  std::sort(scratch.begin(), scratch.end());
  scratch.erase(std::unique(scratch.begin(), scratch.end()), scratch.end());
  for (int32_t s : scratch) tally.channels[s]++;
  tally.permalinks += marks.permalink;
}

}  // namespace

void MentionTally::add(const MentionTally& other) {
  if (users.size() < other.users.size()) users.resize(other.users.size());
  if (channels.size() < other.channels.size()) channels.resize(other.channels.size());
  for (size_t i = 0; i < other.users.size(); ++i) users[i] += other.users[i];
  for (size_t i = 0; i < other.channels.size(); ++i) channels[i] += other.channels[i];
  permalinks += other.permalinks;
}

struct PostGenerator::Context {
  PostBlock& b;
  Rng rng;
  bool direct;
  uint64_t first_line;
  std::vector<int32_t> scratch;
  const std::vector<uint32_t>* people = nullptr;  // who may write, react and flag here
  std::string team_id;
  std::string channel_id;
};

PostGenerator::PostGenerator(const Export& e, const GenOptions& options, const MentionTargets* mentions,
                             Stream posts_stream, Stream direct_stream, std::string data_root)
    : e_(e), o_(options), mentions_(mentions), posts_stream_(posts_stream), direct_stream_(direct_stream),
      data_root_(std::move(data_root)), text_(e, mentions), everyone_(e.users.size()) {
  for (uint32_t i = 0; i < everyone_.size(); ++i) everyone_[i] = i;
  if (mentions && (mentions->user_slot.size() != e.users.size() || mentions->channel_slot.size() != e.channels.size()))
    throw Error("internal: mention targets of another export given for " + e.label);
  for (const DirectChannel& d : e.direct_channels) {
    std::string names;
    for (uint32_t m : d.members) names += e.users[m].username + ",";
    direct_channel_ids_.push_back(id_for(e.label + "/direct", names, options.seed));
  }
}

uint64_t PostGenerator::blocks(bool direct) const {
  uint64_t n = direct ? e_.direct_posts : e_.posts;
  return (n + kPostsPerBlock - 1) / kPostsPerBlock;
}

void PostGenerator::generate(bool direct, uint64_t index, PostBlock& b) const {
  b.text.clear();
  b.lines = b.replies = b.reactions = b.attachments = b.files = b.file_bytes = 0;
  b.tally.users.assign(mentions_ ? mentions_->users.size() : 0, 0);
  b.tally.channels.assign(mentions_ ? mentions_->channels.size() : 0, 0);
  b.tally.permalinks = 0;
  b.problems.clear();
  Context c{b, Rng(o_.seed, direct ? direct_stream_ : posts_stream_, index), direct,
            direct ? e_.first_direct_post_line : e_.first_post_line, {}, nullptr, {}, {}};
  uint64_t total = direct ? e_.direct_posts : e_.posts;
  uint64_t first = index * kPostsPerBlock;
  uint64_t last = std::min(total, first + kPostsPerBlock);
  for (uint64_t g = first; g < last; ++g) one_post(c, g);
}

void PostGenerator::message(Context& c, uint32_t team) const {
  c.b.message.clear();
  text_.message(c.rng, team, false, c.b.message, c.b.marks);
}

void PostGenerator::reactions(Context& c, int64_t parent_create_at, const std::vector<uint32_t>& people) const {
  std::string& out = c.b.text;
  out += "\"reactions\":[";
  if (c.rng.chance(0.25)) {
    unsigned n = 1 + c.rng.geometric(0.4, 12);
    // A post holds one reaction per (user, emoji): the server's store keys them so, so an export
    // never repeats one (docs/reconcile.md relies on it). A repeated draw is left out.
    std::array<std::pair<uint32_t, std::string_view>, 16> had;
    unsigned kept = 0;
    for (unsigned i = 0; i < n; ++i) {
      uint32_t who = c.rng.pick(people);
      int64_t at = parent_create_at + c.rng.between(0, 7200000);
      std::string_view emoji = !e_.emoji.empty() && c.rng.chance(0.3) ? std::string_view(c.rng.pick(e_.emoji).name)
                                                                        : std::string_view(c.rng.pick(vocab::kSystemEmoji));
      if (std::find(had.begin(), had.begin() + kept, std::pair{who, emoji}) != had.begin() + kept) continue;
      if (kept < had.size()) had[kept] = {who, emoji};
      if (kept++) out += ',';
      out += "{\"user\":";
      append_string(out, e_.users[who].username);
      out += ",\"create_at\":" + std::to_string(at);
      out += ",\"emoji_name\":";
      append_string(out, emoji);
      out += '}';
    }
    c.b.reactions += kept;
  }
  out += ']';
}

void PostGenerator::attachments(Context& c, bool root, uint64_t g, int64_t create_at, uint32_t user) const {
  bool forced = root && !c.direct && o_.force_every_kind() && g < 3 && !data_root_.empty();
  if (!forced && !c.rng.chance(o_.attachments_rate)) return;
  unsigned n = 1 + c.rng.geometric(0.3, 4);
  std::string& out = c.b.text;
  out += ",\"attachments\":[";
  for (unsigned i = 0; i < n; ++i) {
    FileProblem problem = FileProblem::kNone;
    if (!data_root_.empty()) {
      static constexpr FileProblem kProblems[] = {FileProblem::kTypeMismatch, FileProblem::kMissing, FileProblem::kEmpty};
      if (forced && i == 0) problem = kProblems[g];
      else if (c.rng.chance(o_.conflict_rate / 10)) problem = c.rng.pick(kProblems);
    }
    FileChoice f = choose_file(c.rng, problem);
    std::string& path = c.b.path;
    path.clear();
    append_date(path, create_at);
    path += "/teams/" + c.team_id + "/channels/" + c.channel_id + "/users/" + e_.users[user].id + "/";
    append_id(path, c.rng);
    path += '/';
    path += f.name;
    if (i) out += ',';
    out += "{\"path\":";
    append_string(out, path);
    out += '}';
    if (!data_root_.empty() && problem != FileProblem::kMissing) {
      fill_file_content(f.kind, f.size, c.rng, c.b.file);
      write_tree_file(data_root_, path, c.b.file);
      c.b.files++;
      c.b.file_bytes += c.b.file.size();
    }
    if (problem != FileProblem::kNone) c.b.problems.push_back({problem, path, c.first_line + g});
  }
  out += ']';
  c.b.attachments += n;
}

void PostGenerator::one_post(Context& c, uint64_t g) const {
  Rng& rng = c.rng;
  std::string& out = c.b.text;
  int64_t create_at = e_.start_time_ms + static_cast<int64_t>(g) * kPostIntervalMs * (c.direct ? 7 : 1) +
                      rng.between(0, kPostIntervalMs - 1);
  uint32_t team = kNoTeam;
  uint32_t author;
  const DirectChannel* dc = nullptr;
  if (c.direct) {
    size_t di = rng.below(e_.direct_channels.size());
    dc = &e_.direct_channels[di];
    c.people = &dc->members;
    author = rng.pick(*c.people);
    c.team_id = "noteam";
    c.channel_id = direct_channel_ids_[di];
    out += "{\"type\":\"direct_post\",\"direct_post\":{\"channel_members\":[";
    for (size_t i = 0; i < dc->members.size(); ++i) {
      if (i) out += ',';
      append_string(out, e_.users[dc->members[i]].username);
    }
    out += "],\"user\":";
  } else {
    double w = rng.unit() * e_.channel_weights.back();
    uint32_t ci = static_cast<uint32_t>(std::upper_bound(e_.channel_weights.begin(), e_.channel_weights.end(), w) -
                                        e_.channel_weights.begin());
    if (ci >= e_.channels.size()) ci = static_cast<uint32_t>(e_.channels.size() - 1);
    const Channel& ch = e_.channels[ci];
    team = ch.team;
    c.people = ch.members.empty() ? &everyone_ : &ch.members;
    author = rng.pick(*c.people);
    c.team_id = e_.teams[team].id;
    c.channel_id = ch.id;
    out += "{\"type\":\"post\",\"post\":{\"team\":";
    append_string(out, e_.teams[team].name);
    out += ",\"channel\":";
    append_string(out, ch.name);
    out += ",\"user\":";
  }
  // Author, type, message, props.
  bool bot = !c.direct && !e_.bots.empty() && rng.chance(0.01);
  uint64_t kind = rng.below(100);
  std::string_view type = "";
  c.b.message.clear();
  c.b.marks.clear();
  std::string props = "{}";
  const std::string& name = e_.users[author].username;
  if (bot) {
    append_string(out, e_.bots[0].username);
    c.b.message = "Build #" + std::to_string(rng.below(100000)) + " passed ✅ https://ci.example.com/job/main/" +
                  std::to_string(rng.below(10000));
    props = "{\"from_bot\":\"true\"}";
  } else {
    append_string(out, name);
    if (!c.direct && kind < 2) {
      type = "system_join_channel";
      c.b.message = name + " joined the channel.";
      props = "{\"username\":\"" + name + "\"}";
    } else if (!c.direct && kind < 3) {
      type = "system_header_change";
      c.b.message = name + " updated the channel header to: Daily updates";
      props = "{\"username\":\"" + name + "\",\"new_header\":\"Daily updates\",\"old_header\":\"\"}";
    } else if (kind < 4) {
      type = "me";
      c.b.message = "*waves*";
    } else {
      message(c, team);
      if (kind < 12) props = "{\"disable_group_highlight\":true}";
      else if (kind < 14)
        props = "{\"attachments\":[{\"fallback\":\"Deploy finished\",\"color\":\"#36a64f\",\"title\":\"Deploy\",\"text\":\"Deploy *finished* in 3m\"}]}";
    }
  }
  out += ",\"type\":";
  append_string(out, type);
  out += ",\"message\":";
  append_string(out, c.b.message);
  count_marks(c.b.marks, c.b.tally, c.scratch);
  key(out, "props");
  out += props;
  key(out, "create_at");
  out += std::to_string(create_at);
  key(out, "edit_at");
  out += rng.chance(0.05) ? std::to_string(create_at + rng.between(1000, 86400000)) : "0";
  key(out, "flagged_by");
  out += '[';
  if (rng.chance(0.03)) append_string(out, e_.users[rng.pick(*c.people)].username);
  out += ']';
  out += ',';
  reactions(c, create_at, *c.people);
  // Replies.
  out += ",\"replies\":[";
  unsigned replies = rng.chance(0.35) ? 1 + rng.geometric(0.5, 40) : 0;
  int64_t reply_at = create_at;
  for (unsigned r = 0; r < replies; ++r) {
    reply_at += rng.between(1000, 3600000);
    uint32_t who = rng.pick(*c.people);
    if (r) out += ',';
    out += "{\"user\":";
    append_string(out, e_.users[who].username);
    out += ",\"type\":\"\",\"message\":";
    c.b.message.clear();
    text_.message(rng, team, true, c.b.message, c.b.marks);
    append_string(out, c.b.message);
    count_marks(c.b.marks, c.b.tally, c.scratch);
    out += ",\"props\":{},\"create_at\":" + std::to_string(reply_at);
    out += ",\"edit_at\":0,\"flagged_by\":[],";
    reactions(c, reply_at, *c.people);
    attachments(c, false, g, reply_at, who);
    out += ",\"is_pinned\":false}";
  }
  out += ']';
  c.b.replies += replies;
  key(out, "is_pinned");
  out += rng.chance(0.01) ? "true" : "false";
  attachments(c, true, g, create_at, author);
  out += "}}\n";
  c.b.lines++;
}

}  // namespace mm::gen
