#include "io/ZipIndex.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>
#include "io/Xxh3.h"

#include "io/Error.h"

namespace mm {

namespace {

constexpr uint32_t kEndSig = 0x06054b50;
constexpr uint32_t kEnd64Sig = 0x06064b50;
constexpr uint32_t kLocator64Sig = 0x07064b50;
constexpr uint32_t kCentralSig = 0x02014b50;
constexpr uint32_t kLocalSig = 0x04034b50;
constexpr size_t kCentralFixed = 46;
constexpr size_t kLocalFixed = 30;
constexpr size_t kEndFixed = 22;
constexpr size_t kScanBuffer = size_t{1} << 20;  // directory records are streamed through this

uint16_t le16(const unsigned char* p) { return static_cast<uint16_t>(p[0] | p[1] << 8); }
uint32_t le32(const unsigned char* p) { return uint32_t{le16(p)} | uint32_t{le16(p + 2)} << 16; }
uint64_t le64(const unsigned char* p) { return uint64_t{le32(p)} | uint64_t{le32(p + 4)} << 32; }

uint64_t name_hash(std::string_view name) { return XXH3_64bits(name.data(), name.size()); }

// The fields of a central-directory record at `p` (its fixed part, name and extra all present).
// False when a ZIP64 field the record asks for is missing.
bool parse_record(const unsigned char* p, std::string_view& name, ZipEntry& e) {
  const uint16_t made_by = le16(p + 4);
  e.flags = le16(p + 8);
  e.method = le16(p + 10);
  e.dos_time = uint32_t{le16(p + 14)} << 16 | le16(p + 12);
  e.crc = le32(p + 16);
  e.compressed = le32(p + 20);
  e.size = le32(p + 24);
  const size_t n = le16(p + 28), m = le16(p + 30);
  const uint32_t external = le32(p + 38);
  e.local_offset = le32(p + 42);
  name = std::string_view(reinterpret_cast<const char*>(p + kCentralFixed), n);
  e.directory = !name.empty() && name.back() == '/';
  e.symlink = (made_by >> 8) == 3 && S_ISLNK(external >> 16);
  const bool big_size = e.size == 0xFFFFFFFFu, big_compressed = e.compressed == 0xFFFFFFFFu,
             big_offset = e.local_offset == 0xFFFFFFFFu;
  if (!big_size && !big_compressed && !big_offset) return true;
  const unsigned char* x = p + kCentralFixed + n;
  const unsigned char* end = x + m;
  while (x + 4 <= end) {
    const uint16_t id = le16(x), len = le16(x + 2);
    const unsigned char* f = x + 4;
    if (f + len > end) break;
    if (id == 0x0001) {
      const unsigned char* fe = f + len;
      auto take = [&](uint64_t& v) {
        if (f + 8 > fe) return false;
        v = le64(f);
        f += 8;
        return true;
      };
      if (big_size && !take(e.size)) return false;
      if (big_compressed && !take(e.compressed)) return false;
      if (big_offset && !take(e.local_offset)) return false;
      return true;
    }
    x = f + len;
  }
  return false;
}

}  // namespace

time_t ZipEntry::mtime() const {
  const uint16_t date = static_cast<uint16_t>(dos_time >> 16), time = static_cast<uint16_t>(dos_time);
  struct tm tm {};
  tm.tm_year = (date >> 9) + 80;
  tm.tm_mon = ((date >> 5) & 15) - 1;
  tm.tm_mday = date & 31;
  tm.tm_hour = time >> 11;
  tm.tm_min = (time >> 5) & 63;
  tm.tm_sec = (time & 31) * 2;
  tm.tm_isdst = -1;
  time_t t = mktime(&tm);
  return t == static_cast<time_t>(-1) ? 0 : t;
}

bool is_reachable_zip_name(std::string_view name) {
  if (!name.empty() && name.back() == '/') name.remove_suffix(1);
  if (name.empty() || name.front() == '/') return false;
  if (name.find('\\') != std::string_view::npos || name.find('\0') != std::string_view::npos) return false;
  size_t i = 0;
  while (i <= name.size()) {
    size_t j = name.find('/', i);
    if (j == std::string_view::npos) j = name.size();
    std::string_view part = name.substr(i, j - i);
    if (part.empty() || part == "." || part == "..") return false;
    i = j + 1;
  }
  return true;
}

void ZipIndex::pread_all(void* dst, size_t n, uint64_t offset) const {
  auto* p = static_cast<char*>(dst);
  size_t have = 0;
  while (have < n) {
    ssize_t r = ::pread(fd_, p + have, n - have, static_cast<off_t>(offset + have));
    if (r < 0) {
      if (errno == EINTR) continue;
      throw_io_error(path_, "cannot read zip", errno);
    }
    if (r == 0) throw Error(fmt::format("{}: not a zip archive, or cut short (its directory runs past its end)", path_));
    have += static_cast<size_t>(r);
  }
}

ZipIndex::ZipIndex(int fd, std::string path) : fd_(fd), path_(std::move(path)) {
  struct stat st;
  if (::fstat(fd_, &st) != 0) throw_io_error(path_, "cannot stat zip", errno);
  archive_size_ = static_cast<uint64_t>(st.st_size);
  const auto not_zip = [&](std::string_view why) {
    return Error(fmt::format("{}: not a zip archive ({})", path_, why));
  };
  if (archive_size_ < kEndFixed) throw not_zip("too short for its end record");
  // The end record: the last signature with room for its comment, within the last 64 KiB + 22.
  const size_t tail_size = static_cast<size_t>(std::min<uint64_t>(archive_size_, 65535 + kEndFixed));
  std::vector<unsigned char> tail(tail_size);
  const uint64_t tail_at = archive_size_ - tail_size;
  pread_all(tail.data(), tail_size, tail_at);
  size_t end_at = std::string::npos;
  for (size_t i = tail_size - kEndFixed + 1; i-- > 0;)
    if (le32(&tail[i]) == kEndSig && i + kEndFixed + le16(&tail[i + 20]) <= tail_size) {
      end_at = i;
      break;
    }
  if (end_at == std::string::npos) throw not_zip("no end of central directory record");
  const unsigned char* end = &tail[end_at];
  cd_count_ = le16(end + 10);
  cd_size_ = le32(end + 12);
  cd_offset_ = le32(end + 16);
  const uint64_t end_offset = tail_at + end_at;
  if (cd_count_ == 0xFFFF || cd_size_ == 0xFFFFFFFFu || cd_offset_ == 0xFFFFFFFFu) {
    unsigned char locator[20];
    if (end_offset < sizeof locator) throw not_zip("ZIP64 end locator missing");
    pread_all(locator, sizeof locator, end_offset - sizeof locator);
    if (le32(locator) == kLocator64Sig) {
      const uint64_t at = le64(locator + 8);
      unsigned char end64[56];
      if (at + sizeof end64 > end_offset) throw not_zip("ZIP64 end record out of place");
      pread_all(end64, sizeof end64, at);
      if (le32(end64) != kEnd64Sig) throw not_zip("ZIP64 end record missing");
      cd_count_ = le64(end64 + 32);
      cd_size_ = le64(end64 + 40);
      cd_offset_ = le64(end64 + 48);
    }
  }
  if (cd_offset_ > end_offset || cd_size_ > end_offset - cd_offset_)
    throw not_zip("its central directory lies outside the archive");
  if (cd_count_ > cd_size_ / kCentralFixed) throw not_zip("more entries than its central directory can hold");

  slots_.reserve(static_cast<size_t>(cd_count_));
  scan([&](uint64_t record, std::string_view name, const ZipEntry&) {
    if (!is_reachable_zip_name(name)) unreachable_++;
    else slots_.push_back({name_hash(name), record});
    return true;
  });
  std::sort(slots_.begin(), slots_.end(),
            [](const Slot& a, const Slot& b) { return a.hash != b.hash ? a.hash < b.hash : a.record < b.record; });
  // Equal hashes: the names compared (equal names, or a 64-bit collision). A run longer than
  // kLongRun (hostile: many entries of one name) is taken as duplicates whole, never read,
  // rather than compared pair by pair.
  constexpr size_t kLongRun = 64;
  std::string a, b;
  ZipEntry ea, eb;
  for (size_t i = 0; i < slots_.size();) {
    size_t k = i + 1;
    while (k < slots_.size() && slots_[k].hash == slots_[i].hash) ++k;
    if (k - i > kLongRun) {
      for (size_t x = i; x < k; ++x) slots_[x].record |= kDuplicateBit;
    } else {
      for (size_t x = i; x < k; ++x)
        for (size_t y = x + 1; y < k; ++y) {
          read_record(slots_[x].record & ~kDuplicateBit, a, ea);
          read_record(slots_[y].record & ~kDuplicateBit, b, eb);
          if (a == b) {
            slots_[x].record |= kDuplicateBit;
            slots_[y].record |= kDuplicateBit;
          }
        }
    }
    i = k;
  }
}

void ZipIndex::scan(const std::function<bool(uint64_t, std::string_view, const ZipEntry&)>& fn) const {
  std::vector<unsigned char> buffer(static_cast<size_t>(std::min<uint64_t>(kScanBuffer, std::max<uint64_t>(cd_size_, 1))));
  uint64_t at = cd_offset_;            // archive offset of buffer[0]
  size_t have = 0, pos = 0;            // bytes in buffer, next record within it
  const uint64_t cd_end = cd_offset_ + cd_size_;
  auto ensure = [&](size_t need) {
    if (have - pos >= need) return true;
    std::memmove(buffer.data(), buffer.data() + pos, have - pos);
    at += pos;
    have -= pos;
    pos = 0;
    if (need > buffer.size()) buffer.resize(need);
    const uint64_t left = cd_end - (at + have);
    const size_t want = static_cast<size_t>(std::min<uint64_t>(buffer.size() - have, left));
    if (want > 0) pread_all(buffer.data() + have, want, at + have);
    have += want;
    return have - pos >= need;
  };
  const auto corrupt = [&](uint64_t record, std::string_view why) {
    return Error(fmt::format("{}: corrupt zip: the central directory record at offset {} {}", path_, record, why));
  };
  for (uint64_t i = 0; i < cd_count_; ++i) {
    const uint64_t record = at + pos;
    if (!ensure(kCentralFixed)) throw corrupt(record, "is cut short");
    const unsigned char* p = buffer.data() + pos;
    if (le32(p) != kCentralSig) throw corrupt(record, "has no signature");
    const size_t total = kCentralFixed + le16(p + 28) + le16(p + 30) + le16(p + 32);
    if (!ensure(total)) throw corrupt(record, "is cut short");
    p = buffer.data() + pos;
    std::string_view name;
    ZipEntry e;
    if (!parse_record(p, name, e)) throw corrupt(record, "lacks the ZIP64 sizes it announces");
    if (!fn(record, name, e)) return;
    pos += total;
  }
}

void ZipIndex::read_record(uint64_t offset, std::string& name, ZipEntry& e) const {
  unsigned char fixed[kCentralFixed];
  pread_all(fixed, sizeof fixed, offset);
  if (le32(fixed) != kCentralSig)
    throw Error(fmt::format("{}: corrupt zip: no central directory record at offset {}", path_, offset));
  const size_t rest = size_t{le16(fixed + 28)} + le16(fixed + 30);
  thread_local std::vector<unsigned char> record;  // reused: no allocation per lookup
  record.resize(kCentralFixed + rest);
  std::memcpy(record.data(), fixed, kCentralFixed);
  pread_all(record.data() + kCentralFixed, rest, offset + kCentralFixed);
  std::string_view view;
  if (!parse_record(record.data(), view, e))
    throw Error(fmt::format("{}: corrupt zip: the record at offset {} lacks its ZIP64 sizes", path_, offset));
  name.assign(view);
}

ZipIndex::Found ZipIndex::find(std::string_view name, ZipEntry& out) const {
  const uint64_t h = name_hash(name);
  auto it = std::lower_bound(slots_.begin(), slots_.end(), h, [](const Slot& s, uint64_t v) { return s.hash < v; });
  // One pread for the record, its name and a ZIP64 field's worth of extra (most records); the
  // rest only when the extra is longer.
  constexpr size_t kSlack = 32;
  thread_local std::vector<unsigned char> record;
  for (; it != slots_.end() && it->hash == h; ++it) {
    const uint64_t offset = it->record & ~kDuplicateBit;
    const size_t guess = static_cast<size_t>(
        std::min<uint64_t>(kCentralFixed + name.size() + kSlack, archive_size_ - std::min(archive_size_, offset)));
    record.resize(std::max(guess, kCentralFixed));
    if (guess < kCentralFixed) throw Error(fmt::format("{}: corrupt zip: record at offset {} cut short", path_, offset));
    pread_all(record.data(), guess, offset);
    if (le32(record.data()) != kCentralSig)
      throw Error(fmt::format("{}: corrupt zip: no central directory record at offset {}", path_, offset));
    const size_t n = le16(record.data() + 28), total = kCentralFixed + n + le16(record.data() + 30);
    if (n != name.size() || std::memcmp(record.data() + kCentralFixed, name.data(), n) != 0) continue;
    if (total > guess) {
      record.resize(total);
      pread_all(record.data() + guess, total - guess, offset + guess);
    }
    std::string_view view;
    if (!parse_record(record.data(), view, out))
      throw Error(fmt::format("{}: corrupt zip: the record at offset {} lacks its ZIP64 sizes", path_, offset));
    return (it->record & kDuplicateBit) ? Found::kDuplicate : Found::kYes;
  }
  return Found::kNo;
}

bool ZipIndex::data_offset(const ZipEntry& e, uint64_t& out) const {
  unsigned char local[kLocalFixed];
  if (e.local_offset > archive_size_ || archive_size_ - e.local_offset < kLocalFixed) return false;
  pread_all(local, sizeof local, e.local_offset);
  if (le32(local) != kLocalSig) return false;
  out = e.local_offset + kLocalFixed + le16(local + 26) + le16(local + 28);
  return out <= archive_size_ && e.compressed <= archive_size_ - out;
}

void ZipIndex::for_each(const std::function<void(std::string_view, const ZipEntry&)>& fn) const {
  scan([&](uint64_t, std::string_view name, const ZipEntry& e) {
    if (is_reachable_zip_name(name)) fn(name, e);
    return true;
  });
}

bool ZipIndex::first(const std::function<bool(std::string_view, const ZipEntry&)>& pred, std::string& name,
                     ZipEntry& out) const {
  bool found = false;
  scan([&](uint64_t, std::string_view n, const ZipEntry& e) {
    if (!is_reachable_zip_name(n) || !pred(n, e)) return true;
    name.assign(n);
    out = e;
    found = true;
    return false;
  });
  return found;
}

}  // namespace mm
