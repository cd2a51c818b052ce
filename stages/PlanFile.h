// The plan file: a MergePlan as TOML, the contract between `plan` and `apply`. Written for a
// person to read and edit: one table per decision, each preceded by a comment saying why (the
// comment is the decision's `why`, read back as such), allowed values noted beside each choice.
// Format: docs/plan-format.md.
//
// Reading validates everything: a TOML syntax error, an unknown key, an unknown action or value,
// a missing field or a duplicate entry throws mm::Error "PLAN:LINE: ENTRY.FIELD: message", the
// entry named by its kind and name (`user "bob".email`).
#pragma once

#include <string>
#include <string_view>

#include "stages/MergePlan.h"

namespace mm {

// The plan as TOML text.
std::string format_plan(const MergePlan& plan);

// Parses TOML text; `file` names it in error messages.
MergePlan parse_plan(std::string_view text, const std::string& file);

// Writes the plan atomically (io/OutputFile.h).
void write_plan_file(const MergePlan& plan, const std::string& path);

// Reads and validates a plan file.
MergePlan read_plan_file(const std::string& path);

}  // namespace mm
