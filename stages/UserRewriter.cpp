#include "stages/UserRewriter.h"

namespace mm {

namespace {

// A member of the payload: its whole span (for removal) and its value when it is a string.
struct MemberRef {
  std::string_view span;
  StringRef value;
  explicit operator bool() const { return span.data() != nullptr; }
};

MemberRef read_member(od::field& field, od::value& value) {
  MemberRef m;
  if (value.type() == od::json_type::string) m.value = read_string(value);
  std::string_view bytes = m.value ? m.value.token : value_span(value);
  m.span = member_span(field, bytes);
  return m;
}

bool equal_lower(std::string_view a, std::string_view b) { return ascii_lower(a) == ascii_lower(b); }

std::string mapped(const NameMap& map, std::string_view name) {
  const std::string* to = map.find_any_case(name);
  return to ? *to : std::string(name);
}

}  // namespace

void UserRewriter::read_channel(od::value& v, size_t team) {
  MembershipRef ref{team, true, {}, {}, {}, v.raw_json_token().data()};
  for_each_member(v, [&](std::string_view key, od::field& field, od::value& value) {
    if (key_is(key, "name")) {
      ref.name = read_string(value);
    } else if (key_is(key, "roles")) {
      MemberRef m = read_member(field, value);
      ref.roles_member = m.span;
      ref.roles = m.value;
    }
  });
  memberships_.push_back(ref);
}

void UserRewriter::read_team(od::value& v) {
  size_t index = memberships_.size();
  memberships_.push_back(MembershipRef{index, false, {}, {}, {}, v.raw_json_token().data()});
  for_each_member(v, [&](std::string_view key, od::field& field, od::value& value) {
    if (key_is(key, "name")) {
      memberships_[index].name = read_string(value);
    } else if (key_is(key, "roles")) {
      MemberRef m = read_member(field, value);
      memberships_[index].roles_member = m.span;
      memberships_[index].roles = m.value;
    } else if (key_is(key, "channels")) {
      for_each_element(value, [&](od::value& channel) { read_channel(channel, index); });
    }
  });
}

LineOutcome UserRewriter::rewrite_user(od::value& payload, RewriteContext& ctx) {
  const RewriteMaps& maps = ctx.maps;
  LineSplicer& splice = ctx.splice;
  const char* open_brace = payload.raw_json_token().data();
  memberships_.clear();
  others_.clear();
  StringRef username;
  MemberRef profile_image, email, roles, locale, theme, notify_props, auth_service, auth_data;
  for_each_member(payload, [&](std::string_view key, od::field& field, od::value& value) {
    if (key_is(key, "username")) username = read_string(value);
    else if (key_is(key, "email")) email = read_member(field, value);
    else if (key_is(key, "roles")) roles = read_member(field, value);
    else if (key_is(key, "locale")) locale = read_member(field, value);
    else if (key_is(key, "theme")) theme = read_member(field, value);
    else if (key_is(key, "notify_props")) notify_props = read_member(field, value);
    else if (key_is(key, "auth_service")) auth_service = read_member(field, value);
    else if (key_is(key, "auth_data")) auth_data = read_member(field, value);
    else if (key_is(key, "teams")) for_each_element(value, [&](od::value& team) { read_team(team); });
    else if (key_is(key, "profile_image")) profile_image = read_member(field, value);
    else others_.push_back(member_span(field, value_span(value)));
  });

  const UserDecision* d = username && maps.user_lines.find_any_case(username.text) ? maps.plan.user(username.text) : nullptr;

  if (d && !d->emit) {
    std::string user = d->target.empty() ? std::string(username.text) : d->target;
    for (const MembershipRef& m : memberships_) {
      if (!m.name) continue;
      const MembershipRef& team = memberships_[m.team];
      if (!team.name) continue;
      Membership out{user, mapped(maps.teams, team.name.text), {}};
      if (m.is_channel) {
        const NameMap* channels = maps.channels_of(team.name.text);
        out.channel = channels ? mapped(*channels, m.name.text) : std::string(m.name.text);
      }
      ctx.memberships.push_back(std::move(out));
    }
    ctx.counts.add(Change::kUsersLeftOut);
    return LineOutcome::kDrop;
  }

  const bool onto_target = d && d->action == UserAction::kMap;
  if (profile_image.value && !onto_target) {
    // A profile image the plan drops (the importer could not use it) leaves the line.
    auto fix = maps.attachments.find(profile_image.value.text);
    if (fix != maps.attachments.end() && fix->second->action == AttachmentAction::kDrop) {
      splice.remove_member(profile_image.span);
      ctx.counts.add(Change::kProfileImagesDropped);
    } else if (ctx.files) {
      ctx.files->emplace_back(profile_image.value.text);
    }
  }

  // Sets a string member; a member of another type than string is replaced as a whole.
  auto put = [&](const MemberRef& member, std::string_view key, std::string_view value) {
    if (member.value) {
      if (member.value.text == value) return;
      splice.replace_string(member.value.token, value);
    } else {
      if (member) splice.remove_member(member.span);
      splice.insert_string_field(open_brace, key, value);
    }
    ctx.counts.add(Change::kUserFieldsKept);
  };
  auto drop = [&](const MemberRef& member) {
    if (!member) return;
    splice.remove_member(member.span);
    ctx.counts.add(Change::kUserFieldsKept);
  };

  if (d) {
    if (rename(username, maps.users, Change::kUserRefs, ctx)) ctx.counts.add(Change::kUsersRemapped);
    if (d->email == ValueSource::kKeepTarget) put(email, "email", d->target_email);
    if (d->roles == ValueSource::kKeepTarget) drop(roles);
    if (d->settings == ValueSource::kKeepTarget) {
      put(locale, "locale", d->target_locale);
      drop(theme);
      drop(notify_props);
    }
    if (onto_target) {
      // The account is the target's: the line carries only the username, the e-mail, the locale,
      // authentication and memberships; profile fields and preferences would overwrite its own.
      drop(profile_image);
      for (std::string_view span : others_) {
        splice.remove_member(span);
        ctx.counts.add(Change::kUserFieldsKept);
      }
    }
    if (d->auth == AuthAction::kStrip) {
      if (auth_service || !d->auth_service.empty()) {
        bool changed = !auth_service.value || auth_service.value.text != d->auth_service;
        if (changed) {
          if (auth_service.value) {
            splice.replace_string(auth_service.value.token, d->auth_service);
          } else {
            if (auth_service) splice.remove_member(auth_service.span);
            splice.insert_string_field(open_brace, "auth_service", d->auth_service);
          }
        }
      }
      if (auth_data) splice.remove_member(auth_data.span);
      ctx.counts.add(Change::kAuthStripped);
    }
  }

  for (const MembershipRef& m : memberships_) {
    const MembershipRef& team = memberships_[m.team];
    if (!m.name || !team.name) continue;
    if (m.is_channel) {
      const NameMap* channels = maps.channels_of(team.name.text);
      if (channels) rename(m.name, *channels, Change::kChannelRefs, ctx);
    } else {
      rename(m.name, maps.teams, Change::kTeamRefs, ctx);
    }
    if (!d || d->roles != ValueSource::kKeepTarget) continue;
    std::string team_name = mapped(maps.teams, team.name.text);
    std::string channel_name;
    if (m.is_channel) {
      const NameMap* channels = maps.channels_of(team.name.text);
      channel_name = channels ? mapped(*channels, m.name.text) : std::string(m.name.text);
    }
    for (const MembershipRoles& r : d->target_membership_roles) {
      if (!equal_lower(r.team, team_name) || r.channel.empty() == m.is_channel) continue;
      if (m.is_channel && !equal_lower(r.channel, channel_name)) continue;
      if (m.roles) {
        if (m.roles.text == r.roles) break;
        splice.replace_string(m.roles.token, r.roles);
      } else {
        if (!m.roles_member.empty()) splice.remove_member(m.roles_member);
        splice.insert_string_field(m.open_brace, "roles", r.roles);
      }
      ctx.counts.add(Change::kUserFieldsKept);
      break;
    }
  }
  return LineOutcome::kKeep;
}

void UserRewriter::rewrite_bot(od::value& payload, RewriteContext& ctx) {
  const auto& fixes = ctx.maps.attachments;
  for_each_member(payload, [&](std::string_view key, od::field& field, od::value& value) {
    if (key_is(key, "owner")) {
      rename_value(value, ctx.maps.users, Change::kUserRefs, ctx);
    } else if (key_is(key, "profile_image") && (ctx.files || !fixes.empty())) {
      StringRef image = read_string(value);
      if (!image) return;
      // A profile image the plan drops (the importer could not use it) leaves the line.
      auto fix = fixes.find(image.text);
      if (fix != fixes.end() && fix->second->action == AttachmentAction::kDrop) {
        ctx.splice.remove_member(member_span(field, image.token));
        ctx.counts.add(Change::kProfileImagesDropped);
      } else if (ctx.files) {
        ctx.files->emplace_back(image.text);
      }
    }
  });
}

}  // namespace mm
