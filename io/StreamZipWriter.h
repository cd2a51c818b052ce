// Writes a zip archive as its entries come, for `apply --out X.zip --import-path DIR`: the files
// of the import tree are packed (stored) while the JSONL transform still runs, each read once in
// fixed-size pieces that a PackTee (below) sees as they are written, and import.jsonl,
// deflated on several threads (io/ParallelDeflate.h), goes last, once it is complete. libzip
// (io/ZipWriter.h) writes a whole archive at its close, so it cannot overlap with the transform.
//
// Each entry's local header is written before its data and its CRC-32 and sizes patched in once
// the data is out (pwrite: the archive is a regular file in apply's staging directory); no data
// descriptors. ZIP64 extra fields where a size or an offset needs them, and the ZIP64 end records
// when the directory's offset, size or entry count does. Entry names are checked as ZipWriter
// checks them (zip_entry_name_problem). Nothing is renamed here: the caller's OutputSet commits
// the file, and destroys it with its staging directory on failure.
#pragma once

#include <cstdint>
#include <ctime>
#include <string>
#include <string_view>
#include <vector>

namespace mm {

class TreeFile;

// Sees the bytes of a file in the read that packs it (add_stored): each piece as it is written, in
// order. Lets a caller check a file's content type and hash it without reading it a second time.
class PackTee {
 public:
  virtual ~PackTee() = default;
  virtual void begin() = 0;  // before the first piece
  virtual void piece(std::string_view bytes) = 0;
  // The whole file was read: why the archive must not be written (add_stored throws it as the
  // Error), or empty.
  virtual std::string end() = 0;
};

class StreamZipWriter {
 public:
  // Creates (truncates) the archive at `path`.
  explicit StreamZipWriter(std::string path);
  ~StreamZipWriter();
  StreamZipWriter(const StreamZipWriter&) = delete;
  StreamZipWriter& operator=(const StreamZipWriter&) = delete;

  // Stores `file` (an open file of the import tree, read from where it is to its end) as `name`:
  // a directory's file, or an export zip's entry, its stored bytes copied as they lie in the
  // archive (a deflated one inflated). A file that reads to another size than file.size(), or an
  // entry whose bytes do not match the CRC-32 its zip gives, is an error. `tee` (optional) sees
  // every piece; a reason it gives at the end is thrown as the Error.
  void add_stored(const std::string& name, TreeFile& file, PackTee* tee = nullptr);
  // Deflates the file at `file` on `threads` workers as `name`.
  void add_deflated(const std::string& name, const std::string& file, unsigned threads);
  // Writes the central directory and closes the file.
  void finish();

 private:
  struct Entry {
    std::string name;
    uint16_t method = 0;
    uint16_t time = 0, date = 0;
    uint32_t crc = 0;
    uint64_t compressed = 0, size = 0, offset = 0;
    bool zip64 = false;
  };
  void write(const void* data, size_t size);
  void write_local_header(Entry& e);
  void patch_local_header(const Entry& e);

  std::string path_;
  int fd_ = -1;
  uint64_t offset_ = 0;
  std::vector<Entry> entries_;
  std::vector<char> buffer_;
};

}  // namespace mm
