#include "common/arena.h"

#include "gtest/gtest.h"

namespace iotsql {
namespace {

TEST(Arena, ReusesMemoryAfterReset) {
  Arena arena(64);
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 100; ++i) arena.Allocate(48);
    arena.Reset();
  }
  size_t after_warmup = arena.heap_allocations();
  for (int round = 0; round < 100; ++round) {
    for (int i = 0; i < 100; ++i) arena.Allocate(48);
    arena.Reset();
  }
  EXPECT_EQ(arena.heap_allocations(), after_warmup);  // steady state: no new blocks
}

TEST(Arena, AlignmentAndLargeAllocations) {
  Arena arena(32);
  arena.Allocate(1, 1);
  void* p = arena.Allocate(8, 8);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % 8, 0u);
  char* big = static_cast<char*>(arena.Allocate(100000));
  big[99999] = 'x';
  EXPECT_EQ(arena.CopyString("hello"), "hello");
  EXPECT_EQ(arena.CopyString(""), "");
}

}  // namespace
}  // namespace iotsql
