#include "jsonl/LineType.h"

namespace mm {

LineType line_type_from_name(std::string_view name) {
  // Posts first: they are nearly every line of an export.
  if (name == "post") return LineType::kPost;
  if (name == "direct_post") return LineType::kDirectPost;
  for (size_t i = 0; i < static_cast<size_t>(LineType::kUnknown); ++i)
    if (kLineTypeNames[i] == name) return static_cast<LineType>(i);
  return LineType::kUnknown;
}

}  // namespace mm
