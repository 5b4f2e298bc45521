// iotsql: the AWS IoT Core rules-engine SQL, compiled to bytecode and evaluated per message.
//
//   auto rule = iotsql::Rule::Compile("SELECT temp FROM 'sensors/+/data' WHERE temp > 50",
//                                     iotsql::SqlVersion::k2016_03_23);
//   if (!rule.ok()) { /* rule.status().message() has the diagnostics */ }
//   iotsql::Evaluator ev;                       // one per thread; reuses its memory
//   iotsql::MessageContext ctx;
//   ctx.topic = "sensors/a/data";
//   auto out = ev.Evaluate(*rule, R"({"temp": 60})", ctx);
//   if (out.ok() && out->matched) puts(std::string(out->payload).c_str());   // {"temp":60}
#ifndef IOTSQL_IOTSQL_H_
#define IOTSQL_IOTSQL_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace iotsql {

// `awsIotSqlVersion`. AWS applies 2015-10-08 when a rule does not name one.
enum class SqlVersion { k2015_10_08, k2016_03_23 };
// "2015-10-08", "2016-03-23", or "beta" (taken as 2016-03-23).
absl::StatusOr<SqlVersion> ParseSqlVersion(std::string_view text);
const char* SqlVersionName(SqlVersion v);

// What the rules engine knows about a message besides its payload (spec §15.8). Every field is
// injectable so that tests are deterministic.
struct MessageContext {
  std::string topic;
  std::string clientid;                   // empty: "n/a" when protocol is not MQTT
  std::string principal;
  std::string accountid;
  std::optional<std::string> traceid;     // Undefined when absent
  std::optional<std::string> sourceip;
  std::optional<int64_t> timestamp_ms;    // absent: the wall clock, read once per message
  std::optional<std::string> newuuid;     // fixed newuuid() result (tests); absent: random
  std::string rule_name;                  // the rule being evaluated (Basic Ingest, templates)
  bool mqtt = true;                       // false for HTTP publishes
  // MQTT 5 properties.
  std::optional<std::string> content_type;
  std::optional<int> payload_format_indicator;
  std::optional<std::string> response_topic;
  std::optional<std::string> correlation_data;  // raw bytes
  std::vector<std::pair<std::string, std::string>> user_properties;
};

// Functions that call AWS services from SQL (aws_lambda, get_dynamodb, get_thing_shadow,
// get_secret, get_registry_data, machinelearning_predict) go through this interface, which the
// embedding application implements. Arguments and result are JSON texts.
class ExternalProvider {
 public:
  virtual ~ExternalProvider() = default;
  // Returns the JSON text of the call's result, or an error (the call is then Undefined).
  virtual absl::StatusOr<std::string> Call(std::string_view function,
                                           const std::vector<std::string>& json_args) = 0;
};

// Bounds on the work that one rule or one message can cause, so that hostile or broken input
// gets a clear error instead of unbounded time, memory or stack. The defaults follow AWS IoT Core
// where it has a quota (spec §22); each can be changed (EngineOptions::limits, Rule::Compile,
// Evaluator::set_limits).
struct Limits {
  // Rules, when they are compiled.
  size_t max_sql_bytes = 256 * 1024;      // the SQL text (AWS: a rule is at most 256 KB)
  // Levels of (, [, { and CASE in an expression. Each costs the generated parser about a dozen
  // stack frames: raising it far needs a larger thread stack.
  int max_nesting = 256;
  int max_expression_depth = 1000;        // depth of the syntax tree (a + b + ... chains too)
  size_t max_actions = 10;                // actions per rule (AWS: 10, as CreateTopicRule)
  // Topics and FROM filters (AWS: 8 levels, 256 bytes; the Basic Ingest prefix
  // $aws/rules/<rule>/ not counted). A filter beyond them does not compile; a message topic
  // beyond them matches no rule (RuleEngine::Publish: INVALID_ARGUMENT).
  int max_topic_levels = 8;
  size_t max_topic_bytes = 256;
  // Messages, when rules run on them.
  size_t max_payload_bytes = 128 * 1024;  // AWS IoT message broker: 128 KB
  int max_json_depth = 256;               // nesting of the payload's JSON, and of decode()'s
  // The outgoing payload, and each rendered template. AWS has no single quota here (its actions
  // take 128 KB to 400 KB): this only stops a rule that multiplies its input.
  size_t max_output_bytes = 1024 * 1024;
  // Each SET variable's value, and all of them together, as compact JSON (AWS: 128 KiB each and
  // in total). Past it the evaluation fails, naming the variable.
  size_t max_variable_bytes = 128 * 1024;
  // RE2's memory budget per pattern (its compiled program and DFA cache): a pattern whose
  // program does not fit makes the regexp_* call Undefined.
  int64_t max_regex_memory = int64_t{4} << 20;
};

