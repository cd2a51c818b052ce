// An mmctl-style import package: import.jsonl at the zip root (deflated), then data/... with every
// file of the attachment tree stored uncompressed, as the server's exporter writes it. Entries
// are in sorted path order with a fixed modification time, so the same inputs give the same zip.
// libzip writes to a temporary file and renames it into place on success.
#pragma once

#include <string>

namespace mm::gen {

// `data_dir`: the tree to add under data/ ("" = none).
void write_zip_package(const std::string& zip_path, const std::string& jsonl_path, const std::string& data_dir);

}  // namespace mm::gen
