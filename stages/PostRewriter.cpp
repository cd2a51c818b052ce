#include "stages/PostRewriter.h"

#include <cstring>

#include "jsonl/ByteSigns.h"
#include "jsonl/JsonToken.h"
#include "jsonl/PostView.h"

namespace mm {

namespace {

// Whether a message's raw JSON token can hold a reference to a name of `maps` (cheap test before
// unescaping: the signs, or a \u escape that could hide one), in one pass.
bool may_reference(std::string_view token, bool users, bool channels, bool emoji) {
  return any_sign(token, '@', '~', ':', '\\', [&](size_t i) {
    switch (token[i]) {
      case '@': return users;
      case '~': return channels;
      case ':': return emoji;
      default: return i + 1 < token.size() && token[i + 1] == 'u';
    }
  });
}

}  // namespace

// apply's visitor of a post's members (jsonl/PostView.h): renames as the plan says, every
// occurrence of a member alike.
struct PostRewriter::Visit {
  PostRewriter& self;
  RewriteContext& ctx;
  bool direct;
  StringRef team, channel;

  void member(PostMember kind, od::field&, od::value& v, int32_t reply) {
    const RewriteMaps& maps = ctx.maps;
    const bool post = reply < 0;  // the post's own member, not a reply's
    switch (kind) {
      case PostMember::kTeam:
        if (post && !direct) {
          team = read_string(v);
          rename(team, maps.teams, Change::kTeamRefs, ctx);
        }
        break;
      case PostMember::kChannel:
        if (post && !direct) channel = read_string(v);
        break;
      case PostMember::kUser: rename_value(v, maps.users, Change::kUserRefs, ctx); break;
      case PostMember::kMessage: self.message(v, maps); break;
      case PostMember::kFlaggedBy: rename_elements(v, maps.users, Change::kUserRefs, ctx); break;
      case PostMember::kChannelMembers:
        if (post && direct) rename_elements(v, maps.users, Change::kUserRefs, ctx);
        break;
      case PostMember::kReactions: self.reactions(v, ctx); break;
      case PostMember::kAttachments: self.attachments(v, ctx); break;
      case PostMember::kThreadFollowers:
        if (post) self.thread_followers(v, ctx);
        break;
      default: break;
    }
  }
  void replies() {}
  void reply(int32_t) {}
};

void PostRewriter::rewrite(od::value& payload, bool direct, RewriteContext& ctx) {
  const RewriteMaps& maps = ctx.maps;
  messages_.clear();
  Visit visit{*this, ctx, direct, {}, {}};
  visit_post(payload, visit);  // a syntax error leaves the line as it is (the line rewriter catches it)
  const NameMap* channels = direct || !visit.team ? nullptr : maps.channels_of(visit.team.text);
  if (channels) rename(visit.channel, *channels, Change::kChannelRefs, ctx);
  mentions(ctx, channels);
}

void PostRewriter::mentions(RewriteContext& ctx, const NameMap* channels) {
  const RewriteMaps& maps = ctx.maps;
  MentionMaps mention_maps{&maps.users, channels, &maps.emoji};
  for (const StringRef& m : messages_) {
    ctx.scratch.clear();
    size_t n = rewrite_mentions(m.text, mention_maps, ctx.scratch);
    if (n) {
      ctx.splice.replace_string(m.token, ctx.scratch);
      ctx.counts.add(Change::kMentions, n);
    }
  }
}

namespace {

// A name the plain reader decoded (no escapes: its content is its value) as a StringRef.
StringRef plain_ref(const validate::OptString& s) {
  if (!s.set) return {};
  return {std::string_view(s.value.data() - 1, s.value.size() + 2), s.value};
}

}  // namespace

bool PostRewriter::rewrite_plain(const validate::PostData& post, bool direct, RewriteContext& ctx) {
  const RewriteMaps& maps = ctx.maps;
  const bool users = !maps.users.empty();
  const bool emoji = !maps.emoji.empty() || !maps.dropped_emoji.empty();
  // What rewrite() is left, found before any edit.
  if (emoji) {
    bool declined = false;
    auto check = [&](const validate::ReactionData& r) {
      if (!r.emoji_name.set || declined) return;
      std::string_view name = r.emoji_name.value;
      declined = std::memchr(name.data(), '\\', name.size()) || maps.dropped_emoji.find_any_case(name);
    };
    for (const validate::ReactionData& r : post.reactions.decoded()) check(r);
    for (const validate::ReplyData& reply : post.replies.decoded())
      for (const validate::ReactionData& r : reply.reactions.decoded()) check(r);
    if (declined) return false;
  }
  auto user = [&](const validate::OptString& name) {
    if (users) rename(plain_ref(name), maps.users, Change::kUserRefs, ctx);
  };
  auto reaction = [&](const validate::ReactionData& r) {
    user(r.user);
    if (emoji) rename(plain_ref(r.emoji_name), maps.emoji, Change::kEmojiRefs, ctx);
  };
  messages_.clear();
  unescaped_.clear();
  escaped_.clear();
  auto message = [&](const validate::OptString& m) {
    if (!m.set) return;
    std::string_view raw = m.value;
    std::string_view token(raw.data() - 1, raw.size() + 2);
    if (!may_reference(raw, users, !maps.channels_by_team.empty(), !maps.emoji.empty())) return;
    if (!std::memchr(raw.data(), '\\', raw.size())) {
      messages_.push_back({token, raw});
      return;
    }
    // Unescaped into unescaped_; the view is made once the buffer stops growing (below).
    size_t begin = unescaped_.size();
    append_unescaped(raw.data(), raw.size(), unescaped_);
    messages_.push_back({token, {}});
    escaped_.push_back({messages_.size() - 1, begin, unescaped_.size() - begin});
  };

  StringRef team;
  if (!direct) {
    team = plain_ref(post.team);
    rename(team, maps.teams, Change::kTeamRefs, ctx);
  }
  user(post.user);
  message(post.message);
  for (const validate::OptString& name : post.flagged_by.decoded()) user(name);
  if (direct)
    for (const validate::OptString& name : post.channel_members.decoded()) user(name);
  for (const validate::ReactionData& r : post.reactions.decoded()) reaction(r);
  for (const validate::ReplyData& reply : post.replies.decoded()) {
    user(reply.user);
    message(reply.message);
    for (const validate::OptString& name : reply.flagged_by.decoded()) user(name);
    for (const validate::ReactionData& r : reply.reactions.decoded()) reaction(r);
  }
  for (const Unescaped& e : escaped_) messages_[e.message].text = std::string_view(unescaped_.data() + e.begin, e.size);
  const NameMap* channels = direct || !team ? nullptr : maps.channels_of(team.text);
  if (channels) rename(plain_ref(post.channel), *channels, Change::kChannelRefs, ctx);
  mentions(ctx, channels);
  return true;
}

void PostRewriter::message(od::value& v, const RewriteMaps& maps) {
  // Messages that cannot reference a renamed name are neither unescaped nor scanned. Channel
  // references are possible when any team has renamed channels (the post's team may come later).
  std::string_view raw = v.raw_json_token();
  if (!may_reference(raw, !maps.users.empty(), !maps.channels_by_team.empty(), !maps.emoji.empty())) return;
  StringRef s = read_string(v);
  if (s) messages_.push_back(s);
}

void PostRewriter::reactions(od::value& v, RewriteContext& ctx) {
  const RewriteMaps& maps = ctx.maps;
  if (maps.users.empty() && maps.emoji.empty() && maps.dropped_emoji.empty()) return;
  for_each_element(v, [&](od::value& reaction) {
    const char* begin = reaction.raw_json_token().data();
    StringRef user, emoji;
    for_each_member(reaction, [&](std::string_view key, od::field&, od::value& value) {
      if (key_is(key, "user")) user = read_string(value);
      else if (key_is(key, "emoji_name")) emoji = read_string(value);
    });
    if (emoji && maps.dropped_emoji.find_any_case(emoji.text)) {
      // The whole reaction goes: its emoji is not imported.
      const char* end = closing_bracket(emoji.token.data() + emoji.token.size());
      ctx.splice.remove_member(std::string_view(begin, static_cast<size_t>(end + 1 - begin)));
      ctx.counts.add(Change::kReactionsDropped);
      return;
    }
    if (user) rename(user, maps.users, Change::kUserRefs, ctx);
    if (emoji) rename(emoji, maps.emoji, Change::kEmojiRefs, ctx);
  });
}

void PostRewriter::attachments(od::value& v, RewriteContext& ctx) {
  const auto& fixes = ctx.maps.attachments;
  if (fixes.empty() && !ctx.files) return;
  for_each_element(v, [&](od::value& attachment) {
    const char* begin = attachment.raw_json_token().data();
    const AttachmentFix* fix = nullptr;
    StringRef path;
    for_each_member(attachment, [&](std::string_view key, od::field&, od::value& value) {
      if (!key_is(key, "path")) return;
      path = read_string(value);
      if (!path) return;
      auto it = fixes.find(path.text);
      fix = it == fixes.end() ? nullptr : it->second;
    });
    if (!fix) {
      if (path && ctx.files) ctx.files->emplace_back(path.text);
      return;
    }
    if (fix->action == AttachmentAction::kDrop) {
      const char* end = closing_bracket(path.token.data() + path.token.size());
      ctx.splice.remove_member(std::string_view(begin, static_cast<size_t>(end + 1 - begin)));
      ctx.counts.add(Change::kAttachmentsDropped);
    } else {
      ctx.splice.replace_string(path.token, fix->new_path);
      ctx.counts.add(Change::kAttachmentsFixed);
      if (ctx.files) ctx.files->push_back(fix->new_path);
    }
  });
}

void PostRewriter::thread_followers(od::value& v, RewriteContext& ctx) {
  const RewriteMaps& maps = ctx.maps;
  if (maps.users.empty()) return;
  for_each_element(v, [&](od::value& follower) {
    for_each_member(follower, [&](std::string_view key, od::field&, od::value& value) {
      if (key_is(key, "user")) rename_value(value, maps.users, Change::kUserRefs, ctx);
    });
  });
}

}  // namespace mm
