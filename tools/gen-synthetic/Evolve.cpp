#include "tools/gen-synthetic/Evolve.h"

#include <chrono>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string_view>
#include <vector>

#include <oneapi/tbb/parallel_pipeline.h>
#include <oneapi/tbb/task_arena.h>
#include <simdjson.h>
#include "io/Xxh3.h"

#include "io/ByteSource.h"
#include "io/Error.h"
#include "io/ImportTree.h"
#include "io/JsonWriter.h"
#include "io/OutputFile.h"
#include "io/OutputPaths.h"
#include "io/OutputSet.h"
#include "io/TreeLinker.h"
#include "tools/gen-synthetic/AttachmentFiles.h"
#include "tools/gen-synthetic/EvolveDecisions.h"
#include "tools/gen-synthetic/Model.h"
#include "tools/gen-synthetic/ModelBuilder.h"
#include "tools/gen-synthetic/Rng.h"

namespace mm::gen {
namespace {

namespace dom = simdjson::dom;
namespace fs = std::filesystem;

constexpr int64_t kDayMs = 86400000;
// The earlier generator's post spacing (tools/gen-synthetic/PostGenerator.cpp) and the longest
// tail after a post (replies up to ~40 h, edits up to a day): evolved events start after it.
constexpr int64_t kPostIntervalMs = 60000;
constexpr int64_t kTailMs = 3 * kDayMs;

// ---- reading ------------------------------------------------------------------------------

// Lines of an export (plain, .zst or .zip) in blocks, each line copied into a buffer padded for
// simdjson; one buffer reused for every line.
class LineReader {
 public:
  explicit LineReader(const std::string& path) : src_(open_byte_source(path)) {}
  const std::string& name() const { return src_->name(); }
  uint64_t line_number() const { return line_; }
  uint64_t bytes() const { return bytes_; }

  // The next line without its '\n' (and '\r'), false at the end.
  bool next(std::string_view& line) {
    for (;;) {
      const char* nl = static_cast<const char*>(memchr(buf_.data() + pos_, '\n', end_ - pos_));
      if (nl || eof_) {
        if (!nl && pos_ == end_) return false;
        size_t stop = nl ? static_cast<size_t>(nl - buf_.data()) : end_;
        size_t len = stop - pos_;
        bytes_ += len + (nl ? 1 : 0);
        if (len && buf_[pos_ + len - 1] == '\r') --len;
        line_view_ = std::string_view(buf_.data() + pos_, len);
        pos_ = nl ? stop + 1 : end_;
        ++line_;
        line = line_view_;
        return true;
      }
      // Keep the unread tail, read more after it.
      if (pos_ > 0) {
        std::memmove(buf_.data(), buf_.data() + pos_, end_ - pos_);
        end_ -= pos_;
        pos_ = 0;
      }
      if (buf_.size() < end_ + kBlock + simdjson::SIMDJSON_PADDING) buf_.resize(end_ + kBlock + simdjson::SIMDJSON_PADDING);
      size_t n = src_->read(buf_.data() + end_, kBlock);
      if (n == 0) eof_ = true;
      end_ += n;
    }
  }

 private:
  static constexpr size_t kBlock = 4 << 20;
  std::unique_ptr<ByteSource> src_;
  std::string buf_;
  size_t pos_ = 0, end_ = 0;
  bool eof_ = false;
  uint64_t line_ = 0, bytes_ = 0;
  std::string_view line_view_;
};

// A parser for one line at a time; the line's bytes are copied into a padded buffer it reuses.
class LineParser {
 public:
  dom::element parse(std::string_view line, const std::string& file, uint64_t line_number) {
    padded_.assign(line.data(), line.size());
    padded_.append(simdjson::SIMDJSON_PADDING, '\0');
    dom::element doc;
    if (auto err = parser_.parse(padded_.data(), line.size(), false).get(doc))
      throw Error(fmt_error(file, line_number, simdjson::error_message(err)));
    return doc;
  }

