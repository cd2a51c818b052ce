// Helpers shared by the unit tests: scratch directories, files, chunking a string.
#pragma once

#include <string>
#include <vector>

#include "jsonl/Chunk.h"
#include "jsonl/StructuralScanner.h"

namespace mm::test {

// A fresh directory under the build's temp area, removed at destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

void write_file(const std::string& path, const std::string& bytes);
std::string read_file(const std::string& path);

// A single chunk holding `bytes`, padded, as a chunk reader would give it (offset 0).
void fill_chunk(Chunk& chunk, const std::string& bytes, uint64_t offset = 0);

// The structure scanner kernels this CPU runs (none on a CPU without AVX2).
std::vector<ScannerKernel> scanner_kernels();

// Runs a command line through /bin/sh; returns its exit status and captured stdout.
int run_command(const std::string& command, std::string* out = nullptr);

}  // namespace mm::test
