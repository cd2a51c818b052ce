#include "stages/ImportLayout.h"

#include <sys/stat.h>

#include <fmt/format.h>

#include "io/Error.h"

namespace mm {

namespace {

bool is_directory(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

}  // namespace

void check_import_layout(const std::string& dir, const std::string& option) {
  if (!is_directory(dir)) return;  // an export .zip: io/ImportTree.h reads it; not a tree at all: it says so
  if (is_directory(dir + "/data") || !is_directory(dir + "/attachments")) return;
  throw Error(fmt::format(
      "{} {}: older export layout: attachments/ at the root and no data/ directory (as in exports written "
      "before mmctl's data/ layout, e.g. the server's tests/import_test.zip). The importer opens every path of a "
      "line as data/<path> (model.ExportDataDir): a line's \"attachments/a.png\" is data/attachments/a.png. "
      "Move {}/attachments to {}/data/attachments (the lines need no change) and run again",
      option, dir, dir, dir));
}

}  // namespace mm
