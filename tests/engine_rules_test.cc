// RuleEngine: adding, replacing, removing, enabling and disabling rules; which rules a message
// reaches (topic index, Basic Ingest); metrics.
#include <string>

#include "engine_test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "iotsql/engine.h"

namespace iotsql {
namespace {

using testing::Context;
using testing::Doc;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::RecordingSink;

ActionSpec Sns(std::string target = "arn:aws:sns:us-east-1:1:t") {
  return {"sns", "{\"targetArn\":\"" + target + "\",\"roleArn\":\"r\"}"};
}

class EngineRules : public ::testing::Test {
 protected:
  EngineRules() : engine_(Options()) {}
  EngineOptions Options() {
    EngineOptions o;
    o.sink = &sink_;
    o.dispatch_threads = 1;
    return o;
  }
  int Publish(const std::string& topic, const std::string& payload) {
    absl::StatusOr<int> n = engine_.Publish(topic, payload, Context());
    EXPECT_TRUE(n.ok()) << n.status();
    return n.ok() ? *n : -1;
  }
  // The payloads the sink received, in order, after everything queued is delivered.
  std::vector<std::string> Delivered() {
    engine_.Flush();
    std::vector<std::string> out;
    for (const ActionRequest& r : sink_.delivered()) out.push_back(r.rule_name + " " + r.payload);
    return out;
  }

