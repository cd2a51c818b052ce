#include "tests/import_model/Instance.h"

#include <algorithm>
#include <fstream>
#include <memory>
#include <stdexcept>

#include "io/ByteSource.h"
#include "io/JsonWriter.h"

namespace mm::model_import {
namespace {

namespace dom = simdjson::dom;

struct ImportError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::string lower(std::string_view s) {
  std::string r(s);
  for (char& c : r)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return r;
}

// Go's encoding/json: null is the same as absent.
bool present(dom::element v, const char* key) {
  dom::element e;
  return !v[key].get(e) && !e.is_null();
}
bool get_str(dom::element v, const char* key, std::string& out) {
  std::string_view s;
  if (!present(v, key) || v[key].get(s)) return false;
  out.assign(s);
  return true;
}
std::string str(dom::element v, const char* key) {
  std::string s;
  get_str(v, key, s);
  return s;
}
bool get_int(dom::element v, const char* key, int64_t& out) {
  return present(v, key) && !v[key].get(out);
}
int64_t num(dom::element v, const char* key) {
  int64_t n = 0;
  get_int(v, key, n);
  return n;
}
std::vector<std::string> strings(dom::element v, const char* key) {
  std::vector<std::string> out;
  dom::array a;
  if (present(v, key) && !v[key].get(a))
    for (dom::element e : a) {
      std::string_view s;
      if (!e.get(s)) out.emplace_back(s);
    }
  return out;
}
std::string required(dom::element v, const char* key, const char* what) {
  std::string s;
  if (!get_str(v, key, s)) throw ImportError(std::string(what) + "." + key + " is missing");
  return s;
}

std::string direct_key(std::vector<std::string> members) {
  for (auto& m : members) m = lower(m);
  std::sort(members.begin(), members.end());
  std::string k = "@";
  for (size_t i = 0; i < members.size(); ++i) k += (i ? "," : "") + members[i];
  return k;
}

// The words of one `sh` command line as apply's membership script writes them (plain words and
// single-quoted ones, a quote inside written '\''); stops at the first unquoted "||".
std::vector<std::string> shell_words(std::string_view line) {
  std::vector<std::string> words;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    if (i >= line.size() || line.substr(i, 2) == "||") break;
    std::string w;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') {
      if (line[i] == '\'') {
        size_t end = line.find('\'', i + 1);
        if (end == std::string_view::npos) throw ImportError("unterminated quote");
        w.append(line.substr(i + 1, end - i - 1));
        i = end + 1;
      } else if (line[i] == '\\' && i + 1 < line.size()) {
        w += line[i + 1];
        i += 2;
      } else {
        w += line[i++];
      }
    }
    words.push_back(std::move(w));
  }
  return words;
}

std::string basename(const std::string& path) {
  size_t s = path.rfind('/');
  return s == std::string::npos ? path : path.substr(s + 1);
}

}  // namespace

std::string post_key(const std::string& channel, const std::string& user, int64_t create_at) {
  return channel + " " + lower(user) + " " + std::to_string(create_at);
}

const std::multimap<int64_t, Post>* Instance::posts(const std::string& channel) const {
  auto it = posts_.find(channel);
  return it == posts_.end() ? nullptr : &it->second;
}

void Instance::import_file(const std::string& path) {
  static constexpr std::string_view kScript = ".memberships.sh";
  if (path.size() >= kScript.size() && path.compare(path.size() - kScript.size(), kScript.size(), kScript) == 0)
    return run_membership_script(path);
  std::unique_ptr<ByteSource> src = open_byte_source(path);
  std::string buf, line;
  std::vector<char> block(1 << 20);
  uint64_t n = 0;
  for (;;) {
    size_t got = src->read(block.data(), block.size());
    buf.append(block.data(), got);
    size_t start = 0;
    for (;;) {
      size_t nl = buf.find('\n', start);
      if (nl == std::string::npos) break;
      line.assign(buf, start, nl - start);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      import_line(line, path, ++n);
      start = nl + 1;
    }
    buf.erase(0, start);
    if (got == 0) break;
  }
  if (!buf.empty()) import_line(buf, path, ++n);
}

