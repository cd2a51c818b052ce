// `direct_channel` lines (docs/bulk-format.md §2.13).
#include <algorithm>

#include <fmt/format.h>

#include "stages/validate/NameRules.h"
#include "stages/validate/Rules.h"

namespace mm::validate {

void decode_fields(Context& ctx, dom::object obj, DirectChannelMemberData& d) {
  for (auto [k, v] : obj)
    field(ctx, k, v, "username", d.username) || field(ctx, k, v, "notify_props", d.notify_props) ||
        field(ctx, k, v, "scheme_user", d.scheme_user) || field(ctx, k, v, "scheme_admin", d.scheme_admin) ||
        field(ctx, k, v, "scheme_guest", d.scheme_guest) || field(ctx, k, v, "mention_count", d.mention_count) ||
        field(ctx, k, v, "mention_count_root", d.mention_count_root) ||
        field(ctx, k, v, "urgend_mention_count", d.urgent_mention_count) ||
        field(ctx, k, v, "msg_count", d.msg_count) || field(ctx, k, v, "msg_count_root", d.msg_count_root) ||
        field(ctx, k, v, "last_viewed_at", d.last_viewed_at);
}

void decode_fields(Context& ctx, dom::object obj, DirectChannelData& d) {
  for (auto [k, v] : obj)
    field(ctx, k, v, "members", d.members) || field(ctx, k, v, "participants", d.participants) ||
        field(ctx, k, v, "favorited_by", d.favorited_by) || field(ctx, k, v, "shown_by", d.shown_by) ||
        field(ctx, k, v, "header", d.header);
}

namespace {

std::string_view string_or_empty(dom::element e) {
  std::string_view s;
  if (e.get_string().get(s)) return {};
  return s;
}

void check_member_count(Context& ctx, std::string_view key, size_t n) {
  if (n == 2) return;
  Field f(ctx, key);
  if (n < 3)
    ctx.error("app.import.validate_direct_channel_import_data.members_too_few.error",
              fmt::format("{} has {} members: 2 (direct) or 3 to 8 (group)", key, n));
  else if (n > 8)
    ctx.error("app.import.validate_direct_channel_import_data.members_too_many.error",
              fmt::format("{} has {} members, more than 8", key, n));
}

}  // namespace

void validate_direct_channel(Context& ctx, const DirectChannelData& d) {
  // Participants, decoded once.
  std::vector<std::string_view> participants;
  if (d.participants.set) {
    Field f(ctx, "participants");
    size_t i = 0;
    for (dom::element e : d.participants.value) {
      Field fi(ctx, i++);
      if (e.is_null()) continue;  // a nil *DirectChannelMember
      DirectChannelMemberData m;
      if (!decode_element(ctx, e, m)) continue;
      participants.push_back(m.username.value);
      if (m.username.set) {
        Field fu(ctx, "username");
        ctx.ref(NameKind::kUser, m.username.value, kUserNotFound);
      }
    }
  }
  if (!d.participants.set && !d.members.set)
    ctx.error("app.import.validate_direct_channel_import_data.members_required.error",
              "members or participants are required");
  if (d.participants.set) check_member_count(ctx, "participants", d.participants.size());
  if (d.members.set) check_member_count(ctx, "members", d.members.size());
  if (d.header.set) {
    size_t runes = rune_count(d.header.value);
    if (runes > 1024) {
      Field f(ctx, "header");
      ctx.error("app.import.validate_direct_channel_import_data.header_length.error",
                fmt::format("header is {} characters, more than 1024", runes));
    }
  }
  if (d.favorited_by.set) {
    Field f(ctx, "favorited_by");
    size_t i = 0;
    for (dom::element e : d.favorited_by.value) {
      Field fi(ctx, i++);
      std::string_view who = string_or_empty(e);
      bool member = std::find(participants.begin(), participants.end(), who) != participants.end();
      if (!member && d.members.set)
        for (dom::element m : d.members.value) member = member || string_or_empty(m) == who;
      if (!member)
        ctx.error("app.import.validate_direct_channel_import_data.unknown_favoriter.error",
                  fmt::format("\"{}\" is not a member of the channel", shorten(who)));
    }
  }
  if (d.members.set) {
    Field f(ctx, "members");
    size_t i = 0;
    for (dom::element e : d.members.value) {
      Field fi(ctx, i++);
      ctx.ref(NameKind::kUser, string_or_empty(e), kUserNotFound);
    }
  }
}

}  // namespace mm::validate
