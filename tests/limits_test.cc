// iotsql::Limits: the AWS defaults, and that each limit, changed, gives its clear error instead of
// unbounded work.
#include <chrono>
#include <string>

#include "engine_test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "iotsql/engine.h"
#include "iotsql/iotsql.h"

namespace iotsql {
namespace {

using ::testing::HasSubstr;

MessageContext On(std::string topic) {
  MessageContext c;
  c.topic = std::move(topic);
  c.timestamp_ms = 1700000000000;
  return c;
}

std::string Nested(int levels, const std::string& open, const std::string& inner,
                   const std::string& close) {
  std::string s;
  for (int i = 0; i < levels; ++i) s += open;
  s += inner;
  for (int i = 0; i < levels; ++i) s += close;
  return s;
}

TEST(Limits, DefaultsAreAwsQuotas) {
  Limits l;
  EXPECT_EQ(l.max_payload_bytes, 128u * 1024);     // MQTT message size
  EXPECT_EQ(l.max_sql_bytes, 256u * 1024);         // rule size
  EXPECT_EQ(l.max_actions, 10u);                   // actions per rule
  EXPECT_EQ(l.max_nesting, 256);
  EXPECT_EQ(l.max_expression_depth, 1000);
  EXPECT_EQ(l.max_json_depth, 256);
  EXPECT_EQ(l.max_output_bytes, 1024u * 1024);
  EXPECT_EQ(l.max_variable_bytes, 128u * 1024);  // SET values, each and in total
  EXPECT_EQ(l.max_regex_memory, int64_t{4} << 20);
}

TEST(Limits, SqlSize) {
  Limits limits;
  limits.max_sql_bytes = 40;
  std::string sql = "SELECT a FROM 't'";
  EXPECT_TRUE(Rule::Compile(sql, SqlVersion::k2016_03_23, limits).ok());
  sql = "SELECT a, b, c, d, e, f, g, h, i, j FROM 't'";  // 44 bytes
  absl::StatusOr<Rule> rule = Rule::Compile(sql, SqlVersion::k2016_03_23, limits);
  ASSERT_FALSE(rule.ok());
  EXPECT_THAT(rule.status().message(),
              HasSubstr("the SQL statement is 44 bytes, more than the limit of 40"));
  EXPECT_THAT(rule.status().message(), HasSubstr("[limit]"));

  // The default: 256 KiB, checked before parsing.
  std::string huge = "SELECT '" + std::string(300 * 1024, 'x') + "' AS x FROM 't'";
  rule = Rule::Compile(huge);
  ASSERT_FALSE(rule.ok());
  EXPECT_THAT(rule.status().message(), HasSubstr("more than the limit of 262144"));
}

TEST(Limits, Nesting) {
  Limits limits;
  limits.max_nesting = 3;
  EXPECT_TRUE(Rule::Compile("SELECT " + Nested(3, "(", "1", ")") + " AS x FROM 't'",
                            SqlVersion::k2016_03_23, limits)
                  .ok());
  absl::StatusOr<Rule> rule = Rule::Compile("SELECT " + Nested(4, "(", "1", ")") + " AS x FROM 't'",
                                            SqlVersion::k2016_03_23, limits);
  ASSERT_FALSE(rule.ok());
  EXPECT_THAT(rule.status().message(), HasSubstr("expression nested too deeply"));
  EXPECT_THAT(rule.status().message(), HasSubstr("at most 3 levels"));
  // Arrays and CASE count as levels too; the default allows 256.
  EXPECT_TRUE(Rule::Compile("SELECT " + Nested(256, "[", "1", "]") + " AS x FROM 't'",
                            SqlVersion::k2016_03_23)
                  .ok());
  EXPECT_FALSE(Rule::Compile("SELECT " + Nested(257, "[", "1", "]") + " AS x FROM 't'",
                             SqlVersion::k2016_03_23)
                   .ok());
}

TEST(Limits, ExpressionDepth) {
  // a + a + ... is parsed by a loop, not by nesting: only the tree's depth bounds it.
  std::string sum = "a";
  for (int i = 0; i < 30; ++i) sum += " + a";
  Limits limits;
  limits.max_expression_depth = 20;
  absl::StatusOr<Rule> rule =
      Rule::Compile("SELECT " + sum + " AS x FROM 't'", SqlVersion::k2016_03_23, limits);
  ASSERT_FALSE(rule.ok());
  EXPECT_THAT(rule.status().message(), HasSubstr("expression nested too deeply"));
  limits.max_expression_depth = 40;
  EXPECT_TRUE(Rule::Compile("SELECT " + sum + " AS x FROM 't'", SqlVersion::k2016_03_23, limits)
                  .ok());
}

TEST(Limits, PayloadSize) {
  absl::StatusOr<Rule> rule = Rule::Compile("SELECT * FROM 't'", SqlVersion::k2016_03_23);
  ASSERT_TRUE(rule.ok());
  Evaluator evaluator;
  std::string payload = "\"" + std::string(128 * 1024 - 2, 'x') + "\"";  // exactly 128 KiB
  absl::StatusOr<EvalResult> out = evaluator.Evaluate(*rule, payload, On("t"));
  ASSERT_TRUE(out.ok());
  EXPECT_TRUE(out->matched);
  payload.push_back(' ');
  out = evaluator.Evaluate(*rule, payload, On("t"));
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(out.status().message(),
            "the payload is 131073 bytes, more than the limit of 131072 (max_payload_bytes)");

  Limits limits;
  limits.max_payload_bytes = 10;
  evaluator.set_limits(limits);
  EXPECT_TRUE(evaluator.Evaluate(*rule, R"({"a": 1})", On("t")).ok());
  EXPECT_FALSE(evaluator.Evaluate(*rule, R"({"a": 12345})", On("t")).ok());
}

TEST(Limits, JsonDepth) {
  absl::StatusOr<Rule> rule = Rule::Compile("SELECT * FROM 't'", SqlVersion::k2016_03_23);
  ASSERT_TRUE(rule.ok());
  Evaluator evaluator;
  Limits limits;
  limits.max_json_depth = 4;  // every value counts, scalars too
  evaluator.set_limits(limits);
  absl::StatusOr<EvalResult> out = evaluator.Evaluate(*rule, "[[[1]]]", On("t"));
  ASSERT_TRUE(out.ok());
  EXPECT_FALSE(out->binary);
  EXPECT_EQ(out->payload, "[[[1]]]");
  // One level more: not JSON to this evaluator, so the bytes pass through as they are.
  out = evaluator.Evaluate(*rule, "[[[[1]]]]", On("t"));
  ASSERT_TRUE(out.ok());
  EXPECT_TRUE(out->binary);

  // decode() reads JSON under the same limit. ("W1tbWzFdXV1d" is [[[[1]]]] in base64.)
  absl::StatusOr<Rule> decoding =
      Rule::Compile("SELECT decode(b, 'base64') AS d FROM 't'", SqlVersion::k2016_03_23);
  ASSERT_TRUE(decoding.ok());
  out = evaluator.Evaluate(*decoding, R"({"b": "W1tbWzFdXV1d"})", On("t"));
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->payload, R"({"d":"[[[[1]]]]"})");  // the text, not parsed
  evaluator.set_limits(Limits());
  out = evaluator.Evaluate(*decoding, R"({"b": "W1tbWzFdXV1d"})", On("t"));
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->payload, R"({"d":[[[[1]]]]})");
}

