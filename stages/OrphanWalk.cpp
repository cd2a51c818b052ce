#include "stages/OrphanWalk.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "io/Error.h"

namespace mm {

namespace fs = std::filesystem;

Orphans find_orphans(const std::string& dir, const std::unordered_set<std::string>& referenced, size_t max_listed) {
  Orphans out;
  fs::path data = fs::path(dir) / "data";
  std::error_code ec;
  if (!fs::is_directory(data, ec)) return out;
  fs::recursive_directory_iterator it(data, fs::directory_options::none, ec), end;
  if (ec) throw_io_error(data.string(), "cannot read directory", ec.value());
  for (; it != end; it.increment(ec)) {
    if (ec) throw_io_error(data.string(), "cannot read directory", ec.value());
    const fs::directory_entry& entry = *it;
    if (!entry.is_regular_file(ec) || entry.is_symlink(ec)) continue;
    std::string relative = "data/" + entry.path().lexically_relative(data).generic_string();
    if (referenced.count(relative)) continue;
    out.count++;
    out.bytes += entry.file_size(ec);
    out.paths.push_back(std::move(relative));
  }
  std::sort(out.paths.begin(), out.paths.end());
  if (out.paths.size() > max_listed) out.paths.resize(max_listed);
  return out;
}

}  // namespace mm
