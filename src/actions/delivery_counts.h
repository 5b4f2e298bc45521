// The delivery counters every sink reports in SinkStats.
#ifndef IOTSQL_ACTIONS_DELIVERY_COUNTS_H_
#define IOTSQL_ACTIONS_DELIVERY_COUNTS_H_

#include <atomic>
#include <cstdint>

#include "absl/status/status.h"
#include "iotsql/sinks.h"

namespace iotsql::actions {

class DeliveryCounts {
 public:
  // Counts one delivery's outcome; safe from any thread.
  void Count(const absl::Status& s) {
    if (s.ok()) {
      ++delivered_;
      return;
    }
    ++failed_;
    if (IsRetryableDeliveryError(s)) ++retryable_;
  }
  // delivered, failed and retryable_failures; the rest zero.
  SinkStats Stats() const {
    SinkStats s;
    s.delivered = delivered_;
    s.failed = failed_;
    s.retryable_failures = retryable_;
    return s;
  }

 private:
  std::atomic<uint64_t> delivered_{0}, failed_{0}, retryable_{0};
};

}  // namespace iotsql::actions

#endif  // IOTSQL_ACTIONS_DELIVERY_COUNTS_H_