void Instance::import_line(std::string_view line, const std::string& file, uint64_t line_number) {
  thread_local dom::parser parser;
  try {
    dom::element doc;
    if (auto err = parser.parse(line.data(), line.size()).get(doc))
      throw ImportError(std::string("not JSON: ") + simdjson::error_message(err));
    std::string type = str(doc, "type");
    if (type == "version") return;
    dom::element v;
    if (!present(doc, type.c_str()) || doc[type].get(v)) throw ImportError("line of type \"" + type + "\" without its object");
    if (type == "team") import_team(v);
    else if (type == "channel") import_channel(v);
    else if (type == "user") import_user(v, false);
    else if (type == "bot") import_user(v, true);
    else if (type == "emoji") import_emoji(v);
    else if (type == "direct_channel") import_direct_channel(v);
    else if (type == "post") import_post(v, false);
    else if (type == "direct_post") import_post(v, true);
    else if (type == "scheme" || type == "role") return;  // not modelled
    else throw ImportError("unknown line type \"" + type + "\"");
  } catch (const ImportError& e) {
    errors_.push_back(file + ":" + std::to_string(line_number) + ": " + e.what());
  }
}

void Instance::run_membership_script(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    errors_.push_back(path + ": cannot be read");
    return;
  }
  std::string line;
  uint64_t n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.rfind("mmctl ", 0) != 0) continue;
    try {
      std::vector<std::string> w = shell_words(line);
      // mmctl team users add -- TEAM USER | mmctl channel users add -- TEAM:CHANNEL USER
      if (w.size() != 7 || w[2] != "users" || w[3] != "add" || w[4] != "--" || (w[1] != "team" && w[1] != "channel"))
        throw ImportError("not an mmctl team/channel users add command");
      std::string team = lower(w[5]), channel, user = lower(w[6]);
      if (w[1] == "channel") {
        size_t colon = team.find(':');
        if (colon == std::string::npos) throw ImportError("channel \"" + w[5] + "\" is not TEAM:CHANNEL");
        channel = team.substr(colon + 1);
        team.resize(colon);
      }
      auto u = users_.find(user);
      if (u == users_.end()) throw ImportError("user \"" + user + "\" not found");
      if (!teams_.count(team)) throw ImportError("team \"" + team + "\" not found");
      if (channel.empty()) {
        // mmctl adds a plain member (the server exports its roles as team_user, channel_user), and
        // joining a team joins its town-square, as the server's AddTeamMember does.
        auto [tm, added] = u->second.teams.try_emplace(team);
        if (added) tm->second.roles = "team_user";
        bool guest = u->second.roles.find("system_guest") != std::string::npos;
        if (!guest && channels_.count(team + "/town-square")) tm->second.channels.try_emplace("town-square", "channel_user");
      } else {
        if (!channels_.count(team + "/" + channel))
          throw ImportError("channel \"" + channel + "\" of team \"" + team + "\" not found");
        auto tm = u->second.teams.find(team);
        if (tm == u->second.teams.end()) throw ImportError("user \"" + user + "\" is not a member of team \"" + team + "\"");
        tm->second.channels.try_emplace(channel, "channel_user");
      }
    } catch (const ImportError& e) {
      errors_.push_back(path + ":" + std::to_string(n) + ": " + e.what());
    }
  }
}

void Instance::import_team(dom::element v) {
  std::string name = lower(required(v, "name", "team"));
  auto [it, fresh] = teams_.try_emplace(name);
  if (fresh) team_order_.push_back(name);
  Team& t = it->second;
  t.name = name;
  t.display_name = required(v, "display_name", "team");
  t.type = required(v, "type", "team");
  get_str(v, "description", t.description);
  bool b;
  if (present(v, "allow_open_invite") && !v["allow_open_invite"].get(b)) t.allow_open_invite = b;
}

