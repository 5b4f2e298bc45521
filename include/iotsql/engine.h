// The rule engine: many rules, a topic index, concurrent publishing, and actions.
//
//   iotsql::RuleEngine engine(options);                 // options.sink receives action requests
//   engine.AddRuleFile("rules/high_temp.json");         // a TopicRulePayload document
//   engine.Publish("sensors/a/data", R"({"temp": 60})", context);   // thread-safe
//
// Rules can be added, replaced, removed, enabled and disabled while other threads publish:
// Publish works on an immutable snapshot of the rule set that changes are swapped into.
#ifndef IOTSQL_ENGINE_H_
#define IOTSQL_ENGINE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "iotsql/iotsql.h"

namespace iotsql {

// One action of a rule document: its kind ("s3", "lambda", "sns", "dynamoDB", "dynamoDBv2",
// "republish", ...) and its parameters as the JSON text of the kind's object.
struct ActionSpec {
  std::string kind;
  std::string params_json;
};

// A rule as the CreateTopicRule API takes it (TopicRulePayload), plus its name.
struct RuleDocument {
  std::string name;                  // ^[a-zA-Z0-9_]+$, 1..128 characters
  std::string sql;
  SqlVersion version = SqlVersion::k2015_10_08;   // AWS's default when awsIotSqlVersion is absent
  bool disabled = false;
  std::string description;
  std::vector<ActionSpec> actions;   // at most 10
  std::optional<ActionSpec> error_action;
};

// Parses a rule document: a TopicRulePayload object, `aws iot get-topic-rule` output
// ({"rule": {...}}), or {"topicRulePayload": {...}}. `name` is used when the document does not
// name the rule (e.g. the file name). Errors say what and where (line:column).
absl::StatusOr<RuleDocument> ParseRuleDocument(std::string_view json, std::string_view name);
// Loads one file; the rule name defaults to the file name without its extension.
absl::StatusOr<RuleDocument> LoadRuleFile(const std::string& path);
// Loads a file, or every *.json file of a directory (sorted by name).
absl::StatusOr<std::vector<RuleDocument>> LoadRules(const std::string& path);

// What an action is asked to do for one message: the rule's output plus the action's
// parameters with every ${...} template rendered against the message.
struct ActionRequest {
  std::string rule_name;
  size_t action_index = 0;           // position in the rule's actions
  bool is_error_action = false;
  std::string kind;                  // "s3", "sns", ...
  std::string params_json;           // the action's parameters, templates rendered
  std::string payload;               // the SELECT output (JSON text, or raw bytes)
  bool binary = false;
  std::string topic;                 // the message's topic
  std::string clientid;
  std::string original_payload;      // the message as received (for error actions)
  std::string error_message;         // error actions: the failures, as AWS describes them
};

// Receives action requests on the engine's dispatch threads (never on the publisher's).
class ActionSink {
 public:
  virtual ~ActionSink() = default;
  // Returns OK when delivered; an error makes the engine retry and then run the error action.
  virtual absl::Status Deliver(const ActionRequest& request) = 0;
};

struct EngineOptions {
  ActionSink* sink = nullptr;        // not owned; null: actions are counted and dropped
  ExternalProvider* provider = nullptr;
  int dispatch_threads = 2;
  size_t queue_capacity = 4096;      // a full queue blocks publishers (back-pressure)
  int max_attempts = 3;              // deliveries per action before the error action
};

struct RuleMetrics {
  uint64_t matched = 0;              // messages whose topic matched the FROM filter
  uint64_t evaluated = 0;
  uint64_t rejected_by_where = 0;
  uint64_t errors = 0;               // evaluation errors
  uint64_t outputs = 0;              // messages that produced an output
};
struct ActionMetrics {
  uint64_t sent = 0;
  uint64_t failed = 0;               // given up after retries
  uint64_t retried = 0;
  uint64_t error_actions = 0;        // error actions run for this action's failures
};

class RuleEngine {
 public:
  explicit RuleEngine(EngineOptions options = {});
  ~RuleEngine();                     // drains the dispatch queue
  RuleEngine(const RuleEngine&) = delete;
  RuleEngine& operator=(const RuleEngine&) = delete;

  // Adds or replaces the rule of that name; the error holds every compile diagnostic.
  absl::Status AddRule(const RuleDocument& rule);
  absl::Status RemoveRule(std::string_view name);
  absl::Status SetRuleEnabled(std::string_view name, bool enabled);
  std::vector<std::string> RuleNames() const;

  // Runs every enabled rule whose FROM filter matches `topic` (or the one a Basic Ingest topic
  // names). Thread-safe. Returns the number of rules that produced an output.
  absl::StatusOr<int> Publish(std::string_view topic, std::string_view payload,
                              const MessageContext& context);

  // Waits until every queued action request has been delivered or given up.
  void Flush();

  std::optional<RuleMetrics> GetRuleMetrics(std::string_view rule) const;
  std::optional<ActionMetrics> GetActionMetrics(std::string_view rule, size_t action) const;
  // Every counter in the Prometheus text exposition format.
  std::string PrometheusMetrics() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace iotsql

#endif  // IOTSQL_ENGINE_H_
