// The engine's counters: relaxed atomics, written on the publish and dispatch paths, read
// whenever someone asks (the API, or PrometheusMetrics()).
#ifndef IOTSQL_ENGINE_METRICS_H_
#define IOTSQL_ENGINE_METRICS_H_

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "iotsql/engine.h"

namespace iotsql {

inline void Bump(std::atomic<uint64_t>& counter, uint64_t n = 1) {
  counter.fetch_add(n, std::memory_order_relaxed);
}

struct ActionStats {
  std::atomic<uint64_t> sent{0};
  std::atomic<uint64_t> failed{0};
  std::atomic<uint64_t> retried{0};
  std::atomic<uint64_t> error_actions{0};
  std::atomic<uint64_t> dead_lettered{0};
  ActionMetrics Read() const;
};

// One per rule name; kept when the rule is replaced, so counters stay monotonic.
struct RuleStats {
  // Publishers on several cores bump these for hot rules: keep them off the action counters'
  // cache lines, which the dispatch threads write.
  // Every matched message is evaluated (disabled rules are not in the index), so `matched`
  // also gives RuleMetrics::evaluated: one atomic less per rule and message.
  alignas(64) std::atomic<uint64_t> matched{0};
  std::atomic<uint64_t> rejected_by_where{0};
  std::atomic<uint64_t> errors{0};
  std::atomic<uint64_t> outputs{0};
  alignas(64) ActionStats actions[10];
  ActionStats error_action;
  RuleMetrics Read() const;
};

struct EngineStats {
  std::atomic<uint64_t> messages{0};
  std::atomic<uint64_t> unmatched{0};
  std::atomic<uint64_t> rule_not_found{0};
  std::atomic<uint64_t> dead_letter_errors{0};
};

// A rule's identity in the exposition: its name, action kinds and counters.
struct RuleExposition {
  std::string name;
  std::vector<std::string> action_kinds;
  std::string error_action_kind;  // "" when none
  const RuleStats* stats = nullptr;
};
std::string FormatPrometheus(const std::vector<RuleExposition>& rules, const EngineMetrics& engine);

}  // namespace iotsql

#endif  // IOTSQL_ENGINE_METRICS_H_
