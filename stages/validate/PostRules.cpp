// `post` and `direct_post` lines with their replies, reactions, attachments and thread followers
// (docs/bulk-format.md §2.8-§2.12, §2.14): the DOM decoder of PostData (decode_fields) and the one
// rule set, which runs on PostData whichever decoder filled it (this one, or PlainPostReader for a
// plain post line; PostData.h). No allocation unless something is wrong.
#include <algorithm>

#include <fmt/format.h>

#include "stages/validate/NameRules.h"
#include "stages/validate/Rules.h"

namespace mm::validate {

void decode(Context& ctx, dom::element v, NameList& out) {
  decode<OptString>(ctx, v, out);  // the list, then its elements' types
  if (!out.set) return;
  size_t i = 0;
  for (dom::element e : out.dom) {
    if (!e.is_null() && !e.is_string()) ctx.decode_error_at(i, "string", e);
    ++i;
  }
}

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

// Each check is its test, inlined into validate_post (the whole path of a valid line), and its
// report or its loop, out of line: a call per check cost more than the checks on a plain line.
#define MM_HOT [[gnu::always_inline]] inline
#define MM_COLD [[gnu::noinline, gnu::cold]]

MM_HOT void check_user(Context& ctx, const OptString& user, const Ids& ids) {
  Field f(ctx, "user");
  if (!user.set) ctx.error(ids.user_missing, "user is missing");
  else ctx.ref(NameKind::kUser, user.value, kUserNotFound);
}

MM_COLD void report_message(Context& ctx, const OptString& message, const Ids& ids) {
  if (!message.set) {
    Field f(ctx, "message");
    ctx.error(ids.message_missing, "message is missing");
    return;
  }
  size_t max = ctx.options().max_post_size;
  size_t runes = rune_count(message.value);
  if (runes > max) {
    Field f(ctx, "message");
    ctx.error(ids.message_length, fmt::format("message is {} characters, more than {}: \"{}\"", runes, max,
                                              shorten(message.value)));
  }
}

MM_HOT void check_message(Context& ctx, const OptString& message, const Ids& ids) {
  // Never more runes than bytes (and a message the plain reader hands over as written is never
  // shorter than the decoded one: PostData.h).
  if (message.set && message.value.size() <= ctx.options().max_post_size) return;
  report_message(ctx, message, ids);
}

MM_COLD void report_create_at(Context& ctx, const OptInt& create_at, const Ids& ids) {
  Field f(ctx, "create_at");
  if (!create_at.set) ctx.error(ids.create_at_missing, "create_at is missing");
  else ctx.error(ids.create_at_zero, "create_at is 0");
}

MM_HOT void check_create_at(Context& ctx, const OptInt& create_at, const Ids& ids) {
  if (create_at.set && create_at.value != 0) return;
  report_create_at(ctx, create_at, ids);
}

MM_COLD void report_type(Context& ctx, std::string_view type) {
  Field f(ctx, "type");
  ctx.error("model.post.is_valid.type.app_error",
            fmt::format("unknown post type \"{}\" (not a system type, nor custom_…)", shorten(type)));
}

MM_HOT void check_type(Context& ctx, const OptString& type) {
  if (!type.set || type.value.empty() || is_valid_post_type(type.value)) return;  // "": a plain post
  report_type(ctx, type.value);
}

[[gnu::noinline]] void count_props(Context& ctx, dom::element props) {
  size_t runes = marshaled_rune_count(props);
  if (runes <= kPostPropsMaxRunes) return;
  Field f(ctx, "props");
  ctx.error("app.import.validate_post_import_data.props_too_large.error",
            fmt::format("props are {} characters as JSON, more than {}", runes, kPostPropsMaxRunes));
}

MM_HOT void check_props(Context& ctx, const OptProps& props) {
  // The plain reader's bound was checked to be within the limit; only a DOM value is counted.
  if (!props.set || props.runes_at_most <= kPostPropsMaxRunes) return;
  count_props(ctx, props.value);
}

[[gnu::noinline]] void ref_flagged_by(Context& ctx, const NameList& flagged_by) {
  Field f(ctx, "flagged_by");
  for_each_element(ctx, flagged_by, [&](const OptString& who) {
    if (who.set) ctx.ref(NameKind::kUser, who.value, kUserNotFound);
  });
}

MM_HOT void check_flagged_by(Context& ctx, const NameList& flagged_by) {
  if (!flagged_by.empty()) ref_flagged_by(ctx, flagged_by);
}

[[gnu::noinline]] void check_each_reaction(Context& ctx, const List<ReactionData>& reactions,
                                           int64_t parent_create_at) {
  Field f(ctx, "reactions");
  for_each_element(ctx, reactions, [&](const ReactionData& r) {
    {
      Field fu(ctx, "user");
      if (!r.user.set) ctx.error("app.import.validate_reaction_import_data.user_missing.error", "user is missing");
      else ctx.ref(NameKind::kUser, r.user.value, kReactionUserNotFound);
    }
    if (!r.emoji_name.set) {
      Field fe(ctx, "emoji_name");
      ctx.error("app.import.validate_reaction_import_data.emoji_name_missing.error", "emoji_name is missing");
    } else if (r.emoji_name.value.size() > kReactionEmojiNameMaxRunes) {  // never more runes than bytes
      size_t runes = rune_count(r.emoji_name.value);
      Field fe(ctx, "emoji_name");
      if (runes > kReactionEmojiNameMaxRunes)
        ctx.error("app.import.validate_reaction_import_data.emoji_name_length.error",
                  fmt::format("emoji_name \"{}\" is {} characters, more than {}", shorten(r.emoji_name.value), runes,
                              kReactionEmojiNameMaxRunes));
    }
    if (r.create_at.set && r.create_at.value != 0 && r.create_at.value >= parent_create_at) return;
    Field fc(ctx, "create_at");
    if (!r.create_at.set)
      ctx.error("app.import.validate_reaction_import_data.create_at_missing.error", "create_at is missing");
    else if (r.create_at.value == 0)
      ctx.error("app.import.validate_reaction_import_data.create_at_zero.error", "create_at is 0");
    else
      ctx.error("app.import.validate_reaction_import_data.create_at_before_parent.error",
                fmt::format("create_at {} is before the post's {}", r.create_at.value, parent_create_at));
  });
}

MM_HOT void check_reactions(Context& ctx, const List<ReactionData>& reactions, int64_t parent_create_at) {
  if (!reactions.empty()) check_each_reaction(ctx, reactions, parent_create_at);
}

[[gnu::noinline]] void check_each_attachment(Context& ctx, const List<AttachmentData>& attachments,
                                             std::string_view rule) {
  Field f(ctx, "attachments");
  for_each_element(ctx, attachments, [&](const AttachmentData& a) {
    if (!a.path.set || a.path.value.empty()) return;
    Field fp(ctx, "path");
    check_import_file(ctx, a.path.value, rule, "mattermerge.attachment.missing");
  });
}

MM_HOT void check_attachments(Context& ctx, const List<AttachmentData>& attachments, std::string_view rule) {
  if (!attachments.empty()) check_each_attachment(ctx, attachments, rule);
}

[[gnu::noinline]] void check_each_thread_follower(Context& ctx, const List<ThreadFollowerData>& followers,
                                                  std::string_view rule) {
  Field f(ctx, "thread_followers");
  for_each_element(ctx, followers, [&](const ThreadFollowerData& t) {
    if (t.null) return ctx.error(rule, "thread follower is null (validate_thread_follower_data.empty)");
    Field fu(ctx, "user");
    if (!t.user.set || t.user.value.empty())
      ctx.error(rule, "user is missing (validate_thread_follower_data.user_missing)");
    else
      ctx.ref(NameKind::kUser, t.user.value, kUserNotFound);
  });
}

MM_HOT void check_thread_followers(Context& ctx, const List<ThreadFollowerData>& followers, std::string_view rule) {
  if (!followers.empty()) check_each_thread_follower(ctx, followers, rule);
}

[[gnu::noinline]] void check_each_reply(Context& ctx, const List<ReplyData>& replies, int64_t parent_create_at) {
  Field f(ctx, "replies");
  for_each_element(ctx, replies, [&](const ReplyData& r) {
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
  });
}

MM_HOT void check_replies(Context& ctx, const List<ReplyData>& replies, int64_t parent_create_at) {
  if (!replies.empty()) check_each_reply(ctx, replies, parent_create_at);
}

#undef MM_HOT
#undef MM_COLD

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
    for_each_element(ctx, d.channel_members, [&](const OptString& who) {
      if (who.set) ctx.ref(NameKind::kUser, who.value, kUserNotFound);
    });
  }
  check_user(ctx, d.user, kDirectPostIds);
  check_message(ctx, d.message, kDirectPostIds);
  check_create_at(ctx, d.create_at, kDirectPostIds);
  check_type(ctx, d.type);
  if (!d.flagged_by.empty()) {
    Field f(ctx, "flagged_by");
    for_each_element(ctx, d.flagged_by, [&](const OptString& flagger) {
      std::string_view who = flagger.value;  // "" when null
      // A member of the same name, or a null member for a null or "" flagger.
      bool member = any_name(d.channel_members, [&](const OptString& m) {
        return (m.set && m.value == who) || (!m.set && who.empty());
      });
      if (!member)
        ctx.error("app.import.validate_direct_post_import_data.unknown_flagger.error",
                  fmt::format("\"{}\" is not one of channel_members", shorten(who)));
      else
        ctx.ref(NameKind::kUser, who, kUserNotFound);
    });
  }
  check_reactions(ctx, d.reactions, d.create_at.value);
  check_replies(ctx, d.replies, d.create_at.value);
  check_attachments(ctx, d.attachments, kDirectPostIds.attachment);
  check_thread_followers(ctx, d.thread_followers, kDirectPostIds.thread_follower);
}

}  // namespace mm::validate
