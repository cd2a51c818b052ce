#include "stages/TextPool.h"

#include <cstring>

namespace mm {

std::string_view TextArena::store(std::string_view s) {
  if (s.empty()) return {};
  if (s.size() > left_) {
    if (s.size() > kBlock / 4) {
      // A long string: a block of its own, and the current block stays open for short ones.
      blocks_.push_back(std::make_unique_for_overwrite<char[]>(s.size()));
      bytes_ += s.size();
      char* p = blocks_.back().get();
      std::memcpy(p, s.data(), s.size());
      return {p, s.size()};
    }
    blocks_.push_back(std::make_unique_for_overwrite<char[]>(kBlock));
    bytes_ += kBlock;
    next_ = blocks_.back().get();
    left_ = kBlock;
  }
  char* p = next_;
  std::memcpy(p, s.data(), s.size());
  next_ += s.size();
  left_ -= s.size();
  return {p, s.size()};
}

void TextArena::adopt(TextArena& other) {
  blocks_.reserve(blocks_.size() + other.blocks_.size());
  for (auto& b : other.blocks_) blocks_.push_back(std::move(b));
  bytes_ += other.bytes_;
  other.blocks_.clear();
  other.next_ = nullptr;
  other.left_ = 0;
  other.bytes_ = 0;
}

void TextArena::clear() {
  blocks_.clear();
  next_ = nullptr;
  left_ = 0;
  bytes_ = 0;
}

uint32_t TextPool::intern(std::string_view s, TextArena& storage) {
  auto it = ids_.find(s);
  if (it != ids_.end()) return it->second;
  const uint32_t id = size();
  std::string_view stored = storage.store(s);
  texts_.push_back(stored);
  ids_.emplace(stored, id);
  return id;
}

void TextPool::clear() {
  texts_.clear();
  ids_.clear();
  texts_.push_back(std::string_view());
  ids_.emplace(std::string_view(), kEmpty);
}

}  // namespace mm
