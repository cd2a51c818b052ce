#include "report/PlanReport.h"

#include <array>
#include <iterator>
#include <map>

#include <fmt/format.h>

#include "io/Csv.h"
#include "io/JsonWriter.h"
#include "io/TextEscape.h"
#include "stages/ExportInfo.h"

namespace mm {

void write_conflicts_json(JsonWriter& w, const std::vector<Conflict>& conflicts) {
  w.key("conflicts").begin_array();
  std::array<uint64_t, kConflictKindCount> by_kind{};
  for (const Conflict& c : conflicts) {
    by_kind[static_cast<size_t>(c.kind)]++;
    w.begin_object();
    w.key("kind").value(name_of(c.kind));
    w.key("severity").value(name_of(c.severity));
    w.key("subject").value(c.subject);
    w.key("source_line").value(c.source_line);
    w.key("target_line").value(c.target_line);
    w.key("count").value(c.count);
    w.key("resolution").value(c.resolution);
    w.end_object();
  }
  w.end_array();
  w.key("summary").begin_object();
  for (const ConflictKindInfo& k : conflict_kinds())
    if (uint64_t n = by_kind[static_cast<size_t>(k.kind)]) w.key(k.name).value(n);
  w.end_object();
}

namespace {

// At most `max` bytes, the start cut off ("…end of a long path"), at a UTF-8 boundary.
std::string shorten_left(std::string_view s, size_t max) {
  if (s.size() <= max) return std::string(s);
  size_t start = s.size() - max;
  while (start < s.size() && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) ++start;
  return "…" + std::string(s.substr(start));
}

bool is_user_kind(ConflictKind kind) { return name_of(kind).starts_with("user_"); }

}  // namespace

std::vector<UserNotice> users_to_notify(const MergePlan& plan, const InstanceIndex& source,
                                        const std::vector<Conflict>& conflicts) {
  std::map<std::string, std::string> reasons;  // lower(username) -> kinds
  for (const Conflict& c : conflicts) {
    if (!is_user_kind(c.kind)) continue;
    std::string& r = reasons[ascii_lower(c.subject)];
    if (!r.empty()) r += "; ";
    r += name_of(c.kind);
  }
  auto notify = [](const UserDecision& d) {
    return d.action == UserAction::kMap || d.action == UserAction::kRename || !d.emit || d.auth == AuthAction::kStrip;
  };
  std::vector<UserNotice> out;
  // Counted first, the vector allocated once at its size (~52,000 notices of 100,000 users).
  size_t n = 0;
  for (const auto& [key, d] : plan.users) n += notify(d);
  out.reserve(n);
  for (const auto& [key, d] : plan.users) {
    if (!notify(d)) continue;
    const IndexedUser* u = source.user(d.username);
    std::string action;
    if (d.action == UserAction::kMap) action = "mapped onto " + d.target;
    else if (d.action == UserAction::kRename) action = "renamed to " + d.target;
    else action = std::string(name_of(d.action));
    if (!d.emit) action += "; not imported, password reset needed";
    else if (d.auth == AuthAction::kStrip) action += "; sign-in method removed, password reset needed";
    auto r = reasons.find(key);
    out.push_back({d.username, u ? std::string(u->email) : "", std::move(action), d.target,
                   r == reasons.end() ? "" : r->second});
  }
  return out;
}

std::string format_notify_csv(const MergePlan& plan, const InstanceIndex& source,
                              const std::vector<Conflict>& conflicts) {
  std::string out = "username,email,action,target,reason\n";
  for (const UserNotice& n : users_to_notify(plan, source, conflicts)) {
    const std::string_view cells[] = {n.username, n.email, n.action, n.target, n.reason};
    for (size_t i = 0; i < std::size(cells); ++i) {
      if (i) out += ',';
      append_csv_cell(out, cells[i]);
    }
    out += '\n';
  }
  return out;
}

std::string format_conflict_summary(const std::vector<Conflict>& conflicts, size_t examples) {
  std::array<std::vector<const Conflict*>, kConflictKindCount> by_kind;
  for (const Conflict& c : conflicts) by_kind[static_cast<size_t>(c.kind)].push_back(&c);
  std::string out;
  if (conflicts.empty()) return "  no conflicts\n";
  for (const ConflictKindInfo& k : conflict_kinds()) {
    const std::vector<const Conflict*>& list = by_kind[static_cast<size_t>(k.kind)];
    if (list.empty()) continue;
    out += fmt::format("  {:<28} {:>8}  {}\n", k.name, list.size(), name_of(k.severity));
    for (size_t i = 0; i < list.size() && i < examples; ++i) {
      const Conflict& c = *list[i];
      std::string where = c.source_line ? fmt::format(" (line {})", c.source_line) : "";
      bool counted = c.kind == ConflictKind::kMentionRewrite || c.kind == ConflictKind::kPermalink;
      std::string count = counted ? fmt::format(" ×{}", c.count) : "";
      out += fmt::format("      {}{}{}: {}\n", escaped(shorten_left(c.subject, 60)), count, where, escaped(c.resolution));
    }
    if (list.size() > examples) out += fmt::format("      … and {} more\n", list.size() - examples);
  }
  return out;
}

size_t unresolved_errors(const std::vector<Conflict>& conflicts) {
  size_t n = 0;
  for (const Conflict& c : conflicts) n += c.severity == ConflictSeverity::kError && !c.resolved;
  return n;
}

// The newest importer's scoped mode (app/import.go bulkImport: ExportScopeAdditional on line 1
// sets deactivateMissingUsers; docs/plan.md, "Scoped exports").
std::string format_scoped_import_note(const ExportInfo& source) {
  if (!source.scoped()) return {};
  return "source: " + describe_export(source) +
         "\n"
         "  the newest server can import it alone into one team (mmctl import process --destination-team-name T);\n"
         "  it would: match users by auth_data (SSO accounts), local accounts by username, and make a deactivated\n"
         "    placeholder (importedInactive) for every user it cannot match; keep an existing team's display name;\n"
         "    skip channel memberships of channels the destination lacks\n"
         "  it would not: report conflicts, handle e-mail collisions (a new username with a target user's e-mail\n"
         "    fails its line), rename same-named channels, or rewrite @mentions and ~channel links; a scoped export\n"
         "    holds no direct channels or direct messages\n"
         "  this plan covers what it would not; but the importer enters that mode whenever line 1 names a scope,\n"
         "    with or without --destination-team-name: importing apply's output as it is would make the source's\n"
         "    new users deactivated placeholders\n";
}

}  // namespace mm
