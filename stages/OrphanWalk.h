// The files of an import tree that no line refers to (orphans): every regular file under data/
// (io/ImportTree.h: a directory's symbolic links are not followed, nor listed; a zip's entries
// under data/), less the referenced ones. Used by
// `verify-attachments` (docs/verify-attachments.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_set>
#include <vector>

namespace mm {

class ImportTree;

struct Orphans {
  uint64_t count = 0;
  uint64_t bytes = 0;
  std::vector<std::string> paths;  // "data/…", sorted, the first `max_listed`
};

// `referenced`: paths as "data/…" relative to the tree's root. No data/: none. Throws mm::Error
// when a directory cannot be read.
Orphans find_orphans(const ImportTree& tree, const std::unordered_set<std::string>& referenced, size_t max_listed);

}  // namespace mm
