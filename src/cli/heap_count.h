// Heap allocations made by the calling thread, counted by the `iotsql` tool's replacement of the
// global operator new (heap_count.cc), so that `iotsql bench` can report allocations per message.
#ifndef IOTSQL_CLI_HEAP_COUNT_H_
#define IOTSQL_CLI_HEAP_COUNT_H_

#include <cstdint>

namespace iotsql::cli {

// Every operator new (plain, array, aligned, nothrow) on this thread since it started. Direct
// malloc calls from C libraries are not seen; the engine's hot path is C++.
uint64_t ThreadHeapAllocations();

}  // namespace iotsql::cli

#endif  // IOTSQL_CLI_HEAP_COUNT_H_
