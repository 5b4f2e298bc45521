// W2 star (SELECT * ... WHERE temp > 50 AND status = 'ok') as a hand-written simdjson On-Demand
// program: the ceiling that BM_W2_Star (workloads_bench.cc) is set against, in the same binary.
// It reads the two fields it needs and copies the payload bytes as the output.
#include <string>

#include "alloc_counter.h"
#include "message_loop.h"
#include "benchmark/benchmark.h"
#include "messages.h"
#include "simdjson.h"

namespace iotsql::bench {
namespace {

class W2Baseline {
 public:
  bool Run(const std::string& payload, std::string* out) {
    buffer_.assign(payload);
    buffer_.append(simdjson::SIMDJSON_PADDING, '\0');
    simdjson::ondemand::document doc;
    if (parser_.iterate(buffer_.data(), payload.size(), buffer_.size()).get(doc)) return false;
    simdjson::ondemand::object obj;
    if (doc.get_object().get(obj)) return false;
    double temp = 0;
    std::string_view status;
    bool have_temp = false, have_status = false;
    for (auto field : obj) {
      std::string_view key;
      if (field.unescaped_key().get(key)) return false;
      if (key == "temp") {
        if (field.value().get_double().get(temp)) return false;
        have_temp = true;
      } else if (key == "status") {
        if (field.value().get_string().get(status)) return false;
        have_status = true;
      }
      // The rest of the object need not be read: the output is the payload's own bytes.
      if (have_temp && have_status) break;
    }
    if (!have_temp || !have_status || !(temp > 50 && status == "ok")) return false;
    out->assign(payload);
    return true;
  }

 private:
  simdjson::ondemand::parser parser_;
  std::string buffer_;
};

void BM_W2_Baseline(benchmark::State& state) {
  static const std::vector<Message> messages = MakeTelemetry(10000);
  W2Baseline baseline;
  std::string out;
  for (int warm = 0; warm < 100; ++warm) baseline.Run(messages[warm].payload, &out);
  RunMessageLoop(state, messages.size(), "match_rate",
                 [&](size_t i) { return baseline.Run(messages[i].payload, &out); });
}
BENCHMARK(BM_W2_Baseline);

}  // namespace
}  // namespace iotsql::bench