void Instance::import_channel(dom::element v) {
  std::string team = lower(required(v, "team", "channel"));
  std::string name = lower(required(v, "name", "channel"));
  if (!teams_.count(team)) throw ImportError("channel " + name + ": team \"" + team + "\" not found");
  std::string key = team + "/" + name;
  auto [it, fresh] = channels_.try_emplace(key);
  if (fresh) channel_order_.push_back(key);
  Channel& c = it->second;
  c.team = team;
  c.name = name;
  c.display_name = str(v, "display_name");
  if (c.display_name.empty()) c.display_name = name;
  c.type = required(v, "type", "channel");
  get_str(v, "header", c.header);
  get_str(v, "purpose", c.purpose);
  // deleted_at > 0 archives the channel; nothing restores an archived one.
  int64_t deleted_at = num(v, "deleted_at");
  if (deleted_at > 0) c.deleted_at = deleted_at;
}

void Instance::import_user(dom::element v, bool bot) {
  std::string username = required(v, "username", bot ? "bot" : "user");
  std::string key = lower(username);
  auto it = users_.find(key);
  bool existing = it != users_.end();
  if (bot) {
    User& u = users_[key];
    if (!existing) user_order_.push_back(key);
    u.username = key;
    u.bot = true;
    get_str(v, "owner", u.owner);
    get_str(v, "display_name", u.display_name);
    get_str(v, "description", u.description);
    return;
  }
  std::string email = lower(required(v, "email", "user"));
  auto owner = email_owner_.find(email);
  if (owner != email_owner_.end() && owner->second != key)
    throw ImportError("user " + key + ": e-mail " + email + " belongs to user " + owner->second +
                      (existing ? " (app.user.update.email_taken)" : " (app.user.save.email_exists.app_error)"));
  // Teams and channels named by the line must exist before anything changes.
  dom::array teams;
  bool has_teams = present(v, "teams") && !v["teams"].get(teams);
  if (has_teams)
    for (dom::element t : teams) {
      std::string tn = lower(str(t, "name"));
      if (!teams_.count(tn)) throw ImportError("user " + key + ": team \"" + tn + "\" not found");
      dom::array chans;
      if (present(t, "channels") && !t["channels"].get(chans))
        for (dom::element c : chans) {
          std::string cn = lower(str(c, "name"));
          if (!channels_.count(tn + "/" + cn))
            throw ImportError("user " + key + ": channel \"" + cn + "\" of team \"" + tn + "\" not found");
        }
    }
  if (!existing) {
    it = users_.emplace(key, User{}).first;
    user_order_.push_back(key);
    new_users_++;
  }
  User& u = it->second;
  if (existing && u.email != email) email_owner_.erase(u.email);
  u.username = key;
  u.email = email;
  email_owner_[email] = key;
  std::string auth_data, password;
  bool has_auth = get_str(v, "auth_data", auth_data);
  bool has_password = get_str(v, "password", password);
  // Neither password nor auth_data: the importer generates a random password, for an existing
  // account too.
  if (!has_auth && !has_password && existing) password_resets_++;
  u.auth_service = str(v, "auth_service");
  u.auth_data = has_auth ? auth_data : "";
  get_str(v, "nickname", u.nickname);
  get_str(v, "first_name", u.first_name);
  get_str(v, "last_name", u.last_name);
  get_str(v, "position", u.position);
  if (!get_str(v, "locale", u.locale)) u.locale = "en";  // the server's DefaultClientLocale
  get_int(v, "delete_at", u.delete_at);
  std::string roles;
  if (get_str(v, "roles", roles)) u.roles = roles;
  else if (u.roles.empty()) u.roles = "system_user";
  bool guest = u.roles.find("system_guest") != std::string::npos;
  // Memberships are added or updated, never removed.
  if (has_teams)
    for (dom::element t : teams) {
      std::string tn = lower(str(t, "name"));
      TeamMembership& tm = u.teams[tn];
      get_str(t, "roles", tm.roles);
      dom::array chans;
      if (present(t, "channels") && !t["channels"].get(chans))
        for (dom::element c : chans) {
          std::string& r = tm.channels[lower(str(c, "name"))];
          get_str(c, "roles", r);
        }
      // Non-guests are always (re-)added to the team's town-square.
      if (!guest && channels_.count(tn + "/town-square")) tm.channels.try_emplace("town-square", "");
    }
}

