#include "tests/unit/TestUtil.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>

namespace mm::test {

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "mattermerge-test-XXXXXX").string();
  if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream f(path, std::ios::binary);
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!f) throw std::runtime_error("cannot write " + path);
}

std::string read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw std::runtime_error("cannot read " + path);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

std::vector<ScannerKernel> scanner_kernels() {
  std::vector<ScannerKernel> kernels;
  for (ScannerKernel k : {ScannerKernel::kAvx2, ScannerKernel::kAvx512})
    if (scanner_kernel_supported(k)) kernels.push_back(k);
  return kernels;
}

void fill_chunk(Chunk& chunk, const std::string& bytes, uint64_t offset) {
  chunk.storage.reserve(bytes.size() + 1);
  std::memcpy(chunk.storage.data(), bytes.data(), bytes.size());
  std::memset(chunk.storage.data() + bytes.size(), 0, simdjson::SIMDJSON_PADDING);
  chunk.data = chunk.storage.data();
  chunk.size = bytes.size();
  chunk.offset = offset;
  chunk.first_line = 1;
  chunk.seq = 0;
  chunk.mark_bom();  // as the chunk readers do
}

int run_command(const std::string& command, std::string* out) {
  FILE* p = ::popen(command.c_str(), "r");
  if (!p) return -1;
  std::string captured;
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) captured.append(buf, n);
  int status = ::pclose(p);
  if (out) *out = std::move(captured);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace mm::test
