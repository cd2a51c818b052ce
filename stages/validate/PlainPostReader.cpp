#include "stages/validate/PlainPostReader.h"

#include <algorithm>
#include <cstring>

#include <simdjson.h>

#include "stages/validate/NameRules.h"
#include "stages/validate/Rules.h"

namespace mm::validate {

void PlainPost::clear() {
  team = channel = user = {};
  create_at = 0;
  has_team = has_channel = has_user = has_message = has_create_at = has_members = false;
  reactions = replies = flagged_by = members = {};
  names.clear();
  all_reactions.clear();
  all_replies.clear();
}

namespace {

enum Key : uint8_t {
  kTeam, kChannel, kUser, kType, kMessage, kProps, kCreateAt, kEditAt, kFlaggedBy, kReactions, kReplies,
  kAttachments, kThreadFollowers, kIsPinned, kChannelMembers, kEmojiName, kUnknownKey
};

constexpr uint32_t bit(Key k) { return uint32_t{1} << k; }
constexpr uint32_t kPostCommon = bit(kUser) | bit(kType) | bit(kMessage) | bit(kProps) | bit(kCreateAt) |
                                 bit(kEditAt) | bit(kFlaggedBy) | bit(kReactions) | bit(kReplies) |
                                 bit(kAttachments) | bit(kThreadFollowers) | bit(kIsPinned);
constexpr uint32_t kPostKeys = kPostCommon | bit(kTeam) | bit(kChannel);
constexpr uint32_t kDirectPostKeys = kPostCommon | bit(kChannelMembers);
constexpr uint32_t kReplyKeys = bit(kUser) | bit(kType) | bit(kMessage) | bit(kProps) | bit(kCreateAt) |
                                bit(kEditAt) | bit(kFlaggedBy) | bit(kReactions) | bit(kAttachments) | bit(kIsPinned);
constexpr uint32_t kReactionKeys = bit(kUser) | bit(kEmojiName) | bit(kCreateAt);

// The keys of the plain shape are the struct tags as written: lower case, no escapes.
Key key_of(std::string_view k) {
  switch (k.size()) {
    case 4: return k == "user" ? kUser : k == "team" ? kTeam : k == "type" ? kType : kUnknownKey;
    case 5: return k == "props" ? kProps : kUnknownKey;
    case 7:
      return k == "message"   ? kMessage
             : k == "channel" ? kChannel
             : k == "replies" ? kReplies
             : k == "edit_at" ? kEditAt
                              : kUnknownKey;
    case 9:
      return k == "create_at" ? kCreateAt : k == "reactions" ? kReactions : k == "is_pinned" ? kIsPinned : kUnknownKey;
    case 10: return k == "flagged_by" ? kFlaggedBy : k == "emoji_name" ? kEmojiName : kUnknownKey;
    case 11: return k == "attachments" ? kAttachments : kUnknownKey;
    case 15: return k == "channel_members" ? kChannelMembers : kUnknownKey;
    case 16: return k == "thread_followers" ? kThreadFollowers : kUnknownKey;
    default: return kUnknownKey;
  }
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = static_cast<char>(c | 0x20);
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

constexpr int kMaxDepth = 64;              // deeper props go to the full validator
constexpr size_t kMaxEmojiNameBytes = 64;  // runes, never more than bytes
constexpr size_t kMaxPropsRunes = 800000;
// json.Marshal writes at most six runes for a byte of a string (\u003c for '<'), and no more
// than a compact integer of up to 18 digits, a literal or a bracket takes.
constexpr size_t kMaxMarshaledRunesPerByte = 6;

// One pass over a line; every method returns false on anything outside the plain shape.
class Cursor {
 public:
  Cursor(const char* p, const char* end, ScannerKernel kernel, size_t max_message, PlainPost& post)
      : p_(p), end_(end), kernel_(kernel), max_message_(max_message), post_(post) {}

  bool at_end() const { return p_ == end_; }
  bool eat(char c) {
    if (p_ < end_ && *p_ == c) {
      ++p_;
      return true;
    }
    return false;
  }
  bool eat(std::string_view s) {
    if (static_cast<size_t>(end_ - p_) < s.size() || std::memcmp(p_, s.data(), s.size()) != 0) return false;
    p_ += s.size();
    return true;
  }

  // A string with its escapes checked; `raw` is its content as written.
  bool string(std::string_view& raw, bool& escaped) {
    if (!eat('"')) return false;
    escaped = false;
    const char* q = p_;
    for (;;) {
      q = find_string_stop(kernel_, q, end_);
      if (q >= end_) return false;
      if (*q == '"') break;
      if (*q != '\\' || end_ - q < 2) return false;  // a control byte, or a backslash at the end
      escaped = true;
      char e = q[1];
      if (e == 'u') {
        if (end_ - q < 6) return false;
        unsigned v = 0;
        for (int i = 2; i < 6; ++i) {
          int h = hex_digit(q[i]);
          if (h < 0) return false;
          v = v * 16 + static_cast<unsigned>(h);
        }
        if (v >= 0xD800 && v <= 0xDFFF) return false;  // surrogates: decoders differ
        q += 6;
      } else if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r' || e == 't') {
        q += 2;
      } else {
        return false;
      }
    }
    raw = {p_, static_cast<size_t>(q - p_)};
    p_ = q + 1;
    return true;
  }

  // A string without escapes: its content is its value.
  bool name(std::string_view& out) {
    bool escaped;
    return string(out, escaped) && !escaped;
  }

  Key key(uint32_t allowed, uint32_t& seen) {
    std::string_view k;
    if (!name(k) || !eat(':')) return kUnknownKey;
    Key id = key_of(k);
    if (id == kUnknownKey || !(allowed & bit(id)) || (seen & bit(id))) return kUnknownKey;
    seen |= bit(id);
    return id;
  }

  // An integer of up to 18 digits (no fraction, no exponent: the next byte is checked by the caller).
  bool integer(int64_t& out) {
    bool negative = eat('-');
    if (p_ >= end_ || *p_ < '0' || *p_ > '9') return false;
    int64_t v = 0;
    if (*p_ == '0') {
      if (negative) return false;  // -0: decoders differ
      ++p_;
    } else {
      const char* first = p_;
      while (p_ < end_ && *p_ >= '0' && *p_ <= '9') {
        if (p_ - first == 18) return false;
        v = v * 10 + (*p_++ - '0');
      }
    }
    out = negative ? -v : v;
    return true;
  }

  bool boolean() { return eat("true") || eat("false"); }

  // Any JSON value of the plain shape (props).
  bool any(int depth) {
    if (p_ >= end_ || depth > kMaxDepth) return false;
    switch (*p_) {
      case '{': {
        ++p_;
        if (eat('}')) return true;
        do {
          std::string_view k;
          bool escaped;
          if (!string(k, escaped) || !eat(':') || !any(depth + 1)) return false;
        } while (eat(','));
        return eat('}');
      }
      case '[': {
        ++p_;
        if (eat(']')) return true;
        do {
          if (!any(depth + 1)) return false;
        } while (eat(','));
        return eat(']');
      }
      case '"': {
        std::string_view s;
        bool escaped;
        return string(s, escaped);
      }
      case 't':
      case 'f': return boolean();
      case 'n': return eat("null");
      default: {
        int64_t unused;
        return integer(unused);
      }
    }
  }

  bool props() {
    if (p_ >= end_ || *p_ != '{') return false;
    const char* begin = p_;
    if (!any(0)) return false;
    return static_cast<size_t>(p_ - begin) * kMaxMarshaledRunesPerByte <= kMaxPropsRunes;
  }

  bool message(bool& has) {
    std::string_view raw;
    bool escaped;
    has = true;
    return string(raw, escaped) && raw.size() <= max_message_;  // unescaped: no more runes
  }

  bool post_type() {
    std::string_view t;
    return name(t) && is_valid_post_type(t);
  }

  bool empty_array() { return eat("[]"); }

  // [ "name", ... ] into post.names.
  bool names(PlainPost::Range& range) {
    range.begin = static_cast<uint32_t>(post_.names.size());
    if (!eat('[')) return false;
    if (!eat(']')) {
      do {
        std::string_view n;
        if (!name(n)) return false;
        post_.names.push_back(n);
      } while (eat(','));
      if (!eat(']')) return false;
    }
    range.end = static_cast<uint32_t>(post_.names.size());
    return true;
  }

  // [ {"user":..,"emoji_name":..,"create_at":..}, ... ]: all three, create_at not 0.
  bool reactions(PlainPost::Range& range) {
    range.begin = static_cast<uint32_t>(post_.all_reactions.size());
    if (!eat('[')) return false;
    if (!eat(']')) {
      do {
        if (!eat('{')) return false;
        PlainPost::Reaction r;
        uint32_t seen = 0;
        do {
          switch (key(kReactionKeys, seen)) {
            case kUser:
              if (!name(r.user)) return false;
              break;
            case kEmojiName: {
              std::string_view e;
              bool escaped;
              if (!string(e, escaped) || e.size() > kMaxEmojiNameBytes) return false;
              break;
            }
            case kCreateAt:
              if (!integer(r.create_at) || r.create_at == 0) return false;
              break;
            default: return false;
          }
        } while (eat(','));
        if (!eat('}') || seen != kReactionKeys) return false;
        post_.all_reactions.push_back(r);
      } while (eat(','));
      if (!eat(']')) return false;
    }
    range.end = static_cast<uint32_t>(post_.all_reactions.size());
    return true;
  }

  bool reply(PlainPost::Reply& r) {
    if (!eat('{')) return false;
    uint32_t seen = 0;
    do {
      bool ok = false;
      int64_t unused;
      switch (key(kReplyKeys, seen)) {
        case kUser: ok = r.has_user = name(r.user); break;
        case kType: ok = post_type(); break;
        case kMessage: ok = message(r.has_message); break;
        case kProps: ok = props(); break;
        case kCreateAt: ok = r.has_create_at = integer(r.create_at); break;
        case kEditAt: ok = integer(unused); break;
        case kFlaggedBy: ok = names(r.flagged_by); break;
        case kReactions: ok = reactions(r.reactions); break;
        case kAttachments: ok = empty_array(); break;
        case kIsPinned: ok = boolean(); break;
        default: break;
      }
      if (!ok) return false;
    } while (eat(','));
    return eat('}');
  }

  bool replies(PlainPost::Range& range) {
    if (!eat('[')) return false;
    // Replies hold reactions and names of their own: kept aside, appended in order.
    std::vector<PlainPost::Reply>& all = post_.all_replies;
    range.begin = static_cast<uint32_t>(all.size());
    if (!eat(']')) {
      do {
        PlainPost::Reply r;
        if (!reply(r)) return false;
        all.push_back(r);
      } while (eat(','));
      if (!eat(']')) return false;
    }
    range.end = static_cast<uint32_t>(all.size());
    return true;
  }

  // The payload object of a post (`direct` false) or direct_post line.
  bool payload(bool direct) {
    if (!eat('{')) return false;
    uint32_t seen = 0;
    PlainPost& d = post_;
    do {
      bool ok = false;
      int64_t unused;
      switch (key(direct ? kDirectPostKeys : kPostKeys, seen)) {
        case kTeam: ok = d.has_team = name(d.team); break;
        case kChannel: ok = d.has_channel = name(d.channel); break;
        case kChannelMembers: ok = d.has_members = names(d.members); break;
        case kUser: ok = d.has_user = name(d.user); break;
        case kType: ok = post_type(); break;
        case kMessage: ok = message(d.has_message); break;
        case kProps: ok = props(); break;
        case kCreateAt: ok = d.has_create_at = integer(d.create_at); break;
        case kEditAt: ok = integer(unused); break;
        case kFlaggedBy: ok = names(d.flagged_by); break;
        case kReactions: ok = reactions(d.reactions); break;
        case kReplies: ok = replies(d.replies); break;
        case kAttachments:
        case kThreadFollowers: ok = empty_array(); break;
        case kIsPinned: ok = boolean(); break;
        default: break;
      }
      if (!ok) return false;
    } while (eat(','));
    return eat('}');
  }

 private:
  const char* p_;
  const char* end_;
  ScannerKernel kernel_;
  size_t max_message_;
  PlainPost& post_;
};

bool reactions_ok(const PlainPost& d, PlainPost::Range range, int64_t parent_create_at) {
  for (uint32_t i = range.begin; i < range.end; ++i)
    if (d.all_reactions[i].create_at < parent_create_at) return false;
  return true;
}

// The rules of PostRules.cpp that can fail on a plain line (the reader checked the rest).
bool rules_pass(const PlainPost& d, bool direct) {
  if (direct) {
    size_t members = d.members.end - d.members.begin;
    if (!d.has_members || members < 2 || members > 8) return false;
    for (uint32_t i = d.flagged_by.begin; i < d.flagged_by.end; ++i)
      if (std::find(d.names.begin() + d.members.begin, d.names.begin() + d.members.end, d.names[i]) ==
          d.names.begin() + d.members.end)
        return false;
  } else if (!d.has_team || !d.has_channel) {
    return false;
  }
  if (!d.has_user || !d.has_message || !d.has_create_at || d.create_at == 0) return false;
  if (!reactions_ok(d, d.reactions, d.create_at)) return false;
  for (uint32_t i = d.replies.begin; i < d.replies.end; ++i) {
    const PlainPost::Reply& r = d.all_replies[i];
    if (!r.has_user || !r.has_message || !r.has_create_at || r.create_at == 0) return false;
    if (r.create_at < d.create_at) return false;  // a warning
    if (!reactions_ok(d, r.reactions, r.create_at)) return false;
  }
  return true;
}

void ref_users(Context& ctx, const PlainPost& d, PlainPost::Range range, std::string_view field) {
  if (range.begin == range.end) return;
  Field f(ctx, field);
  for (uint32_t i = range.begin; i < range.end; ++i) {
    Field fi(ctx, i - range.begin);
    ctx.ref(NameKind::kUser, d.names[i], kUserNotFound);
  }
}

void ref_reactions(Context& ctx, const PlainPost& d, PlainPost::Range range) {
  if (range.begin == range.end) return;
  Field f(ctx, "reactions");
  for (uint32_t i = range.begin; i < range.end; ++i) {
    Field fi(ctx, i - range.begin);
    Field fu(ctx, "user");
    ctx.ref(NameKind::kUser, d.all_reactions[i].user, kReactionUserNotFound);
  }
}

void ref_replies(Context& ctx, const PlainPost& d) {
  if (d.replies.begin == d.replies.end) return;
  Field f(ctx, "replies");
  for (uint32_t i = d.replies.begin; i < d.replies.end; ++i) {
    const PlainPost::Reply& r = d.all_replies[i];
    Field fi(ctx, i - d.replies.begin);
    {
      Field fu(ctx, "user");
      ctx.ref(NameKind::kUser, r.user, kUserNotFound);
    }
    ref_reactions(ctx, d, r.reactions);
    ref_users(ctx, d, r.flagged_by, "flagged_by");
  }
}

// The references in the order validate_post / validate_direct_post make them.
void make_refs(Context& ctx, const PlainPost& d, bool direct) {
  if (direct) {
    ref_users(ctx, d, d.members, "channel_members");
  } else {
    {
      Field f(ctx, "team");
      ctx.ref(NameKind::kTeam, d.team, kTeamNotFound);
    }
    Field f(ctx, "channel");
    ctx.ref_channel(d.team, d.channel, kPostChannelNotFound);
  }
  {
    Field f(ctx, "user");
    ctx.ref(NameKind::kUser, d.user, kUserNotFound);
  }
  if (direct) ref_users(ctx, d, d.flagged_by, "flagged_by");
  ref_reactions(ctx, d, d.reactions);
  ref_replies(ctx, d);
  if (!direct) ref_users(ctx, d, d.flagged_by, "flagged_by");
}

}  // namespace

bool PlainPostReader::read(const Line& line, Context& ctx, PlainPost& post, LineType& type) const {
  static constexpr std::string_view kPostPrefix = R"({"type":"post","post":)";
  static constexpr std::string_view kDirectPrefix = R"({"type":"direct_post","direct_post":)";
  std::string_view text = line.text;
  if (kernel_ == ScannerKernel::kNone || text.size() > kMaxLineBytes || text.size() < kPostPrefix.size() + 3 ||
      text.back() != '}')
    return false;
  bool direct = text[9] == 'd';
  std::string_view prefix = direct ? kDirectPrefix : kPostPrefix;
  if (!text.starts_with(prefix)) return false;
  if (!simdjson::validate_utf8(text.data(), text.size())) return false;
  post.clear();
  Cursor cursor(text.data() + prefix.size(), text.data() + text.size() - 1, kernel_, options_.max_post_size, post);
  if (!cursor.payload(direct) || !cursor.at_end() || !rules_pass(post, direct)) return false;
  type = direct ? LineType::kDirectPost : LineType::kPost;
  ctx.begin_line(line.index, name_of(type));
  make_refs(ctx, post, direct);
  ctx.end_line();
  return true;
}

}  // namespace mm::validate
