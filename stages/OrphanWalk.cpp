#include "stages/OrphanWalk.h"

#include <algorithm>

#include "io/ImportTree.h"

namespace mm {

Orphans find_orphans(const ImportTree& tree, const std::unordered_set<std::string>& referenced, size_t max_listed) {
  Orphans out;
  std::string key;
  tree.for_each_data_file([&](std::string_view relative, uint64_t size) {
    key.assign(relative);
    if (referenced.count(key)) return;
    out.count++;
    out.bytes += size;
    // Only the first max_listed in name order are kept: a million orphans are not held.
    if (out.paths.size() < max_listed) {
      out.paths.push_back(key);
      std::push_heap(out.paths.begin(), out.paths.end());
    } else if (max_listed > 0 && key < out.paths.front()) {
      std::pop_heap(out.paths.begin(), out.paths.end());
      out.paths.back() = key;
      std::push_heap(out.paths.begin(), out.paths.end());
    }
  });
  std::sort(out.paths.begin(), out.paths.end());
  return out;
}

}  // namespace mm
