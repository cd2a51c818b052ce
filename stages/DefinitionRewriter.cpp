#include "stages/DefinitionRewriter.h"

namespace mm {

namespace {

// Removes a `scheme` member naming a dropped scheme.
void drop_scheme_ref(od::field& field, od::value& value, RewriteContext& ctx) {
  StringRef s = read_string(value);
  if (!s || !ctx.maps.dropped_schemes.find_any_case(s.text)) return;
  ctx.splice.remove_member(member_span(field, s.token));
  ctx.counts.add(Change::kSchemeRefsDropped);
}

// The string value of the member `name` of a definition payload.
StringRef name_of_payload(od::value& payload) {
  StringRef name;
  for_each_member(payload, [&](std::string_view key, od::field&, od::value& value) {
    if (key_is(key, "name")) name = read_string(value);
  });
  return name;
}

}  // namespace

void DefinitionRewriter::rewrite_team(od::value& payload, RewriteContext& ctx) const {
  for_each_member(payload, [&](std::string_view key, od::field& field, od::value& value) {
    if (key_is(key, "name")) rename_value(value, ctx.maps.teams, Change::kTeamRefs, ctx);
    else if (key_is(key, "scheme")) drop_scheme_ref(field, value, ctx);
  });
}

void DefinitionRewriter::rewrite_channel(od::value& payload, RewriteContext& ctx) const {
  const RewriteMaps& maps = ctx.maps;
  const char* open_brace = payload.raw_json_token().data();
  StringRef team, name, display_name;
  std::string_view deleted_at;
  for_each_member(payload, [&](std::string_view key, od::field& field, od::value& value) {
    if (key_is(key, "team")) {
      team = read_string(value);
      rename(team, maps.teams, Change::kTeamRefs, ctx);
    } else if (key_is(key, "name")) {
      name = read_string(value);
    } else if (key_is(key, "display_name")) {
      display_name = read_string(value);
    } else if (key_is(key, "deleted_at")) {
      deleted_at = member_span(field, value_span(value));
    } else if (key_is(key, "scheme")) {
      drop_scheme_ref(field, value, ctx);
    }
  });
  if (!team || !name || maps.channel_lines.empty()) return;
  std::string key = channel_key(team.text, name.text);
  if (!maps.channel_lines.contains(key)) return;
  const ChannelDecision* d = maps.plan.channel(team.text, name.text);
  if (!d) return;
  if (d->action == ChannelAction::kRename) {
    if (d->new_name != name.text) {
      ctx.splice.replace_string(name.token, d->new_name);
      ctx.counts.add(Change::kChannelRefs);
    }
    if (d->new_display_name) {
      if (display_name) ctx.splice.replace_string(display_name.token, *d->new_display_name);
      else ctx.splice.insert_string_field(open_brace, "display_name", *d->new_display_name);
    }
  }
  if (!d->keep_archived && !deleted_at.empty()) {
    ctx.splice.remove_member(deleted_at);
    ctx.counts.add(Change::kChannelsUnarchived);
  }
}

LineOutcome DefinitionRewriter::rewrite_role(od::value& payload, RewriteContext& ctx) const {
  if (ctx.maps.dropped_roles.empty()) return LineOutcome::kKeep;
  StringRef name = name_of_payload(payload);
  if (!name || !ctx.maps.dropped_roles.find_any_case(name.text)) return LineOutcome::kKeep;
  ctx.counts.add(Change::kRolesDropped);
  return LineOutcome::kDrop;
}

LineOutcome DefinitionRewriter::rewrite_scheme(od::value& payload, RewriteContext& ctx) const {
  if (ctx.maps.dropped_schemes.empty()) return LineOutcome::kKeep;
  StringRef name = name_of_payload(payload);
  if (!name || !ctx.maps.dropped_schemes.find_any_case(name.text)) return LineOutcome::kKeep;
  ctx.counts.add(Change::kRolesDropped);
  return LineOutcome::kDrop;
}

LineOutcome DefinitionRewriter::rewrite_emoji(od::value& payload, RewriteContext& ctx) const {
  const RewriteMaps& maps = ctx.maps;
  if (maps.emoji.empty() && maps.dropped_emoji.empty() && !ctx.files) return LineOutcome::kKeep;
  StringRef name, image;
  for_each_member(payload, [&](std::string_view key, od::field&, od::value& value) {
    if (key_is(key, "name")) name = read_string(value);
    else if (key_is(key, "image")) image = read_string(value);
  });
  if (!name) return LineOutcome::kKeep;
  if (maps.dropped_emoji.find_any_case(name.text)) {
    ctx.counts.add(Change::kEmojiDropped);
    return LineOutcome::kDrop;
  }
  if (image && ctx.files) ctx.files->emplace_back(image.text);
  rename(name, maps.emoji, Change::kEmojiRefs, ctx);
  return LineOutcome::kKeep;
}

void DefinitionRewriter::rewrite_direct_channel(od::value& payload, RewriteContext& ctx) const {
  const NameMap& users = ctx.maps.users;
  if (users.empty()) return;
  for_each_member(payload, [&](std::string_view key, od::field&, od::value& value) {
    if (key_is(key, "members") || key_is(key, "favorited_by") || key_is(key, "shown_by")) {
      rename_elements(value, users, Change::kUserRefs, ctx);
    } else if (key_is(key, "participants")) {
      for_each_element(value, [&](od::value& participant) {
        for_each_member(participant, [&](std::string_view k, od::field&, od::value& v) {
          if (key_is(k, "username")) rename_value(v, users, Change::kUserRefs, ctx);
        });
      });
    }
  });
}

}  // namespace mm
