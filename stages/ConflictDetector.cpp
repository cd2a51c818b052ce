#include "stages/ConflictDetector.h"

#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "io/Error.h"

namespace mm {

namespace {

using ck = ConflictKind;

constexpr size_t kChannelNameMax = 64;
constexpr size_t kEmojiNameMax = 64;

bool has_role(std::string_view roles, std::string_view role) {
  size_t i = 0;
  while (i < roles.size()) {
    while (i < roles.size() && roles[i] == ' ') ++i;
    size_t j = i;
    while (j < roles.size() && roles[j] != ' ') ++j;
    if (j > i && roles.substr(i, j - i) == role) return true;
    i = j;
  }
  return false;
}

bool iequal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x + 32);
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y + 32);
    if (x != y) return false;
  }
  return true;
}

bool is_default_channel(std::string_view name) {
  return iequal(name, "town-square") || iequal(name, "off-topic");
}

// `base` made unique against `taken` (lower-cased names): base, base-2, base-3, …, each cut to
// `max` bytes.
std::string unique_name(const std::string& base, const std::unordered_set<std::string>& taken, size_t max) {
  for (int n = 1;; ++n) {
    std::string suffix = n == 1 ? "" : fmt::format("-{}", n);
    std::string candidate = base.substr(0, max - suffix.size()) + suffix;
    if (!taken.count(ascii_lower(candidate))) return candidate;
  }
}

std::string email_local_part(std::string_view email) {
  size_t at = email.rfind('@');
  return ascii_lower(at == std::string_view::npos ? email : email.substr(0, at));
}

// Collects the conflicts and the plan, then sorts.
class Detector {
 public:
  Detector(const InstanceIndex& source, const InstanceIndex& target, const PlanOptions& options)
      : source_(source), target_(target), options_(options) {}

  Detection run() {
    result_.plan.prefix = options_.prefix;
    result_.plan.source = options_.source_file;
    result_.plan.target = options_.target_file;
    for (const auto& [from, to] : options_.team_map) team_map_[ascii_lower(from)] = to;
    teams();
    channels();
    definitions();
    users();
    emoji();
    sort_conflicts(result_.conflicts);
    return std::move(result_);
  }

 private:
  Conflict& add(ConflictKind kind, std::string_view subject, uint64_t source_line, uint64_t target_line,
                std::string resolution) {
    result_.conflicts.emplace_back(kind, std::string(subject), source_line, target_line, std::move(resolution));
    return result_.conflicts.back();
  }

  // ---- teams ----

  void teams() {
    std::unordered_set<std::string> seen;
    for (const IndexedTeam& t : source_.teams) {
      if (!seen.insert(ascii_lower(t.name)).second) continue;
      auto mapped = team_map_.find(ascii_lower(t.name));
      std::string target_name = mapped == team_map_.end() ? t.name : mapped->second;
      const IndexedTeam* tt = target_.team(target_name);
      TeamDecision d{t.name, TeamAction::kKeep, t.name, ""};
      if (tt) {
        d.action = TeamAction::kMerge;
        d.target = tt->name;
        d.why = mapped == team_map_.end()
                    ? fmt::format("team_merge: the target has a team \"{}\" (line {})", tt->name, tt->line)
                    : fmt::format("team_merge: --team-map {}={} (target line {})", t.name, target_name, tt->line);
        add(ck::kTeamMerge, t.name, t.line, tt->line, fmt::format("merged into target team \"{}\"", tt->name));
      } else if (mapped != team_map_.end()) {
        d.action = ascii_lower(target_name) == ascii_lower(t.name) ? TeamAction::kKeep : TeamAction::kRename;
        d.target = target_name;
        d.why = fmt::format("team_merge: --team-map {}={}; the target has no such team, it is created", t.name,
                            target_name);
        add(ck::kTeamMerge, t.name, t.line, 0, fmt::format("imported as new team \"{}\"", target_name));
      } else {
        d.why = "no team of that name in the target";
      }
      result_.plan.add(std::move(d));
    }
  }

