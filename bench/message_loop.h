// The timed loop of the workload benchmarks.
#ifndef IOTSQL_BENCH_MESSAGE_LOOP_H_
#define IOTSQL_BENCH_MESSAGE_LOOP_H_

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>

#include "alloc_counter.h"

namespace iotsql::bench {

// Runs `step(i)` on message i = 0, 1, ... (wrapping at `count`) while `state` times it, and
// reports messages/s, heap allocations a message (warm-up excluded) and, under `counter`, what
// the steps returned, per message (the share that matched, outputs a message, ...).
template <typename Step>
void RunMessageLoop(benchmark::State& state, size_t count, const char* counter, Step step) {
  size_t i = 0;
  int64_t counted = 0;
  const size_t allocations = HeapAllocations();
  for (auto _ : state) {
    counted += step(i);
    if (++i == count) i = 0;
  }
  const double iterations = static_cast<double>(state.iterations());
  state.SetItemsProcessed(state.iterations());
  state.counters["allocs_per_msg"] =
      benchmark::Counter(static_cast<double>(HeapAllocations() - allocations) / iterations);
  state.counters[counter] = static_cast<double>(counted) / iterations;
}

}  // namespace iotsql::bench

#endif  // IOTSQL_BENCH_MESSAGE_LOOP_H_
