// The counters at the end of `iotsql run`: totals, and one line per action showing that every
// output was delivered, error-actioned or dead-lettered.
#ifndef IOTSQL_CLI_RUN_SUMMARY_H_
#define IOTSQL_CLI_RUN_SUMMARY_H_

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "iotsql/engine.h"

namespace iotsql::cli {

struct ActionRow {
  std::string rule;
  std::string action;  // "0", "1", ... or "error"
  uint64_t outputs = 0;
  ActionMetrics metrics;
};

struct RunTotals {
  size_t rules = 0;
  uint64_t matched = 0, outputs = 0, evaluation_errors = 0;
  uint64_t requests = 0, delivered = 0, error_actioned = 0, dead_lettered = 0, retried = 0;
  uint64_t error_actions_sent = 0, error_actions_failed = 0;
  uint64_t dead_letter_write_errors = 0;
  std::vector<ActionRow> rows;
  // Whether every action's outputs equal delivered + error-actioned + dead-lettered.
  bool reconciled = true;
};

// Reads the engine's counters; call after Flush.
RunTotals CollectTotals(const RuleEngine& engine);

// The action table (rules with actions only).
void PrintActionTable(const RunTotals& totals, std::ostream& out);

}  // namespace iotsql::cli

#endif  // IOTSQL_CLI_RUN_SUMMARY_H_
