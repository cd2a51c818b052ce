// Rewrites the attachment paths of one export line in its original bytes: replaces path strings,
// removes attachments[] elements and object members (a profile_image), leaving every other byte
// of the line as it was. Offsets
// come from AttachmentRefs (relative to the line's text).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mm {

struct PathReplacement {
  uint32_t value_begin = 0;  // the JSON string token to replace (with its quotes)
  uint32_t value_end = 0;
  std::string path;          // the new path, unescaped
};

struct ElementRemoval {
  uint32_t array_begin = 0;    // the '[' of the array
  uint32_t element_begin = 0;  // the first byte of the element to remove
};

struct MemberRemoval {
  uint32_t begin = 0;  // the opening quote of the member's key
  uint32_t end = 0;    // one past its value
};

// Appends the rewritten line to `out`. An array that loses elements is re-joined with ","
// between the remaining ones; a removed member takes one comma beside it with it.
void rewrite_attachment_line(std::string_view line, const std::vector<PathReplacement>& replacements,
                             const std::vector<ElementRemoval>& removals,
                             const std::vector<MemberRemoval>& member_removals, std::string& out);

}  // namespace mm