  // ---- channels ----

  void channels() {
    // Names taken in each mapped team: the target's channels and the source's own.
    std::unordered_map<std::string, std::unordered_set<std::string>> taken;
    for (const IndexedChannel& c : target_.channels) taken[ascii_lower(c.team)].insert(ascii_lower(c.name));
    for (const IndexedChannel& c : source_.channels)
      taken[ascii_lower(result_.plan.mapped_team(c.team))].insert(ascii_lower(c.name));

    std::unordered_set<std::string> seen;
    for (const IndexedChannel& c : source_.channels) {
      if (!seen.insert(channel_key(c.team, c.name)).second) continue;
      std::string team = result_.plan.mapped_team(c.team);
      const IndexedChannel* tc = target_.channel(team, c.name);
      ChannelDecision d;
      d.team = c.team;
      d.name = c.name;
      d.keep_archived = true;
      std::string subject = c.team + "/" + c.name;
      auto rename = [&](ConflictKind kind, std::string why) {
        d.action = ChannelAction::kRename;
        d.new_name = unique_name(options_.prefix + ascii_lower(c.name), taken[ascii_lower(team)], kChannelNameMax);
        taken[ascii_lower(team)].insert(ascii_lower(d.new_name));
        d.why = fmt::format("{}: {}", name_of(kind), why);
        std::string resolution = fmt::format("source channel renamed to \"{}\"", d.new_name);
        if (c.deleted_at > 0) resolution += " and kept archived";
        add(kind, subject, c.line, tc->line, std::move(resolution));
      };
      if (!tc) {
        d.action = ChannelAction::kKeep;
        d.why = fmt::format("no channel \"{}\" in target team \"{}\"", c.name, team);
      } else if (is_default_channel(c.name)) {
        d.action = ChannelAction::kMerge;
        d.why = "channel_merge: default channel, always merged";
        add(ck::kChannelMerge, subject, c.line, tc->line, "merged (default channel)");
      } else if (tc->deleted_at > 0) {
        rename(ck::kChannelTargetArchived,
               fmt::format("the target channel (line {}) is archived; the importer cannot post into it", tc->line));
      } else if (c.deleted_at > 0) {
        rename(ck::kChannelArchivePropagation,
               fmt::format("archived in the source, active in the target (line {}): merging would archive it",
                           tc->line));
      } else if (tc->display_name == c.display_name) {
        d.action = ChannelAction::kMerge;
        d.why = fmt::format("channel_merge: same name and display name \"{}\" (target line {})", c.display_name, tc->line);
        add(ck::kChannelMerge, subject, c.line, tc->line, "merged");
      } else {
        rename(ck::kChannelNameClash, fmt::format("display names differ: \"{}\" in the source, \"{}\" in the target (line {})",
                                                  c.display_name, tc->display_name, tc->line));
      }
      result_.plan.add(std::move(d));
    }
  }

  // ---- roles and schemes ----

  void definitions() {
    auto check = [&](const std::vector<IndexedDefinition>& defs, DefinitionKind kind) {
      std::unordered_set<std::string> seen;
      for (const IndexedDefinition& d : defs) {
        if (!seen.insert(ascii_lower(d.name)).second) continue;
        const IndexedDefinition* t = kind == DefinitionKind::kRole ? target_.role(d.name) : target_.scheme(d.name);
        if (!t || t->content == d.content) continue;
        std::string why = fmt::format("role_overwrite: the target's {} \"{}\" (line {}) has other permissions; "
                                      "importing this line would replace them for everyone",
                                      name_of(kind), t->name, t->line);
        result_.plan.dropped.push_back(DroppedDefinition{kind, d.name, why});
        add(ck::kRoleOverwrite, d.name, d.line, t->line,
            kind == DefinitionKind::kRole ? "role line dropped (the target's permissions kept)"
                                          : "scheme line and references to it dropped");
      }
    };
    check(source_.roles, DefinitionKind::kRole);
    check(source_.schemes, DefinitionKind::kScheme);
  }

