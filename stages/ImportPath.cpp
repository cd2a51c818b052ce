#include "stages/ImportPath.h"

#include <vector>

namespace mm {

std::string clean_path(std::string_view path) {
  if (path.empty()) return ".";
  bool rooted = path.front() == '/';
  std::vector<std::string_view> parts;
  size_t i = 0;
  while (i <= path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    std::string_view part = path.substr(i, j - i);
    if (part.empty() || part == ".") {
      // skip
    } else if (part == "..") {
      if (!parts.empty() && parts.back() != "..") parts.pop_back();
      else if (!rooted) parts.push_back(part);
    } else {
      parts.push_back(part);
    }
    i = j + 1;
  }
  std::string out = rooted ? "/" : "";
  for (size_t k = 0; k < parts.size(); ++k) {
    if (k) out += '/';
    out += parts[k];
  }
  if (out.empty()) out = ".";
  return out;
}

std::optional<std::string> resolve_import_path(std::string_view path, std::string_view base) {
  if (base.empty()) base = ".";
  std::string joined = clean_path(std::string(base) + "/" + std::string(path));
  std::string clean_base = clean_path(base);
  // filepath.Rel(base, joined) is ".." or starts with "../" exactly when joined is not base or
  // below it (both are clean and relative here, or both rooted).
  if (clean_base == ".") {
    if (joined == ".." || joined.rfind("../", 0) == 0 || joined.front() == '/') return std::nullopt;
    return joined;
  }
  if (joined == clean_base) return joined;
  if (joined.size() > clean_base.size() && joined.compare(0, clean_base.size(), clean_base) == 0 &&
      joined[clean_base.size()] == '/')
    return joined;
  return std::nullopt;
}

}  // namespace mm