 private:
  static std::string fmt_error(const std::string& file, uint64_t line, const char* what) {
    return file + ":" + std::to_string(line) + ": not a JSON object line (" + what + ")";
  }
  dom::parser parser_;
  std::string padded_;
};

std::string_view str(dom::element e, const char* key) {
  std::string_view s;
  if (e[key].get(s)) return {};
  return s;
}
int64_t num(dom::element e, const char* key) {
  int64_t v = 0;
  if (e[key].get(v)) return 0;
  return v;
}

void quote(std::string& out, std::string_view s) {
  out += '"';
  append_json_escaped(out, s);
  out += '"';
}

// The object `o` written again with some members replaced (raw JSON values); replacements for
// members it does not have are appended. Everything else keeps its value (compact form).
void rewrite_object(dom::object o, const std::vector<std::pair<std::string_view, std::string>>& repl, std::string& out) {
  std::vector<bool> used(repl.size());
  out += '{';
  bool first = true;
  for (auto field : o) {
    if (!first) out += ',';
    first = false;
    quote(out, field.key);
    out += ':';
    bool replaced = false;
    for (size_t i = 0; i < repl.size(); ++i)
      if (repl[i].first == field.key) {
        out += repl[i].second;
        used[i] = replaced = true;
        break;
      }
    if (!replaced) out += simdjson::minify(field.value);
  }
  for (size_t i = 0; i < repl.size(); ++i)
    if (!used[i]) {
      if (!first) out += ',';
      first = false;
      quote(out, repl[i].first);
      out += ':';
      out += repl[i].second;
    }
  out += '}';
}

// A JSON array (raw) with one more element (raw).
std::string append_to_array(dom::element parent, const char* key, const std::string& element) {
  dom::array a;
  std::string s = parent[key].get(a) ? std::string("[]") : simdjson::minify(a);
  s.pop_back();
  if (s.size() > 1) s += ',';
  s += element;
  s += ']';
  return s;
}

std::string line_of(std::string_view type, const std::string& payload) {
  std::string s = "{\"type\":";
  quote(s, type);
  s += ',';
  quote(s, type);
  s += ':';
  s += payload;
  s += "}\n";
  return s;
}

// ---- the earlier instance's objects --------------------------------------------------------

struct ChannelInfo {
  std::string team, name;
  char type = 'O';
  int64_t deleted_at = 0;
};
struct UserInfo {
  std::string username, email;
  bool active = true, guest = false;
  std::vector<std::pair<std::string, std::vector<std::string>>> teams;  // team, channels
};
struct Objects {
  std::vector<std::string> teams;
  std::vector<ChannelInfo> channels;
  std::vector<UserInfo> users;
  std::set<std::string> usernames, emails, channel_keys;  // channel_keys: "team/name"
};

void collect(dom::element doc, Objects& o) {
  std::string_view type = str(doc, "type");
  dom::element v;
  if (doc[type].get(v)) return;
  if (type == "team") {
    o.teams.emplace_back(str(v, "name"));
  } else if (type == "channel") {
    ChannelInfo c{std::string(str(v, "team")), std::string(str(v, "name")), 'O', num(v, "deleted_at")};
    std::string_view t = str(v, "type");
    if (!t.empty()) c.type = t[0];
    o.channel_keys.insert(c.team + "/" + c.name);
    o.channels.push_back(std::move(c));
  } else if (type == "user" || type == "bot") {
    UserInfo u{std::string(str(v, "username")), std::string(str(v, "email")), num(v, "delete_at") == 0, false, {}};
    u.guest = str(v, "roles").find("system_guest") != std::string_view::npos;
    dom::array teams;
    if (!v["teams"].get(teams))
      for (dom::element t : teams) {
        std::vector<std::string> chans;
        dom::array ca;
        if (!t["channels"].get(ca))
          for (dom::element c : ca) chans.emplace_back(str(c, "name"));
        u.teams.emplace_back(std::string(str(t, "name")), std::move(chans));
      }
    o.usernames.insert(u.username);
    if (!u.email.empty()) o.emails.insert(u.email);
    if (type == "user") o.users.push_back(std::move(u));
  }
}

// Reads the object lines of an export (up to its first post line) into memory.
struct Head {
  std::vector<std::string> lines;  // without '\n'
  std::string first_rest;          // the first line after the head ("" at the end)
  bool has_rest = false;
};

Head read_head(LineReader& in, LineParser& parser, Objects& o) {
  Head h;
  std::string_view line;
  while (in.next(line)) {
    dom::element doc = parser.parse(line, in.name(), in.line_number());
    std::string_view type = str(doc, "type");
    if (section_rank(type) >= section_rank("post") || section_rank(type) < 0) {
      h.first_rest.assign(line);
      h.has_rest = true;
      break;
    }
    collect(doc, o);
    h.lines.emplace_back(line);
  }
  return h;
}

// A name not yet in `taken` (and then taken): `base`, else base + "-2", "-3", ...
std::string fresh_name(std::string base, std::set<std::string>& taken, const std::string& sep = "-") {
  std::string name = base;
  for (int i = 2; taken.count(name); ++i) name = base + sep + std::to_string(i);
  taken.insert(name);
  return name;
}

// ---- writing ------------------------------------------------------------------------------

struct PostKey {
  bool direct = false;
  std::string team, channel;
  std::vector<std::string> members;
  std::string user;
  int64_t create_at = 0;
};

void write_key(JsonWriter& w, const PostKey& k) {
  w.begin_object();
  if (k.direct) {
    w.key("members").begin_array();
    for (const auto& m : k.members) w.value(m);
    w.end_array();
  } else {
    w.key("team").value(k.team).key("channel").value(k.channel);
  }
  w.key("user").value(k.user).key("create_at").value(k.create_at);
  w.end_object();
}

PostKey key_of(dom::element post, bool direct) {
  PostKey k;
  k.direct = direct;
  if (direct) {
    dom::array a;
    if (!post["channel_members"].get(a))
      for (dom::element m : a) k.members.emplace_back(m.get_string().value_unsafe());
  } else {
    k.team = str(post, "team");
    k.channel = str(post, "channel");
  }
  k.user = str(post, "user");
  k.create_at = num(post, "create_at");
  return k;
}

struct Changed {
  PostKey key;
  std::string what;  // replies, reactions, attachments, flags, pin
  int64_t at = 0;
};

// What the parallel stage makes of a block of the earlier export's lines: the lines to write,
// cut where the section changes (new lines of a section go in before a later one begins), and
// what it did, for the key. Merged in the order of the blocks.
struct Segment {
  int rank;
  size_t begin, end;  // in `out`
  uint64_t lines;
};
struct Block {
  std::string in;  // lines, each with its '\n'
  uint64_t first_line = 0;
  std::string out;
  std::vector<Segment> segments;
  std::vector<PostKey> deleted;
  std::vector<Changed> changed, edited;
  uint64_t deleted_channel_posts = 0, files = 0;