  RecordingSink sink_;
  RuleEngine engine_;
};

TEST_F(EngineRules, RunsEveryMatchingRuleInNameOrder) {
  ASSERT_TRUE(
      engine_.AddRule(Doc("b_hot", "SELECT temp FROM 'sensors/+/data' WHERE temp > 50", {Sns()}))
          .ok());
  ASSERT_TRUE(engine_.AddRule(Doc("a_all", "SELECT temp FROM 'sensors/#'", {Sns()})).ok());
  ASSERT_TRUE(engine_.AddRule(Doc("c_other", "SELECT temp FROM 'other/+'", {Sns()})).ok());
  EXPECT_EQ(Publish("sensors/x/data", R"({"temp": 60})"), 2);
  EXPECT_EQ(Publish("sensors/x/data", R"({"temp": 10})"), 1);
  EXPECT_EQ(Publish("sensors", R"({"temp": 99})"), 0);  // sensors/# does not match sensors
  EXPECT_THAT(Delivered(),
              ElementsAre(R"(a_all {"temp":60})", R"(b_hot {"temp":60})", R"(a_all {"temp":10})"));
  EXPECT_THAT(engine_.RuleNames(), ElementsAre("a_all", "b_hot", "c_other"));
}

TEST_F(EngineRules, ReplaceRemoveEnableDisable) {
  ASSERT_TRUE(engine_.AddRule(Doc("r", "SELECT 1 AS v FROM 't'", {Sns()})).ok());
  EXPECT_EQ(Publish("t", "{}"), 1);
  ASSERT_TRUE(engine_.AddRule(Doc("r", "SELECT 2 AS v FROM 't'", {Sns()})).ok());  // replace
  EXPECT_EQ(Publish("t", "{}"), 1);
  ASSERT_TRUE(engine_.SetRuleEnabled("r", false).ok());
  EXPECT_EQ(Publish("t", "{}"), 0);
  ASSERT_TRUE(engine_.SetRuleEnabled("r", true).ok());
  EXPECT_EQ(Publish("t", "{}"), 1);
  ASSERT_TRUE(engine_.RemoveRule("r").ok());
  EXPECT_EQ(Publish("t", "{}"), 0);
  EXPECT_THAT(Delivered(), ElementsAre(R"(r {"v":1})", R"(r {"v":2})", R"(r {"v":2})"));

  EXPECT_EQ(engine_.RemoveRule("r").code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(engine_.SetRuleEnabled("nope", true).code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(engine_.RuleNames().empty());
}

TEST_F(EngineRules, DisabledInTheDocument) {
  RuleDocument d = Doc("off", "SELECT 1 AS v FROM 't'", {Sns()});
  d.disabled = true;
  ASSERT_TRUE(engine_.AddRule(d).ok());
  EXPECT_EQ(Publish("t", "{}"), 0);
  ASSERT_TRUE(engine_.SetRuleEnabled("off", true).ok());
  EXPECT_EQ(Publish("t", "{}"), 1);
}

TEST_F(EngineRules, BasicIngestReachesTheNamedRuleOnly) {
  ASSERT_TRUE(
      engine_.AddRule(Doc("ingest", "SELECT topic() AS t, v FROM 'ignored/topic'", {Sns()})).ok());
  ASSERT_TRUE(engine_.AddRule(Doc("no_from", "SELECT topic(1) AS t", {Sns()})).ok());
  ASSERT_TRUE(engine_.AddRule(Doc("everything", "SELECT v FROM '#'", {Sns()})).ok());
  ASSERT_TRUE(engine_.AddRule(Doc("dollar", "SELECT v FROM '$aws/rules/#'", {Sns()})).ok());
  EXPECT_EQ(Publish("$aws/rules/ingest/my/topic", R"({"v": 1})"), 1);
  EXPECT_EQ(Publish("$aws/rules/no_from/x/y", R"({"v": 2})"), 1);
  EXPECT_EQ(Publish("$aws/rules/unknown/x", R"({"v": 3})"), 0);
  ASSERT_TRUE(engine_.SetRuleEnabled("ingest", false).ok());
  EXPECT_EQ(Publish("$aws/rules/ingest/my/topic", R"({"v": 4})"), 0);
  EXPECT_THAT(Delivered(), ElementsAre(R"(ingest {"t":"my/topic","v":1})", R"(no_from {"t":"x"})"));
  EXPECT_EQ(engine_.GetEngineMetrics().rule_not_found, 2u);
}

TEST_F(EngineRules, CompileErrorsKeepTheOldRuleSet) {
  ASSERT_TRUE(engine_.AddRule(Doc("good", "SELECT 1 AS v FROM 't'")).ok());
  absl::Status s = engine_.AddRules(
      {Doc("fine", "SELECT 2 AS v FROM 't'"), Doc("bad", "SELECT uper(x) AS v FROM 't'")});
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(std::string(s.message()), HasSubstr("rule 'bad': the SQL does not compile"));
  EXPECT_THAT(std::string(s.message()), HasSubstr("upper"));
  EXPECT_THAT(engine_.RuleNames(), ElementsAre("good"));  // all or nothing

  EXPECT_FALSE(engine_.AddRule(Doc("bad-name", "SELECT 1 AS v FROM 't'")).ok());
  EXPECT_FALSE(engine_
                   .AddRules({Doc("twice", "SELECT 1 AS v FROM 't'"),
                              Doc("twice", "SELECT 1 AS v FROM 't'")})
                   .ok());
  EXPECT_FALSE(engine_.AddRule(Doc("kind", "SELECT 1 AS v FROM 't'", {{"s4", "{}"}})).ok());
  EXPECT_FALSE(engine_.AddRule(Doc("params", "SELECT 1 AS v FROM 't'", {{"s3", "[1]"}})).ok());
}

TEST_F(EngineRules, PublishRejectsTopicFilters) {
  EXPECT_FALSE(engine_.Publish("a/+", "{}", Context()).ok());
  EXPECT_FALSE(engine_.Publish("a/#", "{}", Context()).ok());
  EXPECT_FALSE(engine_.Publish("", "{}", Context()).ok());
}

TEST_F(EngineRules, RuleMetrics) {
  ASSERT_TRUE(engine_
                  .AddRule(Doc("hot", "SELECT temp FROM 's/+' WHERE temp > 50",
                               {Sns(), Sns("arn:aws:sns:us-east-1:1:u")}))
                  .ok());
  Publish("s/a", R"({"temp": 60})");
  Publish("s/a", R"({"temp": 40})");
  Publish("s/a", "not json");
  Publish("x", R"({"temp": 60})");
  engine_.Flush();
  std::optional<RuleMetrics> m = engine_.GetRuleMetrics("hot");
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->matched, 3u);
  EXPECT_EQ(m->evaluated, 3u);
  EXPECT_EQ(m->rejected_by_where, 2u);
  EXPECT_EQ(m->outputs, 1u);
  EXPECT_EQ(m->errors, 0u);
  EXPECT_EQ(engine_.GetActionMetrics("hot", 0)->sent, 1u);
  EXPECT_EQ(engine_.GetActionMetrics("hot", 1)->sent, 1u);
  EXPECT_FALSE(engine_.GetActionMetrics("hot", 2).has_value());
  EXPECT_FALSE(engine_.GetActionMetrics("hot", kErrorActionIndex).has_value());
  EXPECT_FALSE(engine_.GetRuleMetrics("missing").has_value());
  EngineMetrics e = engine_.GetEngineMetrics();
  EXPECT_EQ(e.messages, 4u);
  EXPECT_EQ(e.unmatched, 1u);
  EXPECT_EQ(e.queued, 0u);

  // Replacing a rule keeps its counters (Prometheus counters never go back).
  ASSERT_TRUE(engine_.AddRule(Doc("hot", "SELECT temp FROM 's/+'", {Sns()})).ok());
  EXPECT_EQ(engine_.GetRuleMetrics("hot")->matched, 3u);

  std::string text = engine_.PrometheusMetrics();
  EXPECT_THAT(text, HasSubstr("# TYPE iotsql_rule_matched_total counter\n"));
  EXPECT_THAT(text, HasSubstr("iotsql_rule_matched_total{rule=\"hot\"} 3\n"));
  EXPECT_THAT(text, HasSubstr("iotsql_rule_rejected_by_where_total{rule=\"hot\"} 2\n"));
  EXPECT_THAT(text,
              HasSubstr("iotsql_action_sent_total{rule=\"hot\",action=\"0\",kind=\"sns\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("iotsql_messages_total 4\n"));
}

// W5's rule set: each message reaches its own fleet rule and the 20 wildcard rules, no other.
TEST(EngineTenThousandRules, EachMessageReachesItsRulesOnly) {
  RuleEngine engine;
  std::vector<RuleDocument> rules;
  for (int i = 0; i < 10000; ++i) {
    rules.push_back(Doc("fleet_" + std::to_string(i),
                        "SELECT temp FROM 'fleet/" + std::to_string(i) + "/+/telemetry'"));
  }
  for (int k = 0; k < 10; ++k) {
    rules.push_back(Doc("all_" + std::to_string(k), "SELECT temp FROM 'fleet/#'"));
    rules.push_back(Doc("any_" + std::to_string(k), "SELECT temp FROM '+/+/+/telemetry'"));
  }
  ASSERT_TRUE(engine.AddRules(rules).ok());
  for (int i : {0, 42, 9999}) {
    std::string topic = "fleet/" + std::to_string(i) + "/dev/telemetry";
    EXPECT_EQ(*engine.Publish(topic, R"({"temp": 1})", Context()), 21);
    EXPECT_EQ(engine.GetRuleMetrics("fleet_" + std::to_string(i))->matched, 1u);
  }
  EXPECT_EQ(*engine.Publish("fleet/10000/dev/telemetry", "{}", Context()), 20);
  EXPECT_EQ(*engine.Publish("fleet/7/dev/status", "{}", Context()), 10);
  EXPECT_EQ(*engine.Publish("$aws/things/x/telemetry", "{}", Context()), 0);
  EXPECT_EQ(engine.GetRuleMetrics("fleet_1")->matched, 0u);
  ASSERT_TRUE(engine.RemoveRule("fleet_42").ok());
  EXPECT_EQ(*engine.Publish("fleet/42/dev/telemetry", "{}", Context()), 20);
}

TEST(EngineNoSink, ActionsAreCountedAndDropped) {
  RuleEngine engine;
  ASSERT_TRUE(engine.AddRule(Doc("r", "SELECT 1 AS v FROM 't'", {Sns()})).ok());
  EXPECT_EQ(*engine.Publish("t", "{}", Context()), 1);
  engine.Flush();
  EXPECT_EQ(engine.GetActionMetrics("r", 0)->sent, 1u);
}

TEST(EngineExamples, TheBundledRulesOnTheBundledMessages) {
  RecordingSink sink;
  EngineOptions options;
  options.sink = &sink;
  RuleEngine engine(options);
  ASSERT_TRUE(engine.AddRuleFile(IOTSQL_SOURCE_DIR "/examples/rules").ok());
  MessageContext c = Context();
  EXPECT_EQ(*engine.Publish("fleet/berlin/dev-007/telemetry",
                            R"({"device":"dev-007","temp":83.5,"humidity":75,"battery":7,)"
                            R"("status":"err","loc":{"lat":61.0,"lon":3.0},"fw":"1.9.2"})",
                            c),
            8);
  // A shadow topic reaches the rule that names $aws, not the fleet/# archive.
  EXPECT_EQ(*engine.Publish("$aws/things/lamp/shadow/update/accepted",
                            R"({"state":{"reported":{"temp":20}}})", c),
            1);
}

}  // namespace
}  // namespace iotsql
