#include "engine/metrics.h"

#include "absl/strings/str_cat.h"

namespace iotsql {

namespace {

uint64_t Get(const std::atomic<uint64_t>& c) { return c.load(std::memory_order_relaxed); }

// Label values are rule names and action kinds ([a-zA-Z0-9_]), escaped all the same.
std::string Label(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out.push_back('\\');
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out.push_back(c);
  }
  return out;
}

void Family(std::string* out, const char* name, const char* type, const char* help) {
  absl::StrAppend(out, "# HELP ", name, " ", help, "\n# TYPE ", name, " ", type, "\n");
}

}  // namespace

ActionMetrics ActionStats::Read() const {
  ActionMetrics m;
  m.sent = Get(sent);
  m.failed = Get(failed);
  m.retried = Get(retried);
  m.error_actions = Get(error_actions);
  m.dead_lettered = Get(dead_lettered);
  return m;
}

RuleMetrics RuleStats::Read() const {
  RuleMetrics m;
  m.matched = Get(matched);
  m.evaluated = m.matched;
  m.rejected_by_where = Get(rejected_by_where);
  m.errors = Get(errors);
  m.outputs = Get(outputs);
  return m;
}

std::string FormatPrometheus(const std::vector<RuleExposition>& rules,
                             const EngineMetrics& engine) {
  std::string out;
  Family(&out, "iotsql_messages_total", "counter", "Messages published to the engine.");
  absl::StrAppend(&out, "iotsql_messages_total ", engine.messages, "\n");
  Family(&out, "iotsql_messages_unmatched_total", "counter",
         "Messages that no enabled rule's topic filter matched.");
  absl::StrAppend(&out, "iotsql_messages_unmatched_total ", engine.unmatched, "\n");
  Family(&out, "iotsql_rule_not_found_total", "counter",
         "Basic Ingest messages for an unknown or disabled rule.");
  absl::StrAppend(&out, "iotsql_rule_not_found_total ", engine.rule_not_found, "\n");
  Family(&out, "iotsql_action_queue_depth", "gauge", "Action requests queued or being delivered.");
  absl::StrAppend(&out, "iotsql_action_queue_depth ", engine.queued, "\n");
  Family(&out, "iotsql_dead_letter_write_errors_total", "counter",
         "Dead letters that could not be written to the dead-letter file.");
  absl::StrAppend(&out, "iotsql_dead_letter_write_errors_total ", engine.dead_letter_errors, "\n");

  struct RuleCounter {
    const char* name;
    const char* help;
    uint64_t RuleMetrics::*field;
  };
  const RuleCounter rule_counters[] = {
      {"iotsql_rule_matched_total", "Messages whose topic matched the rule's FROM filter.",
       &RuleMetrics::matched},
      {"iotsql_rule_evaluated_total", "Evaluations of the rule.", &RuleMetrics::evaluated},
      {"iotsql_rule_rejected_by_where_total", "Evaluations that WHERE rejected.",
       &RuleMetrics::rejected_by_where},
      {"iotsql_rule_errors_total", "Evaluations that could not run.", &RuleMetrics::errors},
      {"iotsql_rule_outputs_total", "Evaluations that produced an output.", &RuleMetrics::outputs},
  };
  std::vector<RuleMetrics> snapshot;
  for (const RuleExposition& r : rules) snapshot.push_back(r.stats->Read());
  for (const RuleCounter& c : rule_counters) {
    Family(&out, c.name, "counter", c.help);
    for (size_t i = 0; i < rules.size(); ++i) {
      absl::StrAppend(&out, c.name, "{rule=\"", Label(rules[i].name), "\"} ", snapshot[i].*c.field,
                      "\n");
    }
  }

  struct ActionCounter {
    const char* name;
    const char* help;
    uint64_t ActionMetrics::*field;
  };
  const ActionCounter action_counters[] = {
      {"iotsql_action_sent_total", "Action requests delivered.", &ActionMetrics::sent},
      {"iotsql_action_failed_total", "Action requests given up after every attempt.",
       &ActionMetrics::failed},
      {"iotsql_action_retried_total", "Delivery attempts repeated after a failure.",
       &ActionMetrics::retried},
      {"iotsql_action_error_actions_total",
       "Failures of this action that an error action was delivered for.",
       &ActionMetrics::error_actions},
      {"iotsql_action_dead_lettered_total",
       "Failures of this action with no error action, or whose error action failed too.",
       &ActionMetrics::dead_lettered},
  };
  for (const ActionCounter& c : action_counters) {
    Family(&out, c.name, "counter", c.help);
    for (const RuleExposition& r : rules) {
      std::string rule = Label(r.name);
      for (size_t i = 0; i < r.action_kinds.size() && i < 10; ++i) {
        absl::StrAppend(&out, c.name, "{rule=\"", rule, "\",action=\"", i, "\",kind=\"",
                        Label(r.action_kinds[i]), "\"} ", r.stats->actions[i].Read().*c.field,
                        "\n");
      }
      if (!r.error_action_kind.empty() && c.field != &ActionMetrics::error_actions &&
          c.field != &ActionMetrics::dead_lettered) {
        absl::StrAppend(&out, c.name, "{rule=\"", rule, "\",action=\"error\",kind=\"",
                        Label(r.error_action_kind), "\"} ", r.stats->error_action.Read().*c.field,
                        "\n");
      }
    }
  }
  return out;
}

}  // namespace iotsql