  void add(int rank, std::string_view text, uint64_t lines) {
    if (segments.empty() || segments.back().rank != rank) segments.push_back({rank, out.size(), out.size(), 0});
    out += text;
    segments.back().end = out.size();
    segments.back().lines += lines;
  }
};

const char* const kWords[] = {"release", "cut-over", "migration", "checklist", "rollback", "deploy", "review",
                              "standup", "retro", "incident", "ticket", "branch", "staging", "metrics",
                              "dashboard", "runbook", "ping", "sync", "draft", "notes", "budget", "roadmap",
                              "feedback", "fixed", "shipped", "blocked", "tomorrow", "today", "👍", "ありがとう"};
const char* const kReactionEmoji[] = {"thumbsup", "tada", "eyes", "white_check_mark", "rocket", "heart", "100"};

std::string sentence(Rng& rng, std::string_view prefix) {
  std::string s(prefix);
  unsigned n = 3 + static_cast<unsigned>(rng.below(12));
  for (unsigned i = 0; i < n; ++i) {
    s += ' ';
    s += kWords[rng.below(std::size(kWords))];
  }
  return s;
}

void append_date(std::string& out, int64_t ms) {
  time_t t = static_cast<time_t>(ms / 1000);
  struct tm tm;
  gmtime_r(&t, &tm);
  char buf[48];
  snprintf(buf, sizeof buf, "%04d%02d%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
  out += buf;
}

class Evolver {
 public:
  Evolver(const EvolveOptions& o, std::string staging, OutputSet& outputs)
      : o_(o), staging_(std::move(staging)), outputs_(outputs) {}

  EvolveSummary run();

 private:
  // Sections of new lines, each written once a later section begins.
  void flush_before(int rank, OutputFile& out);
  void emit(OutputFile& out, std::string_view line);       // a line with its '\n'
  void choose_objects();
  std::string rewrite_head_line(dom::element doc, std::string_view raw);
  void process_block(Block& b) const;
  void write_block(const Block& b, OutputFile& out);
  void evolve_post(dom::element doc, std::string_view raw, bool direct, Block& b) const;
  std::string new_reply(Rng& rng, const PostKey& k, const std::vector<std::string>& people, int64_t at,
                        bool attach, uint64_t& files) const;
  std::string attachment_json(Rng& rng, const PostKey& k, const std::string& user, int64_t at,
                              uint64_t& files) const;
  std::string user_line(const std::string& name, const std::string& email,
                        const std::vector<std::pair<std::string, std::vector<std::string>>>& teams);
  std::string channel_line(const std::string& team, const std::string& name, const std::string& display);
  std::string new_posts(bool direct, uint64_t count, Rng& rng);
  std::string post_line(const PostKey& k, const std::string& message, bool attach, Rng& rng);
  void write_target_changes();
  void write_key_file(const EvolveSummary& s);
  int64_t event_time(uint64_t h) const { return t0_ + static_cast<int64_t>(h % static_cast<uint64_t>(span_)); }

  const EvolveOptions& o_;
  std::string staging_;
  OutputSet& outputs_;  // every output, committed together by evolve()
  Objects src_, tgt_;
  int64_t t0_ = 0, span_ = 0;
  std::string root_;         // the gen-synthetic --out directory at the start of the chain
  uint32_t depth_ = 1;       // 1: BASE is the root; n: BASE is the (n-1)th evolution
  // The seed of this step: each step of a chain decides anew (an unchanged line hashes the same).
  uint64_t seed_ = 0;
  uint64_t chain_posts_ = 0;
  uint64_t base_posts_ = 0, base_target_posts_ = 0;
  FateTable fates_{EvolveRates{}, 1, 0};
  int next_rank_ = 0;  // sections below it have had their new lines written
  LineParser parser_;  // the serial parts' (the parallel stage has one per thread)
  std::string source_name_;
  uint64_t files_written_ = 0;

  // Choices on the earlier instance.
  std::map<std::string, double> weight_;   // "team/channel" -> share of the earlier posts
  std::string shared_team;                 // a team both sides have
  ChannelInfo archived_, deleted_;
  // Channels the earlier export already has archived ("team/name"): read-only on the server, so
  // nothing is posted, replied, reacted or edited in them since.
  // Few: a list scanned per post line, no key built.
  std::vector<std::pair<std::string, std::string>> archived_before_;
  bool archived_before(const std::string& team, const std::string& channel) const {
    for (const auto& [t, c] : archived_before_)
      if (t == team && c == channel) return true;
    return false;
  }
  std::string added_team_user_, added_team_;
  std::string added_channel_user_, added_channel_team_, added_channel_;
  std::string removed_user_, removed_team_, removed_channel_;
  // New on the source.
  std::vector<std::string> new_channels_;  // in shared_team
  std::vector<std::pair<std::string, std::string>> new_users_;  // username, email
  std::vector<std::string> new_emoji_;
  std::vector<std::string> new_dm_;  // members of the new direct channel
  std::string collide_user_, collide_channel_, collide_emoji_;
  std::map<std::string, std::vector<std::string>> members_;  // "team/channel" -> usernames
  std::vector<std::vector<std::string>> direct_channels_;
  // What happened, for the key.
  std::vector<PostKey> new_post_keys_, deleted_keys_;
  std::vector<Changed> changed_, edited_;
  uint64_t deleted_channel_posts_ = 0;
  EvolveSummary sum_;
  // The target's side.
  std::vector<std::string> t_new_channels_, t_new_users_, t_new_emoji_;
  std::vector<PostKey> t_new_posts_;
};

void Evolver::emit(OutputFile& out, std::string_view line) {
  out.write(line);
  sum_.lines++;
  sum_.bytes += line.size();
}



std::string Evolver::channel_line(const std::string& team, const std::string& name, const std::string& display) {
  std::string s;
  JsonWriter w(s);
  w.begin_object().key("type").value("channel").key("channel").begin_object();
  w.key("team").value(team).key("name").value(name).key("display_name").value(display);
  w.key("type").value("O").key("header").value("Opened after the first import").key("purpose").value("");
  w.key("deleted_at").value(int64_t{0});
  w.end_object().end_object();
  s += '\n';
  return s;
}

std::string Evolver::user_line(const std::string& name, const std::string& email,
                               const std::vector<std::pair<std::string, std::vector<std::string>>>& teams) {
  std::string s;
  JsonWriter w(s);
  w.begin_object().key("type").value("user").key("user").begin_object();
  w.key("username").value(name).key("email").value(email).key("auth_service").null();
  w.key("nickname").value("").key("first_name").value(name.substr(0, name.find('.')));
  w.key("last_name").value("").key("position").value("New hire").key("roles").value("system_user");
  w.key("locale").value("en").key("delete_at").value(int64_t{0});
  w.key("teams").begin_array();
  for (const auto& [team, chans] : teams) {
    w.begin_object().key("name").value(team).key("roles").value("team_user").key("channels").begin_array();
    for (const auto& c : chans) w.begin_object().key("name").value(c).key("roles").value("channel_user").end_object();
    w.end_array().end_object();
  }
  w.end_array();
  w.end_object().end_object();
  s += '\n';
  return s;
}

std::string Evolver::attachment_json(Rng& rng, const PostKey& k, const std::string& user, int64_t at,
                                     uint64_t& files) const {
  FileChoice f = choose_file(rng, FileProblem::kNone);
  std::string path;
  append_date(path, at);
  path += k.direct ? "/teams/noteam/channels/" : "/teams/" + id_for("team", k.team, seed_) + "/channels/";
  path += id_for("channel", k.direct ? k.members.front() + "," + k.members.back() : k.channel, seed_);
  path += "/users/" + id_for("user", user, seed_) + "/";
  append_id(path, rng);
  path += '/' + f.name;
  std::string bytes;
  fill_file_content(f.kind, f.size, rng, bytes);
  write_tree_file(staging_, path, bytes);
  files++;
  std::string s = "{\"path\":";
  quote(s, path);
  s += '}';
  return s;
}

std::string Evolver::new_reply(Rng& rng, const PostKey& k, const std::vector<std::string>& people, int64_t at,
                               bool attach, uint64_t& files) const {
  const std::string& who = people[rng.below(people.size())];
  std::string s;
  JsonWriter w(s);
  w.begin_object().key("user").value(who).key("type").value("");
  w.key("message").value(sentence(rng, "Following up:")).key("props").begin_object().end_object();
  w.key("create_at").value(at).key("edit_at").value(int64_t{0});
  w.key("flagged_by").begin_array().end_array().key("reactions").begin_array().end_array();
  if (attach) w.key("attachments").raw("[" + attachment_json(rng, k, who, at, files) + "]");
  w.key("is_pinned").value(false).end_object();
  return s;
}

void Evolver::evolve_post(dom::element doc, std::string_view raw, bool direct, Block& b) const {
  dom::element post = doc[direct ? "direct_post" : "post"].value_unsafe();
  PostKey k = key_of(post, direct);
  if (!direct && k.team == deleted_.team && k.channel == deleted_.name) {
    b.deleted_channel_posts++;
    return;
  }
  uint64_t h = XXH3_64bits_withSeed(raw.data(), raw.size(), seed_);
  PostFate fate = fates_.decide(h);
  if (!direct && archived_before(k.team, k.channel)) fate = PostFate::kKeep;
  std::string_view type = str(post, "type");
  // Edits only of user messages (system messages are not edited) short enough to grow.
  if (fate == PostFate::kEdit && (!type.empty() || str(post, "message").size() > 8000)) fate = PostFate::kReaction;
  if (fate == PostFate::kKeep) {
    b.add(section_rank(direct ? "direct_post" : "post"), std::string_view(raw.data(), raw.size() + 1), 1);
    return;
  }
  Rng rng(h, Stream::kEvolvePosts);
  int64_t at = event_time(rng.next());
  // The post's people: author, members (direct) and repliers; a new reply or reaction comes from them.
  std::vector<std::string> people{k.user};
  for (const auto& m : k.members) people.push_back(m);
  dom::array replies;
  if (!post["replies"].get(replies))
    for (dom::element r : replies) people.emplace_back(str(r, "user"));
  std::vector<std::pair<std::string_view, std::string>> repl;
  std::string what;
  switch (fate) {
    case PostFate::kDelete:
      b.deleted.push_back(std::move(k));
      return;
    case PostFate::kEdit: {
      std::string msg(str(post, "message"));
      msg += " (edited: " + sentence(rng, "") + ")";
      std::string m;
      quote(m, msg);
      repl.emplace_back("message", std::move(m));
      repl.emplace_back("edit_at", std::to_string(at));
      b.edited.push_back({k, "message", at});
      break;
    }
    case PostFate::kReply: {
      bool attach = rng.chance(0.25);
      repl.emplace_back("replies", append_to_array(post, "replies", new_reply(rng, k, people, at, attach, b.files)));
      what = attach ? "replies,attachments" : "replies";
      break;
    }
    case PostFate::kReaction: {
      // A (user, emoji) pair the post does not have yet: a reaction is matched by both.
      std::set<std::pair<std::string, std::string>> had;
      dom::array rs;
      if (!post["reactions"].get(rs))
        for (dom::element r : rs) had.emplace(str(r, "user"), str(r, "emoji_name"));
      std::string who = people[rng.below(people.size())];
      std::string emoji = kReactionEmoji[rng.below(std::size(kReactionEmoji))];
      for (size_t i = 0; i < std::size(kReactionEmoji) && had.count({who, emoji}); ++i) emoji = kReactionEmoji[i];
      if (had.count({who, emoji})) emoji = "evolved_" + std::to_string(rng.below(1000000));
      std::string r;
      JsonWriter w(r);
      w.begin_object().key("user").value(who).key("emoji_name").value(emoji).key("create_at").value(at).end_object();
      repl.emplace_back("reactions", append_to_array(post, "reactions", r));
      what = "reactions";
      break;
    }
    case PostFate::kPin: {
      bool pinned = false;
      if (post["is_pinned"].get(pinned)) pinned = false;
      repl.emplace_back("is_pinned", pinned ? "false" : "true");
      what = "pin";
      break;
    }
    case PostFate::kFlag: {
      std::set<std::string> flagged;
      dom::array fa;
      if (!post["flagged_by"].get(fa))
        for (dom::element f : fa) flagged.emplace(f.get_string().value_unsafe());
      std::string who;
      for (const auto& p : people)
        if (!flagged.count(p)) {
          who = p;
          break;
        }
      if (who.empty()) {  // everyone flagged it already: unpin/pin instead
        bool pinned = false;
        if (post["is_pinned"].get(pinned)) pinned = false;
        repl.emplace_back("is_pinned", pinned ? "false" : "true");
        what = "pin";
        break;
      }
      std::string f;
      quote(f, who);
      repl.emplace_back("flagged_by", append_to_array(post, "flagged_by", f));
      what = "flags";
      break;
    }
    case PostFate::kKeep:
      break;
  }
  if (!what.empty()) b.changed.push_back({k, what, at});
  std::string payload;
  rewrite_object(post.get_object().value_unsafe(), repl, payload);
  b.add(section_rank(direct ? "direct_post" : "post"), line_of(direct ? "direct_post" : "post", payload), 1);
}

std::string Evolver::post_line(const PostKey& k, const std::string& message, bool attach, Rng& rng) {
  std::string s;
  JsonWriter w(s);
  w.begin_object().key("type").value(k.direct ? "direct_post" : "post").key(k.direct ? "direct_post" : "post");
  w.begin_object();
  if (k.direct) {
    w.key("channel_members").begin_array();
    for (const auto& m : k.members) w.value(m);
    w.end_array();
  } else {
    w.key("team").value(k.team).key("channel").value(k.channel);
  }
  w.key("user").value(k.user).key("type").value("").key("message").value(message);
  w.key("props").begin_object().end_object().key("create_at").value(k.create_at).key("edit_at").value(int64_t{0});
  w.key("flagged_by").begin_array().end_array().key("reactions").begin_array().end_array();
  w.key("replies").begin_array().end_array().key("is_pinned").value(false);
  if (attach) w.key("attachments").raw("[" + attachment_json(rng, k, k.user, k.create_at, files_written_) + "]");
  w.end_object().end_object();
  s += '\n';
  return s;
}

std::string Evolver::new_posts(bool direct, uint64_t count, Rng& rng) {
  std::string out;
  // Channels with members to post in: the shared team's (the new ones included) and every other.
  std::vector<std::string> channels;
  for (const auto& [ch, people] : members_)
    if (!people.empty()) channels.push_back(ch);
  int64_t step = std::max<int64_t>(1, span_ / static_cast<int64_t>(count + 1));
  for (uint64_t i = 0; i < count; ++i) {
    PostKey k;
    k.direct = direct;
    k.create_at = t0_ + static_cast<int64_t>(i + 1) * step + (direct ? 1 : 0);
    if (direct) {
      if (direct_channels_.empty()) break;
      // The new direct channel gets the first few, the others one each at random.
      k.members = i < 3 && !new_dm_.empty() ? new_dm_ : direct_channels_[rng.below(direct_channels_.size())];
      k.user = k.members[rng.below(k.members.size())];
    } else {
      // The new channels get their share first.
      const std::string& ch = i < 2 * new_channels_.size() ? shared_team + "/" + new_channels_[i / 2]
                                                            : channels[rng.below(channels.size())];
      size_t slash = ch.find('/');
      k.team = ch.substr(0, slash);
      k.channel = ch.substr(slash + 1);
      const auto& people = members_[ch];
      k.user = people[rng.below(people.size())];
    }
    bool attach = i == 1 || rng.chance(0.02);
    out += post_line(k, sentence(rng, direct ? "Quick question:" : "Update:"), attach, rng);
    new_post_keys_.push_back(std::move(k));
  }
  return out;
}

void Evolver::choose_objects() {
  Rng rng(seed_, Stream::kEvolve);
  for (const auto& t : src_.teams)
    if (std::find(tgt_.teams.begin(), tgt_.teams.end(), t) != tgt_.teams.end()) {
      shared_team = t;
      break;
    }
  if (shared_team.empty()) {
    if (src_.teams.empty()) throw Error("the earlier source export has no team");
    shared_team = src_.teams.front();
  }
  // Channels that can be archived or deleted: open or private, alive, not the two every team has.
  std::vector<const ChannelInfo*> eligible;
  for (const auto& c : src_.channels)
    if (c.deleted_at == 0 && c.name != "town-square" && c.name != "off-topic") eligible.push_back(&c);
  if (eligible.size() >= 2) {
    size_t a = rng.below(eligible.size());
    size_t d = (a + 1 + rng.below(eligible.size() - 1)) % eligible.size();
    if (!weight_.empty()) {  // the quietest other channel
      double best = 1e300;
      for (size_t i = 0; i < eligible.size(); ++i) {
        auto it = weight_.find(eligible[i]->team + "/" + eligible[i]->name);
        if (i != a && it != weight_.end() && it->second < best) {
          best = it->second;
          d = i;
        }
      }
    }
    archived_ = *eligible[a];
    archived_.deleted_at = t0_ + span_ / 2;
    deleted_ = *eligible[d];
  }
  auto alive = [&](const std::string& team, const std::string& ch) {
    for (const auto& c : src_.channels)
      if (c.team == team && c.name == ch) return c.deleted_at == 0 && !(c.team == deleted_.team && c.name == deleted_.name) &&
                                                 !(c.team == archived_.team && c.name == archived_.name);
    return false;
  };
  std::vector<size_t> order(src_.users.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  shuffle(order, rng);
  for (size_t i : order) {
    const UserInfo& u = src_.users[i];
    if (!u.active || u.guest || u.teams.empty()) continue;
    if (added_team_user_.empty() && u.teams.size() < src_.teams.size()) {
      for (const auto& t : src_.teams) {
        bool in = false;
        for (const auto& [ut, _] : u.teams) in |= ut == t;
        if (!in) {
          added_team_user_ = u.username;
          added_team_ = t;
          break;
        }
      }
      if (!added_team_user_.empty()) continue;
    }
    if (added_channel_user_.empty()) {
      const auto& [team, chans] = u.teams.front();
      for (const auto& c : src_.channels)
        if (c.team == team && alive(c.team, c.name) && c.type == 'O' &&
            std::find(chans.begin(), chans.end(), c.name) == chans.end()) {
          added_channel_user_ = u.username;
          added_channel_team_ = team;
          added_channel_ = c.name;
          break;
        }
      if (!added_channel_user_.empty()) continue;
    }
    if (removed_user_.empty()) {
      for (const auto& [team, chans] : u.teams)
        for (const auto& c : chans)
          if (removed_user_.empty() && c != "town-square" && alive(team, c)) {
            removed_user_ = u.username;
            removed_team_ = team;
            removed_channel_ = c;
          }
      if (!removed_user_.empty()) continue;
    }
  }

  // New names, free on both sides.
  std::set<std::string> usernames = src_.usernames;
  usernames.insert(tgt_.usernames.begin(), tgt_.usernames.end());
  std::set<std::string> channel_names;
  for (const auto& c : src_.channels) channel_names.insert(c.name);
  for (const auto& c : tgt_.channels) channel_names.insert(c.name);
  uint32_t n_users = new_user_count(o_.days, src_.users.size());
  collide_user_ = fresh_name("jordan.newhire", usernames, ".");
  new_users_.emplace_back(collide_user_, collide_user_ + "@source.example.com");
  for (uint32_t i = 1; i < n_users; ++i) {
    std::string name = fresh_name("newcomer" + std::to_string(i), usernames, ".");
    new_users_.emplace_back(name, name + "@example.com");
  }
  collide_channel_ = fresh_name("cutover-planning", channel_names);
  new_channels_.push_back(collide_channel_);
  for (uint32_t i = 0; i < std::max<uint32_t>(1, o_.days / 3); ++i)
    new_channels_.push_back(fresh_name("evolved-" + std::to_string(i + 1), channel_names));
  std::set<std::string> emoji_names;  // the earlier exports' emoji come later; these prefixes are the generator's own
  // Emoji lines come after the posts: names of their own per step of a chain stay free.
  const std::string step = depth_ > 1 ? "_" + std::to_string(depth_) : "";
  collide_emoji_ = "evolved_shipit" + step;
  new_emoji_ = {collide_emoji_};
  for (uint32_t i = 0; i < std::max<uint32_t>(1, o_.days / 3); ++i) new_emoji_.push_back("evolved_emoji" + step + "_" + std::to_string(i + 1));
  for (const auto& [name, _] : new_users_) {
    for (const auto& c : new_channels_) members_[shared_team + "/" + c].push_back(name);
    members_[shared_team + "/town-square"].push_back(name);
  }
  if (!src_.users.empty()) {
    // The new direct channel: the first new user and an existing active user.
    for (size_t i : order)
      if (src_.users[i].active) {
        new_dm_ = {new_users_.front().first, src_.users[i].username};
        break;
      }
  }
}

std::string Evolver::rewrite_head_line(dom::element doc, std::string_view raw) {
  std::string_view type = str(doc, "type");
  dom::element v = doc[type].value_unsafe();
  if (type == "channel") {
    std::string team(str(v, "team")), name(str(v, "name"));
    if (team == deleted_.team && name == deleted_.name) return {};
    if (team == archived_.team && name == archived_.name) {
      std::string payload;
      rewrite_object(v.get_object().value_unsafe(), {{"deleted_at", std::to_string(archived_.deleted_at)}}, payload);
      return line_of("channel", payload);
    }
  } else if (type == "user") {
    std::string name(str(v, "username"));
    bool touched = false;
    dom::array teams;
    if (!v["teams"].get(teams))
      for (dom::element t : teams) {
        dom::array ca;
        if (!t["channels"].get(ca))
          for (dom::element c : ca) touched |= str(t, "name") == deleted_.team && str(c, "name") == deleted_.name;
      }
    if (touched || name == added_team_user_ || name == added_channel_user_ || name == removed_user_) {
      std::string arr = "[";
      bool first_team = true;
      if (!v["teams"].get(teams))
        for (dom::element t : teams) {
          std::string tname(str(t, "name"));
          std::string chans = "[";
          dom::array ca;
          if (!t["channels"].get(ca))
            for (dom::element c : ca) {
              std::string_view cname = str(c, "name");
              if (tname == deleted_.team && cname == deleted_.name) continue;
              if (name == removed_user_ && tname == removed_team_ && cname == removed_channel_) continue;
              if (chans.size() > 1) chans += ',';
              chans += simdjson::minify(c);
            }
          if (name == added_channel_user_ && tname == added_channel_team_) {
            if (chans.size() > 1) chans += ',';
            chans += "{\"name\":";
            quote(chans, added_channel_);
            chans += ",\"roles\":\"channel_user\"}";
          }
          chans += ']';
          if (!first_team) arr += ',';
          first_team = false;
          rewrite_object(t.get_object().value_unsafe(), {{"channels", chans}}, arr);
        }
      if (name == added_team_user_) {
        if (!first_team) arr += ',';
        arr += "{\"name\":";
        quote(arr, added_team_);
        arr += ",\"roles\":\"team_user\",\"channels\":[{\"name\":\"town-square\",\"roles\":\"channel_user\"}]}";
      }
      arr += ']';
      std::string payload;
      rewrite_object(v.get_object().value_unsafe(), {{"teams", arr}}, payload);
      return line_of("user", payload);
    }
  }
  std::string s(raw);
  s += '\n';
  return s;
}

void Evolver::flush_before(int rank, OutputFile& out) {
  for (; next_rank_ < rank; ++next_rank_) {
    switch (next_rank_) {
      case 4:  // channel
        for (const auto& c : new_channels_) emit(out, channel_line(shared_team, c, "New " + c));
        break;
      case 5:  // user
        for (const auto& [name, email] : new_users_) {
          std::vector<std::string> chans{"town-square"};
          chans.insert(chans.end(), new_channels_.begin(), new_channels_.end());
          emit(out, user_line(name, email, {{shared_team, chans}}));
        }
        break;
      case 7: {  // post
        Rng rng(seed_, Stream::kEvolvePosts, 1);
        uint64_t n = new_post_count(EvolveRates{}, o_.days, base_posts_);
        std::string lines = new_posts(false, n - n / 8, rng);
        for (size_t p = 0; p < lines.size();) {
          size_t e = lines.find('\n', p);
          emit(out, std::string_view(lines).substr(p, e + 1 - p));
          p = e + 1;
        }
        break;
      }
      case 8:  // emoji
        for (const auto& name : new_emoji_) {
          std::string id = id_for("evolved/emoji", name, seed_);
          write_tree_file(staging_, "emoji/" + id + "/image", emoji_image(files_written_ % 4));
          files_written_++;
          std::string s;
          JsonWriter w(s);
          w.begin_object().key("type").value("emoji").key("emoji").begin_object();
          w.key("name").value(name).key("image").value("emoji/" + id + "/image").end_object().end_object();
          s += '\n';
          emit(out, s);
        }
        break;
      case 9:  // direct_channel
        if (new_dm_.size() == 2) {
          std::string s;
          JsonWriter w(s);
          w.begin_object().key("type").value("direct_channel").key("direct_channel").begin_object();
          w.key("members").begin_array().value(new_dm_[0]).value(new_dm_[1]).end_array();
          w.key("header").value("").end_object().end_object();
          s += '\n';
          emit(out, s);
          direct_channels_.push_back(new_dm_);
        }
        break;
      case 10: {  // direct_post
        Rng rng(seed_, Stream::kEvolvePosts, 2);
        uint64_t n = new_post_count(EvolveRates{}, o_.days, base_posts_);
        std::string lines = new_posts(true, n / 8, rng);
        for (size_t p = 0; p < lines.size();) {
          size_t e = lines.find('\n', p);
          emit(out, std::string_view(lines).substr(p, e + 1 - p));
          p = e + 1;
        }
        break;
      }
      default:
        break;
    }
  }
}

void Evolver::process_block(Block& b) const {
  thread_local LineParser parser;
  std::string_view text = b.in;
  uint64_t n = b.first_line;
  b.out.reserve(text.size() + text.size() / 16);
  for (size_t pos = 0; pos < text.size();) {
    size_t nl = text.find('\n', pos);
    std::string_view raw = text.substr(pos, nl - pos);
    pos = nl + 1;
    dom::element doc = parser.parse(raw, source_name_, ++n);
    std::string_view type = str(doc, "type");
    if (type == "post" || type == "direct_post") {
      evolve_post(doc, raw, type == "direct_post", b);
    } else {
      // Lines of unknown types stay where they are, with the section they are in.
      int rank = section_rank(type);
      b.add(rank >= 0 ? rank : (b.segments.empty() ? section_rank("post") : b.segments.back().rank),
            std::string_view(raw.data(), raw.size() + 1), 1);
    }
  }
  b.in.clear();
  b.in.shrink_to_fit();
}

void Evolver::write_block(const Block& b, OutputFile& out) {
  for (const Segment& s : b.segments) {
    flush_before(s.rank, out);
    std::string_view text = std::string_view(b.out).substr(s.begin, s.end - s.begin);
    if (s.rank == section_rank("direct_channel")) {
      // Direct channels' members: the authors of new direct posts.
      for (size_t pos = 0; pos < text.size();) {
        size_t nl = text.find('\n', pos);
        dom::element doc = parser_.parse(text.substr(pos, nl - pos), source_name_, 0);
        pos = nl + 1;
        std::vector<std::string> members;
        dom::element v;
        if (doc["direct_channel"].get(v)) continue;
        dom::array a;
        if (!v["participants"].get(a))
          for (dom::element p : a) members.emplace_back(str(p, "username"));
        else if (!v["members"].get(a))
          for (dom::element m : a) members.emplace_back(m.get_string().value_unsafe());
        if (!members.empty()) direct_channels_.push_back(std::move(members));
      }
    }
    out.write(text);
    sum_.lines += s.lines;
    sum_.bytes += text.size();
  }
  for (const auto& k : b.deleted) deleted_keys_.push_back(k);
  for (const auto& c : b.changed) changed_.push_back(c);
  for (const auto& c : b.edited) edited_.push_back(c);
  deleted_channel_posts_ += b.deleted_channel_posts;
  files_written_ += b.files;
}

std::string find_export(const std::string& dir, const std::string& stem) {
  for (const char* ext : {".jsonl", ".jsonl.zst"})
    if (fs::exists(dir + "/" + stem + ext)) return dir + "/" + stem + ext;
  throw Error(dir + ": no " + stem + ".jsonl or " + stem + ".jsonl.zst (not a gen-synthetic --out directory)");
}

EvolveSummary Evolver::run() {
  auto start = std::chrono::steady_clock::now();
  // BASE is a gen-synthetic --out directory (the root), or an earlier --evolve output (a chain:
  // rolling deltas), whose evolve-key.json names the root and when its events ended.
  root_ = o_.base;
  int64_t chain_t0 = 0;
  if (!fs::exists(o_.base + "/answer-key.json") && fs::exists(o_.base + "/evolve-key.json")) {
    std::string key_path = o_.base + "/evolve-key.json";
    simdjson::padded_string json;
    dom::parser p;
    dom::element key;
    std::string_view root;
    int64_t depth = 0, to = 0, posts = 0;
    if (simdjson::padded_string::load(key_path).get(json) || p.parse(json).get(key) ||
        key["chain"]["root"].get(root) || key["chain"]["depth"].get(depth) || key["chain"]["posts"].get(posts) ||
        key["time"]["to"].get(to))
      throw Error(key_path + ": not an evolve key with chain.root, chain.depth, chain.posts and time.to");
    root_ = std::string(root);
    depth_ = static_cast<uint32_t>(depth) + 1;
    chain_t0 = to + kDayMs / 2;
    chain_posts_ = static_cast<uint64_t>(posts);
  }
  // The root's arguments give the time its posts end at and its size.
  {
    std::string key_path = root_ + "/answer-key.json";
    simdjson::padded_string json;
    if (simdjson::padded_string::load(key_path).get(json))
      throw Error(key_path + ": cannot be read (BASE_DIR must be a gen-synthetic --out directory or an --evolve output)");
    dom::parser p;
    dom::element key;
    if (p.parse(json).get(key)) throw Error(key_path + ": not JSON");
    int64_t posts = 0;
    if (key["arguments"]["posts"].get(posts)) throw Error(key_path + ": no arguments.posts");
    int64_t target_posts = 0;
    if (key["arguments"]["target_posts"].get(target_posts)) target_posts = posts / 4;
    base_posts_ = static_cast<uint64_t>(posts);
    // The earlier run's model, rebuilt from its arguments (no posts): its channel weights say
    // which channel is quiet, so deleting it removes few posts, as in a real instance.
    GenOptions g;
    g.posts = static_cast<uint64_t>(posts);
    g.target_posts = static_cast<uint64_t>(target_posts);
    dom::element args = key["arguments"].value_unsafe();
    int64_t v = 0;
    double d = 0;
    if (!args["users"].get(v)) g.users = static_cast<uint32_t>(v);
    if (!args["teams"].get(v)) g.teams = static_cast<uint32_t>(v);
    if (!args["channels"].get(v)) g.channels = static_cast<uint32_t>(v);
    if (!args["seed"].get(v)) g.seed = static_cast<uint64_t>(v);
    if (!args["conflict_rate"].get(d)) g.conflict_rate = d;
    if (!args["attachments_rate"].get(d)) g.attachments_rate = d;
    if (g.users >= 20 && g.teams >= 1 && g.channels >= 2) {
      ModelPair m = build_models(g);
      const Export& e = m.source;
      for (size_t i = 0; i < e.channels.size(); ++i)
        weight_[e.teams[e.channels[i].team].name + "/" + e.channels[i].name] =
            e.channel_weights[i] - (i ? e.channel_weights[i - 1] : 0);
    }
    base_target_posts_ = static_cast<uint64_t>(target_posts);
    t0_ = kStartTimeMs + posts * kPostIntervalMs + kTailMs;
    span_ = static_cast<int64_t>(o_.days) * kDayMs;
    if (depth_ > 1) {
      t0_ = chain_t0;
      base_posts_ = chain_posts_;
    }
  }
  seed_ = o_.seed + (depth_ - 1) * 0x9E3779B97F4A7C15ull;
  fates_ = FateTable(EvolveRates{}, o_.days, base_posts_ ? std::min(0.05, 8.0 / static_cast<double>(base_posts_)) : 0);

  std::string source_path = find_export(o_.base, "source");
  std::string target_path = find_export(root_, "target");
  {
    LineReader tin(target_path);
    LineParser tp;
    read_head(tin, tp, tgt_);
    // In a chain, what the target gained in the previous step too (its names are taken).
    if (depth_ > 1 && fs::exists(o_.base + "/target-changes.jsonl")) {
      LineReader tc(o_.base + "/target-changes.jsonl");
      std::string_view line;
      while (tc.next(line)) collect(tp.parse(line, tc.name(), tc.line_number()), tgt_);
    }
  }
  LineReader in(source_path);
  source_name_ = in.name();
  Head head = read_head(in, parser_, src_);
  choose_objects();

  bool zst = source_path.size() > 4 && source_path.compare(source_path.size() - 4, 4, ".zst") == 0;
  const std::string out_path = o_.out + (zst ? "/source.jsonl.zst" : "/source.jsonl");
  OutputFile& out = outputs_.file(out_path, OutputOptions::for_path(out_path));
  for (const auto& c : src_.channels)
    if (c.deleted_at != 0) archived_before_.emplace_back(c.team, c.name);
  // Channel and user members after the changes, for the authors of new posts.
  for (const auto& u : src_.users) {
    if (!u.active) continue;
    for (const auto& [team, chans] : u.teams)
      for (const auto& c : chans)
        if (!(team == deleted_.team && c == deleted_.name) &&
            !(u.username == removed_user_ && team == removed_team_ && c == removed_channel_) &&
            !(team == archived_.team && c == archived_.name) && !archived_before(team, c))
          members_[team + "/" + c].push_back(u.username);
  }
  for (const std::string& raw : head.lines) {
    dom::element doc = parser_.parse(raw, in.name(), 0);
    int rank = section_rank(str(doc, "type"));
    flush_before(rank, out);
    std::string line = rewrite_head_line(doc, raw);
    if (!line.empty()) emit(out, line);
  }
  // The rest (posts and what follows them) in blocks: read in order, evolved in parallel, written
  // in order; a bounded number of blocks in flight bounds the memory.
  constexpr size_t kBlockBytes = 4 << 20;
  bool pending = head.has_rest;
  std::string first = std::move(head.first_rest);
  uint64_t next_line = in.line_number() - (pending ? 1 : 0);  // the head's reader took the first
  auto read = tbb::make_filter<void, std::shared_ptr<Block>>(
      tbb::filter_mode::serial_in_order, [&](tbb::flow_control& fc) -> std::shared_ptr<Block> {
        auto b = std::make_shared<Block>();
        b->first_line = next_line;
        if (pending) {
          b->in += first;
          b->in += '\n';
          pending = false;
          next_line++;
        }
        std::string_view line;
        while (b->in.size() < kBlockBytes && in.next(line)) {
          b->in += line;
          b->in += '\n';
          next_line++;
        }
        if (b->in.empty()) {
          fc.stop();
          return nullptr;
        }
        return b;
      });
  auto evolve = tbb::make_filter<std::shared_ptr<Block>, std::shared_ptr<Block>>(
      tbb::filter_mode::parallel, [&](std::shared_ptr<Block> b) {
        process_block(*b);
        return b;
      });
  auto write = tbb::make_filter<std::shared_ptr<Block>, void>(
      tbb::filter_mode::serial_in_order, [&](std::shared_ptr<Block> b) { write_block(*b, out); });
  tbb::parallel_pipeline(2 * static_cast<size_t>(tbb::this_task_arena::max_concurrency()) + 1, read & evolve & write);
  flush_before(11, out);
  sum_.base_lines = in.line_number();
  sum_.base_bytes = in.bytes();

  write_target_changes();
  sum_.new_posts = new_post_keys_.size();
  sum_.changed_posts = changed_.size();
  sum_.edited = edited_.size();
  sum_.deleted_posts = deleted_keys_.size();
  sum_.files_written = files_written_;
  write_key_file(sum_);
  sum_.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return sum_;
}

void Evolver::write_target_changes() {
  Rng rng(seed_, Stream::kEvolveTarget);
  OutputFile& out = outputs_.file(o_.out + "/target-changes.jsonl");
  uint64_t lines = 0;
  auto put = [&](const std::string& s) {
    out.write(s);
    lines++;
  };
  put("{\"type\":\"version\",\"version\":1,\"info\":{\"generator\":\"gen-synthetic --evolve\"}}\n");
  std::string team = shared_team;
  std::set<std::string> channel_names;
  for (const auto& c : src_.channels) channel_names.insert(c.name);
  for (const auto& c : tgt_.channels) channel_names.insert(c.name);
  for (const auto& c : new_channels_) channel_names.insert(c);
  // The same name as a channel the source opened meanwhile, in the team both have.
  t_new_channels_ = {collide_channel_, fresh_name("target-side-room", channel_names)};
  for (const auto& c : t_new_channels_) put(channel_line(team, c, "Target " + c));
  std::set<std::string> usernames = src_.usernames;
  usernames.insert(tgt_.usernames.begin(), tgt_.usernames.end());
  for (const auto& [n, _] : new_users_) usernames.insert(n);
  t_new_users_ = {collide_user_};
  uint32_t n_users = new_user_count(o_.days, tgt_.users.size());
  for (uint32_t i = 1; i < n_users; ++i) t_new_users_.push_back(fresh_name("targethire" + std::to_string(i), usernames, "."));
  for (const auto& u : t_new_users_) {
    std::vector<std::string> chans{"town-square"};
    chans.insert(chans.end(), t_new_channels_.begin(), t_new_channels_.end());
    // The colliding account has its own e-mail on the target.
    put(user_line(u, u + "@target.example.com", {{team, chans}}));
  }
  uint64_t n = std::max<uint64_t>(5, new_post_count(EvolveRates{}, o_.days, base_target_posts_) / 2);
  int64_t step = std::max<int64_t>(1, span_ / static_cast<int64_t>(n + 1));
  for (uint64_t i = 0; i < n; ++i) {
    PostKey k;
    k.team = team;
    k.channel = i % 3 == 2 ? std::string("town-square") : t_new_channels_[i % 2];
    k.user = t_new_users_[rng.below(t_new_users_.size())];
    k.create_at = t0_ + static_cast<int64_t>(i + 1) * step + 2;
    std::string s;
    JsonWriter w(s);
    w.begin_object().key("type").value("post").key("post").begin_object();
    w.key("team").value(k.team).key("channel").value(k.channel).key("user").value(k.user).key("type").value("");
    w.key("message").value(sentence(rng, "On the target:")).key("create_at").value(k.create_at);
    w.end_object().end_object();
    s += '\n';
    put(s);
    t_new_posts_.push_back(std::move(k));
  }
  t_new_emoji_ = {collide_emoji_, "target_side_emoji" + std::string(depth_ > 1 ? "_" + std::to_string(depth_) : "")};
  for (const auto& e : t_new_emoji_) {
    std::string s;
    JsonWriter w(s);
    w.begin_object().key("type").value("emoji").key("emoji").begin_object();
    w.key("name").value(e).key("image").value("emoji/" + id_for("target/emoji", e, seed_) + "/image");
    w.end_object().end_object();
    s += '\n';
    put(s);
  }
  sum_.target_lines = lines;
}

void Evolver::write_key_file(const EvolveSummary& s) {
  std::string j;
  JsonWriter w(j);
  w.begin_object();
  w.key("seed").value(o_.seed).key("days").value(o_.days);
  // What a further --evolve of this directory needs (rolling deltas).
  w.key("chain").begin_object().key("root").value(fs::absolute(root_).lexically_normal().string());
  w.key("depth").value(depth_).key("posts").value(base_posts_ + new_post_keys_.size()).end_object();
  w.key("time").begin_object().key("from").value(t0_).key("to").value(t0_ + span_).end_object();
  w.key("source").begin_object();
  w.key("base_lines").value(s.base_lines).key("base_bytes").value(s.base_bytes);
  w.key("lines").value(s.lines).key("bytes").value(s.bytes).end_object();
  w.key("new").begin_object();
  w.key("team").begin_array().end_array();
  w.key("channel").begin_array();
  for (const auto& c : new_channels_) w.begin_object().key("team").value(shared_team).key("name").value(c).end_object();
  w.end_array();
  w.key("user").begin_array();
  for (const auto& [u, _] : new_users_) w.value(u);
  w.end_array();
  w.key("emoji").begin_array();
  for (const auto& e : new_emoji_) w.value(e);
  w.end_array();
  w.key("direct_channel").begin_array();
  if (new_dm_.size() == 2) w.begin_array().value(new_dm_[0]).value(new_dm_[1]).end_array();
  w.end_array();
  w.key("post").begin_array();
  for (const auto& k : new_post_keys_)
    if (!k.direct) write_key(w, k);
  w.end_array();
  w.key("direct_post").begin_array();
  for (const auto& k : new_post_keys_)
    if (k.direct) write_key(w, k);
  w.end_array();
  w.end_object();
  w.key("changed_posts").begin_array();
  for (const auto& c : changed_) {
    w.begin_object().key("key");
    write_key(w, c.key);
    w.key("changes").begin_array();
    for (size_t p = 0; p < c.what.size();) {
      size_t e = c.what.find(',', p);
      if (e == std::string::npos) e = c.what.size();
      w.value(std::string_view(c.what).substr(p, e - p));
      p = e + 1;
    }
    w.end_array().key("at").value(c.at).end_object();
  }
  w.end_array();
  w.key("edited").begin_array();
  for (const auto& c : edited_) {
    w.begin_object().key("key");
    write_key(w, c.key);
    w.key("edit_at").value(c.at).end_object();
  }
  w.end_array();
  w.key("deleted_posts").begin_array();
  for (const auto& k : deleted_keys_) write_key(w, k);
  w.end_array();
  w.key("deleted_channels").begin_array();
  if (!deleted_.name.empty())
    w.begin_object().key("team").value(deleted_.team).key("name").value(deleted_.name).key("posts").value(deleted_channel_posts_).end_object();
  w.end_array();
  w.key("archived_channels").begin_array();
  if (!archived_.name.empty())
    w.begin_object().key("team").value(archived_.team).key("name").value(archived_.name).key("deleted_at").value(archived_.deleted_at).end_object();
  w.end_array();
  w.key("memberships_added").begin_array();
  if (!added_team_user_.empty())
    w.begin_object().key("user").value(added_team_user_).key("team").value(added_team_).key("channel").value("town-square").end_object();
  if (!added_channel_user_.empty())
    w.begin_object().key("user").value(added_channel_user_).key("team").value(added_channel_team_).key("channel").value(added_channel_).end_object();
  w.end_array();
  w.key("memberships_removed").begin_array();
  if (!removed_user_.empty())
    w.begin_object().key("user").value(removed_user_).key("team").value(removed_team_).key("channel").value(removed_channel_).end_object();
  w.end_array();
  w.key("target_new").begin_object();
  w.key("channel").begin_array();
  for (const auto& c : t_new_channels_) w.begin_object().key("team").value(shared_team).key("name").value(c).end_object();
  w.end_array().key("user").begin_array();
  for (const auto& u : t_new_users_) w.value(u);
  w.end_array().key("emoji").begin_array();
  for (const auto& e : t_new_emoji_) w.value(e);
  w.end_array().key("post").begin_array();
  for (const auto& k : t_new_posts_) write_key(w, k);
  w.end_array().end_object();
  w.key("collisions").begin_object();
  w.key("user").begin_array().value(collide_user_).end_array();
  w.key("channel").begin_array().begin_object().key("team").value(shared_team).key("name").value(collide_channel_).end_object().end_array();
  w.key("emoji").begin_array().value(collide_emoji_).end_array();
  w.end_object();
  w.end_object();
  j += '\n';
  outputs_.file(o_.out + "/evolve-key.json").write(j);
}

}  // namespace

EvolveSummary evolve(const EvolveOptions& o) {
  if (o.days < 1 || o.days > 365) throw Error("--days must be within 1..365");
  if (!fs::is_directory(o.base)) throw Error(o.base + ": not a directory (BASE_DIR of --evolve)");
  std::error_code ec;
  if (fs::exists(o.out) && fs::equivalent(o.base, o.out, ec))
    throw Error("--out must not be BASE_DIR (an input is never modified)");
  // Inputs are only read: no output may land on one, nor inside BASE's tree.
  RunPaths paths;
  for (const char* in : {"/source.jsonl", "/source.jsonl.zst", "/target.jsonl", "/target.jsonl.zst", "/answer-key.json",
                         "/evolve-key.json", "/target-changes.jsonl"})
    paths.input("BASE_DIR", o.base + in);
  paths.tree("BASE_DIR/data", o.base + "/data");
  for (const char* out : {"/source.jsonl", "/source.jsonl.zst", "/target-changes.jsonl", "/evolve-key.json", "/data"})
    paths.output("--out", o.out + out);
  check_output_paths(paths);
  fs::create_directories(o.out);
  // Every output appears together at the end, or none (a failure or a signal leaves nothing).
  OutputSet outputs;
  if (fs::exists(o.out + "/data") && !fs::is_empty(o.out + "/data"))
    throw Error(o.out + "/data exists: an existing tree is never modified");
  std::string staging = outputs.staged_dir(o.out + "/data");
  EvolveSummary s;
  {
    // The earlier tree, linked (or copied) file by file; the new files are written beside.
    std::string base_data = o.base + "/data";
    if (fs::is_directory(base_data)) {
      ImportTree tree(base_data);
      TreeLinker linker(tree.fd(), staging);
      for (auto it = fs::recursive_directory_iterator(base_data); it != fs::recursive_directory_iterator(); ++it) {
        std::error_code fe;
        if (it->is_symlink(fe) || !it->is_regular_file(fe)) continue;
        std::string rel = fs::relative(it->path(), base_data).string();
        linker.place(rel, rel);
        s.files_linked++;
      }
    }
  }
  Evolver ev(o, staging, outputs);
  EvolveSummary r = ev.run();
  r.files_linked = s.files_linked;
  outputs.commit();
  return r;
}

}  // namespace mm::gen