  // ---- users ----

  void users() {
    // Target users by (first, last, e-mail local part), for probable duplicates.
    std::unordered_map<std::string, const IndexedUser*> by_person;
    for (const IndexedUser& u : target_.users) {
      if (u.first_name.empty() || u.last_name.empty()) continue;
      by_person.emplace(person_key(u), &u);
    }
    std::unordered_set<std::string> seen;
    for (const IndexedUser& su : source_.users) {
      if (!seen.insert(ascii_lower(su.username)).second) continue;
      UserDecision d;
      d.username = su.username;
      std::vector<std::string> why;
      if (const IndexedUser* tu = target_.user(su.username)) {
        d.action = UserAction::kUpdate;
        d.target = tu->username;
        why.push_back(fmt::format("the target has user \"{}\" (line {}): this line updates it", tu->username, tu->line));
        if (!iequal(su.email, tu->email)) {
          d.email = ValueSource::kKeepTarget;
          d.target_email = tu->email;
          why.push_back(fmt::format("user_email_changed: source e-mail \"{}\", target \"{}\": the target's kept",
                                    su.email, tu->email));
          add(ck::kUserEmailChanged, su.username, su.line, tu->line, fmt::format("target e-mail \"{}\" kept", tu->email));
        }
        check_role_downgrade(su, *tu, d, why);
        if (su.auth_service != tu->auth_service) {
          strip_auth(d, why, fmt::format("user_auth_changed: auth_service \"{}\" in the source, \"{}\" in the target",
                                         su.auth_service, tu->auth_service));
          add(ck::kUserAuthChanged, su.username, su.line, tu->line,
              "auth_service/auth_data dropped; password reset needed");
        }
        check_password_reset(su, *tu, d, why);
        if (su.locale != tu->locale || su.theme != tu->theme || su.notify_props != tu->notify_props) {
          d.settings = ValueSource::kKeepTarget;
          d.target_locale = tu->locale;
          why.push_back("user_settings_overwrite: locale, theme or notify props differ: the target's kept");
          add(ck::kUserSettingsOverwrite, su.username, su.line, tu->line, "target locale, theme and notify props kept");
        }
      } else if (const IndexedUser* te = su.email.empty() ? nullptr : target_.user_by_email(su.email)) {
        map_user(su, *te, d, why, ck::kUserEmailTaken,
                 fmt::format("user_email_taken: e-mail \"{}\" belongs to target user \"{}\" (line {})", su.email,
                             te->username, te->line));
      } else if (const IndexedUser* tp = probable_duplicate(su, by_person)) {
        map_user(su, *tp, d, why, ck::kUserProbableDuplicate,
                 fmt::format("user_probable_duplicate: probably target user \"{}\" (line {}, e-mail \"{}\")",
                             tp->username, tp->line, tp->email));
      } else {
        d.action = UserAction::kNew;
        why.push_back("no user of that username or e-mail in the target");
        check_new_auth(su, d, why);
      }
      d.why = join(why);
      result_.plan.add(std::move(d));
    }
  }

  static std::string person_key(const IndexedUser& u) {
    return ascii_lower(u.first_name) + '\n' + ascii_lower(u.last_name) + '\n' + email_local_part(u.email);
  }

  std::string aliased_email(std::string_view email) const {
    size_t at = email.rfind('@');
    if (at == std::string_view::npos) return {};
    std::string domain = ascii_lower(email.substr(at + 1));
    for (const auto& [from, to] : options_.email_domain_aliases)
      if (ascii_lower(from) == domain) return std::string(email.substr(0, at + 1)) + to;
    return {};
  }

  const IndexedUser* probable_duplicate(const IndexedUser& su,
                                        const std::unordered_map<std::string, const IndexedUser*>& by_person) const {
    std::string aliased = aliased_email(su.email);
    if (!aliased.empty())
      if (const IndexedUser* t = target_.user_by_email(aliased)) return t;
    if (su.first_name.empty() || su.last_name.empty()) return nullptr;
    auto it = by_person.find(person_key(su));
    return it == by_person.end() ? nullptr : it->second;
  }

