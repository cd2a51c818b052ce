// An output file written atomically: bytes go to a temporary file beside the target
// (".NAME.tmp-PID-N", io/TempPath.h: stale ones of killed runs are removed first), which is
// renamed onto the target by commit(). Several outputs committed together: io/OutputSet.h. Destroyed without commit()
// (an exception, a finding that aborts the run) or stopped by SIGINT/SIGTERM, it leaves nothing
// behind, and an existing file at the target is untouched until the rename.
//
// With Compression::kZstd the bytes are compressed as they come (level and worker threads
// settable). A path ending in ".zst" selects it by default (see OutputOptions::for_path). The
// stream is cut into independent frames of about `zstd_frame_bytes` input bytes each (a frame ends
// at the first write() that reaches it), as pzstd and the seekable format do: a reader can then
// split the file with ZSTD_findFrameCompressedSize and decode the frames in parallel, and any
// zstd reader still reads it as one stream. At 8 MiB a frame, the ratio lost to the restarts is
// small: zstd's window at levels 1-3 is 512 KiB to 2 MiB, so little could be referred to across frames.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct ZSTD_CCtx_s;

namespace mm {

class BackgroundSync;

enum class Compression { kNone, kZstd };

struct OutputOptions {
  Compression compression = Compression::kNone;
  int zstd_level = 3;
  int zstd_workers = 0;  // 0: compress in the writing thread
  uint64_t zstd_frame_bytes = uint64_t{8} << 20;  // 0: one frame
  // Refuse to replace an existing file at the target.
  bool no_clobber = false;
  // fsync before the rename (the data is synced in the background as it is written: see
  // OutputFile.cpp, BackgroundSync). Off only for a scratch file that is read back and removed in the
  // same run (the zip's staged import.jsonl): syncing 600 MB that never needs to reach the disk
  // cost ~0.5 s of a 3.3 s apply to .zip here.
  bool sync = true;

  static OutputOptions for_path(const std::string& path);
};

class OutputFile {
 public:
  OutputFile(std::string path, OutputOptions options = {});
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  void write(std::string_view bytes);
  // Flushes, fsyncs and renames into place. No further writes.
  void commit();
  // Removes the temporary file now (the destructor does this too).
  void discard() noexcept;
  // commit() in two steps, for io/OutputSet: finish() flushes, fsyncs and closes the temporary
  // file; release(), once the owner has renamed it into place, forgets it.
  void finish();
  void release() noexcept;

  const std::string& path() const { return path_; }
  const std::string& temp_path() const { return temp_path_; }
  uint64_t bytes_written() const { return bytes_in_; }

 private:
  void write_raw(const char* data, size_t size);
  void flush_buffer();
  void compress(std::string_view bytes, bool end);
  void stop_sync() noexcept;

  std::string path_;
  std::string temp_path_;
  OutputOptions options_;
  int fd_ = -1;
  int registry_slot_ = -1;
  bool committed_ = false;
  uint64_t bytes_in_ = 0;
  uint64_t frame_in_ = 0;  // input bytes in the zstd frame being written
  std::vector<char> buffer_;
  size_t buffered_ = 0;
  ZSTD_CCtx_s* cctx_ = nullptr;
  uint64_t written_ = 0;                  // bytes written to the file
  std::unique_ptr<BackgroundSync> sync_;  // with options_.sync
};

}  // namespace mm
