// Rule documents (iotsql::ParseRuleDocument, the JSON that `iotsql run` and RuleEngine load) on
// any bytes. A document that parses is added to an engine (SQL and every action template
// compiled, programs verified), a message on a topic its filter matches is published through a
// sink that renders every action, and the rule is removed again.
#include <cstddef>
#include <cstdint>
#include <mutex>

#include "fuzz/fuzz_util.h"
#include "iotsql/engine.h"
#include "iotsql/iotsql.h"

namespace {

class CountingSink : public iotsql::ActionSink {
 public:
  absl::Status Deliver(const iotsql::ActionRequest& request) override {
    // Every rendered parameter set must still be JSON: templates are rendered into strings.
    if (!request.params_json.empty() && !iotsql::fuzz::IsJsonDocument(request.params_json)) {
      iotsql::fuzz::Fail("action parameters are not JSON",
                         iotsql::fuzz::Printable(request.params_json));
    }
    return absl::OkStatus();
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static CountingSink* sink = new CountingSink;
  static iotsql::RuleEngine* engine = [] {
    iotsql::EngineOptions options;
    options.sink = sink;
    options.dispatch_threads = 1;
    options.max_attempts = 1;
    return new iotsql::RuleEngine(options);
  }();
  std::string_view json = iotsql::fuzz::AsText(data, size);
  absl::StatusOr<iotsql::RuleDocument> doc = iotsql::ParseRuleDocument(json, "fuzz_rule");
  if (!doc.ok()) {
    IOTSQL_FUZZ_CHECK(!doc.status().message().empty(), iotsql::fuzz::Printable(json));
    return 0;
  }
  // Only the compiled SQL is verified here (the engine's programs are private): compile it the
  // way the engine does.
  absl::StatusOr<iotsql::Rule> rule = iotsql::Rule::Compile(doc->sql, doc->version);
  if (rule.ok()) iotsql::fuzz::ReverifyProgram(rule->program());
  absl::Status added = engine->AddRule(*doc);
  if (!added.ok()) return 0;
  IOTSQL_FUZZ_CHECK(rule.ok(), "the engine took a rule whose SQL does not compile");
  iotsql::MessageContext context;
  context.clientid = "dev-1";
  context.timestamp_ms = 1700000000000;
  std::string topic = iotsql::fuzz::TopicFor(rule->topic_filter());
  (void)engine->Publish(topic, R"({"temp": 57.5, "device": "dev-1", "a": {"b": 1}})", context);
  (void)engine->Publish(topic, "\x01\x02 binary", context);
  engine->Flush();
  absl::Status removed = engine->RemoveRule(doc->name);
  IOTSQL_FUZZ_CHECK(removed.ok(), doc->name);
  return 0;
}
