// An allocator for large tables read at random (a hash table of every line of an export): a block
// of 2 MiB or more is aligned to 2 MiB and marked MADV_HUGEPAGE, so that the kernel backs it with
// transparent huge pages where it can (`transparent_hugepage/enabled` = always or madvise). A
// lookup then takes no page-table walk of its own, and filling the table takes one fault per 2 MiB
// instead of one per 4 KiB: both cost more on virtual machines (docs/performance.md, "The cut-over
// delta"). Smaller blocks, and kernels without huge pages, get ordinary memory.
#pragma once

#include <cstddef>
#include <cstdlib>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>

#include <sys/mman.h>

namespace mm {

template <class T>
struct HugePageAllocator {
  using value_type = T;
  static constexpr size_t kHugePage = size_t{2} << 20;

  HugePageAllocator() = default;
  template <class U>
  HugePageAllocator(const HugePageAllocator<U>&) noexcept {}

  T* allocate(size_t n) {
    size_t bytes = n * sizeof(T);
    if (bytes < kHugePage) return std::allocator<T>().allocate(n);
    size_t rounded = (bytes + kHugePage - 1) / kHugePage * kHugePage;
    void* p = std::aligned_alloc(kHugePage, rounded);
    if (!p) throw std::bad_alloc();
    ::madvise(p, rounded, MADV_HUGEPAGE);  // advice: ignored where huge pages are off
    return static_cast<T*>(p);
  }
  void deallocate(T* p, size_t n) noexcept {
    if (n * sizeof(T) < kHugePage) std::allocator<T>().deallocate(p, n);
    else std::free(p);
  }
  // Elements made without a value are left uninitialised (a table the caller fills whole): no
  // serial pass zeroing it before the parallel one that writes it.
  template <class U>
  void construct(U* p) noexcept(std::is_nothrow_default_constructible_v<U>) {
    ::new (static_cast<void*>(p)) U;
  }
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
  template <class U>
  bool operator==(const HugePageAllocator<U>&) const noexcept { return true; }
};

}  // namespace mm
