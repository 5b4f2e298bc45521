#include "common/arena.h"

#include <algorithm>

namespace iotsql {

void* Arena::AllocateSlow(size_t size, size_t align) {
  // Move on to the next kept block if it is large enough, else get a new one.
  while (current_block_ + 1 < blocks_.size()) {
    ++current_block_;
    cur_ = reinterpret_cast<uintptr_t>(blocks_[current_block_].get());
    end_ = cur_ + block_sizes_[current_block_];
    uintptr_t p = (cur_ + align - 1) & ~(uintptr_t(align) - 1);
    if (p + size <= end_) {
      cur_ = p + size;
      return reinterpret_cast<void*>(p);
    }
  }
  size_t block = std::max(next_block_size_, size + align);
  next_block_size_ = std::max(next_block_size_, block) * 2;
  blocks_.emplace_back(new char[block]);
  block_sizes_.push_back(block);
  ++heap_allocations_;
  current_block_ = blocks_.size() - 1;
  cur_ = reinterpret_cast<uintptr_t>(blocks_.back().get());
  end_ = cur_ + block;
  uintptr_t p = (cur_ + align - 1) & ~(uintptr_t(align) - 1);
  cur_ = p + size;
  return reinterpret_cast<void*>(p);
}

void Arena::Reset() {
  if (blocks_.size() > 1) {
    // Several blocks mean the working set outgrew the first: replace them by one block that
    // holds it all, so the next messages stay in a single block.
    size_t total = capacity();
    blocks_.clear();
    block_sizes_.clear();
    blocks_.emplace_back(new char[total]);
    block_sizes_.push_back(total);
    ++heap_allocations_;
    next_block_size_ = total * 2;
  }
  current_block_ = 0;
  if (blocks_.empty()) {
    cur_ = end_ = 0;
    return;
  }
  cur_ = reinterpret_cast<uintptr_t>(blocks_[0].get());
  end_ = cur_ + block_sizes_[0];
}

size_t Arena::capacity() const {
  size_t total = 0;
  for (size_t s : block_sizes_) total += s;
  return total;
}

}  // namespace iotsql
