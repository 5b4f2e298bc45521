// W1 filter-project: SELECT temp, device FROM 'sensors/+/telemetry' WHERE temp > 50, next to a
// hand-written simdjson On-Demand program doing the same (the practical ceiling).
#include <string>

#include "alloc_counter.h"
#include "message_loop.h"
#include "benchmark/benchmark.h"
#include "iotsql/iotsql.h"
#include "messages.h"
#include "simdjson.h"

namespace iotsql::bench {
namespace {

constexpr const char* kW1 = "SELECT temp, device FROM 'sensors/+/telemetry' WHERE temp > 50";

const std::vector<Message>& Messages() {
  static const std::vector<Message> m = MakeTelemetry(10000);
  return m;
}

// The baseline: find temp and device, filter, write the same output into a reused buffer.
class Baseline {
 public:
  bool Run(const std::string& payload, std::string* out) {
    buffer_.assign(payload);
    buffer_.append(simdjson::SIMDJSON_PADDING, '\0');
    simdjson::ondemand::document doc;
    if (parser_.iterate(buffer_.data(), payload.size(), buffer_.size()).get(doc)) return false;
    simdjson::ondemand::object obj;
    if (doc.get_object().get(obj)) return false;
    std::string_view temp_raw, device;
    double temp = 0;
    bool have_temp = false, have_device = false;
    for (auto field : obj) {
      std::string_view key;
      if (field.unescaped_key().get(key)) return false;
      if (key == "temp") {
        simdjson::ondemand::value v = field.value();
        temp_raw = v.raw_json_token();
        if (v.get_double().get(temp)) return false;
        have_temp = true;
      } else if (key == "device") {
        if (field.value().get_string().get(device)) return false;
        have_device = true;
      }
    }
    if (!have_temp || !(temp > 50)) return false;
    out->clear();
    out->append("{\"temp\":");
    while (!temp_raw.empty() && (temp_raw.back() == ' ' || temp_raw.back() == '\n')) {
      temp_raw.remove_suffix(1);
    }
    // 2016-03-23 prints a whole-number Decimal (60.0) as an Int (60).
    size_t dot = temp_raw.find('.');
    if (dot != std::string_view::npos &&
        temp_raw.find_first_not_of('0', dot + 1) == std::string_view::npos) {
      temp_raw = temp_raw.substr(0, dot);
    }
    out->append(temp_raw);
    if (have_device) {
      out->append(",\"device\":\"");
      out->append(device);  // the generated device ids need no escaping
      out->append("\"");
    }
    out->append("}");
    return true;
  }

 private:
  simdjson::ondemand::parser parser_;
  std::string buffer_;
};

void BM_W1_Baseline(benchmark::State& state) {
  const auto& messages = Messages();
  Baseline baseline;
  std::string out;
  for (int warm = 0; warm < 100; ++warm) baseline.Run(messages[warm].payload, &out);
  RunMessageLoop(state, messages.size(), "match_rate",
                 [&](size_t i) { return baseline.Run(messages[i].payload, &out); });
}
BENCHMARK(BM_W1_Baseline);

void BM_W1_Iotsql(benchmark::State& state) {
  const auto& messages = Messages();
  absl::StatusOr<Rule> rule = Rule::Compile(kW1, SqlVersion::k2016_03_23);
  if (!rule.ok()) {
    state.SkipWithError("compile failed");
    return;
  }
  Evaluator ev;
  MessageContext ctx;
  ctx.timestamp_ms = 0;
  // Check against the baseline before timing.
  Baseline baseline;
  std::string expected;
  for (size_t k = 0; k < 1000; ++k) {
    ctx.topic = messages[k].topic;
    bool want = baseline.Run(messages[k].payload, &expected);
    absl::StatusOr<EvalResult> got = ev.Evaluate(*rule, messages[k].payload, ctx);
    if (!got.ok() || got->matched != want || (want && got->payload != expected)) {
      state.SkipWithError("iotsql disagrees with the baseline");
      return;
    }
  }
  RunMessageLoop(state, messages.size(), "match_rate", [&](size_t i) {
    ctx.topic = messages[i].topic;
    return ev.Evaluate(*rule, messages[i].payload, ctx)->matched;
  });
}
BENCHMARK(BM_W1_Iotsql);

void BM_CompileTypicalRule(benchmark::State& state) {
  for (auto _ : state) {
    absl::StatusOr<Rule> rule = Rule::Compile(kW1, SqlVersion::k2016_03_23);
    benchmark::DoNotOptimize(rule);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CompileTypicalRule);

}  // namespace
}  // namespace iotsql::bench

BENCHMARK_MAIN();
