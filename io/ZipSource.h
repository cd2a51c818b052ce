// The JSONL member of an mmctl export / import .zip: the first root-level entry whose name ends in
// ".jsonl", as the server's import job picks it (docs/bulk-format.md §4). Other entries (data/...) are read by
// path through ZipArchive.
#pragma once

#include "io/ByteSource.h"

struct zip;
struct zip_file;

namespace mm {

class ZipSource final : public ByteSource {
 public:
  explicit ZipSource(const std::string& path);
  ~ZipSource() override;
  ZipSource(const ZipSource&) = delete;
  ZipSource& operator=(const ZipSource&) = delete;

  size_t read(char* dst, size_t max) override;
  const std::string& name() const override { return name_; }
  uint64_t raw_bytes_read() const override { return read_; }
  uint64_t raw_size() const override { return size_; }
  const std::string& member() const { return member_; }

 private:
  std::string path_;
  std::string member_;
  std::string name_;
  ::zip* archive_ = nullptr;
  ::zip_file* file_ = nullptr;
  uint64_t size_ = 0;
  uint64_t read_ = 0;
};

// True for a name the import job accepts as the export's JSONL: "*.jsonl" at the root, no "..".
bool is_root_jsonl_name(const std::string& name);

}  // namespace mm
