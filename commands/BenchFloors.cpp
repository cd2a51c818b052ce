#include "commands/BenchFloors.h"

#include <chrono>
#include <filesystem>
#include <memory>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "io/ByteSource.h"
#include "io/Error.h"
#include "io/FileSource.h"
#include "io/OutputFile.h"

namespace mm {
namespace {

constexpr size_t kBufferBytes = size_t{1} << 20;

using Clock = std::chrono::steady_clock;
double since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

void check_bytes(const std::string& path, uint64_t seen, uint64_t expected) {
  if (seen != expected)
    throw Error(fmt::format("{}: read {} bytes, expected {} (changed during the run?)", path, seen, expected));
}

// Reads `source` to its end, handing each block to `sink`; returns the bytes read.
template <typename Sink>
uint64_t drain(ByteSource& source, std::vector<char>& buffer, Sink&& sink) {
  uint64_t total = 0;
  while (size_t n = source.read(buffer.data(), buffer.size())) {
    sink(std::string_view(buffer.data(), n));
    total += n;
  }
  return total;
}

}  // namespace

double time_read_floor(const std::string& path, uint64_t expected_bytes) {
  std::vector<char> buffer(kBufferBytes);
  auto start = Clock::now();
  FileSource source(path);
  uint64_t n = drain(source, buffer, [](std::string_view) {});
  double seconds = since(start);
  check_bytes(path, n, expected_bytes);
  return seconds;
}

double time_write_floor(const std::string& path, const std::string& dir, uint64_t expected_bytes) {
  std::vector<char> buffer(kBufferBytes);
  const std::string out_path = dir + "/floor-write.jsonl";
  auto start = Clock::now();
  uint64_t n = 0;
  {
    FileSource source(path);
    OutputFile out(out_path);
    n = drain(source, buffer, [&out](std::string_view block) { out.write(block); });
    out.commit();
  }
  double seconds = since(start);
  std::error_code ec;
  std::filesystem::remove(out_path, ec);
  check_bytes(path, n, expected_bytes);
  return seconds;
}

double time_decompress_floor(const std::string& zst_path, uint64_t expected_bytes) {
  std::vector<char> buffer(kBufferBytes);
  auto start = Clock::now();
  std::unique_ptr<ByteSource> source = open_byte_source(zst_path);
  uint64_t n = drain(*source, buffer, [](std::string_view) {});
  double seconds = since(start);
  check_bytes(zst_path, n, expected_bytes);
  return seconds;
}

void make_zstd_copy(const std::string& path, const std::string& zst_path) {
  std::vector<char> buffer(kBufferBytes);
  FileSource source(path);
  OutputFile out(zst_path, OutputOptions::for_path(zst_path));
  drain(source, buffer, [&out](std::string_view block) { out.write(block); });
  out.commit();
}

}  // namespace mm
