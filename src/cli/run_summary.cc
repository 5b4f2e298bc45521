#include "cli/run_summary.h"

#include <algorithm>

#include "absl/strings/str_format.h"

namespace iotsql::cli {

RunTotals CollectTotals(const RuleEngine& engine) {
  RunTotals t;
  std::vector<std::string> names = engine.RuleNames();
  t.rules = names.size();
  t.dead_letter_write_errors = engine.GetEngineMetrics().dead_letter_errors;
  for (const std::string& name : names) {
    RuleMetrics m = *engine.GetRuleMetrics(name);
    t.matched += m.matched;
    t.evaluation_errors += m.errors;
    t.outputs += m.outputs;
    for (size_t i = 0;; ++i) {
      std::optional<ActionMetrics> a = engine.GetActionMetrics(name, i);
      if (!a) break;
      t.requests += m.outputs;
      t.delivered += a->sent;
      t.error_actioned += a->error_actions;
      t.dead_lettered += a->dead_lettered;
      t.retried += a->retried;
      if (m.outputs != a->sent + a->error_actions + a->dead_lettered) t.reconciled = false;
      t.rows.push_back({name, std::to_string(i), m.outputs, *a});
    }
    if (std::optional<ActionMetrics> e = engine.GetActionMetrics(name, kErrorActionIndex)) {
      t.error_actions_sent += e->sent;
      t.error_actions_failed += e->failed;
      t.retried += e->retried;
      t.rows.push_back({name, "error", 0, *e});
    }
  }
  return t;
}

void PrintActionTable(const RunTotals& t, std::ostream& out) {
  size_t width = 12;
  for (const ActionRow& r : t.rows) width = std::max(width, r.rule.size() + 1 + r.action.size());
  out << absl::StrFormat("  %-*s %8s %10s %15s %14s %8s\n", static_cast<int>(width), "rule/action",
                         "outputs", "delivered", "error-actioned", "dead-lettered", "retries");
  for (const ActionRow& r : t.rows) {
    std::string id = r.rule + "/" + r.action;
    if (r.action == "error") {
      // The error action's own deliveries: it has no outputs of its own to reconcile.
      out << absl::StrFormat("  %-*s %8s %10d %15s %14s %8d  (%d failed)\n",
                             static_cast<int>(width), id, "-", r.metrics.sent, "-", "-",
                             r.metrics.retried, r.metrics.failed);
      continue;
    }
    out << absl::StrFormat("  %-*s %8d %10d %15d %14d %8d\n", static_cast<int>(width), id,
                           r.outputs, r.metrics.sent, r.metrics.error_actions,
                           r.metrics.dead_lettered, r.metrics.retried);
  }
}

}  // namespace iotsql::cli
