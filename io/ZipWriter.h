// Writes a zip archive (libzip): entries are files read from disk, deflated or stored. libzip
// writes everything to a temporary file beside the target when commit() closes the archive and
// renames it into place; destroyed without commit(), it leaves nothing behind. libzip's temporary
// has a random name no signal handler can know: `apply` therefore writes the archive inside a
// registered staging directory (io/OutputSet.h), which a signal removes whole.
#pragma once

#include <map>
#include <string>

struct zip;

namespace mm {

class ZipWriter {
 public:
  explicit ZipWriter(std::string path);
  ~ZipWriter();
  ZipWriter(const ZipWriter&) = delete;
  ZipWriter& operator=(const ZipWriter&) = delete;

  // Adds the file at `file` as entry `name`; `store`: no compression (already-compressed images),
  // else deflate at a fast level. The file is read at commit().
  void add_file(const std::string& name, const std::string& file, bool store);
  // Adds entry `entry` of the zip archive at `zip_path` (opened once, read at commit()) as `name`,
  // stored. False when the archive has no such entry.
  bool add_from_zip(const std::string& name, const std::string& zip_path, const std::string& entry);
  // Writes the archive and renames it into place.
  void commit();

 private:
  void close_sources() noexcept;

  std::string path_;
  ::zip* archive_ = nullptr;
  std::map<std::string, ::zip*> sources_;
};

}  // namespace mm
