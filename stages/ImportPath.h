// Attachment, emoji and profile-image paths as the importer resolves them
// (ValidateAttachmentPathForImport, docs/bulk-format.md §2.11): Go's filepath.Join(base, path) — a lexical
// clean, where a leading "/" in `path` is absorbed and "x/.." cancels — and the result must not
// climb out of `base`.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mm {

// Go's filepath.Clean on a '/'-separated path.
std::string clean_path(std::string_view path);

// The path joined under `base` ("data/a/b.png" for base "data"), or nullopt if it escapes base.
std::optional<std::string> resolve_import_path(std::string_view path, std::string_view base = "data");

}  // namespace mm
