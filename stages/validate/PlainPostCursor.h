// The one-pass reader of PlainPostReader.cpp, written once and compiled per scanner kernel:
// included between a kernel's begin.h and end.h (jsonl/kernels/*/), where jsonl/StructuralScanner.h
// has compiled that kernel's JsonCursor. Post lines' keys, fields and limits on top of the cursor's
// JSON tokens; every call inlined. No include guard: included once per kernel.
namespace MATTERMERGE_KERNEL {

class PostCursor : public ::mm::MATTERMERGE_KERNEL::JsonCursor {
 public:
  PostCursor(const char* p, const char* end, size_t max_message, PlainPost& post)
      : JsonCursor(p, end), max_message_(max_message), post_(post) {}

  Key key(uint32_t allowed, uint32_t& seen) {
    size_t length;
    space();
    Key id = match_key(p_, end_, length);
    if (id == kUnknownKey || !(allowed & bit(id)) || (seen & bit(id))) return kUnknownKey;
    p_ += length;
    if (!eat(':')) return kUnknownKey;
    seen |= bit(id);
    return id;
  }

  bool props() {
    space();
    if (p_ >= end_ || *p_ != '{') return false;
    const char* begin = p_;
    if (!any(0)) return false;
    return static_cast<size_t>(p_ - begin) * kMaxMarshaledRunesPerByte <= kPostPropsMaxRunes;
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
              if (!string(e, escaped) || e.size() > kReactionEmojiNameMaxRunes) return false;  // runes <= bytes
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

  // One of the fields a post and a reply have alike, into `m`; false for another key. Inlined
  // into both callers: a call per field was a measurable share of validate's CPU (docs/performance.md).
  __attribute__((always_inline)) bool message_field(Key key, PlainPost::Message& m) {
    int64_t unused;
    switch (key) {
      case kUser: return m.has_user = name(m.user);
      case kType: return post_type();
      case kMessage: return message(m.has_message);
      case kProps: return props();
      case kCreateAt: return m.has_create_at = integer(m.create_at);
      case kEditAt: return integer(unused);
      case kFlaggedBy: return names(m.flagged_by);
      case kReactions: return reactions(m.reactions);
      case kAttachments: return empty_array();
      case kIsPinned: return boolean();
      default: return false;
    }
  }

  bool replies(PlainPost::Range& range) {
    if (!eat('[')) return false;
    std::vector<PlainPost::Message>& all = post_.all_replies;
    range.begin = static_cast<uint32_t>(all.size());
    if (!eat(']')) {
      do {
        PlainPost::Message r;
        if (!eat('{')) return false;
        uint32_t seen = 0;
        do {
          if (!message_field(key(kReplyKeys, seen), r)) return false;
        } while (eat(','));
        if (!eat('}')) return false;
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
      bool ok;
      switch (Key k = key(direct ? kDirectPostKeys : kPostKeys, seen)) {
        case kTeam: ok = d.has_team = name(d.team); break;
        case kChannel: ok = d.has_channel = name(d.channel); break;
        case kChannelMembers: ok = d.has_members = names(d.members); break;
        case kReplies: ok = replies(d.replies); break;
        case kThreadFollowers: ok = empty_array(); break;
        default: ok = message_field(k, d.post); break;
      }
      if (!ok) return false;
    } while (eat(','));
    return eat('}');
  }

 private:
  size_t max_message_;
  PlainPost& post_;
};

// Reads the payload object in [p, end) of a post (`direct` false) or direct_post line into `post`.
inline bool read_payload(const char* p, const char* end, bool direct, size_t max_message, PlainPost& post) {
  PostCursor cursor(p, end, max_message, post);
  return cursor.payload(direct) && cursor.at_end();
}

}  // namespace MATTERMERGE_KERNEL
