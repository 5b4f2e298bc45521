// The SQL compiler on any text: parse, check, generate, verify, in both SQL versions. A program
// that compiles is verified again, listed, dumped and run once on a JSON and a binary payload,
// so that whatever the generator can be talked into emitting also executes.
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_util.h"
#include "iotsql/iotsql.h"

namespace {

constexpr std::string_view kPayloads[] = {
    R"({"a": 1, "b": "two", "c": [1, 2.5, {"d": null}], "e": {"f": true}, "temp": 57.5})",
    "\x01\x02\xff binary",
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view sql = iotsql::fuzz::AsText(data, size);
  static iotsql::Evaluator* evaluator = new iotsql::Evaluator;
  for (iotsql::SqlVersion version :
       {iotsql::SqlVersion::k2015_10_08, iotsql::SqlVersion::k2016_03_23}) {
    absl::StatusOr<iotsql::Rule> rule = iotsql::Rule::Compile(sql, version);
    if (!rule.ok()) {
      IOTSQL_FUZZ_CHECK(rule.status().code() == absl::StatusCode::kInvalidArgument &&
                            !rule.status().message().empty(),
                        iotsql::fuzz::Printable(sql));
      continue;
    }
    iotsql::fuzz::ReverifyProgram(rule->program());
    (void)rule->Explain();
    (void)rule->AstDump();
    iotsql::MessageContext context;
    context.topic = iotsql::fuzz::TopicFor(rule->topic_filter());
    context.timestamp_ms = 1700000000000;
    context.newuuid = "00000000-0000-4000-8000-000000000000";
    for (std::string_view payload : kPayloads) {
      absl::StatusOr<iotsql::EvalResult> out = evaluator->Evaluate(*rule, payload, context);
      if (out.ok() && out->matched && !out->binary && !out->payload.empty()) {
        IOTSQL_FUZZ_CHECK(iotsql::fuzz::IsJsonDocument(out->payload),
                          iotsql::fuzz::Printable(out->payload));
      }
    }
  }
  return 0;
}