  void map_user(const IndexedUser& su, const IndexedUser& tu, UserDecision& d, std::vector<std::string>& why,
                ConflictKind kind, std::string reason) {
    d.action = UserAction::kMap;
    d.target = tu.username;
    d.email = ValueSource::kKeepTarget;
    d.target_email = tu.email;
    d.roles = ValueSource::kKeepTarget;
    d.target_membership_roles = target_membership_roles(su, tu);
    d.settings = ValueSource::kKeepTarget;
    d.target_locale = tu.locale;
    why.push_back(reason + ": mapped onto it, every reference rewritten");
    add(kind, su.username, su.line, tu.line, fmt::format("mapped onto target user \"{}\"", tu.username));
    check_role_downgrade(su, tu, d, why);
    check_new_auth(su, d, why);
    check_password_reset(su, tu, d, why);
  }

  void check_new_auth(const IndexedUser& su, UserDecision& d, std::vector<std::string>& why) {
    if (su.auth_service.empty() || target_.uses_auth_service(su.auth_service)) return;
    strip_auth(d, why, fmt::format("user_auth_changed: no target user signs in with \"{}\"", su.auth_service));
    add(ck::kUserAuthChanged, su.username, su.line, 0, "auth_service/auth_data dropped; password reset needed");
  }

  static void strip_auth(UserDecision& d, std::vector<std::string>& why, std::string reason) {
    d.auth = AuthAction::kStrip;
    d.auth_service = "";
    why.push_back(std::move(reason) + ": auth dropped, the importer sets a password; the user needs a password reset");
  }

  // A user line for an existing account replaces its sign-in, whatever that is (docs/import-model.md): the
  // importer takes the account's auth_service and auth_data from the line, clearing them when the line has none,
  // and sets a random password when the line has neither password nor auth_data. A password account loses its
  // password, an LDAP/SAML/OAuth account its login. So no existing account ever gets a user line.
  void check_password_reset(const IndexedUser& su, const IndexedUser& tu, UserDecision& d,
                            std::vector<std::string>& why) {
    d.emit = false;
    if (tu.auth_service.empty())
      why.push_back("user_password_reset: the target account signs in with a password, which a user line would "
                    "replace: left out, memberships to memberships.sh");
    else
      why.push_back(fmt::format("user_password_reset: the target account signs in with \"{}\", which a user line "
                                "would replace: left out, memberships to memberships.sh",
                                tu.auth_service));
    add(ck::kUserPasswordReset, su.username, su.line, tu.line, "user line left out; memberships in memberships.sh");
  }

  // The source membership naming a target membership: the same (mapped) team, the same channel name.
  bool same_membership(const IndexedMembership& sm, const IndexedMembership& tm) const {
    const std::string_view source_channel = source_.text(sm.channel), target_channel = target_.text(tm.channel);
    if (source_channel.empty() != target_channel.empty()) return false;
    if (!iequal(result_.plan.mapped_team(source_.text(sm.team)), target_.text(tm.team))) return false;
    return source_channel.empty() || iequal(source_channel, target_channel);
  }

  // The same, where the source membership ends up in that target membership (its channel merges).
  bool merged_membership(const IndexedMembership& sm, const IndexedMembership& tm) const {
    if (!same_membership(sm, tm)) return false;
    if (source_.text(sm.channel).empty()) return true;
    const ChannelDecision* cd = result_.plan.channel(source_.text(sm.team), source_.text(sm.channel));
    return !cd || cd->action == ChannelAction::kMerge;
  }

