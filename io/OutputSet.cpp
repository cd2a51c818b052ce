#include "io/OutputSet.h"

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/Error.h"
#include "io/TempFileRegistry.h"
#include "io/TempPath.h"

namespace mm {

namespace {

std::string base_name(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string dir_name(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
}

bool exists_no_follow(const std::string& path) {
  struct stat st;
  return ::lstat(path.c_str(), &st) == 0;
}

bool is_regular_no_follow(const std::string& path) {
  struct stat st;
  return ::lstat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

// So that the renames survive a crash of the machine as well (best effort: not every file system
// can fsync a directory).
void sync_directory(const std::string& dir) noexcept {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  (void)::fsync(fd);
  ::close(fd);
}

}  // namespace

OutputSet::~OutputSet() {
  if (!committed_) discard();
}

OutputFile& OutputSet::file(const std::string& path, OutputOptions options) {
  Entry e{Kind::kFile, path, {}, {}};
  e.file = std::make_unique<OutputFile>(path, options);
  e.temp = e.file->temp_path();
  entries_.push_back(std::move(e));
  return *entries_.back().file;
}

std::string OutputSet::make_stage(Entry& e) {
  remove_stale_temporaries(e.path);
  e.stage_dir = temp_path_for(e.path);
  if (::mkdir(e.stage_dir.c_str(), 0755) != 0) throw_io_error(e.path, "cannot create output file", errno);
  e.slot = register_temp_dir(e.stage_dir.c_str());
  return e.stage_dir;
}

std::string OutputSet::staged_file(const std::string& path) {
  Entry e{Kind::kStagedFile, path, {}, {}};
  entries_.push_back(std::move(e));
  Entry& back = entries_.back();
  back.temp = make_stage(back) + "/" + base_name(path);
  return back.temp;
}

std::string OutputSet::staged_dir(const std::string& path) {
  Entry e{Kind::kStagedDir, path, {}, {}};
  entries_.push_back(std::move(e));
  Entry& back = entries_.back();
  back.temp = make_stage(back);
  return back.temp;
}

void OutputSet::remove(const std::string& path) { entries_.push_back(Entry{Kind::kRemove, path, {}, {}}); }

void OutputSet::commit() {
  if (committed_) throw Error("output set committed twice");
  // 1. Every output complete and on disk, none in place yet.
  try {
    for (Entry& e : entries_) {
      if (e.kind == Kind::kFile) e.file->finish();
      if (e.kind != Kind::kStagedFile) continue;
      int fd = ::open(e.temp.c_str(), O_RDONLY | O_CLOEXEC);
      if (fd < 0) throw_io_error(e.path, "the finished output is missing", errno);
      if (::fsync(fd) != 0 && errno != EINVAL) {
        int err = errno;
        ::close(fd);
        throw_io_error(e.path, "fsync failed", err);
      }
      ::close(fd);
    }
  } catch (...) {
    discard();
    throw;
  }

  // 2. All renamed into place, or none.
  StopSignalsHeld held;
  for (size_t i = 0; i < entries_.size(); ++i) {
    Entry& e = entries_[i];
    // Only a regular file is removed: anything else of that name is not an earlier output of ours.
    e.existed = e.kind == Kind::kRemove ? is_regular_no_follow(e.path) : exists_no_follow(e.path);
    int err = 0;
    if (e.kind == Kind::kFile || e.kind == Kind::kStagedFile || e.kind == Kind::kRemove) {
      if (e.existed) {
        e.backup = temp_path_for(e.path);
        bool ok = e.kind == Kind::kRemove ? ::rename(e.path.c_str(), e.backup.c_str()) == 0
                                          : ::link(e.path.c_str(), e.backup.c_str()) == 0;
        if (ok) e.backup_slot = register_temp_file(e.backup.c_str());
        else if (e.kind == Kind::kRemove) err = errno;
        else e.backup.clear();  // no hard links here: a failure below cannot put this one back
      }
    }
    if (err == 0 && e.kind != Kind::kRemove && ::rename(e.temp.c_str(), e.path.c_str()) != 0) err = errno;
    if (err != 0) {
      if (e.backup_slot >= 0 && e.kind != Kind::kRemove) {
        ::unlink(e.backup.c_str());
        unregister_temp_file(e.backup_slot);
        e.backup_slot = -1;
        e.backup.clear();
      }
      rollback(i);
      discard();
      throw_io_error(e.path, e.kind == Kind::kRemove ? "cannot remove the earlier output"
                                                     : "cannot rename the finished output into place",
                     err);
    }
    e.placed = true;
  }
  drop_backups();
  for (Entry& e : entries_) {
    if (e.file) e.file->release();
    if (e.kind == Kind::kStagedFile) remove_tree_signal_safe(e.stage_dir.c_str());
    unregister_temp_file(e.slot);
    e.slot = -1;
    sync_directory(dir_name(e.path));
  }
  committed_ = true;
}

void OutputSet::rollback(size_t placed) noexcept {
  for (size_t j = placed; j-- > 0;) {
    Entry& e = entries_[j];
    if (!e.placed) continue;
    switch (e.kind) {
      case Kind::kFile:
      case Kind::kStagedFile:
        if (!e.backup.empty()) ::rename(e.backup.c_str(), e.path.c_str());
        else if (!e.existed) ::unlink(e.path.c_str());
        break;
      case Kind::kStagedDir:
        ::rename(e.path.c_str(), e.temp.c_str());
        if (e.existed) ::mkdir(e.path.c_str(), 0755);
        break;
      case Kind::kRemove:
        if (!e.backup.empty()) ::rename(e.backup.c_str(), e.path.c_str());
        break;
    }
    unregister_temp_file(e.backup_slot);
    e.backup_slot = -1;
    e.backup.clear();
    e.placed = false;
  }
}

void OutputSet::drop_backups() noexcept {
  for (Entry& e : entries_) {
    if (e.backup.empty()) continue;
    ::unlink(e.backup.c_str());
    unregister_temp_file(e.backup_slot);
    e.backup_slot = -1;
    e.backup.clear();
  }
}

void OutputSet::discard() noexcept {
  for (Entry& e : entries_) {
    e.file.reset();  // removes its temporary file
    if (!e.stage_dir.empty()) remove_tree_signal_safe(e.stage_dir.c_str());
    unregister_temp_file(e.slot);
    e.slot = -1;
  }
  drop_backups();
}

}  // namespace mm
