// CSV for spreadsheets: the one way mattermerge writes a CSV cell (plan's --notify-csv). RFC 4180
// quoting (a cell holding a comma, a double quote, CR or LF is put in double quotes, with each
// double quote doubled), and the OWASP rule against formula injection: a cell that starts with
// `=`, `+`, `-`, `@`, TAB or CR would be read by Excel, LibreOffice or Google Sheets as a formula
// (`=HYPERLINK(...)` in an e-mail address passes the importer's checks), so it is written as
// text: prefixed with a single quote and quoted.
#pragma once

#include <string>
#include <string_view>

namespace mm {

// Appends `cell` to `out` as one CSV cell (no separator).
void append_csv_cell(std::string& out, std::string_view cell);

}  // namespace mm
