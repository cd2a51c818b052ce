#include "jsonl/GoUtf8.h"

#include <simdjson.h>

#include "io/TextEscape.h"

namespace mm {

void replace_invalid_utf8(std::string_view in, std::vector<char>& out) {
  out.clear();
  out.reserve(in.size() * 3 + simdjson::SIMDJSON_PADDING);
  auto put = [&](std::string_view s) { out.insert(out.end(), s.begin(), s.end()); };
  size_t n = in.size(), i = 0;
  while (i < n) {
    size_t len = utf8_sequence_length(in, i);
    if (len) {
      put(in.substr(i, len));
      i += len;
    } else {
      put("\xEF\xBF\xBD");
      ++i;
    }
  }
  out.insert(out.end(), simdjson::SIMDJSON_PADDING, '\0');
}

}  // namespace mm
