#include "stages/FixOut.h"

#include <filesystem>
#include <system_error>

#include <fmt/format.h>

#include "io/Error.h"
#include "io/OutputPaths.h"
#include "stages/FilePolicy.h"

namespace mm {

namespace fs = std::filesystem;

namespace {

bool directory_is_empty(const fs::path& dir) { return fs::directory_iterator(dir) == fs::directory_iterator(); }

// Checks OUTDIR (above) and creates its parent; returns the path to stage it beside: the real
// path of an existing OUTDIR, so that a link to it is not what gets replaced.
std::string prepare_fix_out(const std::string& input, const std::string& out_dir, const std::string& import_dir) {
  RunPaths paths;
  paths.input("EXPORT", input);
  paths.tree("--import-path", import_dir);
  paths.output("--fix-out", out_dir);
  check_output_paths(paths);
  std::error_code ec;
  fs::path out = fs::absolute(out_dir).lexically_normal();
  if (fs::exists(out, ec)) {
    if (!fs::is_directory(out, ec)) throw Error(fmt::format("{}: --fix-out: exists and is not a directory", out_dir));
    if (!directory_is_empty(out)) throw Error(fmt::format("{}: --fix-out: exists and is not empty", out_dir));
    return fs::canonical(out, ec).string();
  }
  if (out.has_relative_path() && out.filename().empty()) out = out.parent_path();  // "dir/"
  fs::create_directories(out.parent_path(), ec);
  if (ec) throw_io_error(out.parent_path().string(), "--fix-out: cannot create directory", ec.value());
  return out.string();
}

}  // namespace

FixOutTree::FixOutTree(const std::string& input, const std::string& out_dir, const std::string& import_dir,
                       int tree_fd) {
  std::string stage = outputs_.staged_dir(prepare_fix_out(input, out_dir, import_dir));
  linker_ = std::make_unique<TreeLinker>(tree_fd, stage);
  jsonl_ = std::make_unique<OutputFile>(stage + "/import.jsonl", OutputOptions{});
}

void FixOutTree::keep(const std::string& resolved) {
  TreeLinker::Placed placed = linker_->place(resolved, resolved);
  if (placed == TreeLinker::Placed::kLinked) linked_++;
  if (placed == TreeLinker::Placed::kCopied) {
    linked_++;
    copied_++;
  }
}

std::string FixOutTree::rename(const FileCheck& c) {
  auto it = renamed_.find(c.resolved);
  if (it != renamed_.end()) return it->second;
  std::string_view extension = renamed_extension(c);
  for (int attempt = 1;; ++attempt) {
    std::string target = renamed_path(c.resolved, extension, attempt);
    if (linker_->exists_in_source(target)) continue;  // never shadow a file of the tree
    TreeLinker::Placed placed = linker_->place(c.resolved, target);
    if (placed == TreeLinker::Placed::kExisted) continue;
    if (placed == TreeLinker::Placed::kCopied) copied_++;
    renamed_.emplace(c.resolved, target);
    return target;
  }
}

void FixOutTree::commit() {
  jsonl_->commit();
  linker_.reset();
  outputs_.commit();
}

void write_fixed(const Chunk& chunk, const AttachmentRefs::Result& result, const std::vector<FileCheck>& checks,
                 const std::function<std::string(const FileCheck&)>& rename,
                 const std::function<void(std::string_view)>& write, FixOutScratch& s, FixOutCounts& counts) {
  const auto& refs = result.refs;
  s.notes.assign(refs.size(), std::string());
  size_t pos = 0;  // next chunk byte not yet written
  size_t i = 0;
  while (i < refs.size()) {
    size_t j = i;
    while (j < refs.size() && refs[j].line == refs[i].line) ++j;
    // refs[i, j) belong to one line.
    const AttachmentReference& first = refs[i];
    std::string_view text = result.line_text(chunk, first);  // the reading with U+FFFD, if any
    s.replacements.clear();
    s.removals.clear();
    s.member_removals.clear();
    bool drop_line = false;
    for (size_t k = i; k < j; ++k) {
      const FileCheck& c = checks[k];
      switch (file_policy(refs[k].kind, c).fix_out) {
        case FixOutAction::kKeep:
          break;
        case FixOutAction::kRename: {
          std::string new_path = rename(c).substr(5);  // without "data/"
          s.notes[k] = "renamed to " + new_path;
          s.replacements.push_back({refs[k].value_begin, refs[k].value_end, std::move(new_path)});
          break;
        }
        case FixOutAction::kDrop:
          s.removals.push_back({refs[k].array_begin, refs[k].element_begin});
          s.notes[k] = "reference dropped";
          counts.dropped++;
          break;
        case FixOutAction::kDropLine:
          drop_line = true;
          s.notes[k] = "line dropped";
          break;
        case FixOutAction::kDropMember:
          s.member_removals.push_back({refs[k].element_begin, refs[k].value_end});
          s.notes[k] = "profile_image dropped";
          counts.dropped++;
          break;
      }
    }
    if (drop_line) {
      counts.dropped_lines++;
      write(std::string_view(chunk.data + pos, first.line_begin - pos));
      pos = first.line_begin + first.line_size;
      if (pos < chunk.size && chunk.data[pos] == '\r') ++pos;
      if (pos < chunk.size && chunk.data[pos] == '\n') ++pos;
    } else if (!s.replacements.empty() || !s.removals.empty() || !s.member_removals.empty()) {
      write(std::string_view(chunk.data + pos, first.line_begin - pos));
      s.line.clear();
      rewrite_attachment_line(text, s.replacements, s.removals, s.member_removals, s.line);
      write(s.line);
      pos = first.line_begin + first.line_size;
    }
    i = j;
  }
  write(std::string_view(chunk.data + pos, chunk.size - pos));
}

}  // namespace mm