TEST(Limits, OutputSize) {
  absl::StatusOr<Rule> rule =
      Rule::Compile("SELECT *, 'extra' AS e FROM 't'", SqlVersion::k2016_03_23);
  ASSERT_TRUE(rule.ok());
  Evaluator evaluator;
  Limits limits;
  limits.max_output_bytes = 30;
  evaluator.set_limits(limits);
  absl::StatusOr<EvalResult> out = evaluator.Evaluate(*rule, R"({"a": 1})", On("t"));
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->payload, R"({"a":1,"e":"extra"})");
  out = evaluator.Evaluate(*rule, R"({"a": "0123456789012345"})", On("t"));
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().message(),
            "the output is larger than the limit of 30 bytes (max_output_bytes)");

  // Written directly (distinct plain names) and through the object builder alike.
  absl::StatusOr<Rule> direct = Rule::Compile("SELECT a, b FROM 't'", SqlVersion::k2016_03_23);
  ASSERT_TRUE(direct.ok());
  EXPECT_TRUE(evaluator.Evaluate(*direct, R"({"a": 1, "b": 2})", On("t")).ok());
  EXPECT_FALSE(evaluator.Evaluate(*direct, R"({"a": "0123456789", "b": "0123456789"})", On("t"))
                   .ok());
  // The evaluator is fine afterwards.
  EXPECT_TRUE(evaluator.Evaluate(*rule, R"({"a": 1})", On("t")).ok());
}