void Instance::import_emoji(dom::element v) {
  std::string name = required(v, "name", "emoji");
  std::string image = required(v, "image", "emoji");
  if (emoji_.find(name) == emoji_.end()) emoji_order_.push_back(name);
  emoji_[name] = image;  // an existing emoji's image is overwritten
}

void Instance::import_direct_channel(dom::element v) {
  std::vector<std::string> members;
  dom::array parts;
  if (present(v, "participants") && !v["participants"].get(parts)) {
    for (dom::element p : parts) members.push_back(str(p, "username"));
  } else {
    members = strings(v, "members");
  }
  if (members.size() < 2) throw ImportError("direct_channel with fewer than 2 members");
  for (const auto& m : members)
    if (!users_.count(lower(m))) throw ImportError("direct_channel: user \"" + m + "\" not found");
  std::string key = direct_key(members);
  auto [it, fresh] = directs_.try_emplace(key);
  if (fresh) direct_order_.push_back(key);
  DirectChannel& d = it->second;
  if (fresh) {
    for (auto& m : members) d.members.push_back(lower(m));
    std::sort(d.members.begin(), d.members.end());
  }
  get_str(v, "header", d.header);
  for (const auto& f : strings(v, "favorited_by")) d.favorited_by.insert(lower(f));
}

// Overwrites `into` with a post (or reply) line's fields as the importer does on a match (or on
// a new post): author always; type, edit_at, props, is_pinned when present; attachments replaced
// by the line's (none when absent); flags added; reactions upserted by (user, emoji); replies
// matched by (create_at, exact message) under this root, else added.
void Instance::merge_post(Post& into, dom::element v, bool root) {
  into.user = lower(str(v, "user"));
  into.message = str(v, "message");
  std::string type;
  if (get_str(v, "type", type)) into.type = type;
  get_int(v, "edit_at", into.edit_at);
  dom::element props;
  if (present(v, "props") && !v["props"].get(props)) into.props = simdjson::minify(props);
  bool pinned;
  if (present(v, "is_pinned") && !v["is_pinned"].get(pinned)) into.pinned = pinned;
  into.attachments.clear();
  dom::array atts;
  if (present(v, "attachments") && !v["attachments"].get(atts))
    for (dom::element a : atts) {
      std::string p = str(a, "path");
      if (!p.empty()) into.attachments.push_back(p);
    }
  for (const auto& f : strings(v, "flagged_by")) into.flagged_by.insert(lower(f));
  dom::array rs;
  if (present(v, "reactions") && !v["reactions"].get(rs))
    for (dom::element r : rs) into.reactions[{lower(str(r, "user")), str(r, "emoji_name")}] = num(r, "create_at");
  if (!root) return;
  dom::array replies;
  if (present(v, "replies") && !v["replies"].get(replies))
    for (dom::element r : replies) {
      int64_t at = std::max(num(r, "create_at"), into.create_at);  // clamped up to the parent's
      std::string msg = str(r, "message");
      Post* match = nullptr;
      for (Post& existing : into.replies)
        if (existing.create_at == at && existing.message == msg) {
          match = &existing;
          break;
        }
      if (!match) {
        into.replies.emplace_back();
        match = &into.replies.back();
        match->create_at = at;
      }
      merge_post(*match, r, false);
    }
}

