#include "stages/ReconcileKeys.h"

#include <algorithm>

#include <fmt/format.h>
#include "io/Xxh3.h"

#include "jsonl/LineSplicer.h"
#include "jsonl/PostView.h"

namespace mm {

namespace {

// The bytes of a key: a kind tag, then each part. Names are lower-cased and end with a NUL (no
// name holds one once read from JSON: an escaped \u0000 is refused by the server's name rules).
void begin_key(std::string& b, ObjectKind kind, uint8_t variant = 0) {
  b.clear();
  b += static_cast<char>(kind);
  b += static_cast<char>(variant);
}
void put_name(std::string& b, std::string_view s) {
  for (char c : s) b += (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  b += '\0';
}
void put_bytes(std::string& b, std::string_view s) {
  b.append(s);
  b += '\0';
}
void put_int(std::string& b, uint64_t v) { b.append(reinterpret_cast<const char*>(&v), sizeof v); }
uint64_t hash_of(const std::string& b) { return XXH3_64bits(b.data(), b.size()); }

uint64_t name_hash(std::string_view s, std::string& b) {
  b.clear();
  put_name(b, s);
  return hash_of(b);
}

// An integer member (create_at): Go's encoding/json reads an integer; a value of another type is
// left for the validator and read as 0 here.
int64_t read_int(od::value& v) {
  int64_t n = 0;
  if (!v.get_int64().get(n)) return n;
  double d = 0;
  if (!v.get_double().get(d)) return static_cast<int64_t>(d);
  return 0;
}

// The file name of an attachment path: what is left of it once an export writes its own path
// (docs/reconcile.md).
std::string_view base_name(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// The usernames of a member array, hashed and sorted into `members`; returns the array as written.
std::string_view read_members(od::value& v, std::vector<uint64_t>& members, std::string& b,
                              bool participants) {
  const char* begin = v.raw_json_token().data();
  const char* last = nullptr;
  members.clear();
  for_each_element(v, [&](od::value& e) {
    StringRef name;
    if (participants) {
      for_each_member(e, [&](std::string_view key, od::field&, od::value& value) {
        if (key_is(key, "username")) name = read_string(value);
      });
    } else {
      name = read_string(e);
    }
    if (!name) return;
    members.push_back(name_hash(name.text, b));
    last = name.token.data() + name.token.size();
  });
  std::sort(members.begin(), members.end());
  if (!last) return {};
  const char* end = closing_bracket(last);
  if (participants) end = closing_bracket(end + 1);  // the object's '}', then the array's ']'
  return {begin, static_cast<size_t>(end + 1 - begin)};
}

}  // namespace

std::string_view object_noun(ObjectKind kind) {
  switch (kind) {
    case ObjectKind::kPost: return "post";
    case ObjectKind::kReply: return "reply";
    case ObjectKind::kReaction: return "reaction";
    case ObjectKind::kAttachment: return "attachment";
    case ObjectKind::kEmoji: return "emoji";
    case ObjectKind::kTeamMembership: return "team membership";
    case ObjectKind::kChannelMembership: return "channel membership";
    case ObjectKind::kDirectChannel: return "direct channel";
  }
  return "?";
}

uint64_t object_key(ObjectKind kind, uint64_t identity, uint64_t message) {
  if (kind != ObjectKind::kPost) return identity;
  uint64_t parts[2] = {identity, message};
  return XXH3_64bits(parts, sizeof parts);
}

uint64_t ReconcileKeys::message_hash(std::string_view text) { return XXH3_64bits(text.data(), text.size()); }

std::string describe(const ObjectKey& o) {
  switch (o.kind) {
    case ObjectKind::kPost:
      if (o.b.empty()) return fmt::format("direct post by {} at {} in {}", o.c, o.at, o.a);
      return fmt::format("post by {} at {} in {}/{}", o.c, o.at, o.a, o.b);
    case ObjectKind::kReply: return fmt::format("reply by {} at {}", o.a, o.at);
    case ObjectKind::kReaction: return fmt::format("reaction :{}: by {} on the post or reply at {}", o.b, o.a, o.at);
    case ObjectKind::kAttachment: return fmt::format("attachment {} of the post or reply at {}", o.a, o.at);
    case ObjectKind::kEmoji: return fmt::format("emoji {}", o.a);
    case ObjectKind::kTeamMembership: return fmt::format("{} in team {}", o.a, o.b);
    case ObjectKind::kChannelMembership: return fmt::format("{} in channel {}/{}", o.a, o.b, o.c);
    case ObjectKind::kDirectChannel: return fmt::format("direct channel {}", o.a);
  }
  return {};
}

LineType ReconcileKeys::read(simdjson::ondemand::parser& parser, const Line& line, Scratch& s,
                             std::vector<ObjectKey>& out) const {
  const size_t before = out.size();
  s.archived_channel = 0;
  LineType payload_type = LineType::kUnknown;
  LineType type;
  try {
    type = classifier_.classify(parser, line, nullptr, [&](std::string_view key, od::value& value) {
      if (key_is(key, "post")) {
        payload_type = LineType::kPost;
        read_post(value, false, line.index, s, out);
      } else if (key_is(key, "direct_post")) {
        payload_type = LineType::kDirectPost;
        read_post(value, true, line.index, s, out);
      } else if (key_is(key, "user")) {
        payload_type = LineType::kUser;
        read_user(value, line.index, s, out);
      } else if (key_is(key, "direct_channel")) {
        payload_type = LineType::kDirectChannel;
        read_direct_channel(value, line.index, s, out);
      } else if (key_is(key, "channel")) {
        payload_type = LineType::kChannel;
        read_channel(value, s);
      } else if (key_is(key, "emoji")) {
        payload_type = LineType::kEmoji;
        for_each_member(value, [&](std::string_view k, od::field&, od::value& v) {
          if (!key_is(k, "name")) return;
          StringRef name = read_string(v);
          if (!name) return;
          begin_key(s.bytes, ObjectKind::kEmoji);
          put_name(s.bytes, name.text);
          ObjectKey o{ObjectKind::kEmoji, hash_of(s.bytes), 0, line.index};
          o.a = name.text;
          out.push_back(o);
        });
      }
    }, &s.utf8);
  } catch (const simdjson::simdjson_error&) {
    type = LineType::kMalformed;
  }
  // A payload that is not the line's type (or a second one) is not what the importer reads.
  if (type != payload_type) {
    out.resize(before);
    s.archived_channel = 0;
  }
  return type;
}

void ReconcileKeys::read_channel(od::value& payload, Scratch& s) {
  std::string_view team, name;
  bool archived = false;
  for_each_member(payload, [&](std::string_view k, od::field&, od::value& v) {
    if (key_is(k, "team")) team = read_string(v).text;
    else if (key_is(k, "name")) name = read_string(v).text;
    else if (key_is(k, "deleted_at")) archived = read_int(v) != 0;
  });
  if (archived && !team.empty() && !name.empty()) s.archived_channel = channel_key(s, team, name);
}

uint64_t ReconcileKeys::channel_key(Scratch& s, std::string_view team, std::string_view channel) {
  begin_key(s.bytes, ObjectKind::kPost, 2);  // variant 2: never a post's key (0, 1: channel, direct)
  put_name(s.bytes, team);
  put_name(s.bytes, channel);
  return hash_of(s.bytes);
}

void ReconcileKeys::read_post(od::value& payload, bool direct, uint32_t line, Scratch& s,
                              std::vector<ObjectKey>& out) const {
  s.children.clear();
  ObjectKey post{ObjectKind::kPost, 0, 0, line};
  // The children of a reply or of the post, with the parent they belong to.
  auto read_children = [&](PostMember kind, od::value& v, int32_t parent) {
    if (kind == PostMember::kReactions) {
      for_each_element(v, [&](od::value& r) {
        Scratch::Child c{{}, {}, 0, parent, ObjectKind::kReaction};
        for_each_member(r, [&](std::string_view k, od::field&, od::value& value) {
          if (key_is(k, "user")) c.user = read_string(value).text;
          else if (key_is(k, "emoji_name")) c.emoji_or_file = read_string(value).text;
        });
        s.children.push_back(c);
      });
    } else if (kind == PostMember::kAttachments) {
      for_each_element(v, [&](od::value& a) {
        for_each_member(a, [&](std::string_view k, od::field&, od::value& value) {
          if (!key_is(k, "path")) return;
          StringRef path = read_string(value);
          if (path && !path.text.empty())
            s.children.push_back({{}, base_name(path.text), 0, parent, ObjectKind::kAttachment});
        });
      });
    }
  };
  // The post's members through the one post visitor (jsonl/PostView.h); replies numbered across
  // every "replies" member, each with its children.
  struct Visit {
    bool direct;
    ObjectKey& post;
    Scratch& s;
    decltype(read_children)& children;
    int32_t reply_count = 0;
    size_t at = 0;  // the current reply's entry in s.children

    void member(PostMember kind, od::field&, od::value& v, int32_t reply) {
      if (reply >= 0) {
        if (kind == PostMember::kUser) s.children[at].user = read_string(v).text;
        else if (kind == PostMember::kCreateAt) s.children[at].at = read_int(v);
        else children(kind, v, s.children[at].parent);
        return;
      }
      switch (kind) {
        case PostMember::kTeam: if (!direct) post.a = read_string(v).text; break;
        case PostMember::kChannel: if (!direct) post.b = read_string(v).text; break;
        case PostMember::kChannelMembers: if (direct) post.a = read_members(v, s.members, s.bytes, false); break;
        case PostMember::kUser: post.c = read_string(v).text; break;
        case PostMember::kMessage: post.message = message_hash(read_string(v).text); break;
        case PostMember::kCreateAt: post.at = read_int(v); break;
        default: children(kind, v, -1);
      }
    }
    void replies() {}
    void reply(int32_t) {
      at = s.children.size();
      s.children.push_back(Scratch::Child{{}, {}, 0, reply_count++, ObjectKind::kReply});
    }
  };
  Visit visit{direct, post, s, read_children};
  visit_post(payload, visit);

  begin_key(s.bytes, ObjectKind::kPost, direct ? 1 : 0);
  if (direct) {
    for (uint64_t m : s.members) put_int(s.bytes, m);
    s.bytes += '\0';
  } else {
    put_name(s.bytes, post.a);
    put_name(s.bytes, post.b);
  }
  put_name(s.bytes, post.c);
  put_int(s.bytes, static_cast<uint64_t>(post.at));
  post.identity = hash_of(s.bytes);
  if (!direct && post.b.empty()) post.b = "?";  // a post line always names its channel when read here
  out.push_back(post);

  // Replies first, so that their children find their keys; the reply keys go in s.members.
  s.members.clear();
  for (Scratch::Child& c : s.children) {
    if (c.kind != ObjectKind::kReply) continue;
    c.at = std::max(c.at, post.at);  // the importer moves a reply up to its root's create_at
    begin_key(s.bytes, ObjectKind::kReply);
    put_int(s.bytes, post.identity);
    put_name(s.bytes, c.user);
    put_int(s.bytes, static_cast<uint64_t>(c.at));
    ObjectKey o{ObjectKind::kReply, hash_of(s.bytes), 0, line};
    o.a = c.user;
    o.at = c.at;
    s.members.push_back(o.identity);
    out.push_back(o);
  }
  // The create_at of each reply, by index, for the descriptions of its children.
  auto parent_at = [&](int32_t parent) {
    if (parent < 0) return post.at;
    for (const Scratch::Child& c : s.children)
      if (c.kind == ObjectKind::kReply && c.parent == parent) return c.at;
    return post.at;
  };
  for (const Scratch::Child& c : s.children) {
    if (c.kind == ObjectKind::kReply) continue;
    uint64_t parent = c.parent < 0 ? post.identity : s.members[static_cast<size_t>(c.parent)];
    begin_key(s.bytes, c.kind);
    put_int(s.bytes, parent);
    if (c.kind == ObjectKind::kReaction) {
      put_name(s.bytes, c.user);
      put_name(s.bytes, c.emoji_or_file);
    } else {
      put_bytes(s.bytes, c.emoji_or_file);
    }
    ObjectKey o{c.kind, hash_of(s.bytes), 0, line};
    if (c.kind == ObjectKind::kReaction) {
      o.a = c.user;
      o.b = c.emoji_or_file;
    } else {
      o.a = c.emoji_or_file;
    }
    o.at = parent_at(c.parent);
    out.push_back(o);
  }
}

ObjectKey ReconcileKeys::membership(Scratch& s, std::string_view user, std::string_view team,
                                    std::string_view channel, uint32_t line) {
  ObjectKind kind = channel.empty() ? ObjectKind::kTeamMembership : ObjectKind::kChannelMembership;
  begin_key(s.bytes, kind);
  put_name(s.bytes, user);
  put_name(s.bytes, team);
  if (!channel.empty()) put_name(s.bytes, channel);
  ObjectKey o{kind, hash_of(s.bytes), 0, line};
  o.a = user;
  o.b = team;
  o.c = channel;
  return o;
}

void ReconcileKeys::read_user(od::value& payload, uint32_t line, Scratch& s, std::vector<ObjectKey>& out) const {
  s.memberships.clear();
  std::string_view username;
  for_each_member(payload, [&](std::string_view key, od::field&, od::value& v) {
    if (key_is(key, "username")) {
      username = read_string(v).text;
    } else if (key_is(key, "teams")) {
      for_each_element(v, [&](od::value& team) {
        size_t at = s.memberships.size();
        s.memberships.push_back({});
        size_t first_channel = s.memberships.size();
        for_each_member(team, [&](std::string_view k, od::field&, od::value& value) {
          if (key_is(k, "name")) {
            s.memberships[at].team = read_string(value).text;
          } else if (key_is(k, "channels")) {
            for_each_element(value, [&](od::value& channel) {
              for_each_member(channel, [&](std::string_view ck, od::field&, od::value& cv) {
                if (key_is(ck, "name")) s.memberships.push_back({{}, read_string(cv).text, true});
              });
            });
          }
        });
        // The team's name may follow its channels.
        for (size_t i = first_channel; i < s.memberships.size(); ++i) s.memberships[i].team = s.memberships[at].team;
      });
    }
  });
  if (username.empty()) return;
  for (const Scratch::MembershipName& m : s.memberships) {
    if (m.team.empty() || (m.is_channel && m.channel.empty())) continue;
    out.push_back(membership(s, username, m.team, m.is_channel ? m.channel : std::string_view(), line));
  }
}

void ReconcileKeys::read_direct_channel(od::value& payload, uint32_t line, Scratch& s,
                                        std::vector<ObjectKey>& out) const {
  // The exporter writes `participants`, older files `members`: participants win when both are there.
  std::string_view members_text, participants_text;
  std::vector<uint64_t>& members = s.members;
  uint64_t from_members = 0, from_participants = 0;
  auto key_of = [&]() {
    begin_key(s.bytes, ObjectKind::kDirectChannel);
    for (uint64_t m : members) put_int(s.bytes, m);
    return hash_of(s.bytes);
  };
  for_each_member(payload, [&](std::string_view key, od::field&, od::value& v) {
    if (key_is(key, "members")) {
      members_text = read_members(v, members, s.bytes, false);
      if (!members.empty()) from_members = key_of();
    } else if (key_is(key, "participants")) {
      participants_text = read_members(v, members, s.bytes, true);
      if (!members.empty()) from_participants = key_of();
    }
  });
  ObjectKey o{ObjectKind::kDirectChannel, from_participants ? from_participants : from_members, 0, line};
  if (!o.identity) return;
  o.a = from_participants ? participants_text : members_text;
  out.push_back(o);
}

}  // namespace mm
