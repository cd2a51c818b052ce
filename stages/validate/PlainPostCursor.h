// The one-pass reader of PlainPostReader.cpp, written once and compiled per scanner kernel:
// included between a kernel's begin.h and end.h (jsonl/kernels/*/), where jsonl/StructuralScanner.h
// has compiled that kernel's JsonCursor. Post lines' keys and fields on top of the cursor's JSON
// tokens, decoded into PostData (no rule is checked here); every call inlined. No include guard:
// included once per kernel.
namespace MATTERMERGE_KERNEL {

class PostCursor : public ::mm::MATTERMERGE_KERNEL::JsonCursor {
 public:
  PostCursor(const char* p, const char* end, size_t max_message, PostElements& elements, PostData& post)
      : JsonCursor(p, end), max_message_(max_message), elements_(elements), post_(post) {}

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

  // An object of the plain shape, whose json.Marshal length is bounded by its bytes; declined
  // when that bound is over the limit (only a DOM could count it).
  bool props(OptProps& out) {
    space();
    if (p_ >= end_ || *p_ != '{') return false;
    const char* begin = p_;
    if (!any(0)) return false;
    out.runes_at_most = static_cast<size_t>(p_ - begin) * kMaxMarshaledRunesPerByte;
    return out.set = out.runes_at_most <= kPostPropsMaxRunes;
  }

  // A string as written, declined when longer than `max` (its runes could still be fewer: only
  // the decoded text can tell).
  bool text(OptString& out, size_t max) {
    bool escaped;
    return out.set = string(out.value, escaped) && out.value.size() <= max;
  }

  bool name(OptString& out) { return out.set = JsonCursor::name(out.value); }

  bool integer(OptInt& out) { return out.set = JsonCursor::integer(out.value); }

  // [ "name", ... ] into elements.names.
  bool names(NameList& list) {
    list.items = &elements_.names;
    list.begin = static_cast<uint32_t>(elements_.names.size());
    if (!eat('[')) return false;
    if (!eat(']')) {
      do {
        OptString n;
        if (!name(n)) return false;
        elements_.names.push_back(n);
      } while (eat(','));
      if (!eat(']')) return false;
    }
    list.end = static_cast<uint32_t>(elements_.names.size());
    return list.set = true;
  }

  // [ {"user":..,"emoji_name":..,"create_at":..}, ... ] into elements.reactions.
  bool reactions(List<ReactionData>& list) {
    list.items = &elements_.reactions;
    list.begin = static_cast<uint32_t>(elements_.reactions.size());
    if (!eat('[')) return false;
    if (!eat(']')) {
      do {
        if (!eat('{')) return false;
        ReactionData& r = elements_.reactions.emplace_back();
        if (eat('}')) continue;
        uint32_t seen = 0;
        do {
          bool ok;
          switch (key(kReactionKeys, seen)) {
            case kUser: ok = name(r.user); break;
            case kEmojiName: ok = text(r.emoji_name, kReactionEmojiNameMaxRunes); break;
            case kCreateAt: ok = integer(r.create_at); break;
            default: ok = false; break;
          }
          if (!ok) return false;
        } while (eat(','));
        if (!eat('}')) return false;
      } while (eat(','));
      if (!eat(']')) return false;
    }
    list.end = static_cast<uint32_t>(elements_.reactions.size());
    return list.set = true;
  }

  // An empty list (a non-empty one is left to the DOM decoder).
  template <class T>
  bool empty_list(List<T>& list) {
    return list.set = empty_array();
  }

  // One of the fields a post (PostData) and a reply (ReplyData) have alike, into `m`; false for
  // another key. Inlined into both callers: a call per field was a measurable share of validate's
  // CPU (docs/performance.md).
  template <class Message>
  __attribute__((always_inline)) bool message_field(Key key, Message& m) {
    switch (key) {
      case kUser: return name(m.user);
      case kType: return name(m.type);
      case kMessage: return text(m.message, max_message_);
      case kProps: return props(m.props);
      case kCreateAt: return integer(m.create_at);
      case kEditAt: return integer(m.edit_at);
      case kFlaggedBy: return names(m.flagged_by);
      case kReactions: return reactions(m.reactions);
      case kAttachments: return empty_list(m.attachments);
      case kIsPinned: return m.is_pinned.set = boolean(m.is_pinned.value);
      default: return false;
    }
  }

  // [ {reply}, ... ] into elements.replies.
  bool replies(List<ReplyData>& list) {
    std::vector<ReplyData>& all = elements_.replies;
    list.items = &all;
    list.begin = static_cast<uint32_t>(all.size());
    if (!eat('[')) return false;
    if (!eat(']')) {
      do {
        if (!eat('{')) return false;
        ReplyData& r = all.emplace_back();  // filled in place: nothing else is added to `all` meanwhile
        if (eat('}')) continue;
        uint32_t seen = 0;
        do {
          if (!message_field(key(kReplyKeys, seen), r)) return false;
        } while (eat(','));
        if (!eat('}')) return false;
      } while (eat(','));
      if (!eat(']')) return false;
    }
    list.end = static_cast<uint32_t>(all.size());
    return list.set = true;
  }

  // The payload object of a post (`direct` false) or direct_post line.
  bool payload(bool direct) {
    if (!eat('{')) return false;
    if (eat('}')) return true;
    uint32_t seen = 0;
    PostData& d = post_;
    do {
      bool ok;
      switch (Key k = key(direct ? kDirectPostKeys : kPostKeys, seen)) {
        case kTeam: ok = name(d.team); break;
        case kChannel: ok = name(d.channel); break;
        case kChannelMembers: ok = names(d.channel_members); break;
        case kReplies: ok = replies(d.replies); break;
        case kThreadFollowers: ok = empty_list(d.thread_followers); break;
        default: ok = message_field(k, d); break;
      }
      if (!ok) return false;
    } while (eat(','));
    return eat('}');
  }

 private:
  size_t max_message_;
  PostElements& elements_;
  PostData& post_;
};

// Reads the payload object in [p, end) of a post (`direct` false) or direct_post line into `post`
// and `elements`.
inline bool read_payload(const char* p, const char* end, bool direct, size_t max_message, PostElements& elements,
                         PostData& post) {
  PostCursor cursor(p, end, max_message, elements, post);
  return cursor.payload(direct) && cursor.at_end();
}

}  // namespace MATTERMERGE_KERNEL
