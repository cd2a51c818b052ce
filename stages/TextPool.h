// Compact text storage for `plan`'s instance indexes (stages/InstanceIndex.h), which hold every
// user of both exports at once: 100,000 users a side took ~420 MB as std::strings and vectors.
//
// TextArena: strings copied into large blocks that never move, so a string_view into it stays
// valid for the arena's life, and for the life of another arena that adopted its blocks (a
// chunk's index hands its text to the instance's index that way, without copying).
//
// TextPool: interned strings with small ids, for the few hundred distinct team, channel and
// role names repeated in millions of memberships. Id 0 is always "".
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace mm {

class TextArena {
 public:
  // A copy of `s` in the arena.
  std::string_view store(std::string_view s);
  // Takes `other`'s blocks (views into them stay valid); `other` is left empty.
  void adopt(TextArena& other);
  // Drops every block: views into this arena are invalid afterwards.
  void clear();
  uint64_t bytes() const { return bytes_; }  // allocated

 private:
  // Blocks of 16 KiB: a chunk's index hands over its last block part-filled, so a smaller block
  // wastes less per chunk; a longer string gets a block of its own.
  static constexpr size_t kBlock = 16 * 1024;
  std::vector<std::unique_ptr<char[]>> blocks_;
  char* next_ = nullptr;
  size_t left_ = 0;
  uint64_t bytes_ = 0;
};

class TextPool {
 public:
  static constexpr uint32_t kEmpty = 0;  // the id of ""

  TextPool() { clear(); }
  TextPool(const TextPool&) = delete;
  TextPool& operator=(const TextPool&) = delete;
  TextPool(TextPool&&) = default;
  TextPool& operator=(TextPool&&) = default;

  // The id of `s`, a new one (its text stored in `storage`) if `s` is new.
  uint32_t intern(std::string_view s, TextArena& storage);
  std::string_view text(uint32_t id) const { return texts_[id]; }
  uint32_t size() const { return static_cast<uint32_t>(texts_.size()); }
  // Back to "" alone (its texts' storage is the caller's).
  void clear();

 private:
  std::vector<std::string_view> texts_;
  std::unordered_map<std::string_view, uint32_t> ids_;
};

}  // namespace mm
