#include "io/ZipWriter.h"

#include <cerrno>
#include <fcntl.h>
#include <memory>

#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>
#include <zip.h>

#include "io/Error.h"
#include "io/ImportTree.h"
#include "io/ParallelDeflate.h"

namespace mm {

// A file deflated on several threads (io/ParallelDeflate.h) as a libzip source whose data is
// already compressed: its stat says ZIP_CM_DEFLATE, so libzip writes the bytes as they come and
// takes the entry's compressed size from them, and the CRC-32 once the stream has ended. libzip
// switches the entry to ZIP64 itself when the file is larger than 4 GiB.
struct DeflatedFileSource {
  std::string path;
  unsigned threads;
  uint64_t size;
  time_t mtime;
  int fd = -1;
  std::unique_ptr<ParallelDeflate> deflate;
  bool ended = false;  // the whole stream was read: crc and bytes known
  uint32_t crc = 0;
  std::string error;  // the last failure's message, for commit() to report
  zip_error_t zerror;
};

namespace {

// A file of the import tree as a libzip source: opened beneath the tree when libzip reads it.
struct TreeFileSource {
  const ImportTree* tree;
  std::string relative;
  uint64_t size;
  time_t mtime;
  int fd = -1;
  zip_error_t error;
};

zip_int64_t tree_file_callback(void* state, void* data, zip_uint64_t length, zip_source_cmd_t command) {
  auto* s = static_cast<TreeFileSource*>(state);
  switch (command) {
    case ZIP_SOURCE_OPEN: {
      s->fd = s->tree->open(s->relative);
      if (s->fd < 0) {
        zip_error_set(&s->error, ZIP_ER_OPEN, errno);
        return -1;
      }
      struct stat st;
      int err = ::fstat(s->fd, &st) != 0 ? errno : S_ISREG(st.st_mode) ? 0 : EINVAL;
      if (err != 0) {
        zip_error_set(&s->error, ZIP_ER_OPEN, err);
        ::close(s->fd);
        s->fd = -1;
        return -1;
      }
      return 0;
    }
    case ZIP_SOURCE_READ: {
      ssize_t n;
      do n = ::read(s->fd, data, length);
      while (n < 0 && errno == EINTR);
      if (n < 0) {
        zip_error_set(&s->error, ZIP_ER_READ, errno);
        return -1;
      }
      return n;
    }
    case ZIP_SOURCE_CLOSE:
      if (s->fd >= 0) ::close(s->fd);
      s->fd = -1;
      return 0;
    case ZIP_SOURCE_STAT: {
      auto* st = static_cast<zip_stat_t*>(data);
      zip_stat_init(st);
      st->size = s->size;
      st->mtime = s->mtime;
      st->valid |= ZIP_STAT_SIZE | ZIP_STAT_MTIME;
      return sizeof(*st);
    }
    case ZIP_SOURCE_ERROR:
      return zip_error_to_data(&s->error, data, length);
    case ZIP_SOURCE_FREE:
      if (s->fd >= 0) ::close(s->fd);
      zip_error_fini(&s->error);
      delete s;
      return 0;
    case ZIP_SOURCE_SUPPORTS:
      return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
                                            ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
    default:
      zip_error_set(&s->error, ZIP_ER_OPNOTSUPP, 0);
      return -1;
  }
}

zip_int64_t deflated_file_callback(void* state, void* data, zip_uint64_t length, zip_source_cmd_t command) {
  auto* s = static_cast<DeflatedFileSource*>(state);
  switch (command) {
    case ZIP_SOURCE_OPEN:
      s->fd = ::open(s->path.c_str(), O_RDONLY | O_CLOEXEC);
      if (s->fd < 0) {
        zip_error_set(&s->zerror, ZIP_ER_OPEN, errno);
        return -1;
      }
      try {
        s->deflate = std::make_unique<ParallelDeflate>(s->fd, s->path, s->threads);
      } catch (const std::exception& e) {
        s->error = e.what();
        zip_error_set(&s->zerror, ZIP_ER_INTERNAL, 0);
        return -1;
      }
      s->ended = false;
      return 0;
    case ZIP_SOURCE_READ:
      // No exception may cross libzip's C frames: a failure is its error code, the message kept.
      try {
        size_t n = s->deflate->read(data, static_cast<size_t>(length));
        if (n == 0) {
          s->ended = true;
          s->crc = s->deflate->crc();
          if (s->deflate->bytes_in() != s->size) {
            s->error = fmt::format("{}: changed size while being packed ({} bytes, then {})", s->path, s->size,
                                   s->deflate->bytes_in());
            zip_error_set(&s->zerror, ZIP_ER_READ, 0);
            return -1;
          }
        }
        return static_cast<zip_int64_t>(n);
      } catch (const std::exception& e) {
        s->error = e.what();
        zip_error_set(&s->zerror, ZIP_ER_READ, 0);
        return -1;
      }
    case ZIP_SOURCE_CLOSE:
      s->deflate.reset();
      if (s->fd >= 0) ::close(s->fd);
      s->fd = -1;
      return 0;
    case ZIP_SOURCE_STAT: {
      auto* st = static_cast<zip_stat_t*>(data);
      zip_stat_init(st);
      st->size = s->size;
      st->mtime = s->mtime;
      st->comp_method = ZIP_CM_DEFLATE;
      st->valid |= ZIP_STAT_SIZE | ZIP_STAT_MTIME | ZIP_STAT_COMP_METHOD;
      if (s->ended) {
        st->crc = s->crc;
        st->valid |= ZIP_STAT_CRC;
      }
      return sizeof(*st);
    }
    case ZIP_SOURCE_ERROR:
      return zip_error_to_data(&s->zerror, data, length);
    case ZIP_SOURCE_FREE:
      s->deflate.reset();
      if (s->fd >= 0) ::close(s->fd);
      zip_error_fini(&s->zerror);
      delete s;
      return 0;
    case ZIP_SOURCE_SUPPORTS:
      return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
                                            ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
    default:
      zip_error_set(&s->zerror, ZIP_ER_OPNOTSUPP, 0);
      return -1;
  }
}

}  // namespace

std::string_view zip_entry_name_problem(std::string_view name) {
  if (name.empty()) return "is empty";
  if (name.find('\\') != std::string_view::npos) return "holds a backslash, which Windows extractors read as a separator";
  if (name.front() == '/') return "is absolute";
  for (size_t begin = 0; begin <= name.size();) {
    size_t end = name.find('/', begin);
    if (end == std::string_view::npos) end = name.size();
    if (name.substr(begin, end - begin) == "..") return "has a \"..\" component";
    begin = end + 1;
  }
  return {};
}

void ZipWriter::check_name(const std::string& name) const {
  std::string_view problem = zip_entry_name_problem(name);
  if (!problem.empty()) throw Error(fmt::format("{}: zip entry name \"{}\" {}: refused", path_, name, problem));
}

void ZipWriter::add_tree_file(const std::string& name, const ImportTree& tree, const std::string& relative,
                              uint64_t size, time_t mtime) {
  check_name(name);
  auto* state = new TreeFileSource{&tree, relative, size, mtime, -1, {}};
  zip_error_init(&state->error);
  zip_source_t* source = zip_source_function(archive_, tree_file_callback, state);
  if (!source) {
    zip_error_fini(&state->error);
    delete state;
    throw Error(path_ + ": cannot add " + name + ": " + zip_strerror(archive_));
  }
  zip_int64_t index = zip_file_add(archive_, name.c_str(), source, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
  if (index < 0) {
    zip_source_free(source);
    throw Error(path_ + ": cannot add " + name + ": " + zip_strerror(archive_));
  }
  if (zip_set_file_compression(archive_, static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0) != 0)
    throw Error(path_ + ": cannot set compression of " + name + ": " + zip_strerror(archive_));
}

ZipWriter::ZipWriter(std::string path) : path_(std::move(path)) {
  int err = 0;
  archive_ = zip_open(path_.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
  if (!archive_) {
    zip_error_t ze;
    zip_error_init_with_code(&ze, err);
    std::string message = zip_error_strerror(&ze);
    zip_error_fini(&ze);
    throw Error(path_ + ": cannot create zip: " + message);
  }
}

ZipWriter::~ZipWriter() {
  if (archive_) zip_discard(archive_);
  close_sources();
}

void ZipWriter::close_sources() noexcept {
  for (auto& [path, source] : sources_) zip_discard(source);
  sources_.clear();
}

bool ZipWriter::add_from_zip(const std::string& name, const std::string& zip_path, const std::string& entry) {
  check_name(name);
  if (std::string_view problem = zip_entry_name_problem(entry); !problem.empty())
    throw Error(fmt::format("{}: zip entry name \"{}\" {}: refused", zip_path, entry, problem));
  ::zip*& source = sources_[zip_path];
  if (!source) {
    int err = 0;
    source = zip_open(zip_path.c_str(), ZIP_RDONLY, &err);
    if (!source) {
      sources_.erase(zip_path);
      throw Error(zip_path + ": cannot open zip to copy files from");
    }
  }
  zip_int64_t index = zip_name_locate(source, entry.c_str(), ZIP_FL_ENC_GUESS);
  if (index < 0) return false;
  zip_source_t* data = zip_source_zip(archive_, source, static_cast<zip_uint64_t>(index), 0, 0, -1);
  if (!data) throw Error(zip_path + ": cannot read " + entry + ": " + zip_strerror(archive_));
  zip_int64_t added = zip_file_add(archive_, name.c_str(), data, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
  if (added < 0) {
    zip_source_free(data);
    throw Error(path_ + ": cannot add " + name + ": " + zip_strerror(archive_));
  }
  if (zip_set_file_compression(archive_, static_cast<zip_uint64_t>(added), ZIP_CM_STORE, 0) != 0)
    throw Error(path_ + ": cannot set compression of " + name + ": " + zip_strerror(archive_));
  return true;
}

void ZipWriter::add_file(const std::string& name, const std::string& file, bool store, unsigned threads) {
  check_name(name);
  zip_source_t* source = nullptr;
  if (store) {
    source = zip_source_file(archive_, file.c_str(), 0, 0);
    if (!source) throw Error(file + ": cannot read for " + path_ + ": " + zip_strerror(archive_));
  } else {
    struct stat st;
    if (::stat(file.c_str(), &st) != 0) throw_io_error(file, "cannot stat", errno);
    auto* state = new DeflatedFileSource{file, threads, static_cast<uint64_t>(st.st_size), st.st_mtime, -1, {}, false,
                                         0, {}, {}};
    zip_error_init(&state->zerror);
    source = zip_source_function(archive_, deflated_file_callback, state);
    if (!source) {
      zip_error_fini(&state->zerror);
      delete state;
      throw Error(path_ + ": cannot add " + name + ": " + zip_strerror(archive_));
    }
    deflated_.push_back(state);
  }
  zip_int64_t index = zip_file_add(archive_, name.c_str(), source, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
  if (index < 0) {
    if (!store) deflated_.pop_back();
    zip_source_free(source);
    throw Error(path_ + ": cannot add " + name + ": " + zip_strerror(archive_));
  }
  // A deflated entry keeps the default method: libzip then takes the source's data as compressed.
  if (store && zip_set_file_compression(archive_, static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0) != 0)
    throw Error(path_ + ": cannot set compression of " + name + ": " + zip_strerror(archive_));
}

void ZipWriter::commit() {
  if (zip_close(archive_) != 0) {
    std::string message = zip_strerror(archive_);
    // A deflated file's own message says more than libzip's code for it.
    for (const DeflatedFileSource* d : deflated_)
      if (!d->error.empty()) message = d->error;
    zip_discard(archive_);
    archive_ = nullptr;
    deflated_.clear();
    close_sources();
    throw Error(path_ + ": cannot write zip: " + message);
  }
  archive_ = nullptr;
  deflated_.clear();
  close_sources();
}

}  // namespace mm
