// The files of an import tree that no line refers to (orphans): every regular file under
// DIR/data (symbolic links are not followed, nor listed), less the referenced ones. Used by
// `verify-attachments` (docs/verify-attachments.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_set>
#include <vector>

namespace mm {

struct Orphans {
  uint64_t count = 0;
  uint64_t bytes = 0;
  std::vector<std::string> paths;  // "data/…", sorted, the first `max_listed`
};

// `referenced`: paths as "data/…" relative to DIR. No DIR/data: none. Throws mm::Error when a
// directory cannot be read.
Orphans find_orphans(const std::string& dir, const std::unordered_set<std::string>& referenced, size_t max_listed);

}  // namespace mm
