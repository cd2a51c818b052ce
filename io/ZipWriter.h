// Writes a zip archive (libzip): entries are files read from disk, deflated or stored. libzip
// writes everything to a temporary file beside the target when commit() closes the archive and
// renames it into place; destroyed without commit(), it leaves nothing behind.
//
// Files of the import tree are read only through it (add_tree_file: opened beneath the tree when
// commit() reads them, one at a time), so a link leading out of the tree is never packed. Entry
// names are plain relative '/'-separated paths: a name with a backslash, an absolute name or a
// `..` component is refused (an Error, exit 2), since an extractor on Windows would read a
// backslash as a separator and could write outside its directory (docs/robustness.md).
// libzip's temporary has a random name no signal handler can know: `apply` therefore writes the
// archive inside a registered staging directory (io/OutputSet.h), which a signal removes whole.
#pragma once

#include <cstdint>
#include <ctime>
#include <map>
#include <string>
#include <string_view>
#include <vector>

struct zip;

namespace mm {

class ImportTree;
struct DeflatedFileSource;

// Why `name` cannot be a zip entry name (see above), or empty when it can.
std::string_view zip_entry_name_problem(std::string_view name);

class ZipWriter {
 public:
  explicit ZipWriter(std::string path);
  ~ZipWriter();
  ZipWriter(const ZipWriter&) = delete;
  ZipWriter& operator=(const ZipWriter&) = delete;

  // Adds the file at `file` as entry `name`; `store`: no compression (already-compressed images),
  // else deflated at a fast level by `threads` workers into one stream (io/ParallelDeflate.h).
  // The file is read at commit().
  void add_file(const std::string& name, const std::string& file, bool store, unsigned threads = 1);
  // Adds the file `relative` of `tree` (which must outlive commit()) as entry `name`, stored;
  // `size` and `mtime` as a stat beneath the tree found them. The file is opened beneath the tree
  // again at commit(): a file that cannot be (a link swapped in since) fails the commit.
  void add_tree_file(const std::string& name, const ImportTree& tree, const std::string& relative, uint64_t size,
                     time_t mtime);
  // Adds entry `entry` of the zip archive at `zip_path` (opened once, read at commit()) as `name`,
  // stored. False when the archive has no such entry.
  bool add_from_zip(const std::string& name, const std::string& zip_path, const std::string& entry);
  // Writes the archive and renames it into place.
  void commit();

 private:
  void close_sources() noexcept;
  void check_name(const std::string& name) const;

  std::string path_;
  ::zip* archive_ = nullptr;
  std::map<std::string, ::zip*> sources_;
  std::vector<const DeflatedFileSource*> deflated_;  // owned by libzip: read only before commit() returns
};

}  // namespace mm
