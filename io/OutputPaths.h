// The check every command makes before it writes anything: no output may resolve, after links,
// to an input of the run, to a file inside an import tree, or to another output of the run.
//
// An output that exists is compared by device and inode (a hard link or a symlink to an input is
// the input); one that does not exist yet by the real path of its directory and its name. An
// output inside an import tree (by real path) is refused even when it is a new file: the tree is
// only read. Inputs that do not exist are left to the code that opens them.
#pragma once

#include <string>
#include <sys/stat.h>
#include <vector>

namespace mm {

// A path and what it is on the command line ("SOURCE", "--out", "the plan's target", …).
struct RolePath {
  std::string role;
  std::string path;
};

struct RunPaths {
  std::vector<RolePath> inputs;
  std::vector<RolePath> trees;  // import directories
  std::vector<RolePath> outputs;
  void input(std::string role, std::string path) {
    if (!path.empty()) inputs.push_back({std::move(role), std::move(path)});
  }
  void tree(std::string role, std::string path) {
    if (!path.empty()) trees.push_back({std::move(role), std::move(path)});
  }
  // The tree read through --import-path DIR: DIR/data, where every path of an export resolves
  // (outputs beside data/, as gen-synthetic and an unpacked mmctl export place them, are fine).
  // An export zip given as the tree is read whole: the zip itself is an input.
  void import_tree(const std::string& dir) {
    if (dir.empty()) return;
    struct stat st {};
    if (::stat(dir.c_str(), &st) == 0 && !S_ISDIR(st.st_mode)) input("--import-path", dir);
    else trees.push_back({"import tree", dir + "/data"});
  }
  void output(std::string role, std::string path) {
    if (!path.empty()) outputs.push_back({std::move(role), std::move(path)});
  }
};

// Throws mm::Error (exit 2) naming the output and what it would replace.
void check_output_paths(const RunPaths& paths);

}  // namespace mm
