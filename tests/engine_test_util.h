// Helpers for the engine tests: a sink that records (and can fail or stall), and rule documents
// in one line.
#ifndef IOTSQL_TESTS_ENGINE_TEST_UTIL_H_
#define IOTSQL_TESTS_ENGINE_TEST_UTIL_H_

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "iotsql/engine.h"

namespace iotsql::testing {

class RecordingSink : public ActionSink {
 public:
  // Decides each delivery: OK, or an error (the engine then retries).
  std::function<absl::Status(const ActionRequest&)> decide;
  std::chrono::milliseconds delay{0};

  absl::Status Deliver(const ActionRequest& request) override {
    if (delay.count() > 0) std::this_thread::sleep_for(delay);
    absl::Status status = decide ? decide(request) : absl::OkStatus();
    std::lock_guard<std::mutex> lock(mu_);
    ++attempts_;
    if (status.ok()) delivered_.push_back(request);
    return status;
  }

  std::vector<ActionRequest> delivered() const {
    std::lock_guard<std::mutex> lock(mu_);
    return delivered_;
  }
  int attempts() const {
    std::lock_guard<std::mutex> lock(mu_);
    return attempts_;
  }

 private:
  mutable std::mutex mu_;
  std::vector<ActionRequest> delivered_;
  int attempts_ = 0;
};

inline RuleDocument Doc(std::string name, std::string sql, std::vector<ActionSpec> actions = {},
                        SqlVersion version = SqlVersion::k2016_03_23) {
  RuleDocument d;
  d.name = std::move(name);
  d.sql = std::move(sql);
  d.version = version;
  d.actions = std::move(actions);
  return d;
}

inline MessageContext Context(int64_t timestamp = 1700000000000) {
  MessageContext c;
  c.clientid = "client-1";
  c.timestamp_ms = timestamp;
  return c;
}

}  // namespace iotsql::testing

#endif  // IOTSQL_TESTS_ENGINE_TEST_UTIL_H_
