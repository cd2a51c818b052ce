// The plan file: a MergePlan as TOML, the contract between `plan` and `apply`. Written for a
// person to read and edit: one table per decision that is not implied (model/MergePlan.h), the
// users left out onto their own target accounts in one table by name, each table preceded by a
// comment saying why (the comment is the decision's `why`, read back as such).
// Every string is escaped so that the plan reads back the same, whatever the names hold: values
// with TOML's escapes, comments with `\\` and `\xNN` (control characters, C1, bytes that are not
// UTF-8). Format: docs/plan-format.md.
//
// Reading validates everything: a TOML syntax error, an unknown key, an unknown action or value,
// a missing field or a duplicate entry throws mm::Error "PLAN:LINE: ENTRY.FIELD: message", the
// entry named by its kind and name (`user "bob".email`). Before the TOML parser sees the text, a
// plan nested more than 64 levels deep, with a character that is not ASCII where toml++ 3.3
// would misread it, or with a table header that does not begin with a name, is refused the same
// way ("PLAN:LINE: toml: ...").
#pragma once

#include <string>
#include <string_view>

#include "model/MergePlan.h"

namespace mm {

class OutputFile;

// The plan as TOML text.
std::string format_plan(const MergePlan& plan);
// The same text written to `file` a piece at a time (never the whole text in memory).
void write_plan(const MergePlan& plan, OutputFile& file);

// Parses TOML text; `file` names it in error messages.
MergePlan parse_plan(std::string_view text, const std::string& file);

// Writes the plan atomically (io/OutputFile.h).
void write_plan_file(const MergePlan& plan, const std::string& path);

// Reads and validates a plan file.
MergePlan read_plan_file(const std::string& path);

// The bytes of a plan file (I/O errors thrown as read_plan_file throws them).
std::string read_plan_text(const std::string& path);

}  // namespace mm
