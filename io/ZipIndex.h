// The central directory of a zip archive (an mmctl export, whose data/ is stored uncompressed and
// may hold a million entries), indexed once so that an entry is found by name and read in place
// (io/ImportTree.h's zip backing): no entry is ever copied out to disk.
//
// Our own reader rather than libzip's: libzip keeps a dirent with its own name string and extra
// fields for every entry of the archive (docs/performance.md, "zip import tree"). This index
// keeps 16 bytes an entry, a hash of its name and the offset of its central-directory record; a
// lookup re-reads that record (pread, from the page cache) to compare the name and take the
// sizes, so hash collisions cost a compare and nothing else. Names are never held in memory.
//
// Entries whose name is not a clean relative path (a leading '/', a backslash, an empty, `.` or
// `..` component, a NUL) are not indexed at all: no lookup can reach them, and they are counted
// as unreachable. Two entries of one name are both found as kDuplicate (an extraction would keep
// one or the other, or a mix): never read. ZIP64 sizes, offsets and end records are read.
#pragma once

#include <cstdint>
#include <ctime>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace mm {

struct ZipEntry {
  uint64_t local_offset = 0;  // of the local header
  uint64_t compressed = 0;
  uint64_t size = 0;
  uint32_t crc = 0;
  uint16_t method = 0;  // 0 stored, 8 deflated; others are not read
  uint16_t flags = 0;   // general purpose bit flag (bit 0: encrypted)
  uint32_t dos_time = 0;  // DOS date << 16 | DOS time, as the record has them
  bool directory = false;  // name ends in '/'
  bool symlink = false;    // Unix mode in the external attributes says a link
  time_t mtime() const;
  bool encrypted() const { return flags & 1; }
};

class ZipIndex {
 public:
  // Reads the central directory of the archive open at `fd` (not owned; must outlive the index).
  // `path` names it in errors. Throws mm::Error when it is not a zip archive or its directory is
  // cut short or inconsistent.
  ZipIndex(int fd, std::string path);

  enum class Found { kYes, kNo, kDuplicate };
  // The entry named exactly `name` (a clean relative path; a directory entry with its '/').
  // Thread-safe. Throws mm::Error on a read error or a record that no longer parses.
  Found find(std::string_view name, ZipEntry& out) const;
  // Where an entry's data begins (past its local header). False: the local header is not one, or
  // the data would run past the end of the archive.
  bool data_offset(const ZipEntry& e, uint64_t& out) const;
  // Every indexed entry (not the unreachable ones) in the order of the directory, with its name.
  void for_each(const std::function<void(std::string_view name, const ZipEntry&)>& fn) const;
  // The first indexed entry, in the order of the directory, that `pred` accepts: its name into
  // `name`, its fields into `out`. False when none does.
  bool first(const std::function<bool(std::string_view name, const ZipEntry&)>& pred, std::string& name,
             ZipEntry& out) const;

  uint64_t entries() const { return slots_.size(); }
  uint64_t unreachable() const { return unreachable_; }
  uint64_t memory_bytes() const { return slots_.capacity() * sizeof(Slot); }
  const std::string& path() const { return path_; }
  int fd() const { return fd_; }

 private:
  struct Slot {
    uint64_t hash;
    uint64_t record;  // offset of its central-directory record; the top bit: a duplicate name
  };
  static constexpr uint64_t kDuplicateBit = uint64_t{1} << 63;

  // Streams the directory's records: fn(record offset, name, entry), until it returns false.
  void scan(const std::function<bool(uint64_t, std::string_view, const ZipEntry&)>& fn) const;
  // The record at `offset`: its name into `name` (reused), its fields into `e`.
  void read_record(uint64_t offset, std::string& name, ZipEntry& e) const;
  void pread_all(void* dst, size_t n, uint64_t offset) const;

  int fd_;
  std::string path_;
  uint64_t archive_size_ = 0;
  uint64_t cd_offset_ = 0, cd_size_ = 0, cd_count_ = 0;
  uint64_t unreachable_ = 0;
  std::vector<Slot> slots_;  // sorted by (hash, record)
};

// Whether `name` is a clean relative entry name (above; a trailing '/' allowed).
bool is_reachable_zip_name(std::string_view name);

}  // namespace mm