TEST(Limits, OutputMadeOfSharedPartsIsRefusedUnwritten) {
  // 1 MB of text referenced 200 times would be 200 MB of output: refused before any of it is
  // written, and fast.
  std::string sql = "SET @s = replace(lpad('', 1000), ' ', lpad('', 1000)) SELECT [";
  for (int i = 0; i < 200; ++i) sql += i ? ", @s" : "@s";
  sql += "] AS a FROM 't'";
  absl::StatusOr<Rule> rule = Rule::Compile(sql, SqlVersion::k2016_03_23);
  ASSERT_TRUE(rule.ok()) << rule.status();
  Evaluator evaluator;
  Limits limits;
  limits.max_variable_bytes = 2 << 20;  // @s is 1 MB
  evaluator.set_limits(limits);
  auto start = std::chrono::steady_clock::now();
  absl::StatusOr<EvalResult> out = evaluator.Evaluate(*rule, "{}", On("t"));
  auto took = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(out.ok());
  EXPECT_THAT(out.status().message(), HasSubstr("max_output_bytes"));
  EXPECT_LT(took, std::chrono::seconds(5));

  // Turned into a String inside the statement, the same value is Undefined past 8 MiB.
  std::string cast = "SET @s = replace(lpad('', 1000), ' ', lpad('', 1000)) SELECT "
                     "length(cast([";
  for (int i = 0; i < 200; ++i) cast += i ? ", @s" : "@s";
  cast += "] AS String)) AS n, length(cast([@s, @s] AS String)) AS m FROM 't'";
  rule = Rule::Compile(cast, SqlVersion::k2016_03_23);
  ASSERT_TRUE(rule.ok()) << rule.status();
  out = evaluator.Evaluate(*rule, "{}", On("t"));
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->payload, R"({"m":2000007})");  // ["<1,000,000 spaces>","<...>"]
}

TEST(Limits, VariableSize) {
  Evaluator evaluator;
  Limits limits;
  limits.max_variable_bytes = 20;
  evaluator.set_limits(limits);
  absl::StatusOr<Rule> one = Rule::Compile("SET @a = s SELECT @a AS a FROM 't'",
                                           SqlVersion::k2016_03_23);
  ASSERT_TRUE(one.ok()) << one.status();
  absl::StatusOr<EvalResult> out = evaluator.Evaluate(*one, R"({"s": "0123456789"})", On("t"));
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->payload, R"({"a":"0123456789"})");
  // Measured as the JSON text: 18 characters in quotes are 20 bytes; 12 characters, 8 of them
  // quotes written \", are 22.
  out = evaluator.Evaluate(*one, R"({"s": "012345678901234567"})", On("t"));
  EXPECT_TRUE(out.ok()) << out.status();
  out = evaluator.Evaluate(*one, R"({"s": "\"\"\"\"\"\"\"\"0123"})", On("t"));
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().message(),
            "the value of @a is larger than the limit of 20 bytes as JSON (max_variable_bytes)");
  // Objects count as their compact text; a value the statement never reads still counts.
  absl::StatusOr<Rule> unread = Rule::Compile("SET @a = * SELECT 1 AS one FROM 't'",
                                              SqlVersion::k2016_03_23);
  ASSERT_TRUE(unread.ok()) << unread.status();
  EXPECT_TRUE(evaluator.Evaluate(*unread, R"({ "k" : [1, 2, 3],  "x": 10 })", On("t")).ok());
  out = evaluator.Evaluate(*unread, R"({"k": [1, 2, 3], "xyz": 10})", On("t"));
  ASSERT_FALSE(out.ok());
  EXPECT_THAT(out.status().message(), HasSubstr("@a"));
  // Each fits, not together.
  absl::StatusOr<Rule> two = Rule::Compile("SET @a = s, @b = upper(s) SELECT @b AS b FROM 't'",
                                           SqlVersion::k2016_03_23);
  ASSERT_TRUE(two.ok()) << two.status();
  EXPECT_TRUE(evaluator.Evaluate(*two, R"({"s": "abcdefgh"})", On("t")).ok());
  out = evaluator.Evaluate(*two, R"({"s": "abcdefghi"})", On("t"));
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().message(),
            "the SET values up to @b are together larger than the limit of 20 bytes as JSON "
            "(max_variable_bytes)");
  // The default is AWS's 128 KiB, for each value and in total.
  evaluator.set_limits(Limits());
  std::string s100k = R"({"s": ")" + std::string(100 * 1024, 'x') + R"("})";
  EXPECT_TRUE(evaluator.Evaluate(*one, s100k, On("t")).ok());
  out = evaluator.Evaluate(*two, s100k, On("t"));
  ASSERT_FALSE(out.ok());
  EXPECT_THAT(out.status().message(), HasSubstr("limit of 131072 bytes"));
}

