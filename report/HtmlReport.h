// The merge report as one self-contained HTML page (`plan --html`, `report --html`, `apply
// --html`): inline CSS and SVG, no network (a Content-Security-Policy forbids it), readable
// without script (a few lines of script add sorting and filtering to the tables). Every value
// from an export goes through append_html_escaped (report/HtmlEscape.h).
//
// Sections: the two instances side by side; what the merge does by team, with a chart of where
// the posts go; every conflict by kind, errors first, with resolution and lines; users to notify;
// attachment problems; what the merge cannot carry; the commands for the next steps; and the
// apply summary, between two markers, which `apply --html` fills in. Each table shows at most
// `max_rows` rows and says how many more are in REPORT.json, so a plan of millions of posts still
// gives a page of a few hundred KB.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "commands/ApplyJob.h"
#include "report/MergeReport.h"

namespace mm {

inline constexpr size_t kHtmlMaxRows = 200;

// The page for a plan's report, with an apply section saying the plan was not applied yet.
std::string render_report_page(const MergeReport& report, size_t max_rows = kHtmlMaxRows);

// The apply section for an apply run, markers included. `applied_at` is shown as given (UTC time).
std::string render_apply_section(const ApplyReport& apply, std::string_view applied_at,
                                 size_t max_rows = kHtmlMaxRows);

// `page` (a report page read from `page_path`) with its apply section replaced by `section`; when
// `page` is empty, a page holding the apply section alone. Throws mm::Error (exit 2) naming the
// file when `page` is not a report page (no apply markers).
std::string with_apply_section(std::string_view page, std::string_view section, const std::string& page_path);

}  // namespace mm