void Instance::import_post(dom::element v, bool direct) {
  const char* what = direct ? "direct_post" : "post";
  std::string user = lower(required(v, "user", what));
  std::string message = required(v, "message", what);
  int64_t create_at = 0;
  if (!get_int(v, "create_at", create_at) || create_at == 0) throw ImportError(std::string(what) + ".create_at is missing or 0");
  std::string channel;
  if (direct) {
    std::vector<std::string> members = strings(v, "channel_members");
    if (members.size() < 2) throw ImportError("direct_post.channel_members has fewer than 2 members");
    for (const auto& m : members)
      if (!users_.count(lower(m))) throw ImportError("direct_post: user \"" + m + "\" not found");
    channel = direct_key(members);
    // The importer creates the direct (group) channel when it does not exist yet.
    if (!directs_.count(channel)) {
      DirectChannel d;
      for (auto& m : members) d.members.push_back(lower(m));
      std::sort(d.members.begin(), d.members.end());
      directs_[channel] = d;
      direct_order_.push_back(channel);
    }
  } else {
    std::string team = lower(required(v, "team", what));
    std::string ch = lower(required(v, "channel", what));
    if (!teams_.count(team)) throw ImportError("post: team \"" + team + "\" not found");
    channel = team + "/" + ch;
    if (!channels_.count(channel)) throw ImportError("post: channel \"" + ch + "\" of team \"" + team + "\" not found");
  }
  // Every user the line names must exist.
  auto check_user = [&](const std::string& u) {
    if (!users_.count(lower(u))) throw ImportError(std::string(what) + ": user \"" + u + "\" not found");
  };
  check_user(user);
  for (const auto& f : strings(v, "flagged_by")) check_user(f);
  dom::array replies;
  if (present(v, "replies") && !v["replies"].get(replies))
    for (dom::element r : replies) {
      check_user(str(r, "user"));
      for (const auto& f : strings(r, "flagged_by")) check_user(f);
    }
  // A root post is matched by (channel, create_at, exact message).
  auto& list = posts_[channel];
  Post* match = nullptr;
  auto [lo, hi] = list.equal_range(create_at);
  for (auto it = lo; it != hi; ++it)
    if (it->second.message == message) {
      match = &it->second;
      break;
    }
  if (match) {
    updated_posts_++;
  } else {
    new_posts_++;
    match = &list.emplace(create_at, Post{})->second;
    match->create_at = create_at;
  }
  merge_post(*match, v, true);
}

Summary Instance::summary() const {
  Summary s;
  s.teams = teams_.size();
  for (const auto& [_, c] : channels_) {
    s.channels++;
    if (c.deleted_at > 0) s.archived_channels++;
  }
  for (const auto& [_, u] : users_) {
    if (u.bot) {
      s.bots++;
      continue;
    }
    s.users++;
    s.team_memberships += u.teams.size();
    for (const auto& [__, tm] : u.teams) s.channel_memberships += tm.channels.size();
  }
  s.emoji = emoji_.size();
  s.direct_channels = directs_.size();
  for (const auto& [ch, list] : posts_) {
    bool direct = !ch.empty() && ch[0] == '@';
    std::map<std::pair<std::string, int64_t>, uint64_t> same;
    for (const auto& [at, p] : list) {
      (direct ? s.direct_posts : s.posts)++;
      if (++same[{p.user, at}] > 1) s.duplicated_posts++;
      s.replies += p.replies.size();
      s.reactions += p.reactions.size();
      s.attachments += p.attachments.size();
      s.flags += p.flagged_by.size();
      s.pinned += p.pinned;
      for (const auto& r : p.replies) {
        s.reactions += r.reactions.size();
        s.attachments += r.attachments.size();
        s.flags += r.flagged_by.size();
      }
    }
  }
  s.password_resets = password_resets_;
  s.new_users = new_users_;
  s.new_posts = new_posts_;
  s.updated_posts = updated_posts_;
  s.errors = errors_;
  return s;
}

std::string Instance::summary_json() const {
  Summary s = summary();
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  w.key("teams").value(s.teams).key("channels").value(s.channels).key("archived_channels").value(s.archived_channels);
  w.key("users").value(s.users).key("bots").value(s.bots);
  w.key("team_memberships").value(s.team_memberships).key("channel_memberships").value(s.channel_memberships);
  w.key("posts").value(s.posts).key("direct_posts").value(s.direct_posts).key("replies").value(s.replies);
  w.key("reactions").value(s.reactions).key("attachments").value(s.attachments).key("flags").value(s.flags);
  w.key("pinned").value(s.pinned).key("emoji").value(s.emoji).key("direct_channels").value(s.direct_channels);
  w.key("duplicated_posts").value(s.duplicated_posts).key("password_resets").value(s.password_resets);
  w.key("imported").begin_object().key("new_users").value(s.new_users).key("new_posts").value(s.new_posts);
  w.key("updated_posts").value(s.updated_posts).end_object();
  w.key("errors").begin_array();
  for (const auto& e : s.errors) w.value(e);
  w.end_array();
  w.end_object();
  out += '\n';
  return out;
}

