// Every output of one run, committed together or not at all.
//
// Each output is first written under a temporary name beside it (io/TempPath.h). commit() then
// finishes all of them (flush, fsync, close: a full disk or a file-size limit fails here, before
// any output is in place), and only then renames each into place, with SIGINT and SIGTERM held
// (io/TempFileRegistry.h). An existing file at an output is first linked to a backup name, so that
// a rename failing halfway puts every earlier output back as it was; the backups are removed at
// the end. Destroyed without commit(), or stopped by a signal, the set leaves nothing behind and
// every existing file as it was.
//
// Kinds of output:
//  - file(): bytes written through an OutputFile (plain or zstd);
//  - staged_file(): a file another writer creates (libzip writes its archive, and its own
//    temporary, into a registered staging directory ".NAME.tmp-PID-N/", removed whole);
//  - staged_dir(): a directory tree (verify-attachments --fix-out), built as ".NAME.tmp-PID-N/"
//    and renamed onto NAME, which must not exist or be an empty directory;
//  - remove(): an existing regular file that the commit removes (an earlier run's output that
//    would otherwise look current); anything else at that path is left alone.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "io/OutputFile.h"

namespace mm {

class OutputSet {
 public:
  OutputSet() = default;
  ~OutputSet();
  OutputSet(const OutputSet&) = delete;
  OutputSet& operator=(const OutputSet&) = delete;

  OutputFile& file(const std::string& path, OutputOptions options = {});
  // Returns the path at which the writer creates the file (inside the staging directory).
  std::string staged_file(const std::string& path);
  // Returns the staging directory to build the tree in.
  std::string staged_dir(const std::string& path);
  void remove(const std::string& path);

  // Finishes every output, then renames all into place. Throws mm::Error (nothing in place, every
  // temporary removed) on failure.
  void commit();

 private:
  enum class Kind { kFile, kStagedFile, kStagedDir, kRemove };
  struct Entry {
    Kind kind;
    std::string path;       // the output
    std::string temp;       // what is renamed onto it (kRemove: nothing)
    std::string stage_dir;  // kStagedFile, kStagedDir: the registered staging directory
    int slot = -1;          // its registry slot
    std::unique_ptr<OutputFile> file;
    std::string backup;     // during commit: the earlier file at `path`, linked here
    int backup_slot = -1;
    bool existed = false;
    bool placed = false;
  };
  std::string make_stage(Entry& entry);
  void rollback(size_t placed) noexcept;
  void drop_backups() noexcept;
  void discard() noexcept;

  std::vector<Entry> entries_;
  bool committed_ = false;
};

}  // namespace mm