  std::vector<MembershipRoles> target_membership_roles(const IndexedUser& su, const IndexedUser& tu) const {
    std::vector<MembershipRoles> out;
    for (const IndexedMembership& tm : tu.memberships) {
      std::optional<std::string_view> roles = target_.membership_roles(tm);
      if (!roles) continue;
      for (const IndexedMembership& sm : su.memberships) {
        if (!merged_membership(sm, tm)) continue;
        out.push_back(MembershipRoles{std::string(target_.text(tm.team)), std::string(target_.text(tm.channel)),
                                      std::string(*roles)});
        break;
      }
    }
    return out;
  }

  void check_role_downgrade(const IndexedUser& su, const IndexedUser& tu, UserDecision& d,
                            std::vector<std::string>& why) {
    std::vector<std::string> lost;
    if (tu.roles && has_role(*tu.roles, "system_admin") && su.roles && !has_role(*su.roles, "system_admin"))
      lost.push_back("system_admin");
    for (const IndexedMembership& tm : tu.memberships) {
      const std::string_view team = target_.text(tm.team), channel = target_.text(tm.channel);
      std::string_view admin = channel.empty() ? "team_admin" : "channel_admin";
      std::optional<std::string_view> roles = target_.membership_roles(tm);
      if (!roles || !has_role(*roles, admin)) continue;
      for (const IndexedMembership& sm : su.memberships) {
        if (!same_membership(sm, tm)) continue;
        if (!has_role(source_.membership_roles(sm).value_or(""), admin))
          lost.push_back(channel.empty() ? fmt::format("team_admin of {}", team)
                                         : fmt::format("channel_admin of {}/{}", team, channel));
        break;
      }
    }
    if (lost.empty()) return;
    d.roles = ValueSource::kKeepTarget;
    d.target_membership_roles = target_membership_roles(su, tu);
    std::string list;
    for (const std::string& l : lost) list += (list.empty() ? "" : ", ") + l;
    why.push_back(fmt::format("user_role_downgrade: the source's roles would remove {}: the target's roles kept", list));
    add(ck::kUserRoleDowngrade, su.username, su.line, tu.line, "target roles kept");
  }

  static std::string join(const std::vector<std::string>& parts) {
    std::string out;
    for (const std::string& p : parts) out += (out.empty() ? "" : "\n") + p;
    return out;
  }

  // ---- emoji ----

  void emoji() {
    std::unordered_set<std::string> taken;
    for (const IndexedEmoji& e : target_.emoji) taken.insert(ascii_lower(e.name));
    for (const IndexedEmoji& e : source_.emoji) taken.insert(ascii_lower(e.name));
    std::unordered_set<std::string> seen;
    for (const IndexedEmoji& e : source_.emoji) {
      if (!seen.insert(ascii_lower(e.name)).second) continue;
      EmojiDecision d{e.name, EmojiAction::kKeep, "", "no emoji of that name in the target"};
      if (const IndexedEmoji* te = target_.emoji_named(e.name)) {
        d.action = EmojiAction::kRename;
        d.new_name = unique_name(options_.prefix + e.name, taken, kEmojiNameMax);
        taken.insert(ascii_lower(d.new_name));
        d.why = fmt::format("emoji_clash: the target has an emoji \"{}\" (line {}) with its own image", te->name, te->line);
        add(ck::kEmojiClash, e.name, e.line, te->line,
            fmt::format("source emoji renamed to \"{}\", reactions and :{}: references rewritten", d.new_name, e.name));
      }
      result_.plan.add(std::move(d));
    }
  }

  const InstanceIndex& source_;
  const InstanceIndex& target_;
  const PlanOptions& options_;
  std::unordered_map<std::string, std::string> team_map_;
  Detection result_;
};

}  // namespace

Detection detect_conflicts(const InstanceIndex& source, const InstanceIndex& target, const PlanOptions& options) {
  return Detector(source, target, options).run();
}

std::pair<std::string, std::string> parse_mapping(const std::string& value, const std::string& option) {
  size_t eq = value.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == value.size())
    throw Error(fmt::format("{} {}: expected OLD=NEW", option, value));
  return {value.substr(0, eq), value.substr(eq + 1)};
}

}  // namespace mm