namespace {

void write_post_body(JsonWriter& w, const Post& p, bool root) {
  w.key("user").value(p.user).key("type").value(p.type).key("message").value(p.message);
  w.key("props").raw(p.props).key("create_at").value(p.create_at).key("edit_at").value(p.edit_at);
  w.key("flagged_by").begin_array();
  for (const auto& f : p.flagged_by) w.value(f);
  w.end_array();
  w.key("reactions").begin_array();
  for (const auto& [k, at] : p.reactions)
    w.begin_object().key("user").value(k.first).key("emoji_name").value(k.second).key("create_at").value(at).end_object();
  w.end_array();
  if (root) {
    w.key("replies").begin_array();
    std::vector<const Post*> replies;
    for (const auto& r : p.replies) replies.push_back(&r);
    std::stable_sort(replies.begin(), replies.end(), [](const Post* a, const Post* b) { return a->create_at < b->create_at; });
    for (const Post* r : replies) {
      w.begin_object();
      write_post_body(w, *r, false);
      w.end_object();
    }
    w.end_array();
  }
  w.key("is_pinned").value(p.pinned);
  if (!p.attachments.empty()) {
    w.key("attachments").begin_array();
    for (const auto& a : p.attachments) w.begin_object().key("path").value(a).end_object();
    w.end_array();
  }
}

}  // namespace

std::string Instance::export_jsonl() const {
  std::string out = "{\"type\":\"version\",\"version\":1,\"info\":{\"generator\":\"import-model\"}}\n";
  auto line = [&out](auto fill) {
    JsonWriter w(out);
    fill(w);
    out += '\n';
  };
  for (const auto& k : team_order_) {
    const Team& t = teams_.at(k);
    line([&](JsonWriter& w) {
      w.begin_object().key("type").value("team").key("team").begin_object();
      w.key("name").value(t.name).key("display_name").value(t.display_name).key("type").value(t.type);
      w.key("description").value(t.description).key("allow_open_invite").value(t.allow_open_invite);
      w.end_object().end_object();
    });
  }
  for (const auto& k : channel_order_) {
    const Channel& c = channels_.at(k);
    line([&](JsonWriter& w) {
      w.begin_object().key("type").value("channel").key("channel").begin_object();
      w.key("team").value(c.team).key("name").value(c.name).key("display_name").value(c.display_name);
      w.key("type").value(c.type).key("header").value(c.header).key("purpose").value(c.purpose);
      w.key("deleted_at").value(c.deleted_at).end_object().end_object();
    });
  }
  for (const auto& k : user_order_) {
    const User& u = users_.at(k);
    if (u.bot) continue;
    line([&](JsonWriter& w) {
      w.begin_object().key("type").value("user").key("user").begin_object();
      w.key("username").value(u.username).key("email").value(u.email);
      w.key("auth_service");
      if (u.auth_service.empty()) w.null();
      else w.value(u.auth_service);
      if (!u.auth_data.empty()) w.key("auth_data").value(u.auth_data);
      w.key("nickname").value(u.nickname).key("first_name").value(u.first_name).key("last_name").value(u.last_name);
      w.key("position").value(u.position).key("roles").value(u.roles).key("locale").value(u.locale);
      w.key("delete_at").value(u.delete_at);
      w.key("teams").begin_array();
      for (const auto& [tn, tm] : u.teams) {
        w.begin_object().key("name").value(tn).key("roles").value(tm.roles).key("channels").begin_array();
        for (const auto& [cn, roles] : tm.channels) w.begin_object().key("name").value(cn).key("roles").value(roles).end_object();
        w.end_array().end_object();
      }
      w.end_array().end_object().end_object();
    });
  }
  for (const auto& k : user_order_) {
    const User& u = users_.at(k);
    if (!u.bot) continue;
    line([&](JsonWriter& w) {
      w.begin_object().key("type").value("bot").key("bot").begin_object();
      w.key("username").value(u.username).key("owner").value(u.owner).key("display_name").value(u.display_name);
      w.key("description").value(u.description).end_object().end_object();
    });
  }
  for (const auto& k : channel_order_) {
    auto it = posts_.find(k);
    if (it == posts_.end()) continue;
    const Channel& c = channels_.at(k);
    for (const auto& [_, p] : it->second)
      line([&](JsonWriter& w) {
        w.begin_object().key("type").value("post").key("post").begin_object();
        w.key("team").value(c.team).key("channel").value(c.name);
        write_post_body(w, p, true);
        w.end_object().end_object();
      });
  }
  for (const auto& name : emoji_order_)
    line([&](JsonWriter& w) {
      w.begin_object().key("type").value("emoji").key("emoji").begin_object();
      w.key("name").value(name).key("image").value(emoji_.at(name)).end_object().end_object();
    });
  for (const auto& k : direct_order_) {
    const DirectChannel& d = directs_.at(k);
    line([&](JsonWriter& w) {
      w.begin_object().key("type").value("direct_channel").key("direct_channel").begin_object();
      w.key("members").begin_array();
      for (const auto& m : d.members) w.value(m);
      w.end_array().key("favorited_by").begin_array();
      for (const auto& f : d.favorited_by) w.value(f);
      w.end_array().key("header").value(d.header).end_object().end_object();
    });
  }
  for (const auto& k : direct_order_) {
    auto it = posts_.find(k);
    if (it == posts_.end()) continue;
    const DirectChannel& d = directs_.at(k);
    for (const auto& [_, p] : it->second)
      line([&](JsonWriter& w) {
        w.begin_object().key("type").value("direct_post").key("direct_post").begin_object();
        w.key("channel_members").begin_array();
        for (const auto& m : d.members) w.value(m);
        w.end_array();
        write_post_body(w, p, true);
        w.end_object().end_object();
      });
  }
  return out;
}

