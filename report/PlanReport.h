// What `plan` writes besides the plan file: REPORT.json (every conflict with its resolution, and
// counts by kind), USERS.csv (the users to tell before the merge), and the text summary.
#pragma once

#include <string>
#include <vector>

#include "io/JsonWriter.h"
#include "model/Conflict.h"
#include "stages/InstanceIndex.h"
#include "model/MergePlan.h"

namespace mm {

// The first members of REPORT.json (the rest: report/MergeReport.h), into an object `w` has open:
// "conflicts": [{"kind", "severity", "subject", "source_line", "target_line", "count",
// "resolution"}, ...], "summary": {"<kind>": entries, ...} (kinds in conflict_kinds() order, only
// those present).
void write_conflicts_json(JsonWriter& w, const std::vector<Conflict>& conflicts);

// A user to tell before the merge: renamed, remapped, left out of the import (password reset) or
// losing its single sign-on. `reason` lists the user's conflicts ("kind; kind").
struct UserNotice {
  std::string username;
  std::string email;
  std::string action;
  std::string target;
  std::string reason;
};
std::vector<UserNotice> users_to_notify(const MergePlan& plan, const InstanceIndex& source,
                                        const std::vector<Conflict>& conflicts);

// username,email,action,target,reason: one row per users_to_notify() entry, in username order.
// Cells are written by io/Csv.h: quoted where needed, a would-be formula neutralised.
std::string format_notify_csv(const MergePlan& plan, const InstanceIndex& source,
                              const std::vector<Conflict>& conflicts);

// Counts by kind with the first `examples` subjects of each, for the terminal (names and
// resolutions escaped by io/TextEscape.h).
std::string format_conflict_summary(const std::vector<Conflict>& conflicts, size_t examples = 3);

// For a scoped source export (stages/ExportInfo.h), what the newest server's own scoped import
// (`mmctl import process --destination-team-name`) would and would not do with it, for the
// terminal; "" for an unscoped export.
std::string format_scoped_import_note(const ExportInfo& source);

// Number of conflicts of severity error that the plan leaves unresolved.
size_t unresolved_errors(const std::vector<Conflict>& conflicts);

}  // namespace mm
