// `apply --json`: the run's summary as one JSON document on stdout, for a migration script to
// check (counts by kind of change, files packed, findings), written whether or not the output was
// (`written` says which).
#pragma once

#include <string>

#include "commands/ApplyJob.h"

namespace mm {

// {"out", "written", "lines_in", "lines_out", "bytes_in", "changes": {<kChangeNames>: n, ...},
//  "memberships", "memberships_script", "files_packed", "files_missing",
//  "files_type_checked", "files_hashed", "type_mismatches",
//  "type_mismatches_listed": [{"path", "line", "expected", "detected"}], "target", "validated",
//  "errors", "warnings", "findings": [{"line", "type", "field", "severity", "message", "rule"}],
//  "elapsed_seconds"}, with a final newline.
std::string format_apply_json(const ApplyReport& report);

}  // namespace mm