// ---- diff ----------------------------------------------------------------------------------

std::string Instance::canonical_post(const Post& p, bool ignore_edit) const {
  std::string s = "type=" + p.type + " pinned=" + (p.pinned ? "1" : "0") + " props=" + p.props;
  if (!ignore_edit) s += " edit_at=" + std::to_string(p.edit_at) + " message=" + p.message;
  s += " flagged=[";
  for (const auto& f : p.flagged_by) s += f + ",";
  s += "] reactions=[";
  for (const auto& [k, at] : p.reactions) s += k.first + ":" + k.second + ",";
  s += "] attachments=[";
  std::vector<std::string> names;
  for (const auto& a : p.attachments) names.push_back(basename(a));
  std::sort(names.begin(), names.end());
  for (const auto& n : names) s += n + ",";
  s += "] replies=[";
  std::vector<std::string> replies;
  for (const auto& r : p.replies) replies.push_back(std::to_string(r.create_at) + " " + r.user + " {" + canonical_post(r, false) + "}");
  std::sort(replies.begin(), replies.end());
  for (const auto& r : replies) s += r + ";";
  s += "]";
  return s;
}

namespace {

using Objects = std::map<std::string, std::string>;  // "kind key" -> canonical content

void compare(const Objects& a, const Objects& b, std::vector<std::string>& out) {
  for (const auto& [k, v] : a) {
    auto it = b.find(k);
    if (it == b.end()) out.push_back("- " + k + " (only in the first)");
    else if (it->second != v) out.push_back("~ " + k + "\n    first:  " + v.substr(0, 400) + "\n    second: " + it->second.substr(0, 400));
  }
  for (const auto& [k, v] : b)
    if (!a.count(k)) out.push_back("+ " + k + " (only in the second)");
}

}  // namespace

