// Compact tables of 64-bit key hashes for `reconcile` (docs/reconcile.md): the objects of a whole
// target export must be held at once, so each is one hash and a small count or value in an
// open-addressing array (linear probing, 35-70% full: doubled when fuller), with no allocation per
// key. The keys are XXH3 hashes, already uniform, so their low bits index the array directly.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace mm {

template <class Value>
class FlatKeyTable {
 public:
  // The value stored under `key`, inserted as Value{} when absent.
  Value& at(uint64_t key) {
    key = stored(key);
    if ((used_ + 1) * 10 > slots_.size() * 7) grow();
    size_t i = key & mask_;
    while (slots_[i].key != 0 && slots_[i].key != key) i = (i + 1) & mask_;
    if (slots_[i].key == 0) {
      slots_[i].key = key;
      ++used_;
    }
    return slots_[i].value;
  }
  // The value stored under `key`, or nullptr.
  const Value* find(uint64_t key) const {
    if (slots_.empty()) return nullptr;
    key = stored(key);
    size_t i = key & mask_;
    while (slots_[i].key != 0) {
      if (slots_[i].key == key) return &slots_[i].value;
      i = (i + 1) & mask_;
    }
    return nullptr;
  }
  size_t size() const { return used_; }
  size_t memory_bytes() const { return slots_.capacity() * sizeof(Slot); }

 private:
  struct Slot {
    uint64_t key = 0;  // 0: empty
    Value value{};
  };
  // 0 marks an empty slot: a key hashing to 0 is stored as another constant (a 2^-64 collision).
  static uint64_t stored(uint64_t key) { return key ? key : 0x9E3779B97F4A7C15ull; }
  void grow() {
    std::vector<Slot> old = std::move(slots_);
    size_t size = old.empty() ? 1024 : old.size() * 2;
    slots_.assign(size, Slot{});
    mask_ = size - 1;
    for (const Slot& s : old) {
      if (s.key == 0) continue;
      size_t i = s.key & mask_;
      while (slots_[i].key != 0) i = (i + 1) & mask_;
      slots_[i] = s;
    }
  }

  std::vector<Slot> slots_;
  size_t used_ = 0;
  size_t mask_ = 0;
};

// How many times each key occurs (saturating at 255: more than two is already a double). Keys and
// counts in two arrays, 9 bytes a slot, since AFTER's keys are the bulk of reconcile's memory.
class KeyCounts {
 public:
  void add(uint64_t key) {
    key = stored(key);
    if ((used_ + 1) * 10 > keys_.size() * 7) grow();
    size_t i = key & mask_;
    while (keys_[i] != 0 && keys_[i] != key) i = (i + 1) & mask_;
    if (keys_[i] == 0) {
      keys_[i] = key;
      ++used_;
    }
    if (counts_[i] != UINT8_MAX) ++counts_[i];
  }
  uint32_t count(uint64_t key) const {
    if (keys_.empty()) return 0;
    key = stored(key);
    for (size_t i = key & mask_; keys_[i] != 0; i = (i + 1) & mask_)
      if (keys_[i] == key) return counts_[i];
    return 0;
  }
  size_t size() const { return used_; }
  size_t memory_bytes() const { return keys_.capacity() * sizeof(uint64_t) + counts_.capacity(); }

 private:
  static uint64_t stored(uint64_t key) { return key ? key : 0x9E3779B97F4A7C15ull; }
  void grow() {
    std::vector<uint64_t> old_keys = std::move(keys_);
    std::vector<uint8_t> old_counts = std::move(counts_);
    size_t size = old_keys.empty() ? 1024 : old_keys.size() * 2;
    keys_.assign(size, 0);
    counts_.assign(size, 0);
    mask_ = size - 1;
    for (size_t j = 0; j < old_keys.size(); ++j) {
      if (old_keys[j] == 0) continue;
      size_t i = old_keys[j] & mask_;
      while (keys_[i] != 0) i = (i + 1) & mask_;
      keys_[i] = old_keys[j];
      counts_[i] = old_counts[j];
    }
  }

  std::vector<uint64_t> keys_;  // 0: empty
  std::vector<uint8_t> counts_;
  size_t used_ = 0;
  size_t mask_ = 0;
};

}  // namespace mm
