// What the fuzz targets of tests/fuzz found, one test per finding, next to its reproducer in
// tests/fuzz/regressions/<target>/ (replayed by ctest `fuzz_replay`).
#include <string>
#include <vector>

#include "common/arena.h"
#include "value/json_doc.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "iotsql/iotsql.h"
#include "validate/report.h"
#include "validate/validator.h"
#include "value/json_reader.h"

namespace iotsql {
namespace {

using ::testing::HasSubstr;

// json_differential/empty_member_name: a member named "" was never found (the first-byte test
// compared against the terminating NUL of the empty name).
TEST(FuzzFindings, JsonReaderFindsAnEmptyMemberName) {
  JsonReader reader;
  Arena arena;
  Value roots[2];
  PayloadView view =
      reader.Read(R"({"x": 1, "": 10})", {"", "x"}, /*whole_document=*/false, false, &arena, roots);
  ASSERT_TRUE(view.is_json);
  ASSERT_TRUE(roots[0].is_int());
  EXPECT_EQ(roots[0].as_int(), 10);
  EXPECT_EQ(roots[1].as_int(), 1);
}

// json_differential/trailing_nul_after_scalar: "null\0\t" was JSON (simdjson's atoms stop at a
// NUL, and the raw token of a root scalar runs to the end), though "null\0" was not.
TEST(FuzzFindings, JunkAfterARootScalarIsNotJson) {
  JsonReader reader;
  Arena arena;
  for (std::string payload : {std::string("null\0\t", 6), std::string("true\0 ", 6),
                              std::string("\"s\"\0\n", 5), std::string("null\x01", 5)}) {
    SCOPED_TRACE(payload);
    EXPECT_FALSE(reader.Read(payload, {}, /*whole_document=*/true, false, &arena, nullptr).is_json);
  }
}

// json_differential/root_null_then_whitespace: "null\n" was not JSON (simdjson 3.0.1's is_null()
// on a root null followed by whitespace says false), so SELECT * passed it on as bytes.
TEST(FuzzFindings, RootNullWithTrailingWhitespaceIsJson) {
  JsonReader reader;
  Arena arena;
  for (std::string payload : {"null\n", "null ", " null\t\r\n", "[null ]", "{\"a\": null }"}) {
    SCOPED_TRACE(payload);
    EXPECT_TRUE(reader.Read(payload, {}, /*whole_document=*/true, false, &arena, nullptr).is_json);
  }
  absl::StatusOr<Rule> rule = Rule::Compile("SELECT * FROM 't'");
  ASSERT_TRUE(rule.ok());
  Evaluator evaluator;
  MessageContext context;
  context.topic = "t";
  absl::StatusOr<EvalResult> out = evaluator.Evaluate(*rule, "null\n", context);
  ASSERT_TRUE(out.ok());
  EXPECT_FALSE(out->binary);
  EXPECT_EQ(out->payload, "null");
}

// json_differential/root_true_then_many_spaces: " true" and 82 spaces was not JSON (simdjson
// 3.0.1 copies a root atom and what follows it into a 6-byte buffer).
TEST(FuzzFindings, RootAtomWithLongTrailingWhitespaceIsJson) {
  JsonReader reader;
  Arena arena;
  const std::string spaces(100, ' ');
  for (const std::string atom : {"true", "false", "null"}) {
    for (const std::string& payload :
         {" " + atom + spaces, atom + spaces + "\n", "[" + atom + spaces + "]"}) {
      SCOPED_TRACE(payload);
      PayloadView view = reader.Read(payload, {}, /*whole_document=*/true, false, &arena, nullptr);
      ASSERT_TRUE(view.is_json);
      const Value& v = view.document.is_array() ? view.document.items()[0] : view.document;
      if (atom == "null") {
        EXPECT_TRUE(v.is_null());
      } else {
        ASSERT_TRUE(v.is_bool());
        EXPECT_EQ(v.as_bool(), atom == "true");
      }
    }
  }
  EXPECT_FALSE(reader.Read("truex" + spaces, {}, true, false, &arena, nullptr).is_json);
}

// validate/yaml_lone_comma, yaml_comma_after_document: yaml-cpp 0.7's LoadAll never returned on
// a stream holding a stray ',' (jbeder/yaml-cpp#1040), filling memory with empty documents.
TEST(FuzzFindings, YamlStrayCommaIsASyntaxError) {
  for (std::string text : {",", "\n,\n", "a: 1\n---\n,\n"}) {
    SCOPED_TRACE(text);
    validate::FileReport report = validate::ValidateText("rule.yaml", text, /*named=*/true);
    ASSERT_EQ(report.findings.size(), 1u);
    EXPECT_EQ(report.findings[0].check, "yaml-syntax");
  }
  // Empty documents that do move on are still fine.
  validate::FileReport report =
      validate::ValidateText("rule.yaml", "---\n---\nsql: \"SELECT * FROM 't'\"\nactions: []\n",
                             /*named=*/true);
  for (const validate::Finding& f : report.findings) EXPECT_NE(f.check, "yaml-syntax");
}

// validate/invalid_utf8_member_name: a YAML file's malformed bytes reached the JSON and SARIF
// reports as they were, which made them invalid JSON.
TEST(FuzzFindings, ReportsStayUtf8) {
  std::vector<validate::FileReport> reports;
  reports.push_back(validate::ValidateText(
      "rule.yaml", "{\"s" + std::string(70, '\xCA') + "ql\": \"SELECT * FROM 'a/b'\", \"actions\": []}",
      /*named=*/true));
  for (const std::string& out :
       {validate::FormatJson(reports), validate::FormatSarif(reports, "test")}) {
    EXPECT_EQ(out.find('\xCA'), std::string::npos);
    EXPECT_THAT(out, HasSubstr("\xEF\xBF\xBD"));
  }
}

// compile/call_with_300_arguments (found reading the code generator for the reference
// interpreter): the call instruction holds its argument count in a byte, so concat() of 300
// constants folded to the concat of 44 of them, and of 300 payload members failed verification.
TEST(FuzzFindings, CallsTakeAtMost255Arguments) {
  auto call = [](int n, const char* arg) {
    std::string sql = "SELECT concat(";
    for (int i = 0; i < n; ++i) sql += std::string(i ? ", " : "") + arg;
    return sql + ") AS c FROM 't'";
  };
  absl::StatusOr<Rule> rule = Rule::Compile(call(300, "'a'"), SqlVersion::k2016_03_23);
  ASSERT_FALSE(rule.ok());
  EXPECT_THAT(rule.status().message(),
              HasSubstr("concat() is given 300 arguments; at most 255 are allowed [arity]"));
  EXPECT_FALSE(Rule::Compile(call(256, "x"), SqlVersion::k2016_03_23).ok());
  rule = Rule::Compile(call(255, "x"), SqlVersion::k2016_03_23);
  ASSERT_TRUE(rule.ok()) << rule.status();
  Evaluator evaluator;
  MessageContext context;
  context.topic = "t";
  absl::StatusOr<EvalResult> out = evaluator.Evaluate(*rule, R"({"x": "b"})", context);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->payload, "{\"c\":\"" + std::string(255, 'b') + "\"}");
}

}  // namespace
}  // namespace iotsql

namespace iotsql {
namespace {

// rule_document/key_with_f5_lead_byte: the rule-document reader took F5..FF for the lead bytes
// of 3-byte UTF-8 sequences, so a key "roleA\xf5\xbb\xbfrn" got through into rendered action
// parameters, which were then not JSON.
TEST(FuzzFindings, RuleDocumentsRefuseInvalidLeadBytes) {
  for (int lead = 0xF5; lead <= 0xFF; ++lead) {
    const std::string text =
        std::string("{\"k") + static_cast<char>(lead) + "\xbb\xbf" + "\": 1}";
    JsonNode node;
    JsonError error;
    EXPECT_FALSE(ParseJsonDoc(text, &node, &error)) << lead;
    EXPECT_NE(error.message.find("invalid UTF-8"), std::string::npos) << error.message;
  }
  for (const char* ok : {"{\"\xe2\x82\xac\": 1}", "{\"\xf0\x9f\x98\x80\": 1}", "{\"\xc3\xa9\": 1}"}) {
    JsonNode node;
    JsonError error;
    EXPECT_TRUE(ParseJsonDoc(ok, &node, &error)) << error.message;
  }
}

}  // namespace
}  // namespace iotsql
