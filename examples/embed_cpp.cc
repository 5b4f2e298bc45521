// Embedding the rule engine from C++: a broker hands every message to RuleEngine::Publish and
// receives the actions to run through an ActionSink. Built and run as a test (ctest).
//
//   build/embed_cpp [RULES_DIR]     (default: the bundled examples/rules)
#include <cstdio>
#include <mutex>
#include <string>
#include <vector>

#include "iotsql/engine.h"

namespace {

// Prints each request; a real broker would hand it to its S3/SNS/Lambda clients.
class PrintingSink : public iotsql::ActionSink {
 public:
  absl::Status Deliver(const iotsql::ActionRequest& r) override {
    std::lock_guard<std::mutex> lock(mu_);  // called on the engine's dispatch threads
    std::printf("%-24s %-10s %s\n", r.rule_name.c_str(), r.kind.c_str(),
                r.binary ? "(binary)" : r.payload.c_str());
    ++delivered;
    return absl::OkStatus();
  }
  int delivered = 0;

 private:
  std::mutex mu_;
};

int Fail(const std::string& what) {
  std::fprintf(stderr, "embed_cpp: %s\n", what.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::string rules = argc > 1 ? argv[1] : IOTSQL_EXAMPLES_DIR "/rules";
  PrintingSink sink;
  iotsql::EngineOptions options;
  options.sink = &sink;
  iotsql::RuleEngine engine(options);

  absl::Status loaded = engine.AddRuleFile(rules);
  if (!loaded.ok()) return Fail(std::string(loaded.message()));

  // A rule can also come from a document in memory, and be changed while messages flow.
  constexpr const char* kOverheat = R"({
      "sql": "SELECT device, temp FROM 'fleet/+/+/telemetry' WHERE temp > 90",
      "awsIotSqlVersion": "2016-03-23",
      "actions": [{"republish": {"topic": "alerts/${topic(3)}",
                                 "roleArn": "arn:aws:iam::123456789012:role/iot-rules"}}]
    })";
  absl::StatusOr<iotsql::RuleDocument> doc = iotsql::ParseRuleDocument(kOverheat, "overheat");
  if (!doc.ok()) return Fail(std::string(doc.status().message()));
  if (absl::Status s = engine.AddRule(*doc); !s.ok()) return Fail(std::string(s.message()));

  iotsql::MessageContext context;
  context.clientid = "gateway-7";
  const char* telemetry =
      R"({"device":"dev-9","temp":95.5,"humidity":80,"battery":15,"status":"err",)"
      R"("loc":{"lat":70.1,"lon":20.2},"fw":"1.2.0"})";
  absl::StatusOr<int> outputs = engine.Publish("fleet/oslo/dev-9/telemetry", telemetry, context);
  if (!outputs.ok()) return Fail(std::string(outputs.status().message()));

  if (absl::Status s = engine.SetRuleEnabled("overheat", false); !s.ok()) {
    return Fail(std::string(s.message()));
  }
  absl::StatusOr<int> after = engine.Publish("fleet/oslo/dev-9/telemetry", telemetry, context);
  engine.Flush();

  std::printf("outputs: %d, then %d with 'overheat' disabled; %d actions delivered\n", *outputs,
              *after, sink.delivered);
  std::optional<iotsql::RuleMetrics> m = engine.GetRuleMetrics("high_temperature_alert");
  if (m)
    std::printf("high_temperature_alert: matched %llu, outputs %llu\n",
                static_cast<unsigned long long>(m->matched),
                static_cast<unsigned long long>(m->outputs));
  // The bundled rules give 8 outputs for this message, plus 'overheat' the first time.
  if (*outputs != 9 || *after != 8 || sink.delivered != 17) return Fail("unexpected counts");
  return 0;
}
