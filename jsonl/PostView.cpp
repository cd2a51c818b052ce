#include "jsonl/PostView.h"

#include <algorithm>

namespace mm {

namespace od = simdjson::ondemand;

uint64_t PostView::total_reactions() const {
  uint64_t n = reactions;
  for (const Reply& r : replies) n += r.reactions;
  return n;
}

uint64_t PostView::total_attachments() const {
  uint64_t n = attachments_count;
  for (const Reply& r : replies) n += r.attachments;
  return n;
}

PostMember post_member_by_rule(std::string_view raw_key) {
  using M = PostMember;
  bool plain = true;
  for (char c : raw_key) plain &= c != '\\' && !(c & 0x80);
  if (plain) return M::kOther;
  static constexpr std::pair<std::string_view, PostMember> kNames[] = {
      {"team", M::kTeam},           {"channel", M::kChannel},       {"channel_members", M::kChannelMembers},
      {"user", M::kUser},           {"message", M::kMessage},       {"create_at", M::kCreateAt},
      {"edit_at", M::kEditAt},      {"flagged_by", M::kFlaggedBy},  {"reactions", M::kReactions},
      {"attachments", M::kAttachments}, {"replies", M::kReplies}, {"thread_followers", M::kThreadFollowers},
  };
  for (const auto& [name, kind] : kNames)
    if (key_is(raw_key, name)) return kind;
  return M::kOther;
}

namespace {

// The readers' visitor: fills a PostView (jsonl/PostView.h).
class PostWalk {
 public:
  PostWalk(PostView& out, unsigned parts) : out_(out), parts_(parts) {}

  void member(PostMember kind, od::field&, od::value& value, int32_t reply) {
    switch (kind) {
      case PostMember::kMessage:
        if (parts_ & kPostTexts) text(value, reply < 0 ? out_.message : out_.replies[reply].message);
        break;
      case PostMember::kTeam:
        if (reply < 0 && (parts_ & kPostTexts)) text(value, out_.team);
        break;
      case PostMember::kAttachments:
        if (parts_ & (kPostPaths | kPostCounts)) {
          uint64_t n = attachments(value, reply);
          (reply < 0 ? out_.attachments_count : out_.replies[reply].attachments) = n;
        }
        break;
      case PostMember::kReactions:
        if (parts_ & kPostCounts) (reply < 0 ? out_.reactions : out_.replies[reply].reactions) = count(value);
        break;
      default:
        break;
    }
  }

  // A "replies" member replaces the replies an earlier one gave.
  void replies() {
    if (parts_ & kPostPaths) erase([](const PostView::Attachment& a) { return a.reply >= 0; });
    out_.replies.clear();
  }
  void reply(int32_t) { out_.replies.emplace_back(); }

 private:
  static void text(od::value& value, PostText& out) {
    out = {};
    std::string_view s;
    if (!value.get_string().get(s)) out = {s, true};
  }

  static uint64_t count(od::value& value) {
    od::array array;
    if (value.get_array().get(array)) return 0;
    uint64_t n = 0;
    for (auto element : array) {
      (void)element;
      ++n;
    }
    return n;
  }

  // The elements of an attachments array; their paths when asked for (replacing those an
  // earlier "attachments" member of the same object gave).
  uint64_t attachments(od::value& value, int32_t reply) {
    if (!(parts_ & kPostPaths)) return count(value);
    erase([&](const PostView::Attachment& a) { return a.reply == reply; });
    const char* array_begin = value.raw_json_token().data();
    od::array array;
    if (value.get_array().get(array)) return 0;
    uint32_t index = 0;
    for (auto element_result : array) {
      od::value element;
      if (std::move(element_result).get(element)) return index;
      const char* element_begin = element.raw_json_token().data();
      od::object object;
      if (!element.get_object().get(object)) {
        PostView::Attachment a{reply, index, {}, element_begin, array_begin, nullptr};
        for (auto member : object) {
          od::field field;
          if (std::move(member).get(field)) break;  // what was read before it
          if (!key_is(raw_key(field), "path")) continue;
          od::value path = field.value();
          std::string_view token = path.raw_json_token();
          std::string_view s;
          bool is_string = !token.empty() && token[0] == '"' && !path.get_string().get(s);
          a.path = is_string ? s : std::string_view();
          a.path_token = is_string ? token.data() : nullptr;
        }
        if (!a.path.empty()) out_.attachments.push_back(a);
      }
      ++index;
    }
    return index;
  }

  template <class Pred>
  void erase(Pred pred) {
    auto& v = out_.attachments;
    v.erase(std::remove_if(v.begin(), v.end(), pred), v.end());
  }

  PostView& out_;
  unsigned parts_;
};

}  // namespace

void read_post(od::value& payload, PostView& out, unsigned parts) {
  out.clear();
  od::object object;
  if (payload.get_object().get(object)) return;
  out.found = true;
  PostWalk walk(out, parts);
  walk_post(object, walk);
}

}  // namespace mm
