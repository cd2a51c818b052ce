// Whether an import directory is laid out the way the importer resolves paths: every attachment,
// emoji and profile-image path of a line is opened as data/<path> (model.ExportDataDir,
// ValidateAttachmentPathForImport(path, "data")). Older exports (e.g. the server's own
// tests/import_test.zip, written in 2020) put attachments at the root instead, as
// `attachments/<file>` with lines saying "attachments/<file>": against that tree every file
// would be reported missing. Such a directory is refused with one message that names the layout
// found and the one expected.
#pragma once

#include <string>

namespace mm {

// Throws mm::Error (exit 2) when DIR has no data/ directory but an attachments/ one at its root;
// `option` names the command's option in the message ("--import-path").
void check_import_layout(const std::string& dir, const std::string& option = "--import-path");

}  // namespace mm
