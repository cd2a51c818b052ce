#include "model/NameMap.h"

namespace mm {

void NameMap::add(std::string_view name, std::string_view replacement) {
  std::string key = ascii_lower(name);
  if (!key.empty()) {
    size_t bit = filter_bit(key.size(), key.front(), key.back());
    filter_[bit >> 6] |= uint64_t{1} << (bit & 63);
  }
  map_.insert_or_assign(std::move(key), std::string(replacement));
}

const std::string* NameMap::find_any_case(std::string_view name) const {
  if (map_.empty() || name.empty() || name.size() > kMaxNameBytes) return nullptr;
  auto lower_byte = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; };
  // The filter looks at the length and the first and last bytes only: no full lower-casing.
  if (!may_contain(name.size(), lower_byte(name.front()), lower_byte(name.back()))) return nullptr;
  char lower[kMaxNameBytes];
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    lower[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  }
  return find(std::string_view(lower, name.size()));
}

}  // namespace mm
