#include "stages/AttachmentRewrite.h"

#include <algorithm>

#include "io/JsonWriter.h"
#include "stages/AttachmentRefs.h"

namespace mm {

namespace {

struct Edit {
  size_t begin, end;
  std::string text;
};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string json_quoted(std::string_view path) {
  std::string s = "\"";
  append_json_escaped(s, path);
  s += '"';
  return s;
}

// Copies line[begin, end) with the replacements that fall inside it applied.
void splice(std::string_view line, size_t begin, size_t end, const std::vector<PathReplacement>& replacements,
            std::string& out) {
  size_t pos = begin;
  for (const PathReplacement& r : replacements) {  // sorted by value_begin
    if (r.value_begin < pos || r.value_end > end) continue;
    out.append(line.substr(pos, r.value_begin - pos));
    out += json_quoted(r.path);
    pos = r.value_end;
  }
  out.append(line.substr(pos, end - pos));
}

}  // namespace

void rewrite_attachment_line(std::string_view line, const std::vector<PathReplacement>& replacements_in,
                             const std::vector<ElementRemoval>& removals,
                             const std::vector<MemberRemoval>& member_removals, std::string& out) {
  std::vector<PathReplacement> replacements = replacements_in;
  std::sort(replacements.begin(), replacements.end(),
            [](const PathReplacement& a, const PathReplacement& b) { return a.value_begin < b.value_begin; });
  std::vector<uint32_t> arrays;
  for (const ElementRemoval& r : removals) arrays.push_back(r.array_begin);
  std::sort(arrays.begin(), arrays.end());
  arrays.erase(std::unique(arrays.begin(), arrays.end()), arrays.end());

  std::vector<Edit> edits;
  for (uint32_t array_begin : arrays) {
    size_t array_end = json_value_end(line, array_begin);
    std::string text = "[";
    bool first = true;
    size_t p = array_begin + 1;
    while (p < array_end) {
      while (p < array_end && is_space(line[p])) ++p;
      if (p >= array_end || line[p] == ']') break;
      size_t element_end = json_value_end(line, p);
      bool removed = std::any_of(removals.begin(), removals.end(), [&](const ElementRemoval& r) {
        return r.array_begin == array_begin && r.element_begin == p;
      });
      if (!removed) {
        if (!first) text += ',';
        first = false;
        splice(line, p, element_end, replacements, text);
      }
      p = element_end;
      while (p < array_end && is_space(line[p])) ++p;
      if (p < array_end && line[p] == ',') ++p;
    }
    text += ']';
    edits.push_back({array_begin, array_end, std::move(text)});
  }
  for (const MemberRemoval& m : member_removals) {
    auto [begin, end] = list_item_erase_range(line, m.begin, m.end);
    edits.push_back({begin, end, ""});
  }
  for (const PathReplacement& r : replacements) {
    bool inside = std::any_of(edits.begin(), edits.end(),
                              [&](const Edit& e) { return r.value_begin >= e.begin && r.value_end <= e.end; });
    if (!inside) edits.push_back({r.value_begin, r.value_end, json_quoted(r.path)});
  }
  std::sort(edits.begin(), edits.end(), [](const Edit& a, const Edit& b) { return a.begin < b.begin; });
  size_t pos = 0;
  for (const Edit& e : edits) {
    out.append(line.substr(pos, e.begin - pos));
    out += e.text;
    pos = e.end;
  }
  out.append(line.substr(pos));
}

}  // namespace mm
