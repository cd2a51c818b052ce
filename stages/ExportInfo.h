// What the version line of the newest exports says about the export: `info` (generator, version,
// created) and, for `mmctl export create --team-name/--channel-name`, the scope in
// `info.additional` (ExportScopeAdditional{team_name, channel_name}). The newest importer reads
// that scope from line 1 and, when either name is set, imports in its scoped mode
// (docs/validate.md, "Beyond import_validators.go"). validate, stats and plan name such an export.
#pragma once

#include <string>
#include <string_view>

#include "jsonl/Chunk.h"

namespace mm {

class JsonWriter;

struct ExportInfo {
  bool has_info = false;  // the version line has an `info` object
  std::string generator, version, created;
  std::string team_name, channel_name;  // the scope; both empty: a whole-server export
  bool scoped() const { return !team_name.empty() || !channel_name.empty(); }
};

// Reads `line` (an export's first line, without its newline). Anything it cannot read (not JSON,
// not a version line, an `additional` that is no scope object) leaves the fields empty, as the
// importer proceeds unscoped when it cannot decode the scope.
ExportInfo read_export_info(std::string_view line);

// The first line of a chunk that starts the file (past its BOM, up to its newline or the chunk's
// end; a CR before the newline is dropped).
std::string_view first_line_of(const Chunk& chunk);

// `scoped export (team "eng", channel "dev")`; for an unscoped export with `info`,
// `whole export by "mattermost-server" "11.2.0"`; "" without `info`. Values are quoted, shortened
// and JSON-escaped (no control character reaches a terminal).
std::string describe_export(const ExportInfo& info);

// `"export": {"generator", "version", "created", "scoped", "team_name", "channel_name"}` when the
// version line has `info`; nothing otherwise.
void write_export_info(JsonWriter& w, const ExportInfo& info);

}  // namespace mm
