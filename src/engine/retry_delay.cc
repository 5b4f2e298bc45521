#include "engine/retry_delay.h"

#include <algorithm>
#include <random>

namespace iotsql {

std::chrono::milliseconds RetryDelay(int retry, int base_ms, int max_ms, uint64_t random) {
  if (base_ms <= 0) return std::chrono::milliseconds(0);
  const int64_t cap = std::max<int64_t>(base_ms, max_ms);
  // Doubling stops at the cap, so large retry numbers cannot overflow the shift.
  int64_t step = base_ms;
  for (int k = 1; k < retry && step < cap; ++k) step *= 2;
  step = std::min(step, cap);
  const int64_t fixed = step / 2;
  const int64_t spread = step - fixed;  // 0..spread inclusive
  return std::chrono::milliseconds(fixed + static_cast<int64_t>(random % (spread + 1)));
}

std::chrono::milliseconds RetryDelay(int retry, int base_ms, int max_ms) {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return RetryDelay(retry, base_ms, max_ms, rng());
}

}  // namespace iotsql
