// Go's reading of invalid UTF-8, which the importer's encoding/json applies to every line: each
// byte that does not start a valid sequence becomes U+FFFD, and the line is otherwise accepted.
// simdjson rejects such a line; its readers parse the replaced copy instead.
#pragma once

#include <string_view>
#include <vector>

namespace mm {

// `in` with every invalid byte replaced by U+FFFD, followed by simdjson's padding (not counted
// in the text: the text is out.size() - SIMDJSON_PADDING bytes).
void replace_invalid_utf8(std::string_view in, std::vector<char>& out);

}  // namespace mm
