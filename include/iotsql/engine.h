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
  // Where the document came from, so that errors can point into it: the file (empty when built
  // in code) and the line and column of the sql text's first character (0 when unknown, or
  // when the JSON string has escapes, so that SQL columns are not file columns).
  std::string origin;
  int sql_line = 0;
  int sql_column = 0;
};

// Parses a rule document: a TopicRulePayload object, `aws iot get-topic-rule` output
// ({"rule": {...}}), or {"topicRulePayload": {...}}. `name` is used when the document does not
// name the rule (e.g. the file name). Errors say what and where (line:column).
absl::StatusOr<RuleDocument> ParseRuleDocument(std::string_view json, std::string_view name);
// Loads one file; the rule name defaults to the file name without its extension.
absl::StatusOr<RuleDocument> LoadRuleFile(const std::string& path);
// Loads a file, or every *.json file of a directory (sorted by name). Reports every bad file,
// and two files that define the same rule name.
absl::StatusOr<std::vector<RuleDocument>> LoadRules(const std::string& path);

// GetActionMetrics' index for the rule's error action.
constexpr size_t kErrorActionIndex = static_cast<size_t>(-1);

// What an action is asked to do for one message: the rule's output plus the action's
// parameters with every ${...} template rendered against the message.
struct ActionRequest {
  std::string rule_name;
  size_t action_index = 0;           // position in the rule's actions (error action: 0)
  bool is_error_action = false;
  std::string kind;                  // "s3", "sns", ...
  std::string params_json;           // the action's parameters, templates rendered
  std::string payload;               // the SELECT output (JSON text, or raw bytes)
  bool binary = false;
  std::string topic;                 // the message's topic
  std::string clientid;
  // Error actions only: `payload` is then the AWS error document (spec §19: ruleName, topic,
  // clientId, base64OriginalPayload, failures[]), and these repeat its parts.
  std::string original_payload;      // the message as received
  std::string error_message;         // every failure's message, "; "-separated
};

class DeadLetterWriter;  // iotsql/sinks.h

// Receives action requests on the engine's dispatch threads (never on the publisher's).
class ActionSink {
 public:
  virtual ~ActionSink() = default;
  // Returns OK when delivered. A retryable error (IsRetryableDeliveryError in iotsql/sinks.h:
  // UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED) makes the engine retry; any error left
  // after the last attempt runs the rule's error action.
  virtual absl::Status Deliver(const ActionRequest& request) = 0;
};

struct EngineOptions {
  ActionSink* sink = nullptr;        // not owned, must outlive the engine; null: actions are
                                     // counted as sent and dropped (templates not rendered)
  ExternalProvider* provider = nullptr;
  int dispatch_threads = 2;          // at least 1; 1 keeps delivery in publishing order
  size_t queue_capacity = 4096;      // a full queue blocks publishers (back-pressure)
  int max_attempts = 3;              // deliveries per action before the error action
  // SQL size and nesting, actions per rule (checked by AddRule), payload size (Publish refuses
  // a larger message), JSON depth, output size and regex memory (iotsql.h).
  Limits limits;
  // Wait before retry k (1-based): half of min(retry_max_ms, retry_base_ms * 2^(k-1)) plus a
  // random part up to the other half, so that workers that failed together do not retry
  // together. retry_base_ms 0: no wait.
  int retry_base_ms = 100;
  int retry_max_ms = 5000;
  // Not owned, must outlive the engine. Gets every request that failed for good when its rule
  // has no error action or the error action failed too. Null: such requests are only counted.
  DeadLetterWriter* dead_letters = nullptr;
};

struct RuleMetrics {
  uint64_t matched = 0;              // messages whose topic matched the FROM filter
  uint64_t evaluated = 0;
  uint64_t rejected_by_where = 0;
  uint64_t errors = 0;               // evaluation errors
  uint64_t outputs = 0;              // messages that produced an output
};
// After Flush, for every action of a rule:
//   RuleMetrics::outputs == sent + error_actions + dead_lettered
// (the error action's own entry counts its deliveries in `sent` and `failed`).
struct ActionMetrics {
  uint64_t sent = 0;                 // delivered
  uint64_t failed = 0;               // given up (error_actions + dead_lettered, once settled)
  uint64_t retried = 0;              // attempts repeated after a retryable error
  uint64_t error_actions = 0;        // failures an error action was delivered for
  uint64_t dead_lettered = 0;        // failures with no error action, or whose error action failed
};
struct EngineMetrics {
  uint64_t messages = 0;             // Publish calls accepted
  uint64_t unmatched = 0;            // messages that no enabled rule's filter matched
  uint64_t rule_not_found = 0;       // Basic Ingest to an unknown or disabled rule
  uint64_t queued = 0;               // action requests waiting or being delivered now
  uint64_t dead_letter_errors = 0;   // dead letters the DeadLetterWriter could not write
};

class RuleEngine {
 public:
  explicit RuleEngine(EngineOptions options = {});
  ~RuleEngine();                     // drains the dispatch queue
  RuleEngine(const RuleEngine&) = delete;
  RuleEngine& operator=(const RuleEngine&) = delete;

  // Adds or replaces the rule of that name; the error holds every compile diagnostic.
  absl::Status AddRule(const RuleDocument& rule);
  // Adds or replaces many rules at once, all or none (one snapshot swap: each single change
  // rebuilds the topic index, so load thousands of rules with this).
  absl::Status AddRules(const std::vector<RuleDocument>& rules);
  // LoadRules + AddRules: a rule file, or every *.json file of a directory.
  absl::Status AddRuleFile(const std::string& path);
  absl::Status RemoveRule(std::string_view name);
  absl::Status SetRuleEnabled(std::string_view name, bool enabled);
  std::vector<std::string> RuleNames() const;

  // Runs every enabled rule whose FROM filter matches `topic` (or the one a Basic Ingest topic
  // names). Thread-safe. Returns the number of rules that produced an output; an error only for
  // a topic no client can publish to (empty, or with + or #) or a payload larger than
  // limits.max_payload_bytes. A rule whose output exceeds limits.max_output_bytes counts as an
  // evaluation error (RuleMetrics::errors) and triggers nothing. A message without
  // context.timestamp_ms gets one clock reading, shared by all its rules and actions.
  absl::StatusOr<int> Publish(std::string_view topic, std::string_view payload,
                              const MessageContext& context);

  // Waits until every queued action request has been delivered or given up.
  void Flush();

  std::optional<RuleMetrics> GetRuleMetrics(std::string_view rule) const;
  // `action`: the position in the rule's actions, or kErrorActionIndex.
  std::optional<ActionMetrics> GetActionMetrics(std::string_view rule, size_t action) const;
  EngineMetrics GetEngineMetrics() const;
  // Every counter in the Prometheus text exposition format.
  std::string PrometheusMetrics() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace iotsql

#endif  // IOTSQL_ENGINE_H_
