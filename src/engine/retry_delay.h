// How long a dispatch thread waits before retrying a delivery: exponential backoff with "equal
// jitter" (half the step fixed, half random). The fixed half gives a failing service at least
// that much air; the random half spreads out workers that failed at the same moment.
#ifndef IOTSQL_ENGINE_RETRY_DELAY_H_
#define IOTSQL_ENGINE_RETRY_DELAY_H_

#include <chrono>
#include <cstdint>

namespace iotsql {

// `retry`: 1 for the first retry. `random`: any 64-bit value (uniform), so that tests can pin
// it. Returns 0 when base_ms <= 0; never more than max(base_ms, max_ms).
std::chrono::milliseconds RetryDelay(int retry, int base_ms, int max_ms, uint64_t random);

// RetryDelay with a per-thread random source.
std::chrono::milliseconds RetryDelay(int retry, int base_ms, int max_ms);

}  // namespace iotsql

#endif  // IOTSQL_ENGINE_RETRY_DELAY_H_
