#include "stages/InstanceIndex.h"

#include <algorithm>

#include <xxhash.h>

#include "jsonl/JsonToken.h"
#include "jsonl/Lines.h"
#include "jsonl/LineClassifier.h"
#include "jsonl/LineType.h"
#include "model/MergePlan.h"

namespace mm {

namespace od = simdjson::ondemand;

void ChunkIndex::clear() {
  teams.clear();
  channels.clear();
  users.clear();
  emoji.clear();
  bots.clear();
  roles.clear();
  schemes.clear();
  memberships.clear();
  membership_counts.clear();
  texts.clear();
  text.clear();
  findings.clear();
  posts_by_team.clear();
  direct_posts = 0;
}

namespace {

// Iterates the fields of an object value, calling f(raw_key, value); stops quietly on a
// non-object or a parse error (the line is then taken as far as it could be read).
template <class F>
void for_each_field(od::value value, F&& f) {
  od::object obj;
  if (value.get_object().get(obj)) return;
  for (auto field_result : obj) {
    od::field field;
    if (std::move(field_result).get(field)) return;
    od::value v = field.value();
    f(raw_key(field), v);
  }
}

// The string value, or nullopt for null or a non-string.
std::optional<std::string> text_of(od::value& value) {
  std::string_view s;
  if (value.get_string().get(s)) return std::nullopt;
  return std::string(s);
}

std::string text_or_empty(od::value& value) { return text_of(value).value_or(std::string()); }

// A permission array as a sorted, de-duplicated, space-separated set.
std::string permission_set(od::value& value) {
  std::vector<std::string> perms;
  od::array arr;
  if (!value.get_array().get(arr)) {
    for (auto item : arr) {
      std::string_view s;
      if (!item.get_string().get(s)) perms.emplace_back(s);
    }
  }
  std::sort(perms.begin(), perms.end());
  perms.erase(std::unique(perms.begin(), perms.end()), perms.end());
  std::string out;
  for (const std::string& p : perms) {
    if (!out.empty()) out += ' ';
    out += p;
  }
  return out;
}

IndexedTeam read_team(od::value& payload) {
  IndexedTeam t;
  for_each_field(payload, [&](std::string_view key, od::value& v) {
    if (key_is(key, "name")) t.name = text_or_empty(v);
    else if (key_is(key, "display_name")) t.display_name = text_or_empty(v);
  });
  return t;
}

IndexedChannel read_channel(od::value& payload) {
  IndexedChannel c;
  for_each_field(payload, [&](std::string_view key, od::value& v) {
    if (key_is(key, "team")) c.team = text_or_empty(v);
    else if (key_is(key, "name")) c.name = text_or_empty(v);
    else if (key_is(key, "display_name")) c.display_name = text_or_empty(v);
    else if (key_is(key, "type")) c.type = text_or_empty(v);
    else if (key_is(key, "deleted_at")) {
      int64_t n = 0;
      double d = 0;
      if (!v.get_int64().get(n)) c.deleted_at = n;
      else if (!v.get_double().get(d)) c.deleted_at = static_cast<int64_t>(d);
    }
  });
  return c;
}

// The string value's id in the chunk's pool ("" for null or a non-string).
uint32_t text_id(od::value& value, ChunkIndex& out) {
  std::string_view s;
  if (value.get_string().get(s)) return TextPool::kEmpty;
  return out.texts.intern(s, out.text);
}

uint32_t roles_id(od::value& value, ChunkIndex& out) {
  std::string_view s;
  if (value.get_string().get(s)) return IndexedMembership::kNoRoles;
  return out.texts.intern(s, out.text);
}

// Appends the user's memberships to out.memberships: each team's, then its channels'.
void read_memberships(od::value& teams, ChunkIndex& out) {
  od::array arr;
  if (teams.get_array().get(arr)) return;
  for (auto item : arr) {
    od::value team_value;
    if (item.get(team_value)) return;
    const size_t team_at = out.memberships.size();
    out.memberships.emplace_back();
    IndexedMembership team;
    for_each_field(team_value, [&](std::string_view key, od::value& v) {
      if (key_is(key, "name")) team.team = text_id(v, out);
      else if (key_is(key, "roles")) team.roles = roles_id(v, out);
      else if (key_is(key, "channels")) {
        od::array carr;
        if (v.get_array().get(carr)) return;
        for (auto citem : carr) {
          od::value channel_value;
          if (citem.get(channel_value)) return;
          IndexedMembership channel;
          for_each_field(channel_value, [&](std::string_view ckey, od::value& cv) {
            if (key_is(ckey, "name")) channel.channel = text_id(cv, out);
            else if (key_is(ckey, "roles")) channel.roles = roles_id(cv, out);
          });
          out.memberships.push_back(channel);
        }
      }
    });
    out.memberships[team_at] = team;
    // "name" may come after "channels".
    for (size_t i = team_at + 1; i < out.memberships.size(); ++i) out.memberships[i].team = team.team;
  }
}

// notify_props' canonical form, hashed: begin(), add() each member as read, hash(). Its buffers
// are reused from line to line.
class NotifyPropsHasher {
 public:
  void begin() {
    props_.clear();
    keys_.clear();
  }
  // `value` must stay valid until hash() (the parser's string buffer or the line).
  void add(std::string_view raw_key, std::string_view value) {
    props_.push_back({keys_.size(), raw_key.size(), static_cast<uint32_t>(props_.size()), value});
    for (char c : raw_key) keys_ += ascii_lower(c);
  }
  uint64_t hash() {
    auto key = [this](const Prop& p) { return std::string_view(keys_).substr(p.key_at, p.key_size); };
    // By key, then as read: the last of duplicate keys is the last of its run.
    std::sort(props_.begin(), props_.end(), [&](const Prop& a, const Prop& b) {
      int c = key(a).compare(key(b));
      return c != 0 ? c < 0 : a.order < b.order;
    });
    canonical_.clear();
    for (size_t i = 0; i < props_.size(); ++i) {
      if (i + 1 < props_.size() && key(props_[i + 1]) == key(props_[i])) continue;
      append_sized(key(props_[i]));
      append_sized(props_[i].value);
    }
    return text_hash(canonical_);
  }

