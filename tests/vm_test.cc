// End-to-end evaluation through the public API: SQL + payload in, outgoing payload out.
#include <string>

#include "gtest/gtest.h"
#include "iotsql/iotsql.h"

namespace iotsql {
namespace {

constexpr SqlVersion kV1 = SqlVersion::k2015_10_08;
constexpr SqlVersion kV2 = SqlVersion::k2016_03_23;

std::string Eval(const std::string& sql, const std::string& payload, SqlVersion v = kV2,
                 const std::string& topic = "t/1") {
  absl::StatusOr<Rule> rule = Rule::Compile(sql, v);
  if (!rule.ok()) return "COMPILE ERROR: " + std::string(rule.status().message());
  Evaluator ev;
  MessageContext ctx;
  ctx.topic = topic;
  ctx.timestamp_ms = 1000;
  absl::StatusOr<EvalResult> r = ev.Evaluate(*rule, payload, ctx);
  if (!r.ok()) return "ERROR";
  if (!r->matched) return "NO_MATCH";
  return std::string(r->payload);
}

TEST(Vm, FilterAndProject) {
  const std::string sql = "SELECT temp, device FROM 'sensors/+/telemetry' WHERE temp > 50";
  EXPECT_EQ(Eval(sql, R"({"device":"d1","temp":57.23,"x":1})", kV2, "sensors/d1/telemetry"),
            R"({"temp":57.23,"device":"d1"})");
  EXPECT_EQ(Eval(sql, R"({"device":"d1","temp":12.5})", kV2, "sensors/d1/telemetry"), "NO_MATCH");
  EXPECT_EQ(Eval(sql, R"({"device":"d1","temp":60})", kV2, "other/d1/telemetry"), "NO_MATCH");
  EXPECT_EQ(Eval(sql, R"({"device":"d1"})", kV2, "sensors/d1/telemetry"), "NO_MATCH");
}

TEST(Vm, StarAndUndefinedMembers) {
  EXPECT_EQ(Eval("SELECT * FROM 't/1'", R"({"a": 1, "b": [true, null]})"),
            R"({"a":1,"b":[true,null]})");
  EXPECT_EQ(Eval("SELECT *, 15 AS speed FROM 't/1'", R"({"a":1})"), R"({"a":1,"speed":15})");
  EXPECT_EQ(Eval("SELECT *, 2 AS a FROM 't/1'", R"({"a":1,"b":2})"), R"({"a":2,"b":2})");
  EXPECT_EQ(Eval("SELECT foo, bar FROM 't/1'", R"({"foo":null})"), R"({"foo":null})");
  EXPECT_EQ(Eval("SELECT nosuch FROM 't/1'", R"({"a":1})"), "{}");
  EXPECT_EQ(Eval("SELECT VALUE nosuch FROM 't/1'", R"({"a":1})"), "");
  EXPECT_EQ(Eval("SELECT * AS message FROM 't/1'", R"({"a":1})"), R"({"message":{"a":1}})");
  EXPECT_EQ(Eval("SELECT VALUE *.messages FROM 't/1'", R"({"messages":[1,2]})"), "[1,2]");
}

TEST(Vm, DuplicatePayloadKeysKeepTheLastValueAtTheFirstPosition) {
  EXPECT_EQ(Eval("SELECT * FROM 't/1'", R"({"x":9,"y":1,"x":1})"), R"({"x":1,"y":1})");
  EXPECT_EQ(Eval("SELECT x FROM 't/1'", R"({"x":9,"y":1,"x":1})"), R"({"x":1})");
  EXPECT_EQ(Eval("SELECT VALUE o FROM 't/1'", R"({"o":{"a":1,"b":2,"a":3}})"), R"({"a":3,"b":2})");
  EXPECT_EQ(Eval("SELECT {'a': 1, 'a': 2} AS o FROM 't/1'", "{}"), R"({"o":{"a":2}})");
}

TEST(Vm, EscapedKeysMatchMemberNames) {
  EXPECT_EQ(Eval("SELECT temp FROM 't/1'", R"({"te\u006dp":5})"), R"({"temp":5})");
  EXPECT_EQ(Eval("SELECT temp FROM 't/1'", R"({"te\qmp":5})"), "{}");  // bad escape: not JSON
}

TEST(Vm, DottedAliasesMergeIntoNestedObjects) {
  EXPECT_EQ(Eval("SELECT a AS state.x, b AS state.y, c AS z FROM 't/1'",
                 R"({"a":1,"b":2,"c":3})"),
            R"({"state":{"x":1,"y":2},"z":3})");
  EXPECT_EQ(Eval("SELECT foo.bar AS bar.baz FROM 't/1'", R"({"foo":{"bar":"RED"}})"),
            R"({"bar":{"baz":"RED"}})");
}

TEST(Vm, NumbersFollowTheSqlVersion) {
  EXPECT_EQ(Eval("SELECT v FROM 't/1'", R"({"v":10.0})", kV2), R"({"v":10})");
  EXPECT_EQ(Eval("SELECT v FROM 't/1'", R"({"v":10.0})", kV1), R"({"v":10.0})");
  EXPECT_EQ(Eval("SELECT 1.5 + 1.5 AS v FROM 't/1'", "{}", kV1), R"({"v":3.0})");
  EXPECT_EQ(Eval("SELECT 1.5 + 1.5 AS v FROM 't/1'", "{}", kV2), R"({"v":3})");
  EXPECT_EQ(Eval("SELECT 0.1 + 0.2 AS v FROM 't/1'", "{}", kV1), R"({"v":0.3})");
  EXPECT_EQ(Eval("SELECT 10 / 4 AS v FROM 't/1'", "{}"), R"({"v":2})");
  EXPECT_EQ(Eval("SELECT 10.0 / 4 AS v FROM 't/1'", "{}", kV1), R"({"v":2.5})");
  EXPECT_EQ(Eval("SELECT 1 / 0 AS v FROM 't/1'", "{}"), "{}");
  EXPECT_EQ(Eval("SELECT -7 % 3 AS v FROM 't/1'", "{}"), R"({"v":-1})");
  EXPECT_EQ(Eval("SELECT 9223372036854775807 + 1 AS v FROM 't/1'", "{}"),
            R"({"v":9223372036854775808})");
  EXPECT_EQ(Eval("SELECT n FROM 't/1'", R"({"n":123456789012345678901234567890})"),
            R"({"n":123456789012345678901234567890})");
}

TEST(Vm, OperatorTables) {
  EXPECT_EQ(Eval("SELECT 'a' + 1 AS v, '1' + 2 AS w, '5' - '3' AS x FROM 't/1'", "{}"),
            R"({"v":"a1","w":"12","x":2})");
  EXPECT_EQ(Eval("SELECT '10' > '9' AS v, 'b' > 'a' AS w FROM 't/1'", "{}"), R"({"v":true})");
  EXPECT_EQ(Eval("SELECT 'true' AND true AS v, false AND 1 AS w FROM 't/1'", "{}"),
            R"({"v":true})");
  EXPECT_EQ(Eval("SELECT null = null AS v, null <> null AS w, '1' = 1 AS x FROM 't/1'", "{}"),
            R"({"v":true,"w":false,"x":false})");
  EXPECT_EQ(Eval("SELECT {'a':1,'b':2} = {'b':2,'a':1} AS v FROM 't/1'", "{}"), R"({"v":true})");
  EXPECT_EQ(Eval("SELECT 3 IN [1, 2, 3.0] AS v, '3' IN [3] AS w, 1 IN 'x' AS x FROM 't/1'", "{}"),
            R"({"v":true,"w":false})");
  EXPECT_EQ(Eval("SELECT -a AS v FROM 't/1'", R"({"a":5})"), R"({"v":-5})");
  EXPECT_EQ(Eval("SELECT NOT 1 AS v FROM 't/1'", "{}"), "{}");
}

TEST(Vm, WhereNeedsBooleanTrue) {
  EXPECT_EQ(Eval("SELECT * FROM 't/1' WHERE ok", R"({"ok":true})"), R"({"ok":true})");
  EXPECT_EQ(Eval("SELECT * FROM 't/1' WHERE ok", R"({"ok":"true"})"), "NO_MATCH");
  EXPECT_EQ(Eval("SELECT * FROM 't/1' WHERE ok", R"({"ok":1})"), "NO_MATCH");
  EXPECT_EQ(Eval("SELECT a AS b FROM 't/1' WHERE b = 1", R"({"a":1})"), "NO_MATCH");
}

TEST(Vm, Case) {
  const std::string sql =
      "SELECT CASE c WHEN 'g' THEN 'go' WHEN 'r' THEN 'stop' ELSE 'other' END AS v FROM 't/1'";
  EXPECT_EQ(Eval(sql, R"({"c":"g"})"), R"({"v":"go"})");
  EXPECT_EQ(Eval(sql, R"({"c":"r"})"), R"({"v":"stop"})");
  EXPECT_EQ(Eval(sql, R"({"c":"x"})"), R"({"v":"other"})");
  EXPECT_EQ(Eval(sql, R"({"d":"x"})"), "{}");  // Undefined subject: Undefined even with ELSE
  EXPECT_EQ(Eval("SELECT CASE a WHEN 1 THEN 'one' END AS v FROM 't/1'", R"({"a":2})"), "{}");
  EXPECT_EQ(Eval("SELECT CASE a > 5 WHEN true THEN 'hi' ELSE 'lo' END AS v FROM 't/1'",
                 R"({"a":7})"),
            R"({"v":"hi"})");
}

TEST(Vm, NestedQueries) {
  const std::string payload =
      R"({"e":[{"n":"temperature","v":22.5},{"n":"light","v":135},{"n":"acidity","v":7}]})";
  EXPECT_EQ(Eval("SELECT (SELECT v FROM e WHERE n = 'temperature') AS t FROM 't/1'", payload),
            R"({"t":[{"v":22.5}]})");
  EXPECT_EQ(Eval("SELECT (SELECT VALUE n FROM e) AS names FROM 't/1'", payload),
            R"({"names":["temperature","light","acidity"]})");
  EXPECT_EQ(Eval("SELECT (SELECT VALUE n FROM e WHERE v > 1000) AS x FROM 't/1'", payload),
            R"({"x":[]})");
  EXPECT_EQ(Eval("SELECT get((SELECT v FROM e WHERE n = 'light'), 0).v AS l FROM 't/1'",
                 payload),
            R"({"l":135})");
  EXPECT_EQ(Eval("SELECT (SELECT a, b FROM d) AS o FROM 't/1'", R"({"d":{"a":1,"b":2,"c":3}})"),
            R"({"o":{"a":1,"b":2}})");
  EXPECT_EQ(Eval("SELECT VALUE get((SELECT *, topic() AS t FROM *), 0) FROM 't/1'", R"({"a":1})"),
            R"({"a":1,"t":"t/1"})");
  EXPECT_EQ(Eval("SELECT (SELECT VALUE x FROM nosuch) AS v FROM 't/1'", "{}"), "{}");
}

TEST(Vm, SetVariables) {
  EXPECT_EQ(Eval("SET @a = 1, @b = @a + 1 SELECT @b AS b FROM 't/1'", "{}"), R"({"b":2})");
  EXPECT_EQ(Eval("SET @d = dev.sensors SELECT @d.temp AS t FROM 't/1'",
                 R"({"dev":{"sensors":{"temp":21}}})"),
            R"({"t":21})");
}

TEST(Vm, BinaryPayloads) {
  std::string bytes("\x00\x01\x02\xff", 4);
  EXPECT_EQ(Eval("SELECT * FROM 't/1'", bytes), bytes);
  EXPECT_EQ(Eval("SELECT encode(*, 'base64') AS d FROM 't/1'", bytes), R"({"d":"AAEC/w=="})");
  EXPECT_EQ(Eval("SELECT * FROM 't/1' WHERE device = 'x'", bytes), "NO_MATCH");
  EXPECT_EQ(Eval("SELECT a FROM 't/1'", R"({"a":1} trailing)"), "{}");
  EXPECT_EQ(Eval("SELECT * FROM 't/1'", "80"), "80");
}

TEST(Vm, BasicIngest) {
  absl::StatusOr<Rule> rule = Rule::Compile("SELECT topic() AS t FROM 'a/#'", kV2);
  ASSERT_TRUE(rule.ok());
  Evaluator ev;
  MessageContext ctx;
  ctx.topic = "$aws/rules/MyRule/x/y";
  ctx.rule_name = "MyRule";
  absl::StatusOr<EvalResult> r = ev.Evaluate(*rule, "{}", ctx);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->matched);
  EXPECT_EQ(r->payload, R"({"t":"x/y"})");
  ctx.rule_name = "Other";
  EXPECT_FALSE(ev.Evaluate(*rule, "{}", ctx)->matched);
}

TEST(Vm, TemplatesSeeThePayloadAndVariablesNotAliases) {
  absl::StatusOr<Rule> rule =
      Rule::Compile("SET @c = (f - 32) * 5 / 9 SELECT temp AS t FROM 'a/b'", kV2);
  ASSERT_TRUE(rule.ok());
  absl::StatusOr<Template> tpl =
      Template::Compile("${topic()}/${id}-${@c}C-${t}-$${x}-${upper('a') + {'k': 1}}", *rule);
  ASSERT_TRUE(tpl.ok()) << tpl.status();
  Evaluator ev;
  MessageContext ctx;
  ctx.topic = "a/b";
  absl::StatusOr<std::string_view> text = ev.Render(*tpl, R"({"id":"d7","f":212,"temp":1})", ctx);
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(*text, "a/b/d7-100C--${x}-A{\"k\":1}");
}

TEST(Vm, ReusedEvaluatorStopsAllocating) {
  absl::StatusOr<Rule> rule = Rule::Compile(
      "SELECT device, (SELECT n FROM r WHERE v > 1) AS high, concat(device, '-x') AS k "
      "FROM 't/1' WHERE temp > 50", kV2);
  ASSERT_TRUE(rule.ok());
  Evaluator ev;
  MessageContext ctx;
  ctx.topic = "t/1";
  ctx.timestamp_ms = 1;
  const std::string payload = R"({"device":"d","temp":60,"r":[{"n":"a","v":2},{"n":"b","v":0}]})";
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(ev.Evaluate(*rule, payload, ctx)->matched);
  size_t warm = ev.heap_allocations();
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(ev.Evaluate(*rule, payload, ctx)->matched);
  EXPECT_EQ(ev.heap_allocations(), warm);
}

}  // namespace
}  // namespace iotsql