TEST(Limits, RenderedTemplateSize) {
  absl::StatusOr<Rule> rule = Rule::Compile("SELECT * FROM 't/+'", SqlVersion::k2016_03_23);
  ASSERT_TRUE(rule.ok());
  absl::StatusOr<Template> key = Template::Compile("${topic()}/${s}", *rule);
  ASSERT_TRUE(key.ok());
  Evaluator evaluator;
  Limits limits;
  limits.max_output_bytes = 10;
  evaluator.set_limits(limits);
  absl::StatusOr<std::string_view> text = evaluator.Render(*key, R"({"s": "abc"})", On("t/1"));
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(*text, "t/1/abc");
  text = evaluator.Render(*key, R"({"s": "abcdefghij"})", On("t/1"));
  ASSERT_FALSE(text.ok());
  EXPECT_THAT(text.status().message(), HasSubstr("the rendered template is larger than"));
}

TEST(Limits, RegexMemory) {
  absl::StatusOr<Rule> rule =
      Rule::Compile("SELECT regexp_matches(s, '(abc|def){1,50}[0-9]{1,80}x') AS m FROM 't'",
                    SqlVersion::k2016_03_23);
  ASSERT_TRUE(rule.ok());
  Evaluator evaluator;
  absl::StatusOr<EvalResult> out = evaluator.Evaluate(*rule, R"({"s": "abc1x"})", On("t"));
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->payload, R"({"m":true})");
  // The same pattern does not fit a small budget: the call is Undefined (m left out).
  Limits limits;
  limits.max_regex_memory = 4 * 1024;
  evaluator.set_limits(limits);
  out = evaluator.Evaluate(*rule, R"({"s": "abc1x"})", On("t"));
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->payload, "{}");
}

TEST(Limits, EngineActionsPayloadAndOutput) {
  testing::RecordingSink sink;
  EngineOptions options;
  options.sink = &sink;
  options.limits.max_actions = 1;
  options.limits.max_payload_bytes = 64;
  options.limits.max_output_bytes = 32;
  RuleEngine engine(options);
  ActionSpec republish{"republish", R"({"topic": "out", "roleArn": "arn:aws:iam::1:role/r"})"};
  absl::Status added =
      engine.AddRule(testing::Doc("two", "SELECT * FROM 'in'", {republish, republish}));
  ASSERT_FALSE(added.ok());
  EXPECT_THAT(added.message(), HasSubstr("a rule has at most 1 actions, not 2 (max_actions)"));
  ASSERT_TRUE(engine.AddRule(testing::Doc("one", "SELECT * FROM 'in'", {republish})).ok());

  absl::StatusOr<int> outputs = engine.Publish("in", R"({"a": 1})", testing::Context());
  ASSERT_TRUE(outputs.ok());
  EXPECT_EQ(*outputs, 1);
  // Within the payload limit, but the output is too large: an evaluation error, no action.
  outputs = engine.Publish("in", R"({"a": "0123456789012345678901234567890"})",
                           testing::Context());
  ASSERT_TRUE(outputs.ok());
  EXPECT_EQ(*outputs, 0);
  // Beyond the payload limit: refused as a whole.
  outputs = engine.Publish("in", "\"" + std::string(80, 'x') + "\"", testing::Context());
  ASSERT_FALSE(outputs.ok());
  EXPECT_THAT(outputs.status().message(), HasSubstr("(max_payload_bytes)"));
  engine.Flush();
  std::optional<RuleMetrics> metrics = engine.GetRuleMetrics("one");
  ASSERT_TRUE(metrics.has_value());
  EXPECT_EQ(metrics->outputs, 1u);
  EXPECT_EQ(metrics->errors, 1u);
  EXPECT_EQ(sink.delivered().size(), 1u);
}

TEST(Limits, EngineSqlLimits) {
  EngineOptions options;
  options.limits.max_sql_bytes = 30;
  RuleEngine engine(options);
  absl::Status added = engine.AddRule(testing::Doc("r", "SELECT a, b, c, d, e FROM 'in/topic'"));
  ASSERT_FALSE(added.ok());
  EXPECT_THAT(added.message(), HasSubstr("more than the limit of 30"));
}

}  // namespace
}  // namespace iotsql
