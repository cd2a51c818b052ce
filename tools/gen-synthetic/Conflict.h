// One entry of the answer key's "conflicts": the same fields `plan --report` writes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace mm::gen {

struct Conflict {
  std::string kind;
  std::string severity;  // error | risk | info
  std::string subject;
  uint64_t source_line = 0;
  uint64_t target_line = 0;
  uint64_t count = 1;  // occurrences: messages for mention_rewrite and permalink, else 1
};

// The severity of each kind.
const char* severity_of(const std::string& kind);

// Sorted by (kind, subject), as the key lists them.
void sort_conflicts(std::vector<Conflict>& conflicts);

}  // namespace mm::gen
