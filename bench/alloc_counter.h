// Counts global heap allocations, to report allocations per message in benchmarks.
#ifndef IOTSQL_BENCH_ALLOC_COUNTER_H_
#define IOTSQL_BENCH_ALLOC_COUNTER_H_

#include <atomic>
#include <cstddef>

namespace iotsql::bench {
std::size_t HeapAllocations();
}  // namespace iotsql::bench

#endif  // IOTSQL_BENCH_ALLOC_COUNTER_H_
