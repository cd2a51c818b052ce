// The machine's floors for `mattermerge bench`: what the disk and the CPU allow before any of
// mattermerge's work, measured in the same run as the commands so that a ratio to them says how
// much of the machine a command uses, whatever the host's speed at that moment.
//   read:       the export's bytes read with read() and thrown away, as `cat F > /dev/null`;
//   write:      the same bytes written to a file in the bench directory and fsync'd, as an
//               output of `apply` is (io/OutputFile), then removed;
//   decompress: a .jsonl.zst copy of the export decoded and thrown away.
// Each returns its wall time in seconds and checks the byte count it saw.
#pragma once

#include <cstdint>
#include <string>

namespace mm {

double time_read_floor(const std::string& path, uint64_t expected_bytes);
double time_write_floor(const std::string& path, const std::string& dir, uint64_t expected_bytes);
double time_decompress_floor(const std::string& zst_path, uint64_t expected_bytes);

// Writes a zstd-compressed copy of `path` at `zst_path` (not timed: the decompress floor's input).
void make_zstd_copy(const std::string& path, const std::string& zst_path);

}  // namespace mm