class Program;  // private: the compiled bytecode

class Rule {
 public:
  // Compiles a rule statement. On error the status message holds every diagnostic, formatted
  // with line, column and a caret line.
  static absl::StatusOr<Rule> Compile(std::string_view sql,
                                      SqlVersion version = SqlVersion::k2015_10_08,
                                      const Limits& limits = Limits());

  Rule(Rule&&) noexcept;
  Rule& operator=(Rule&&) noexcept;
  ~Rule();

  std::string_view sql() const;
  SqlVersion version() const;
  // The FROM topic filter ("" when the statement has no FROM).
  std::string_view topic_filter() const;
  // Whether a message on `topic` triggers this rule (FROM filter, AWS semantics).
  bool MatchesTopic(std::string_view topic) const;
  // Warnings found while compiling, formatted.
  const std::string& warnings() const;
  // The bytecode listing (`iotsql explain`).
  std::string Explain() const;
  // The AST dump (`iotsql explain --ast`).
  std::string AstDump() const;

  const Program& program() const { return *program_; }

 private:
  explicit Rule(std::unique_ptr<Program> p);
  std::unique_ptr<Program> program_;
};

// A `${...}` substitution template (spec §17), compiled against a rule so that it sees the
// rule's SET variables.
class Template {
 public:
  static absl::StatusOr<Template> Compile(std::string_view text, const Rule& rule);
  Template(Template&&) noexcept;
  Template& operator=(Template&&) noexcept;
  ~Template();
  std::string_view text() const;
  const Program& program() const { return *program_; }

 private:
  explicit Template(std::unique_ptr<Program> p);
  std::unique_ptr<Program> program_;
};

struct EvalResult {
  bool matched = false;        // false: FROM or WHERE rejected the message
  // The outgoing payload (JSON text, raw bytes, or empty). Valid until the next call on the
  // same Evaluator.
  std::string_view payload;
  bool binary = false;         // payload is raw bytes (SELECT * on a non-JSON message)
};

class EvalState;  // private

// Evaluates rules on messages. Not thread-safe: use one per thread. Its memory is reused from
// message to message, so steady-state evaluation does not allocate.
class Evaluator {
 public:
  Evaluator();
  ~Evaluator();
  Evaluator(const Evaluator&) = delete;
  Evaluator& operator=(const Evaluator&) = delete;

  void set_provider(ExternalProvider* provider);
  // The run-time limits (payload, JSON depth, output, regexes); the defaults until set.
  void set_limits(const Limits& limits);

  // A runtime failure inside the SQL is not an error (the sub-expression is Undefined); the
  // status is an error only when the program cannot run at all: a payload or an output beyond
  // the limits (INVALID_ARGUMENT, saying which limit).
  absl::StatusOr<EvalResult> Evaluate(const Rule& rule, std::string_view payload,
                                      const MessageContext& context);
  // Renders a template for a message (Undefined renders as ""). Right after Evaluate of the
  // template's rule on the same message (same payload buffer and topic), the template sees that
  // run's SET variable values, as in AWS; otherwise the SET clause is evaluated for it. The
  // view stays valid until the next Render, and does not disturb the last Evaluate's payload.
  absl::StatusOr<std::string_view> Render(const Template& tpl, std::string_view payload,
                                          const MessageContext& context);

  // Heap allocations made by this evaluator's own buffers so far (steady state: constant).
  size_t heap_allocations() const;

 private:
  std::unique_ptr<EvalState> state_;
};

// MQTT topic filter matching with AWS semantics: `+` one level, `#` the rest, `sensor/#` does
// not match `sensor`, and filters starting with a wildcard do not match `$` topics.
bool TopicMatches(std::string_view filter, std::string_view topic);
// Checks a topic filter; the error says what is wrong and at which byte.
absl::Status ValidateTopicFilter(std::string_view filter);

}  // namespace iotsql

#endif  // IOTSQL_IOTSQL_H_
