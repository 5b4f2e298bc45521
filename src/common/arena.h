// A bump allocator whose memory is kept across Reset(), so evaluating a message allocates
// nothing once the arena has grown to the working-set size.
#ifndef IOTSQL_COMMON_ARENA_H_
#define IOTSQL_COMMON_ARENA_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

namespace iotsql {

class Arena {
 public:
  explicit Arena(size_t first_block = 16 * 1024) : next_block_size_(first_block) {}
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;

  void* Allocate(size_t size, size_t align = alignof(std::max_align_t)) {
    uintptr_t p = (cur_ + align - 1) & ~(uintptr_t(align) - 1);
    if (p + size > end_) return AllocateSlow(size, align);
    cur_ = p + size;
    return reinterpret_cast<void*>(p);
  }

  template <typename T>
  T* AllocateArray(size_t n) {
    return static_cast<T*>(Allocate(sizeof(T) * (n ? n : 1), alignof(T)));
  }

  std::string_view CopyString(std::string_view s) {
    if (s.empty()) return std::string_view();
    char* p = static_cast<char*>(Allocate(s.size(), 1));
    std::memcpy(p, s.data(), s.size());
    return std::string_view(p, s.size());
  }

  // Forgets every allocation; keeps the blocks (merged into one if there were several).
  void Reset();

  // Bytes held in blocks (for tests and metrics).
  size_t capacity() const;
  // Number of times a block had to be obtained from the heap (steady state: stops growing).
  size_t heap_allocations() const { return heap_allocations_; }

 private:
  void* AllocateSlow(size_t size, size_t align);

  std::vector<std::unique_ptr<char[]>> blocks_;
  std::vector<size_t> block_sizes_;
  size_t current_block_ = 0;
  uintptr_t cur_ = 0;
  uintptr_t end_ = 0;
  size_t next_block_size_;
  size_t heap_allocations_ = 0;
};

}  // namespace iotsql

#endif  // IOTSQL_COMMON_ARENA_H_
