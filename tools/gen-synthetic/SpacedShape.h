// The "spaced" shape of an export: the same JSON with a space after every ':' and ',' between
// tokens, as Python's json.dumps writes it (the Go exporter writes none). The server reads both
// alike; mattermerge's fast readers (stats' structure walker, validate's PlainPostReader) take
// only the compact shape and hand spaced lines to the full parser, so `mattermerge bench
// --shape spaced` measures that path.
#pragma once

#include <string>
#include <string_view>

namespace mm::gen {

enum class Shape { kGo, kSpaced };

// Appends `json` (whole JSONL lines, compact) to `out` with a space after each ':' and ',' that is
// outside a string. Strings never span lines, so any run of whole lines can be converted alone.
void append_spaced(std::string_view json, std::string& out);

}  // namespace mm::gen
