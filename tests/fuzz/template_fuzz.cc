// Substitution templates (`${...}`, spec §17) on any text: compiled against a rule with SET
// variables (2016-03-23) and against a plain 2015-10-08 rule, verified, and rendered both right
// after the rule's run (continuing it) and on their own.
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_util.h"
#include "iotsql/iotsql.h"

namespace {

constexpr std::string_view kPayload =
    R"({"temp": 57.5, "device": "dev-1", "a": {"b": [1, "x", null]}, "s": "Hello", "n": 3})";

iotsql::Rule* CompileFixed(const char* sql, iotsql::SqlVersion version) {
  absl::StatusOr<iotsql::Rule> rule = iotsql::Rule::Compile(sql, version);
  if (!rule.ok()) iotsql::fuzz::Fail("the fixed rule does not compile");
  return new iotsql::Rule(std::move(*rule));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static iotsql::Rule* rules[] = {
      CompileFixed("SET @x = temp * 2, @d = upper(device) SELECT temp, @x AS x FROM 'a/+/c'",
                   iotsql::SqlVersion::k2016_03_23),
      CompileFixed("SELECT * FROM 'a/#'", iotsql::SqlVersion::k2015_10_08),
  };
  static iotsql::Evaluator* evaluator = new iotsql::Evaluator;
  std::string_view text = iotsql::fuzz::AsText(data, size);
  iotsql::MessageContext context;
  context.topic = "a/b/c";
  context.timestamp_ms = 1700000000000;
  context.newuuid = "00000000-0000-4000-8000-000000000000";
  for (iotsql::Rule* rule : rules) {
    absl::StatusOr<iotsql::Template> tpl = iotsql::Template::Compile(text, *rule);
    if (!tpl.ok()) {
      IOTSQL_FUZZ_CHECK(!tpl.status().message().empty(), iotsql::fuzz::Printable(text));
      continue;
    }
    iotsql::fuzz::ReverifyProgram(tpl->program());
    (void)evaluator->Evaluate(*rule, kPayload, context);
    absl::StatusOr<std::string_view> continued = evaluator->Render(*tpl, kPayload, context);
    std::string first = continued.ok() ? std::string(*continued) : std::string();
    // On its own (another payload buffer): the SET clause runs again, with the same result
    // here, since nothing in it is random.
    std::string copy(kPayload);
    absl::StatusOr<std::string_view> alone = evaluator->Render(*tpl, copy, context);
    std::string lower(text);
    for (char& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    if (continued.ok() && alone.ok() && lower.find("rand") == std::string::npos) {
      IOTSQL_FUZZ_CHECK(first == *alone, iotsql::fuzz::Printable(text) + " rendered " +
                                             iotsql::fuzz::Printable(first) + " then " +
                                             iotsql::fuzz::Printable(*alone));
    }
  }
  return 0;
}
