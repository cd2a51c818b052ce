// One entry of the answer key's "conflicts": the same fields `plan --report` writes.
#pragma once

#include <cstdint>
#include <map>
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

// The kinds the generator plants, with their severities: a table of its own, independent of the
// tool's (model/Conflict.h), so that the answer key checks the tool rather than repeating it; a
// unit test (tests/unit/conflict_kinds_test.cpp) checks the two agree.
const std::map<std::string, const char*>& conflict_severities();
// The severity of each kind.
const char* severity_of(const std::string& kind);

// Sorted by (kind, subject), as the key lists them.
void sort_conflicts(std::vector<Conflict>& conflicts);

}  // namespace mm::gen
