#include "stages/validate/ReferenceTracker.h"

#include <algorithm>

#include <fmt/format.h>

namespace mm::validate {

// teams/utils.go DefaultChannelNames, created by CreateTeam -> createDefaultChannels.
constexpr std::string_view kDefaultChannels[] = {"town-square", "off-topic"};

void ReferenceTracker::add_target(NameKind kind, std::string_view key, const NameDef& def) {
  names_.add(kind, key, def);
  if (kind == NameKind::kTeam) target_teams_.emplace_back(std::string(key), def);
}

size_t ReferenceTracker::add_target(const LineOutput& out, const Chunk& chunk) {
  for (const Definition& d : out.defs) {
    NameDef def = d.def;
    def.line = chunk.line_number(d.line);
    def.in_target = true;
    add_target(d.kind, d.key, def);
  }
  return out.defs.size();
}

void ReferenceTracker::add_default_channels(std::string_view team_key, const NameDef& team) {
  NameDef def = team;
  def.archived = false;
  def.scope = SchemeScope::kNone;
  std::string key;
  for (std::string_view channel : kDefaultChannels) {
    key.assign(team_key).append("/").append(channel);
    names_.add(NameKind::kChannel, key, def);  // keeps a definition already there
  }
}

void ReferenceTracker::consume(LineOutput& out, uint64_t first_line) {
  for (const auto& [team, def] : target_teams_) add_default_channels(team, def);
  target_teams_.clear();
  FindingList& findings = out.findings;
  size_t per_line = findings.size();
  // Lines in order: a line's references see the definitions of the lines before it only.
  size_t r = 0, d = 0;
  while (r < out.refs.size() || d < out.defs.size()) {
    uint32_t line = std::min(r < out.refs.size() ? out.refs[r].line : UINT32_MAX,
                             d < out.defs.size() ? out.defs[d].line : UINT32_MAX);
    for (; r < out.refs.size() && out.refs[r].line == line; ++r) resolve(out.refs[r], first_line, findings);
    for (; d < out.defs.size() && out.defs[d].line == line; ++d) define(out.defs[d], first_line, findings);
  }
  if (findings.size() > per_line)
    std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) { return a.line < b.line; });
  // (Beyond the chunk's kept findings, file-level ones are counted by FindingList::push_back.)
}

void ReferenceTracker::resolve(const PendingRef& ref, uint64_t first_line, FindingList& findings) {
  // `message` is only formatted for a finding that is kept (past the chunk's bound it is counted).
  auto report = [&](std::string_view rule, auto message, Severity severity) {
    if (!findings.counted(rule, severity))
      findings.push_back({ref.line, ref.type, ref.field, std::string(rule), message(), severity});
  };
  const NameDef* def = names_.find(ref.kind, ref.key);
  if (!def) {
    if (ref.kind == NameKind::kChannel) {
      // A channel of an unknown team: the team's own finding says it.
      std::string_view team = std::string_view(ref.key).substr(0, ref.key.find('/'));
      if (!names_.find(NameKind::kTeam, team)) return;
    }
    std::string_view kind = kNameKindNames[static_cast<size_t>(ref.kind)];
    report(ref.rule, [&] {
             return fmt::format("{} \"{}\" is not defined before line {}{}", kind, shorten(ref.name),
                                first_line + ref.line, has_target_ ? " nor in the target" : "");
           },
           ref.severity);
    return;
  }
  if (ref.kind == NameKind::kChannel && def->archived && def->in_target)
    report("mattermerge.reference.archived_channel", [&] {
             return fmt::format("channel \"{}\" is archived in the target (line {}): the import cannot add to it",
                                shorten(ref.name), def->line);
           },
           Severity::kError);
  if (ref.kind == NameKind::kScheme && ref.want_scope != SchemeScope::kNone && def->scope != ref.want_scope)
    report(ref.want_scope == SchemeScope::kTeam ? "app.import.import_team.scheme_wrong_scope.error"
                                                : "app.import.import_channel.scheme_wrong_scope.error",
           [&] { return fmt::format("scheme \"{}\" (line {}) has the wrong scope", shorten(ref.name), def->line); },
           Severity::kError);
}

void ReferenceTracker::define(const Definition& d, uint64_t first_line, FindingList& findings) {
  uint64_t line = first_line + d.line;
  auto [it, inserted] = seen_[static_cast<size_t>(d.kind)].emplace(d.key, line);
  if (!inserted) {
    findings.push_back({d.line, d.type, d.kind == NameKind::kUser ? "username" : "name",
                        "mattermerge.duplicate_definition",
                        fmt::format("{} \"{}\" is defined again (first at line {})",
                                    kNameKindNames[static_cast<size_t>(d.kind)], shorten(d.name), it->second),
                        Severity::kError});
    return;
  }
  NameDef def = d.def;
  def.line = line;
  if (names_.add(d.kind, d.key, def) == nullptr && d.kind == NameKind::kTeam) add_default_channels(d.key, def);
}

}  // namespace mm::validate
