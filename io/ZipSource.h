// The JSONL member of an mmctl export / import .zip: the first root-level entry whose name ends in
// ".jsonl", as the server's import job picks it (docs/bulk-format.md §4). Read in place through the
// zip's index (io/ZipIndex.h), as the import tree reads the other entries (io/ImportTree.h): a
// million data/ entries cost the 16-byte index of each, not a dirent each (docs/performance.md).
#pragma once

#include <memory>

#include "io/ByteSource.h"
#include "io/ImportTree.h"

namespace mm {

class ZipIndex;

class ZipSource final : public ByteSource {
 public:
  explicit ZipSource(const std::string& path);
  ~ZipSource() override;
  ZipSource(const ZipSource&) = delete;
  ZipSource& operator=(const ZipSource&) = delete;

  // Throws mm::Error on corrupt data (inflate fails, or the CRC-32 at the end does not match).
  size_t read(char* dst, size_t max) override;
  const std::string& name() const override { return name_; }
  uint64_t raw_bytes_read() const override { return read_; }
  uint64_t raw_size() const override { return size_; }
  const std::string& member() const { return member_; }

 private:
  std::string path_;
  std::string member_;
  std::string name_;
  UniqueFd fd_;
  std::unique_ptr<ZipIndex> index_;
  TreeFile file_;
  uint32_t crc_ = 0;
  uint64_t size_ = 0;
  uint64_t read_ = 0;
};

// True for a name the import job accepts as the export's JSONL: "*.jsonl" at the root, no "..".
bool is_root_jsonl_name(std::string_view name);

}  // namespace mm