 private:
  struct Prop {
    size_t key_at, key_size;  // in keys_
    uint32_t order;
    std::string_view value;
  };
  // Each text with its length first: no two forms run together.
  void append_sized(std::string_view s) {
    const uint64_t n = s.size();
    canonical_.append(reinterpret_cast<const char*>(&n), sizeof n);
    canonical_ += s;
  }
  std::vector<Prop> props_;
  std::string keys_;
  std::string canonical_;
};

// A user; its memberships appended to out.memberships from `first_membership` (a repeated
// "teams", or "user", replaces the earlier ones).
IndexedUser read_user(od::value& payload, ChunkIndex& out, size_t first_membership, NotifyPropsHasher& notify) {
  IndexedUser u;
  out.memberships.resize(first_membership);
  // Texts go to the chunk's arena, which the instance's index adopts.
  auto stored = [&out](od::value& v) -> std::optional<std::string_view> {
    std::string_view s;
    if (v.get_string().get(s)) return std::nullopt;
    return out.text.store(s);
  };
  auto stored_or_empty = [&](od::value& v) { return stored(v).value_or(std::string_view()); };
  for_each_field(payload, [&](std::string_view key, od::value& v) {
    if (key_is(key, "username")) u.username = stored_or_empty(v);
    else if (key_is(key, "email")) u.email = stored_or_empty(v);
    else if (key_is(key, "auth_service")) u.auth_service = stored_or_empty(v);
    else if (key_is(key, "first_name")) u.first_name = stored_or_empty(v);
    else if (key_is(key, "last_name")) u.last_name = stored_or_empty(v);
    else if (key_is(key, "roles")) u.roles = stored(v);
    else if (key_is(key, "locale")) u.locale = stored_or_empty(v);
    else if (key_is(key, "theme")) {
      std::string_view s;
      u.theme = v.get_string().get(s) ? 0 : text_hash(s);
    } else if (key_is(key, "profile_image")) u.profile_image = stored_or_empty(v);
    else if (key_is(key, "notify_props")) {
      notify.begin();
      for_each_field(v, [&](std::string_view nkey, od::value& nv) {
        std::string_view s;
        if (nv.get_string().get(s)) s = nv.raw_json_token();
        notify.add(nkey, s);
      });
      u.notify_props = notify.hash();
    } else if (key_is(key, "teams")) {
      out.memberships.resize(first_membership);
      read_memberships(v, out);
    }
  });
  return u;
}

IndexedEmoji read_emoji(od::value& payload) {
  IndexedEmoji e;
  for_each_field(payload, [&](std::string_view key, od::value& v) {
    if (key_is(key, "name")) e.name = text_or_empty(v);
    else if (key_is(key, "image")) e.image = text_or_empty(v);
  });
  return e;
}

IndexedBot read_bot(od::value& payload) {
  IndexedBot b;
  for_each_field(payload, [&](std::string_view key, od::value& v) {
    if (key_is(key, "username")) b.username = text_or_empty(v);
    else if (key_is(key, "profile_image")) b.profile_image = text_or_empty(v);
  });
  return b;
}

IndexedDefinition read_role(od::value& payload) {
  IndexedDefinition r;
  for_each_field(payload, [&](std::string_view key, od::value& v) {
    if (key_is(key, "name")) r.name = text_or_empty(v);
    else if (key_is(key, "permissions")) r.content = permission_set(v);
  });
  return r;
}

constexpr std::string_view kSchemeRoles[] = {"default_team_admin_role",    "default_team_user_role",
                                             "default_team_guest_role",    "default_channel_admin_role",
                                             "default_channel_user_role",  "default_channel_guest_role"};

IndexedDefinition read_scheme(od::value& payload) {
  IndexedDefinition s;
  std::string display_name, description;
  std::string roles[std::size(kSchemeRoles)];
  for_each_field(payload, [&](std::string_view key, od::value& v) {
    if (key_is(key, "name")) s.name = text_or_empty(v);
    else if (key_is(key, "display_name")) display_name = text_or_empty(v);
    else if (key_is(key, "description")) description = text_or_empty(v);
    else {
      for (size_t i = 0; i < std::size(kSchemeRoles); ++i) {
        if (!key_is(key, kSchemeRoles[i])) continue;
        bool is_null = false;
        if (!v.is_null().get(is_null) && is_null) break;
        std::string perms = "-";
        for_each_field(v, [&](std::string_view rkey, od::value& rv) {
          if (key_is(rkey, "permissions")) perms = permission_set(rv);
        });
        roles[i] = "[" + perms + "]";
      }
    }
  });
  s.content = "display_name=" + display_name + "\ndescription=" + description;
  for (size_t i = 0; i < std::size(kSchemeRoles); ++i) {
    s.content += '\n';
    s.content += kSchemeRoles[i];
    s.content += '=';
    s.content += roles[i].empty() ? "null" : roles[i];
  }
  return s;
}

bool skip_whitespace(std::string_view s, size_t& i) {
  while (i < s.size() && is_json_space(s[i])) ++i;
  return i < s.size();
}

// The string value of the member whose key ends at line[i] (just past the key's closing quote):
// `: "value"`, whitespace allowed around the colon as Go allows it; {} when it is not a plain string.
std::string_view string_value_after_key(std::string_view line, size_t i) {
  if (!skip_whitespace(line, i) || line[i] != ':') return {};
  ++i;
  if (!skip_whitespace(line, i) || line[i] != '"') return {};
  ++i;
  size_t start = i;
  while (i < line.size() && line[i] != '"' && line[i] != '\\') ++i;
  if (i >= line.size() || line[i] != '"') return {};
  return line.substr(start, i - start);
}

}  // namespace

uint64_t text_hash(std::string_view text) { return text.empty() ? 0 : XXH3_64bits(text.data(), text.size()); }

std::string_view post_team(std::string_view line) {
  constexpr std::string_view kKey = "\"team\"";
  const std::string_view head = line.substr(0, 1024);
  for (size_t at = head.find(kKey); at != std::string_view::npos; at = head.find(kKey, at + 1)) {
    // A "team" that is a value, not a key, is followed by no colon: look on.
    std::string_view team = string_value_after_key(line, at + kKey.size());
    if (team.data()) return team;
  }
  return {};
}

uint32_t InstanceIndexer::process(const Chunk& chunk, od::parser& parser, ChunkIndex& out) const {
  out.clear();
  LineClassifier classifier;
  std::string why;
  std::vector<char> go_utf8;
  NotifyPropsHasher notify;
  return for_each_line(chunk, [&](const Line& line) {
    // The type as every command reads it (jsonl/LineType.h): post lines are counted unparsed.
    const LineType peeked = peek_type(line.text, line.readable);
    if (peeked == LineType::kPost) {
      std::string_view team = post_team(line.text);
      auto it = out.posts_by_team.find(team);
      if (it == out.posts_by_team.end()) it = out.posts_by_team.emplace(std::string(team), 0).first;
      ++it->second;
      return;
    }
    if (peeked == LineType::kDirectPost) {
      ++out.direct_posts;
      return;
    }
    if (peeked == LineType::kVersion || peeked == LineType::kDirectChannel || peeked == LineType::kUnknown)
      return;  // not needed; a malformed line is read below, and reported
    // The payload is read under its own key; it counts only if "type" agrees.
    std::optional<IndexedTeam> team;
    std::optional<IndexedChannel> channel;
    std::optional<IndexedUser> user;
    std::optional<IndexedEmoji> emoji;
    std::optional<IndexedBot> bot;
    std::optional<IndexedDefinition> role, scheme;
    const size_t first_membership = out.memberships.size();
    LineType type = classifier.classify(parser, line, &why, [&](std::string_view key, od::value& v) {
      if (key_is(key, "team")) team = read_team(v);
      else if (key_is(key, "channel")) channel = read_channel(v);
      else if (key_is(key, "user")) user = read_user(v, out, first_membership, notify);
      else if (key_is(key, "emoji")) emoji = read_emoji(v);
      else if (key_is(key, "bot")) bot = read_bot(v);
      else if (key_is(key, "role")) role = read_role(v);
      else if (key_is(key, "scheme")) scheme = read_scheme(v);
    }, &go_utf8);
    uint64_t index = line.index;
    switch (type) {
      case LineType::kTeam:
        if (team) out.teams.push_back(std::move(*team)), out.teams.back().line = index;
        break;
      case LineType::kChannel:
        if (channel) out.channels.push_back(std::move(*channel)), out.channels.back().line = index;
        break;
      case LineType::kUser:
        if (user) {
          out.users.push_back(std::move(*user));
          out.users.back().line = index;
          out.membership_counts.push_back(static_cast<uint32_t>(out.memberships.size() - first_membership));
        }
        break;
      case LineType::kEmoji:
        if (emoji) out.emoji.push_back(std::move(*emoji)), out.emoji.back().line = index;
        break;
      case LineType::kBot:
        if (bot) out.bots.push_back(std::move(*bot)), out.bots.back().line = index;
        break;
      case LineType::kRole:
        if (role) out.roles.push_back(std::move(*role)), out.roles.back().line = index;
        break;
      case LineType::kScheme:
        if (scheme) out.schemes.push_back(std::move(*scheme)), out.schemes.back().line = index;
        break;
      case LineType::kMalformed:
        if (!out.findings.counted("malformed", Severity::kError))
          out.findings.push_back(Finding{index, "line", "", "malformed", why, Severity::kError});
        break;
      default:
        break;
    }
    if (type != LineType::kUser || !user) out.memberships.resize(first_membership);  // of no user
  });
}

void InstanceIndex::merge(ChunkIndex& chunk, uint64_t first_line) {
  auto append = [first_line](auto& into, auto& from) {
    for (auto& item : from) {
      item.line += first_line;
      into.push_back(std::move(item));
    }
  };
  append(teams, chunk.teams);
  append(channels, chunk.channels);
  text_.adopt(chunk.text);  // the users' texts, where they are
  // The chunk's memberships, its text ids made the index's (a lookup per distinct text, not per
  // membership), into a block of their own that the users' spans point into.
  text_ids_.resize(chunk.texts.size());
  for (uint32_t id = 0; id < chunk.texts.size(); ++id) text_ids_[id] = texts_.intern(chunk.texts.text(id), text_);
  const IndexedMembership* next = nullptr;
  if (!chunk.memberships.empty()) {
    std::vector<IndexedMembership>& block = membership_blocks_.emplace_back();
    block.reserve(chunk.memberships.size());
    for (const IndexedMembership& m : chunk.memberships)
      block.push_back({text_ids_[m.team], text_ids_[m.channel],
                       m.roles == IndexedMembership::kNoRoles ? m.roles : text_ids_[m.roles]});
    next = block.data();
  }
  const size_t first_user = users.size();
  append(users, chunk.users);
  for (size_t i = 0; i < chunk.membership_counts.size(); ++i) {
    const uint32_t n = chunk.membership_counts[i];
    users[first_user + i].memberships = std::span<const IndexedMembership>(next, n);
    if (n) next += n;
  }
  append(emoji, chunk.emoji);
  append(bots, chunk.bots);
  append(roles, chunk.roles);
  append(schemes, chunk.schemes);
  for (const auto& [team, n] : chunk.posts_by_team) {
    auto it = posts_by_team.find(team);
    if (it == posts_by_team.end()) it = posts_by_team.emplace(team, 0).first;
    it->second += n;
    posts += n;
  }
  direct_posts += chunk.direct_posts;
  unreadable_.add_chunk(chunk.findings, first_line);
  malformed = unreadable_.total();
}

void InstanceIndex::overlong_line(uint64_t line, uint64_t bytes) {
  unreadable_.add(overlong_line_finding(line, bytes));
  malformed = unreadable_.total();
}

void InstanceIndex::add_unreadable(std::vector<Finding>& chunk, uint64_t first_line) {
  if (chunk.empty()) return;
  unreadable_.add_chunk(chunk, first_line);
  malformed = unreadable_.total();
  findings = unreadable_.kept();
  std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) { return a.line < b.line; });
}

