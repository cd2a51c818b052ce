// verify-attachments --fix-out (docs/verify-attachments.md): the corrected export and its tree.
//
// FixOutTree: OUTDIR, checked before anything is written (not the export, not inside the import
// tree, new or an empty directory), built as a staging directory beside it and renamed into place
// by commit(); destroyed without commit(), or stopped by a signal, it leaves no partial OUTDIR
// (io/OutputSet.h). Files are placed in it from the import tree (io/TreeLinker.h): a kept file
// under its own name, a renamed one under the name of the one renamer (stages/FilePolicy.h).
//
// write_fixed: a chunk of the export with each reference's FixOutAction (stages/FilePolicy.h)
// applied, every other byte as it was.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "io/OutputFile.h"
#include "io/OutputSet.h"
#include "io/TreeLinker.h"
#include "jsonl/Chunk.h"
#include "stages/AttachmentRefs.h"
#include "stages/AttachmentVerifier.h"

namespace mm {

class FixOutTree {
 public:
  // Throws mm::Error, before anything is written, when OUTDIR cannot be one (above). `tree_fd`:
  // the import tree's directory (io/ImportTree.h), owned by the caller.
  FixOutTree(const std::string& input, const std::string& out_dir, const std::string& import_dir, int tree_fd);

  // The corrected export, OUTDIR/import.jsonl.
  OutputFile& jsonl() { return *jsonl_; }
  // A file kept under its own name (`resolved`, "data/…"). Any thread.
  void keep(const std::string& resolved);
  // The file `check.resolved` placed under the name of its content's type: the new "data/…"
  // path, the same for every reference to the file. Serial.
  std::string rename(const FileCheck& check);
  // Everything written, then OUTDIR renamed into place.
  void commit();

  uint64_t linked() const { return linked_; }    // files placed, linked or copied
  uint64_t copied() const { return copied_; }    // of those, copied (no hard link possible)
  uint64_t renamed() const { return renamed_.size(); }

 private:
  OutputSet outputs_;  // first: destroyed last, it removes the staging directory when not committed
  std::unique_ptr<TreeLinker> linker_;
  std::unique_ptr<OutputFile> jsonl_;
  std::atomic<uint64_t> linked_{0}, copied_{0};
  std::unordered_map<std::string, std::string> renamed_;  // resolved source -> resolved target
};

// Reused from chunk to chunk.
struct FixOutScratch {
  std::vector<PathReplacement> replacements;
  std::vector<ElementRemoval> removals;
  std::vector<MemberRemoval> member_removals;
  std::string line;
  std::vector<std::string> notes;  // per reference: what was done ("" nothing), for the report
};

struct FixOutCounts {
  uint64_t dropped = 0;        // references dropped (an attachment, a profile_image)
  uint64_t dropped_lines = 0;  // lines dropped (an emoji)
};

// Writes `chunk` through `write` with the fixes of its references (`refs` with their `checks`)
// applied; `rename` gives a renamed file's new "data/…" path. Leaves in scratch.notes, per
// reference, what was done to it.
void write_fixed(const Chunk& chunk, const AttachmentRefs::Result& refs, const std::vector<FileCheck>& checks,
                 const std::function<std::string(const FileCheck&)>& rename,
                 const std::function<void(std::string_view)>& write, FixOutScratch& scratch, FixOutCounts& counts);

}  // namespace mm
