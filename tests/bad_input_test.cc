// The README's bad-input table (section Reliability), one test per row: each class of hostile or
// broken input, and what iotsql does with it. A row's wording and its test change together.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "iotsql/engine.h"
#include "iotsql/iotsql.h"
#include "iotsql/sinks.h"
#include "validate/report.h"
#include "validate/validator.h"

namespace iotsql {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

MessageContext On(std::string topic = "t") {
  MessageContext c;
  c.topic = std::move(topic);
  c.timestamp_ms = 1700000000000;
  return c;
}

// The output of `sql` (2016-03-23) on `payload`; "<rejected>" when WHERE rejects it,
// "<binary>" + bytes for a binary output, "<error: ...>" for an evaluation error.
std::string Output(const std::string& sql, std::string_view payload) {
  absl::StatusOr<Rule> rule = Rule::Compile(sql, SqlVersion::k2016_03_23);
  if (!rule.ok()) return "<compile error: " + std::string(rule.status().message()) + ">";
  Evaluator evaluator;
  absl::StatusOr<EvalResult> out = evaluator.Evaluate(*rule, payload, On());
  if (!out.ok()) return "<error: " + std::string(out.status().message()) + ">";
  if (!out->matched) return "<rejected>";
  return (out->binary ? "<binary>" : "") + std::string(out->payload);
}

std::string CompileError(const std::string& sql) {
  absl::StatusOr<Rule> rule = Rule::Compile(sql, SqlVersion::k2016_03_23);
  return rule.ok() ? "" : std::string(rule.status().message());
}

std::string RuleJson(const std::string& sql, int actions = 1, const std::string& name = "") {
  std::string json = "{";
  if (!name.empty()) json += "\"ruleName\": \"" + name + "\", ";
  json += "\"sql\": \"" + sql + "\", \"actions\": [";
  for (int i = 0; i < actions; ++i) {
    json += std::string(i ? ", " : "") +
            R"({"republish": {"topic": "out", "roleArn": "arn:aws:iam::123456789012:role/r"}})";
  }
  return json + "]}";
}

// Row: malformed JSON payload.
TEST(BadInput, MalformedJson) {
  for (std::string payload : {"{\"temp\": 5,}", "{\"temp\" 5}", "tru", "{'temp': 5}", "[1 2]"}) {
    SCOPED_TRACE(payload);
    // Not JSON: the payload is binary. `*` is its bytes, members are Undefined.
    EXPECT_EQ(Output("SELECT * FROM 't'", payload), "<binary>" + payload);
    EXPECT_EQ(Output("SELECT temp FROM 't'", payload), "{}");
    EXPECT_EQ(Output("SELECT encode(*, 'base64') AS b FROM 't' WHERE isUndefined(temp)", payload)
                  .substr(0, 6),
              "{\"b\":\"");
  }
  // A member no rule reads is skipped, not validated (README, "Where the AWS documentation is
  // silent").
  EXPECT_EQ(Output("SELECT temp FROM 't'", R"({"temp": 5, "other": tru})"), R"({"temp":5})");
  EXPECT_EQ(Output("SELECT * FROM 't'", R"({"temp": 5, "other": tru})"),
            R"(<binary>{"temp": 5, "other": tru})");
}

// Row: truncated JSON payload.
TEST(BadInput, TruncatedJson) {
  const std::string full = R"({"temp": 57.5, "nested": {"list": [1, 2, "three"]}, "s": "end"})";
  for (size_t cut = 1; cut < full.size(); ++cut) {
    std::string payload = full.substr(0, cut);
    SCOPED_TRACE(payload);
    EXPECT_EQ(Output("SELECT * FROM 't'", payload), "<binary>" + payload);
    EXPECT_EQ(Output("SELECT s FROM 't'", payload), "{}");
  }
}

// Row: invalid UTF-8.
TEST(BadInput, InvalidUtf8) {
  // In a payload: not JSON, so binary.
  const std::string payload = "{\"s\": \"caf\xC3\"}";
  EXPECT_EQ(Output("SELECT * FROM 't'", payload), "<binary>" + payload);
  EXPECT_EQ(Output("SELECT s FROM 't'", payload), "{}");
  // In SQL: a compile error at the byte.
  EXPECT_THAT(CompileError("SELECT 'caf\xC3' AS s FROM 't'"),
              HasSubstr("1:12: error: the SQL statement is not valid UTF-8"));
  // In a rule document: an error at its place.
  absl::StatusOr<RuleDocument> doc =
      ParseRuleDocument(RuleJson("SELECT 'caf\xC3' AS s FROM 't'"), "r");
  EXPECT_FALSE(doc.ok());
  // In a YAML file given to `iotsql validate`: quoted in findings as U+FFFD, so that the JSON
  // and SARIF reports stay JSON.
  std::vector<validate::FileReport> reports;
  // (yaml-cpp replaces some malformed bytes with U+FFFD itself, not all: a long run of them
  // reaches the findings as it is.)
  reports.push_back(validate::ValidateText(
      "rule.yaml",
      "{\"sql\": \"SELECT * FROM 't'\", \"actions\": [], \"bad" + std::string(70, '\xCA') + "\": 1}",
      /*named=*/true));
  ASSERT_EQ(reports[0].findings.size(), 2u);
  EXPECT_THAT(reports[0].findings[1].message, HasSubstr("\xCA\xCA"));
  std::string json = validate::FormatJson(reports);
  EXPECT_THAT(json, HasSubstr("unknown member 'bad\xEF\xBF\xBD\xEF\xBF\xBD"));  // U+FFFD
  EXPECT_THAT(json, Not(HasSubstr("\xCA")));
  EXPECT_THAT(validate::FormatSarif(reports, "test"), Not(HasSubstr("\xCA")));
}

// Row: deep nesting.
TEST(BadInput, DeepNesting) {
  // Payload: up to 256 levels are JSON (Limits::max_json_depth), deeper is binary.
  std::string deep = std::string(300, '[') + std::string(300, ']');
  EXPECT_EQ(Output("SELECT * FROM 't'", deep), "<binary>" + deep);
  std::string ok = std::string(255, '[') + std::string(255, ']');
  EXPECT_EQ(Output("SELECT * FROM 't'", ok), ok);
  // SQL: brackets and CASE beyond 256 levels (Limits::max_nesting), or a tree deeper than 1000
  // (Limits::max_expression_depth), are compile errors, before any deep recursion.
  EXPECT_THAT(CompileError("SELECT " + std::string(300, '(') + "1" + std::string(300, ')') +
                           " AS x FROM 't'"),
              HasSubstr("expression nested too deeply"));
  std::string chain = "a";
  for (int i = 0; i < 2000; ++i) chain += " + a";
  EXPECT_THAT(CompileError("SELECT " + chain + " AS x FROM 't'"),
              HasSubstr("expression nested too deeply"));
  std::string nots;
  for (int i = 0; i < 20000; ++i) nots += "NOT ";
  EXPECT_THAT(CompileError("SELECT " + nots + "true AS x FROM 't'"),
              HasSubstr("expression nested too deeply"));
  // Rule files: JSON nested deeper than 128 levels is refused by the engine's reader.
  std::string doc = R"({"sql": "SELECT * FROM 't'", "actions": [], "description": "x", "x": )" +
                    std::string(200, '[') + std::string(200, ']') + "}";
  absl::StatusOr<RuleDocument> parsed = ParseRuleDocument(doc, "r");
  ASSERT_FALSE(parsed.ok());
  EXPECT_THAT(parsed.status().message(), HasSubstr("nests too deeply"));
  validate::FileReport yaml = validate::ValidateText(
      "rule.yaml", std::string(600, '[') + std::string(600, ']'), /*named=*/true);
  ASSERT_FALSE(yaml.findings.empty());
  EXPECT_THAT(yaml.findings[0].message, HasSubstr("nested too deeply"));
}

// Row: huge numbers.
TEST(BadInput, HugeNumbers) {
  // Beyond 34 digits: rounded to 34 significant digits, as a Decimal.
  EXPECT_EQ(Output("SELECT a FROM 't'", R"({"a": 123456789012345678901234567890123456789})"),
            R"({"a":1.234567890123456789012345678901235E+38})");
  // Exponents a double cannot hold are fine for a Decimal ...
  EXPECT_EQ(Output("SELECT a FROM 't'", R"({"a": 1e400})"), R"({"a":1E+400})");
  // ... up to the Decimal's range (about 1E±6111); beyond it the payload is not JSON.
  EXPECT_EQ(Output("SELECT a FROM 't'", R"({"a": 1e7000})"), "{}");
  EXPECT_EQ(Output("SELECT * FROM 't'", R"({"a": 1e7000})"), R"(<binary>{"a": 1e7000})");
  // An Int literal of more than 34 digits is Undefined.
  EXPECT_EQ(Output("SELECT 1234567890123456789012345678901234567890 AS x, 1 AS y FROM 't'", "{}"),
            R"({"y":1})");
}

// Row: huge strings.
TEST(BadInput, HugeStrings) {
  // A payload is at most 128 KiB (Limits::max_payload_bytes) ...
  std::string big = "{\"s\": \"" + std::string(128 * 1024, 'x') + "\"}";
  EXPECT_THAT(Output("SELECT length(s) AS n FROM 't'", big), HasSubstr("max_payload_bytes"));
  std::string fits = "{\"s\": \"" + std::string(100 * 1024, 'x') + "\"}";
  EXPECT_EQ(Output("SELECT length(s) AS n FROM 't'", fits), R"({"n":102400})");
  // ... pads are clamped to 1000 characters, string results past 8 MiB are Undefined, no SET
  // value grows past 128 KiB (Limits::max_variable_bytes) and no output past 1 MiB
  // (Limits::max_output_bytes).
  EXPECT_EQ(Output("SELECT length(lpad('a', 5000000)) AS n FROM 't'", "{}"), R"({"n":1001})");
  EXPECT_EQ(Output("SELECT length(replace(replace(lpad('', 1000), ' ', lpad('', 1000)), ' ', "
                "lpad('', 1000))) AS n, 1 AS one FROM 't'",
                "{}"),
            R"({"one":1})");
  EXPECT_THAT(Output("SET @s = replace(lpad('', 1000), ' ', lpad('', 1000)) "
                     "SELECT 1 AS a FROM 't'",
                     "{}"),
              HasSubstr("max_variable_bytes"));
  EXPECT_THAT(Output("SELECT replace(lpad('', 1000), ' ', lpad('', 1000)) AS a, "
                     "replace(lpad('', 1000), ' ', lpad('', 1000)) AS b FROM 't'",
                     "{}"),
              HasSubstr("max_output_bytes"));
}

// Row: NUL bytes.
TEST(BadInput, NulBytes) {
  // Escaped in JSON strings: kept, and written escaped.
  EXPECT_EQ(Output("SELECT s, length(s) AS n FROM 't'", R"({"s": "a\u0000b"})"),
            R"({"s":"a\u0000b","n":3})");
  // Raw, after a document (C strings): not JSON.
  std::string payload("{\"s\": 1}\0", 9);
  EXPECT_EQ(Output("SELECT * FROM 't'", payload), "<binary>" + payload);
  std::string scalar("null\0\t", 6);
  EXPECT_EQ(Output("SELECT * FROM 't'", scalar), "<binary>" + scalar);
  // In a topic filter: a compile error.
  EXPECT_THAT(CompileError(std::string("SELECT * FROM 'a\0b'", 19)),
              HasSubstr("the topic filter contains a NUL character"));
  // In a SQL string literal: kept.
  const char sql[] = "SELECT length('a\0b') AS n FROM 't'";
  EXPECT_EQ(Output(std::string(sql, sizeof sql - 1), "{}"), R"({"n":3})");
}

// Row: hostile regular expressions.
TEST(BadInput, HostileRegex) {
  // Catastrophic backtracking in Java is linear time in RE2.
  std::string s = std::string(100000, 'a') + "!";
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(Output("SELECT regexp_matches(s, '(a+)+$') AS m FROM 't'", "{\"s\": \"" + s + "\"}"),
            R"({"m":false})");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  // Back-references and look-around have no linear-time equivalent: Undefined.
  EXPECT_EQ(Output("SELECT regexp_matches(s, p) AS m FROM 't'", R"j({"s": "aa", "p": "(a)\\1"})j"),
            "{}");
  EXPECT_EQ(Output("SELECT regexp_matches(s, p) AS m FROM 't'", R"j({"s": "aa", "p": "a(?=a)"})j"),
            "{}");
  // A pattern whose program exceeds Limits::max_regex_memory (4 MiB): Undefined.
  EXPECT_EQ(Output("SELECT regexp_matches(s, p) AS m FROM 't'",
                R"j({"s": "aa", "p": "((((a{100}){100}){100}){100})"})j"),
            "{}");
  // Malformed patterns: Undefined.
  EXPECT_EQ(Output("SELECT regexp_matches(s, p) AS m FROM 't'", R"j({"s": "aa", "p": "(a"})j"), "{}");
}

// Row: division by zero.
TEST(BadInput, DivisionByZero) {
  EXPECT_EQ(Output("SELECT a / 0 AS d, a % 0 AS m, mod(a, 0) AS f, 1.5 / 0 AS g, a / 0.0 AS h, "
                "'ok' AS ok FROM 't'",
                R"({"a": 7})"),
            R"({"ok":"ok"})");
}

// Row: integer overflow.
TEST(BadInput, IntegerOverflow) {
  // Past int64 Ints stay exact (34 digits) ...
  EXPECT_EQ(Output("SELECT a + 1 AS y, -a - 2 AS z, abs(-a - 1) AS w, a * 1000 AS p FROM 't'",
                R"({"a": 9223372036854775807})"),
            R"({"y":9223372036854775808,"z":-9223372036854775809,"w":9223372036854775808,)"
            R"("p":9223372036854775807000})");
  // ... and a result past 34 digits is Undefined.
  EXPECT_EQ(Output("SELECT a * a * a AS c, 'ok' AS ok FROM 't'", R"({"a": 9223372036854775807})"),
            R"({"ok":"ok"})");
  // Doubles that overflow (power, exp) are Undefined, never Infinity in the output.
  EXPECT_EQ(Output("SELECT power(10, 400) AS p, exp(1000) AS e, sqrt(-1) AS s, 'ok' AS ok FROM 't'",
                "{}"),
            R"({"ok":"ok"})");
}

// Row: unknown functions.
TEST(BadInput, UnknownFunctions) {
  EXPECT_THAT(CompileError("SELECT uppr(a) AS u FROM 't'"),
              HasSubstr("error: unknown function 'uppr' [unknown-function]"));
  EXPECT_THAT(CompileError("SELECT uppr(a) AS u FROM 't'"), HasSubstr("did you mean upper()?"));
  absl::StatusOr<Rule> rule = Rule::Compile("SELECT * FROM 't'");
  ASSERT_TRUE(rule.ok());
  absl::StatusOr<Template> key = Template::Compile("${timestam()}", *rule);
  ASSERT_FALSE(key.ok());
  EXPECT_THAT(key.status().message(), HasSubstr("unknown function 'timestam'"));
}

// Row: malformed topics.
TEST(BadInput, MalformedTopics) {
  EXPECT_THAT(CompileError("SELECT * FROM 'a/#/b'"),
              HasSubstr("# must be the last level of the topic filter"));
  EXPECT_THAT(CompileError("SELECT * FROM 'a+/b'"),
              HasSubstr("+ must occupy a whole level of the topic filter"));
  EXPECT_THAT(CompileError("SELECT * FROM ''"), HasSubstr("the topic filter is empty"));
  RuleEngine engine;
  ASSERT_TRUE(engine.AddRule(*ParseRuleDocument(RuleJson("SELECT * FROM 'a/#'"), "r")).ok());
  EXPECT_FALSE(engine.Publish("", "{}", On("")).ok());
  EXPECT_THAT(engine.Publish("a/+", "{}", On("a/+")).status().message(),
              HasSubstr("is a topic filter"));
  // Odd but publishable topics just match or not.
  EXPECT_EQ(*engine.Publish("a//", "{}", On("a//")), 1);
  EXPECT_EQ(*engine.Publish("$aws/rules/", "{}", On("$aws/rules/")), 0);
  // AWS's topic limits (8 levels, 256 bytes, the Basic Ingest prefix not counted), each
  // configurable: beyond them a filter does not compile and a topic is refused.
  EXPECT_EQ(*engine.Publish("a/2/3/4/5/6/7/8", "{}", On()), 1);
  EXPECT_THAT(engine.Publish("a/2/3/4/5/6/7/8/9", "{}", On()).status().message(),
              HasSubstr("the topic has 9 levels; AWS topics have at most 8 (max_topic_levels)"));
  EXPECT_THAT(engine.Publish(std::string(5000, '/'), "{}", On()).status().message(),
              HasSubstr("at most 256 (max_topic_bytes)"));
  EXPECT_EQ(*engine.Publish("$aws/rules/r/a/2/3/4/5/6/7/8", "{}", On()), 1);
  EXPECT_THAT(CompileError("SELECT * FROM 'a/2/3/4/5/6/7/8/9'"),
              HasSubstr("the topic filter is too long: the topic has 9 levels"));
  EXPECT_THAT(CompileError("SELECT * FROM '" + std::string(257, 'x') + "'"),
              HasSubstr("AWS topics have at most 256 (max_topic_bytes)"));
  Limits deep;
  deep.max_topic_levels = 20;
  EXPECT_TRUE(Rule::Compile("SELECT * FROM 'a/2/3/4/5/6/7/8/9'", SqlVersion::k2016_03_23, deep).ok());
  // The evaluator sees no match on a topic AWS's broker would refuse.
  absl::StatusOr<Rule> all = Rule::Compile("SELECT * FROM '#'", SqlVersion::k2016_03_23);
  ASSERT_TRUE(all.ok());
  Evaluator evaluator;
  MessageContext context;
  context.topic = "a/2/3/4/5/6/7/8/9";
  EXPECT_FALSE(evaluator.Evaluate(*all, "{}", context)->matched);
  evaluator.set_limits(deep);
  EXPECT_TRUE(evaluator.Evaluate(*all, "{}", context)->matched);
  // A filter without '#' fixes the levels of what it matches; the evaluator's own limits still
  // apply, whatever they were when the rule compiled.
  absl::StatusOr<Rule> three = Rule::Compile("SELECT * FROM 'a/+/c'", SqlVersion::k2016_03_23);
  ASSERT_TRUE(three.ok());
  context.topic = "a/" + std::string(200, 'b') + "/c";
  EXPECT_TRUE(evaluator.Evaluate(*three, "{}", context)->matched);
  Limits tight;
  tight.max_topic_levels = 2;
  evaluator.set_limits(tight);
  EXPECT_FALSE(evaluator.Evaluate(*three, "{}", context)->matched);
  tight.max_topic_levels = 3;
  tight.max_topic_bytes = 100;
  evaluator.set_limits(tight);
  EXPECT_FALSE(evaluator.Evaluate(*three, "{}", context)->matched);
  context.topic = "a/b/c";
  EXPECT_TRUE(evaluator.Evaluate(*three, "{}", context)->matched);
}

// Row: oversized rules.
TEST(BadInput, OversizedRules) {
  // SQL beyond Limits::max_sql_bytes (256 KiB).
  std::string huge = "SELECT '" + std::string(300 * 1024, 'x') + "' AS x FROM 't'";
  EXPECT_THAT(CompileError(huge), HasSubstr("more than the limit of 262144"));
  // More than 10 actions, or a name past 128 characters: refused with the API's rules.
  absl::StatusOr<RuleDocument> doc = ParseRuleDocument(RuleJson("SELECT * FROM 't'", 11), "r");
  ASSERT_FALSE(doc.ok());
  EXPECT_THAT(doc.status().message(), HasSubstr("a rule has at most 10 actions"));
  doc = ParseRuleDocument(RuleJson("SELECT * FROM 't'", 1, std::string(129, 'a')), "r");
  EXPECT_FALSE(doc.ok());
  // A payload beyond Limits::max_payload_bytes (128 KiB): refused by Publish.
  RuleEngine engine;
  ASSERT_TRUE(engine.AddRule(*ParseRuleDocument(RuleJson("SELECT * FROM 't'"), "r")).ok());
  absl::StatusOr<int> published =
      engine.Publish("t", std::string(128 * 1024 + 1, ' '), On());
  ASSERT_FALSE(published.ok());
  EXPECT_THAT(published.status().message(), HasSubstr("max_payload_bytes"));
}

// Row: credentials. Read only from the standard places (ActionsCredentials, FakeHome tests);
// here: whatever goes wrong, neither the secret key nor the session token reaches a log line,
// an error, or a dead letter.
TEST(BadInput, CredentialsStayOut) {
  const std::string secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY";
  const std::string token = "FwoGZXIvYXdzSESSIONTOKENvalue";
  std::vector<std::string> logged;
  std::mutex mu;
  AwsSinkOptions aws;
  aws.region = "us-east-1";
  aws.endpoint_url = "http://127.0.0.1:1";  // nothing listens: every request fails
  aws.credentials = AwsCredentials{"AKIAIOSFODNN7EXAMPLE", secret, token, "test"};
  aws.connect_timeout_ms = 500;
  aws.log = [&](const std::string& line) {
    std::lock_guard<std::mutex> lock(mu);
    logged.push_back(line);
  };
  absl::StatusOr<std::unique_ptr<AsyncActionSink>> sink = MakeAwsSink(aws);
  ASSERT_TRUE(sink.ok()) << sink.status();
  const std::string dead_path = ::testing::TempDir() + "/bad_input_dead_letters.ndjson";
  std::remove(dead_path.c_str());
  absl::StatusOr<std::unique_ptr<DeadLetterWriter>> dead = DeadLetterWriter::Open(dead_path);
  ASSERT_TRUE(dead.ok()) << dead.status();
  {
    EngineOptions options;
    options.sink = sink->get();
    options.dead_letters = dead->get();
    options.max_attempts = 1;
    RuleEngine engine(options);
    absl::StatusOr<RuleDocument> doc = ParseRuleDocument(
        R"({"sql": "SELECT * FROM 't'", "actions": [{"s3": {"bucketName": "b", "key": "k",)"
        R"( "roleArn": "arn:aws:iam::123456789012:role/r"}}]})",
        "r");
    ASSERT_TRUE(doc.ok()) << doc.status();
    ASSERT_TRUE(engine.AddRule(*doc).ok());
    ASSERT_TRUE(engine.Publish("t", R"({"a": 1})", On()).ok());
    engine.Flush();
    EXPECT_EQ(engine.GetActionMetrics("r", 0)->dead_lettered, 1u);
  }
  std::ifstream in(dead_path);
  std::stringstream text;
  text << in.rdbuf();
  ASSERT_THAT(text.str(), HasSubstr("127.0.0.1"));  // the failure is there ...
  std::string all = text.str();
  for (const std::string& line : logged) all += line + "\n";
  EXPECT_EQ(all.find(secret), std::string::npos) << all;  // ... the secrets are not
  EXPECT_EQ(all.find(token), std::string::npos) << all;
}

}  // namespace
}  // namespace iotsql
