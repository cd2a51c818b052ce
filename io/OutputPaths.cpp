#include "io/OutputPaths.h"

#include <climits>
#include <filesystem>
#include <cstdlib>
#include <optional>
#include <sys/stat.h>

#include <fmt/format.h>

#include "io/Error.h"

namespace mm {

namespace {

struct Resolved {
  std::string real;  // real path (of the file, or of its directory + its name)
  bool exists = false;
  dev_t dev = 0;
  ino_t ino = 0;
};

std::optional<std::string> real_path(const std::string& path) {
  char buffer[PATH_MAX];
  if (!::realpath(path.c_str(), buffer)) return std::nullopt;
  return std::string(buffer);
}

Resolved resolve(const std::string& path) {
  Resolved r;
  struct stat st;
  if (::stat(path.c_str(), &st) == 0) {
    r.exists = true;
    r.dev = st.st_dev;
    r.ino = st.st_ino;
    if (auto real = real_path(path)) {
      r.real = *real;
      return r;
    }
  }
  // Not there yet (or a dangling link): the real path of the part that exists, then the rest as
  // written (so that a new file under directories still to be made is placed too).
  std::error_code ec;
  std::filesystem::path p = std::filesystem::weakly_canonical(std::filesystem::absolute(path, ec), ec);
  r.real = ec ? path : p.string();
  if (r.real.size() > 1 && r.real.back() == '/') r.real.pop_back();
  return r;
}

bool same(const Resolved& a, const Resolved& b) {
  if (a.exists && b.exists) return a.dev == b.dev && a.ino == b.ino;
  return a.real == b.real;
}

bool within(const std::string& inner, const std::string& dir) {
  if (dir == "/") return true;
  return inner.size() > dir.size() && inner.compare(0, dir.size(), dir) == 0 && inner[dir.size()] == '/';
}

}  // namespace

void check_output_paths(const RunPaths& paths) {
  std::vector<Resolved> inputs;
  for (const RolePath& in : paths.inputs) inputs.push_back(resolve(in.path));
  std::vector<Resolved> outputs;
  for (size_t i = 0; i < paths.outputs.size(); ++i) {
    const RolePath& out = paths.outputs[i];
    Resolved r = resolve(out.path);
    for (size_t j = 0; j < inputs.size(); ++j) {
      if (!inputs[j].exists || !same(r, inputs[j])) continue;
      throw Error(fmt::format("{} {}: is the {} {}, an input of the run; choose another output", out.role, out.path,
                              paths.inputs[j].role, paths.inputs[j].path));
    }
    for (const RolePath& tree : paths.trees) {
      auto real_tree = real_path(tree.path);
      if (!real_tree) continue;
      if (r.real == *real_tree || within(r.real, *real_tree))
        throw Error(fmt::format("{} {}: is inside the {} {}, which is only read; choose another output", out.role,
                                out.path, tree.role, tree.path));
    }
    for (size_t j = 0; j < outputs.size(); ++j) {
      if (!same(r, outputs[j])) continue;
      throw Error(fmt::format("{} {}: is also the {} {}; two outputs of one run cannot be one file", out.role,
                              out.path, paths.outputs[j].role, paths.outputs[j].path));
    }
    outputs.push_back(std::move(r));
  }
}

}  // namespace mm
