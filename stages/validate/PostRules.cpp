// `post` and `direct_post` lines with their replies, reactions, attachments and thread followers
// (docs/bulk-format.md §2.8-§2.12, §2.14). No allocation unless something is wrong. A plain post line with no
// finding is read by PlainPostReader instead, which checks these rules too: a rule changed here
// must be changed there.
#include <algorithm>

#include <fmt/format.h>

#include "stages/validate/NameRules.h"
#include "stages/validate/Rules.h"

namespace mm::validate {

void decode_fields(Context& ctx, dom::object obj, ReactionData& d) {
  static const FieldTable<ReactionData> table = {{"user", member<&ReactionData::user>},
                                                 {"emoji_name", member<&ReactionData::emoji_name>},
                                                 {"create_at", member<&ReactionData::create_at>}};
  table.decode_object(ctx, obj, d);
}

void decode_fields(Context& ctx, dom::object obj, AttachmentData& d) {
  static const FieldTable<AttachmentData> table = {{"path", member<&AttachmentData::path>}};
  table.decode_object(ctx, obj, d);
}

void decode_fields(Context& ctx, dom::object obj, ThreadFollowerData& d) {
  static const FieldTable<ThreadFollowerData> table = {
      {"user", member<&ThreadFollowerData::user>},
      {"last_viewed", member<&ThreadFollowerData::last_viewed>},
      {"unread_mentions", member<&ThreadFollowerData::unread_mentions>}};
  table.decode_object(ctx, obj, d);
}

void decode_fields(Context& ctx, dom::object obj, ReplyData& d) {
  using R = ReplyData;
  static const FieldTable<R> table = {
      {"user", member<&R::user>},           {"type", member<&R::type>},
      {"message", member<&R::message>},     {"props", member<&R::props>},
      {"create_at", member<&R::create_at>}, {"edit_at", member<&R::edit_at>},
      {"flagged_by", member<&R::flagged_by>}, {"reactions", member<&R::reactions>},
      {"attachments", member<&R::attachments>}, {"is_pinned", member<&R::is_pinned>}};
  table.decode_object(ctx, obj, d);
}

void decode_fields(Context& ctx, dom::object obj, PostData& d) {
  using P = PostData;
  static const FieldTable<P> table = {
      {"team", member<&P::team>},           {"channel", member<&P::channel>},
      {"user", member<&P::user>},           {"type", member<&P::type>},
      {"message", member<&P::message>},     {"props", member<&P::props>},
      {"create_at", member<&P::create_at>}, {"edit_at", member<&P::edit_at>},
      {"flagged_by", member<&P::flagged_by>}, {"reactions", member<&P::reactions>},
      {"replies", member<&P::replies>},     {"attachments", member<&P::attachments>},
      {"thread_followers", member<&P::thread_followers>}, {"is_pinned", member<&P::is_pinned>}};
  table.decode_object(ctx, obj, d);
}

void decode_fields(Context& ctx, dom::object obj, DirectPostData& d) {
  using P = DirectPostData;
  static const FieldTable<P> table = {
      {"channel_members", member<&P::channel_members>},
      {"user", member<&P::user>},           {"type", member<&P::type>},
      {"message", member<&P::message>},     {"props", member<&P::props>},
      {"create_at", member<&P::create_at>}, {"edit_at", member<&P::edit_at>},
      {"flagged_by", member<&P::flagged_by>}, {"reactions", member<&P::reactions>},
      {"replies", member<&P::replies>},     {"attachments", member<&P::attachments>},
      {"thread_followers", member<&P::thread_followers>}, {"is_pinned", member<&P::is_pinned>}};
  table.decode_object(ctx, obj, d);
}

namespace {


// The rule ids of one kind of message: "validate_post_import_data", "validate_reply_import_data"
// or "validate_direct_post_import_data".
struct Ids {
  std::string_view user_missing, message_missing, message_length, create_at_missing, create_at_zero, attachment,
      thread_follower;
};

constexpr Ids kPostIds = {
    "app.import.validate_post_import_data.user_missing.error",
    "app.import.validate_post_import_data.message_missing.error",
    "app.import.validate_post_import_data.message_length.error",
    "app.import.validate_post_import_data.create_at_missing.error",
    "app.import.validate_post_import_data.create_at_zero.error",
    "app.import.validate_post_import_data.attachment.error",
    "app.import.validate_post_import_data.thread_follower.error",
};
constexpr Ids kReplyIds = {
    "app.import.validate_reply_import_data.user_missing.error",
    "app.import.validate_reply_import_data.message_missing.error",
    "app.import.validate_reply_import_data.message_length.error",
    "app.import.validate_reply_import_data.create_at_missing.error",
    "app.import.validate_reply_import_data.create_at_zero.error",
    "app.import.validate_reply_import_data.attachment.error",
    "",
};
constexpr Ids kDirectPostIds = {
    "app.import.validate_direct_post_import_data.user_missing.error",
    "app.import.validate_direct_post_import_data.message_missing.error",
    "app.import.validate_direct_post_import_data.message_length.error",
    "app.import.validate_direct_post_import_data.create_at_missing.error",
    "app.import.validate_direct_post_import_data.create_at_zero.error",
    "app.import.validate_direct_post_import_data.attachment.error",
    "app.import.validate_direct_post_import_data.thread_follower.error",
};

void check_user(Context& ctx, const OptString& user, const Ids& ids) {
  Field f(ctx, "user");
  if (!user.set) ctx.error(ids.user_missing, "user is missing");
  else ctx.ref(NameKind::kUser, user.value, kUserNotFound);
}

void check_message(Context& ctx, const OptString& message, const Ids& ids) {
  if (!message.set) {
    Field f(ctx, "message");
    ctx.error(ids.message_missing, "message is missing");
    return;
  }
  size_t max = ctx.options().max_post_size;
  if (message.value.size() <= max) return;  // never more runes than bytes
  size_t runes = rune_count(message.value);
  if (runes > max) {
    Field f(ctx, "message");
    ctx.error(ids.message_length, fmt::format("message is {} characters, more than {}: \"{}\"", runes, max,
                                              shorten(message.value)));
  }
}

void check_create_at(Context& ctx, const OptInt& create_at, const Ids& ids) {
  if (create_at.set && create_at.value != 0) return;
  Field f(ctx, "create_at");
  if (!create_at.set) ctx.error(ids.create_at_missing, "create_at is missing");
  else ctx.error(ids.create_at_zero, "create_at is 0");
}

void check_type(Context& ctx, const OptString& type) {
  if (!type.set || is_valid_post_type(type.value)) return;
  Field f(ctx, "type");
  ctx.error("model.post.is_valid.type.app_error",
            fmt::format("unknown post type \"{}\" (not a system type, nor custom_…)", shorten(type.value)));
}

void check_props(Context& ctx, const OptObject& props) {
  if (!props.set) return;
  size_t runes = marshaled_rune_count(props.value);
  if (runes <= kPostPropsMaxRunes) return;
  Field f(ctx, "props");
  ctx.error("app.import.validate_post_import_data.props_too_large.error",
            fmt::format("props are {} characters as JSON, more than {}", runes, kPostPropsMaxRunes));
}

void check_flagged_by(Context& ctx, const StringArray& flagged_by) {
  if (!flagged_by.set) return;
  Field f(ctx, "flagged_by");
  size_t i = 0;
  for (dom::element e : flagged_by.value) {
    Field fi(ctx, i++);
    std::string_view who;
    if (!e.get_string().get(who)) ctx.ref(NameKind::kUser, who, kUserNotFound);
  }
}

void check_reactions(Context& ctx, const OptArray& reactions, int64_t parent_create_at) {
  if (!reactions.set) return;
  Field f(ctx, "reactions");
  size_t i = 0;
  for (dom::element e : reactions.value) {
    Field fi(ctx, i++);
    ReactionData r;
    if (!decode_element(ctx, e, r)) continue;
    {
      Field fu(ctx, "user");
      if (!r.user.set) ctx.error("app.import.validate_reaction_import_data.user_missing.error", "user is missing");
      else ctx.ref(NameKind::kUser, r.user.value, kReactionUserNotFound);
    }
    {
      Field fe(ctx, "emoji_name");
      if (!r.emoji_name.set) {
        ctx.error("app.import.validate_reaction_import_data.emoji_name_missing.error", "emoji_name is missing");
      } else if (r.emoji_name.value.size() > kReactionEmojiNameMaxRunes) {
        size_t runes = rune_count(r.emoji_name.value);
        if (runes > kReactionEmojiNameMaxRunes)
          ctx.error("app.import.validate_reaction_import_data.emoji_name_length.error",
                    fmt::format("emoji_name \"{}\" is {} characters, more than {}", shorten(r.emoji_name.value), runes,
                                kReactionEmojiNameMaxRunes));
      }
    }
    Field fc(ctx, "create_at");
    if (!r.create_at.set)
      ctx.error("app.import.validate_reaction_import_data.create_at_missing.error", "create_at is missing");
    else if (r.create_at.value == 0)
      ctx.error("app.import.validate_reaction_import_data.create_at_zero.error", "create_at is 0");
    else if (r.create_at.value < parent_create_at)
      ctx.error("app.import.validate_reaction_import_data.create_at_before_parent.error",
                fmt::format("create_at {} is before the post's {}", r.create_at.value, parent_create_at));
  }
}

void check_attachments(Context& ctx, const OptArray& attachments, std::string_view rule) {
  if (!attachments.set) return;
  Field f(ctx, "attachments");
  size_t i = 0;
  for (dom::element e : attachments.value) {
    Field fi(ctx, i++);
    AttachmentData a;
    if (!decode_element(ctx, e, a) || !a.path.set || a.path.value.empty()) continue;
    Field fp(ctx, "path");
    check_import_file(ctx, a.path.value, rule, "mattermerge.attachment.missing");
  }
}

void check_thread_followers(Context& ctx, const OptArray& followers, std::string_view rule) {
  if (!followers.set) return;
  Field f(ctx, "thread_followers");
  size_t i = 0;
  for (dom::element e : followers.value) {
    Field fi(ctx, i++);
    if (e.is_null()) {
      ctx.error(rule, "thread follower is null (validate_thread_follower_data.empty)");
      continue;
    }
    ThreadFollowerData t;
    if (!decode_element(ctx, e, t)) continue;
    Field fu(ctx, "user");
    if (!t.user.set || t.user.value.empty())
      ctx.error(rule, "user is missing (validate_thread_follower_data.user_missing)");
    else
      ctx.ref(NameKind::kUser, t.user.value, kUserNotFound);
  }
}

void check_replies(Context& ctx, const OptArray& replies, int64_t parent_create_at) {
  if (!replies.set) return;
  Field f(ctx, "replies");
  size_t i = 0;
  for (dom::element e : replies.value) {
    Field fi(ctx, i++);
    ReplyData r;
    if (!decode_element(ctx, e, r)) continue;
    check_user(ctx, r.user, kReplyIds);
    check_message(ctx, r.message, kReplyIds);
    check_create_at(ctx, r.create_at, kReplyIds);
    if (r.create_at.set && r.create_at.value != 0 && r.create_at.value < parent_create_at) {
      Field fc(ctx, "create_at");
      ctx.warning("app.import.validate_reply_import_data.create_at_before_parent.error",
                  fmt::format("create_at {} is before the post's {} (the import moves it to the post's)",
                              r.create_at.value, parent_create_at));
    }
    check_type(ctx, r.type);
    check_props(ctx, r.props);
    check_reactions(ctx, r.reactions, r.create_at.value);
    check_attachments(ctx, r.attachments, kReplyIds.attachment);
    check_flagged_by(ctx, r.flagged_by);
  }
}

}  // namespace

void validate_post(Context& ctx, const PostData& d) {
  {
    Field f(ctx, "team");
    if (!d.team.set) ctx.error("app.import.validate_post_import_data.team_missing.error", "team is missing");
    else ctx.ref(NameKind::kTeam, d.team.value, kTeamNotFound);
  }
  {
    Field f(ctx, "channel");
    if (!d.channel.set) ctx.error("app.import.validate_post_import_data.channel_missing.error", "channel is missing");
    else if (d.team.set) ctx.ref_channel(d.team.value, d.channel.value, kPostChannelNotFound);
  }
  check_user(ctx, d.user, kPostIds);
  check_message(ctx, d.message, kPostIds);
  check_create_at(ctx, d.create_at, kPostIds);
  check_type(ctx, d.type);
  check_reactions(ctx, d.reactions, d.create_at.value);
  check_replies(ctx, d.replies, d.create_at.value);
  check_props(ctx, d.props);
  check_attachments(ctx, d.attachments, kPostIds.attachment);
  check_thread_followers(ctx, d.thread_followers, kPostIds.thread_follower);
  check_flagged_by(ctx, d.flagged_by);
}

void validate_direct_post(Context& ctx, const PostData& d) {
  {
    Field f(ctx, "channel_members");
    size_t n = d.channel_members.size();
    if (!d.channel_members.set)
      ctx.error("app.import.validate_direct_post_import_data.channel_members_required.error",
                "channel_members is missing");
    else if (n != 2 && n < 3)
      ctx.error("app.import.validate_direct_post_import_data.channel_members_too_few.error",
                fmt::format("channel_members has {} members: 2 (direct) or 3 to 8 (group)", n));
    else if (n > 8)
      ctx.error("app.import.validate_direct_post_import_data.channel_members_too_many.error",
                fmt::format("channel_members has {} members, more than 8", n));
    size_t i = 0;
    if (d.channel_members.set)
      for (dom::element e : d.channel_members.value) {
        Field fi(ctx, i++);
        std::string_view who;
        if (!e.get_string().get(who)) ctx.ref(NameKind::kUser, who, kUserNotFound);
      }
  }
  check_user(ctx, d.user, kDirectPostIds);
  check_message(ctx, d.message, kDirectPostIds);
  check_create_at(ctx, d.create_at, kDirectPostIds);
  check_type(ctx, d.type);
  if (d.flagged_by.set) {
    Field f(ctx, "flagged_by");
    size_t i = 0;
    for (dom::element e : d.flagged_by.value) {
      Field fi(ctx, i++);
      std::string_view who;
      if (e.get_string().get(who)) who = {};
      bool member = false;
      if (d.channel_members.set)
        for (dom::element m : d.channel_members.value) {
          std::string_view name;
          member = member || (!m.get_string().get(name) && name == who) || (m.is_null() && who.empty());
        }
      if (!member)
        ctx.error("app.import.validate_direct_post_import_data.unknown_flagger.error",
                  fmt::format("\"{}\" is not one of channel_members", shorten(who)));
      else
        ctx.ref(NameKind::kUser, who, kUserNotFound);
    }
  }
  check_reactions(ctx, d.reactions, d.create_at.value);
  check_replies(ctx, d.replies, d.create_at.value);
  check_attachments(ctx, d.attachments, kDirectPostIds.attachment);
  check_thread_followers(ctx, d.thread_followers, kDirectPostIds.thread_follower);
}

}  // namespace mm::validate