std::vector<std::string> Instance::diff(const Instance& other, const Ignore& ignore) const {
  auto objects = [&ignore](const Instance& in) {
    Objects o;
    for (const auto& [k, t] : in.teams_)
      o["team " + k] = t.display_name + "|" + t.type + "|" + t.description + "|" + (t.allow_open_invite ? "1" : "0");
    for (const auto& [k, c] : in.channels_) {
      if (ignore.deleted_channels.count(k)) continue;
      o["channel " + k] = c.display_name + "|" + c.type + "|" + c.header + "|" + c.purpose + "|archived=" +
                          std::to_string(c.deleted_at);
    }
    for (const auto& [k, u] : in.users_) {
      std::string s = u.email + "|" + u.nickname + "|" + u.first_name + "|" + u.last_name + "|" + u.position + "|" +
                      u.roles + "|" + u.locale + "|" + std::to_string(u.delete_at) + "|" + u.auth_service + "|" +
                      u.auth_data + (u.bot ? "|bot" : "");
      for (const auto& [tn, tm] : u.teams) {
        s += " " + tn + "[" + tm.roles + "]:";
        for (const auto& [cn, roles] : tm.channels) {
          if (ignore.deleted_channels.count(tn + "/" + cn) || ignore.removed_memberships.count(k + " " + tn + "/" + cn)) continue;
          s += cn + "[" + roles + "],";
        }
      }
      o["user " + k] = s;
    }
    for (const auto& [k, img] : in.emoji_) o["emoji " + k] = img;
    for (const auto& [k, d] : in.directs_) {
      std::string s = d.header + "|fav:";
      for (const auto& f : d.favorited_by) s += f + ",";
      o["direct_channel " + k] = s;
    }
    for (const auto& [ch, list] : in.posts_) {
      if (ignore.deleted_channels.count(ch)) continue;
      std::map<std::string, std::vector<std::string>> by_key;
      for (const auto& [at, p] : list) {
        std::string key = post_key(ch, p.user, at);
        if (ignore.deleted_posts.count(key)) continue;
        by_key[key].push_back(in.canonical_post(p, ignore.edited.count(key) > 0));
      }
      for (auto& [key, v] : by_key) {
        std::sort(v.begin(), v.end());
        std::string s = std::to_string(v.size()) + " post(s)";
        for (const auto& c : v) s += " {" + c + "}";
        o[(ch[0] == '@' ? "direct_post " : "post ") + key] = s;
      }
    }
    return o;
  };
  std::vector<std::string> out;
  compare(objects(*this), objects(other), out);
  return out;
}

Ignore read_ignore(const std::string& path) {
  Ignore ig;
  simdjson::padded_string json;
  if (simdjson::padded_string::load(path).get(json)) throw std::runtime_error(path + ": cannot be read");
  dom::parser p;
  dom::element key;
  if (p.parse(json).get(key)) throw std::runtime_error(path + ": not JSON");
  auto key_of = [](dom::element k) {
    std::string ch;
    dom::array members;
    if (!k["members"].get(members)) {
      std::vector<std::string> m;
      for (dom::element e : members) m.emplace_back(e.get_string().value_unsafe());
      ch = direct_key(m);
    } else {
      ch = lower(str(k, "team")) + "/" + lower(str(k, "channel"));
    }
    return post_key(ch, str(k, "user"), num(k, "create_at"));
  };
  dom::array a;
  if (!key["edited"].get(a))
    for (dom::element e : a) ig.edited.insert(key_of(e["key"].value_unsafe()));
  if (!key["deleted_posts"].get(a))
    for (dom::element e : a) ig.deleted_posts.insert(key_of(e));
  if (!key["deleted_channels"].get(a))
    for (dom::element e : a) ig.deleted_channels.insert(lower(str(e, "team")) + "/" + lower(str(e, "name")));
  if (!key["memberships_removed"].get(a))
    for (dom::element e : a)
      ig.removed_memberships.insert(lower(str(e, "user")) + " " + lower(str(e, "team")) + "/" + lower(str(e, "channel")));
  return ig;
}

}  // namespace mm::model_import