void InstanceIndex::finish() {
  users.shrink_to_fit();  // merge() grew it by doubling: up to half of it unused, for the rest of the run
  findings = unreadable_.kept();
  names = InstanceNames();
  auto build = [this](NameKind kind, const auto& items, auto key_of) {
    for (size_t i = 0; i < items.size(); ++i) {
      NameDef def;
      def.line = items[i].line;
      def.item = static_cast<uint32_t>(i);
      names.add(kind, key_of(items[i]), def);  // the first wins
    }
  };
  build(NameKind::kTeam, teams, [](const IndexedTeam& t) { return name_key(t.name); });
  build(NameKind::kChannel, channels, [](const IndexedChannel& c) { return channel_name_key(c.team, c.name); });
  build(NameKind::kUser, users, [](const IndexedUser& u) { return name_key(u.username); });
  build(NameKind::kEmoji, emoji, [](const IndexedEmoji& e) { return name_key(e.name); });
  build(NameKind::kRole, roles, [](const IndexedDefinition& r) { return name_key(r.name); });
  build(NameKind::kScheme, schemes, [](const IndexedDefinition& s) { return name_key(s.name); });
  email_index_.clear();
  std::string lower;
  for (size_t i = 0; i < users.size(); ++i) {
    if (users[i].email.empty()) continue;
    lower.assign(users[i].email);
    for (char& c : lower) c = ascii_lower(c);
    email_index_.emplace_back(text_hash(lower), static_cast<uint32_t>(i));
  }
  std::sort(email_index_.begin(), email_index_.end());  // within a hash, the first user first
  email_index_.shrink_to_fit();
  auth_services_.clear();
  for (const IndexedUser& u : users)
    if (!u.auth_service.empty()) auth_services_.push_back(u.auth_service);
  std::sort(auth_services_.begin(), auth_services_.end());
  auth_services_.erase(std::unique(auth_services_.begin(), auth_services_.end()), auth_services_.end());
}

const IndexedUser* InstanceIndex::user_by_email(std::string_view email) const {
  if (email.empty()) return nullptr;
  const std::string key = ascii_lower(email);
  auto same = [&key](std::string_view other) {
    if (other.size() != key.size()) return false;
    for (size_t i = 0; i < key.size(); ++i)
      if (ascii_lower(other[i]) != key[i]) return false;
    return true;
  };
  const uint64_t hash = text_hash(key);
  for (auto it = std::lower_bound(email_index_.begin(), email_index_.end(), std::pair<uint64_t, uint32_t>(hash, 0));
       it != email_index_.end() && it->first == hash; ++it)
    if (same(users[it->second].email)) return &users[it->second];
  return nullptr;
}

bool InstanceIndex::uses_auth_service(std::string_view service) const {
  return std::binary_search(auth_services_.begin(), auth_services_.end(), service);
}

}  // namespace mm
