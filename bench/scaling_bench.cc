// Wide payloads (thousands of members, near AWS's 128 KiB message limit): reading them whole and
// spreading them into the output must cost time linear in the member count.
#include <string>

#include "benchmark/benchmark.h"
#include "iotsql/iotsql.h"

namespace iotsql::bench {
namespace {

std::string WideObject(int n) {
  std::string p = "{";
  for (int i = 0; i < n; ++i) {
    p += (i ? ",\"k" : "\"k") + std::to_string(i) + "\":" + std::to_string(i);
  }
  return p + "}";
}

void Run(benchmark::State& state, const char* sql) {
  const std::string payload = WideObject(static_cast<int>(state.range(0)));
  absl::StatusOr<Rule> rule = Rule::Compile(sql, SqlVersion::k2016_03_23);
  if (!rule.ok()) {
    state.SkipWithError("compile failed");
    return;
  }
  Evaluator ev;
  MessageContext ctx;
  ctx.topic = "t";
  ctx.timestamp_ms = 0;
  for (auto _ : state) benchmark::DoNotOptimize(ev.Evaluate(*rule, payload, ctx));
  state.SetComplexityN(state.range(0));
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(payload.size()));
}

void BM_ReadWideObject(benchmark::State& s) { Run(s, "SELECT VALUE get(*, 'k5') FROM 't'"); }
void BM_SpreadWideObject(benchmark::State& s) { Run(s, "SELECT *, 1 AS extra FROM 't'"); }
BENCHMARK(BM_ReadWideObject)->RangeMultiplier(4)->Range(1000, 16000)->Complexity();
BENCHMARK(BM_SpreadWideObject)->RangeMultiplier(4)->Range(1000, 16000)->Complexity();

}  // namespace
}  // namespace iotsql::bench
