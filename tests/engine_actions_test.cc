// RuleEngine actions: rendered templates, retries, the error action, back-pressure.
#include <chrono>
#include <string>
#include <thread>

#include "absl/strings/escaping.h"
#include "value/json_doc.h"
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

JsonNode Parse(const std::string& json) {
  JsonNode node;
  JsonError error;
  EXPECT_TRUE(ParseJsonDoc(json, &node, &error)) << json << ": " << error.message;
  return node;
}

class EngineActions : public ::testing::Test {
 protected:
  void Start(int threads = 1, size_t capacity = 4096, int attempts = 3) {
    EngineOptions o;
    o.sink = &sink_;
    o.dispatch_threads = threads;
    o.queue_capacity = capacity;
    o.max_attempts = attempts;
    o.retry_base_ms = 1;  // the backoff itself is engine_delivery_test's business
    engine_ = std::make_unique<RuleEngine>(o);
  }
  std::vector<ActionRequest> Delivered() {
    engine_->Flush();
    return sink_.delivered();
  }
  RecordingSink sink_;
  std::unique_ptr<RuleEngine> engine_;
};

TEST_F(EngineActions, TemplatesRenderedPerKind) {
  Start();
  RuleDocument d =
      Doc("tpl",
          "SET @zone = upper(topic(2)) SELECT temp AS t FROM 'fleet/+/+/telemetry' WHERE temp > 50",
          {{"s3", R"({"bucketName":"b-${lower(@zone)}","key":"${topic(2)}/${timestamp()}/${t}",)"
                  R"("roleArn":"arn:${topic()}","cannedAcl":"${x}"})"},
           {"lambda", R"({"functionArn":"arn:aws:lambda:us-east-1:1:function:${device}"})"},
           {"dynamoDB", R"({"tableName":"T","hashKeyField":"k","hashKeyValue":"${device}",)"
                        R"("rangeKeyField":"ts","rangeKeyValue":"${timestamp()}","roleArn":"r"})"},
           {"dynamoDBv2", R"({"putItem":{"tableName":"${topic(3)}"},"roleArn":"r"})"},
           {"republish", R"({"topic":"$$aws/things/${topic(3)}/out","qos":1,"roleArn":"r",)"
                         R"("headers":{"userProperties":[{"key":"zone","value":"${@zone}"}]}})"},
           {"sqs", R"({"queueUrl":"https://sqs/${device}","useBase64":false,"roleArn":"${x}"})"}});
  ASSERT_TRUE(engine_->AddRule(d).ok());
  MessageContext c = Context(1234);
  EXPECT_EQ(
      *engine_->Publish("fleet/berlin/dev-7/telemetry", R"({"temp": 60.5, "device": "dev-7"})", c),
      1);
  std::vector<ActionRequest> got = Delivered();
  ASSERT_EQ(got.size(), 6u);
  // SELECT aliases are not visible to templates (`${t}` is empty); SET variables are.
  EXPECT_EQ(got[0].params_json, R"({"bucketName":"b-berlin","key":"berlin/1234/",)"
                                R"("roleArn":"arn:${topic()}","cannedAcl":"${x}"})");
  EXPECT_EQ(got[1].params_json, R"({"functionArn":"arn:aws:lambda:us-east-1:1:function:dev-7"})");
  EXPECT_EQ(got[2].params_json, R"({"tableName":"T","hashKeyField":"k","hashKeyValue":"dev-7",)"
                                R"("rangeKeyField":"ts","rangeKeyValue":"1234","roleArn":"r"})");
  EXPECT_EQ(got[3].params_json, R"({"putItem":{"tableName":"dev-7"},"roleArn":"r"})");
  EXPECT_EQ(got[4].params_json,
            R"({"topic":"$aws/things/dev-7/out","qos":1,"roleArn":"r",)"
            R"("headers":{"userProperties":[{"key":"zone","value":"BERLIN"}]}})");
  EXPECT_EQ(got[5].params_json,
            R"({"queueUrl":"https://sqs/dev-7","useBase64":false,"roleArn":"${x}"})");
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].action_index, i);
    EXPECT_EQ(got[i].rule_name, "tpl");
    EXPECT_EQ(got[i].payload, R"({"t":60.5})");
    EXPECT_FALSE(got[i].binary);
    EXPECT_EQ(got[i].topic, "fleet/berlin/dev-7/telemetry");
    EXPECT_EQ(got[i].clientid, "client-1");
    EXPECT_FALSE(got[i].is_error_action);
  }
  EXPECT_EQ(got[0].kind, "s3");
  EXPECT_EQ(got[5].kind, "sqs");
}

TEST_F(EngineActions, OneTimestampPerMessage) {
  Start();
  ASSERT_TRUE(engine_
                  ->AddRule(Doc("ts", "SELECT timestamp() AS ts FROM 't'",
                                {{"s3", R"({"bucketName":"b","key":"${timestamp()}"})"}}))
                  .ok());
  MessageContext c;  // no timestamp: the engine reads the clock once for the message
  ASSERT_TRUE(engine_->Publish("t", "{}", c).ok());
  std::vector<ActionRequest> got = Delivered();
  ASSERT_EQ(got.size(), 1u);
  JsonNode params = Parse(got[0].params_json);
  EXPECT_EQ(got[0].payload, "{\"ts\":" + params.Find("key")->text + "}");
}

// Templates continue the rule's run on the message: a SET variable has one value for both.
TEST_F(EngineActions, TemplatesSeeTheStatementsSetValues) {
  Start();
  ASSERT_TRUE(engine_->AddRule(Doc("uuid", "SET @id = newuuid() SELECT @id AS id FROM 't'",
                                   {{"s3", R"({"bucketName":"b","key":"${@id}"})"},
                                    {"sns", R"({"targetArn":"arn:${@id}"})"}}))
                  .ok());
  ASSERT_TRUE(engine_->Publish("t", "{}", Context()).ok());
  std::vector<ActionRequest> got = Delivered();
  ASSERT_EQ(got.size(), 2u);
  std::string id = Parse(got[0].payload).Find("id")->text;
  EXPECT_EQ(id.size(), 36u);
  EXPECT_EQ(Parse(got[0].params_json).Find("key")->text, id);
  EXPECT_EQ(Parse(got[1].params_json).Find("targetArn")->text, "arn:" + id);
}

TEST_F(EngineActions, BinaryOutput) {
  Start();
  ASSERT_TRUE(engine_
                  ->AddRule(Doc("raw", "SELECT * FROM 'frames'",
                                {{"s3", R"({"bucketName":"b","key":"k"})"}}))
                  .ok());
  std::string bytes("\x00\x01\xff", 3);
  ASSERT_TRUE(engine_->Publish("frames", bytes, Context()).ok());
  std::vector<ActionRequest> got = Delivered();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_TRUE(got[0].binary);
  EXPECT_EQ(got[0].payload, bytes);
}

TEST_F(EngineActions, TemplateErrorsNameTheActionAndParameter) {
  Start();
  absl::Status s = engine_->AddRule(
      Doc("bad", "SELECT 1 AS a FROM 't'", {{"s3", R"({"bucketName":"b","key":"${uper(x)}"})"}}));
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(std::string(s.message()),
              HasSubstr("rule 'bad', action 1: parameter \"key\" of the s3 action: the template "
                        "does not compile"));
  // External functions are fine in actions, not in the error action (spec §19).
  ActionSpec shadow{"s3", R"({"bucketName":"b","key":"${get_thing_shadow('t', 'r')}"})"};
  EXPECT_TRUE(engine_->AddRule(Doc("ext", "SELECT 1 AS a FROM 't'", {shadow})).ok());
  RuleDocument d = Doc("ext_err", "SELECT 1 AS a FROM 't'");
  d.error_action = shadow;
  s = engine_->AddRule(d);
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(std::string(s.message()), HasSubstr("rule 'ext_err', error action:"));
}

// s3 always fails, sns succeeds: one error action, listing the s3 failure, after 3 attempts.
TEST_F(EngineActions, ErrorActionAfterRetries) {
  Start(2, 4096, 3);
  sink_.decide = [](const ActionRequest& r) {
    return r.kind == "s3" ? absl::UnavailableError("Failed to put S3 object. Access denied")
                          : absl::OkStatus();
  };
  RuleDocument d = Doc("TestAction", "SELECT * FROM 'testme/action'",
                       {{"s3", R"({"bucketName":"bucket-${topic(1)}","key":"k","roleArn":"r"})"},
                        {"sns", R"({"targetArn":"arn:aws:sns:us-east-1:1:ok","roleArn":"r"})"}});
  d.error_action =
      ActionSpec{"sns", R"({"targetArn":"arn:aws:sns:us-east-1:1:${replace(topic(), '/', '-')}"})"};
  ASSERT_TRUE(engine_->AddRule(d).ok());
  MessageContext c = Context();
  c.traceid = "7e146a2c-95b5-6caf-98b9-50e3969734c7";
  std::string payload = R"({"message": "Hello"})";
  ASSERT_TRUE(engine_->Publish("testme/action", payload, c).ok());
  std::vector<ActionRequest> got = Delivered();
  ASSERT_EQ(got.size(), 2u);  // the sns action, then the error action
  const ActionRequest& error = got[0].is_error_action ? got[0] : got[1];
  ASSERT_TRUE(error.is_error_action);
  EXPECT_EQ(error.kind, "sns");
  EXPECT_EQ(error.params_json, R"({"targetArn":"arn:aws:sns:us-east-1:1:testme-action"})");
  EXPECT_EQ(error.original_payload, payload);
  EXPECT_EQ(error.error_message, "Failed to put S3 object. Access denied");
  JsonNode doc = Parse(error.payload);
  EXPECT_EQ(doc.Find("ruleName")->text, "TestAction");
  EXPECT_EQ(doc.Find("topic")->text, "testme/action");
  EXPECT_EQ(doc.Find("cloudwatchTraceId")->text, "7e146a2c-95b5-6caf-98b9-50e3969734c7");
  EXPECT_EQ(doc.Find("clientId")->text, "client-1");
  std::string original;
  ASSERT_TRUE(absl::Base64Unescape(doc.Find("base64OriginalPayload")->text, &original));
  EXPECT_EQ(original, payload);
  const JsonNode* failures = doc.Find("failures");
  ASSERT_EQ(failures->items.size(), 1u);
  EXPECT_EQ(failures->items[0].Find("failedAction")->text, "S3Action");
  EXPECT_EQ(failures->items[0].Find("failedResource")->text, "bucket-testme");
  EXPECT_EQ(failures->items[0].Find("errorMessage")->text,
            "Failed to put S3 object. Access denied");

  ActionMetrics s3 = *engine_->GetActionMetrics("TestAction", 0);
  EXPECT_EQ(s3.sent, 0u);
  EXPECT_EQ(s3.retried, 2u);
  EXPECT_EQ(s3.failed, 1u);
  EXPECT_EQ(s3.error_actions, 1u);
  ActionMetrics sns = *engine_->GetActionMetrics("TestAction", 1);
  EXPECT_EQ(sns.sent, 1u);
  EXPECT_EQ(sns.error_actions, 0u);
  EXPECT_EQ(engine_->GetActionMetrics("TestAction", kErrorActionIndex)->sent, 1u);
  EXPECT_EQ(sink_.attempts(), 3 + 1 + 1);
}

TEST_F(EngineActions, OneErrorActionListsEveryFailure) {
  Start(2, 4096, 1);
  sink_.decide = [](const ActionRequest& r) {
    if (r.is_error_action) return absl::OkStatus();
    return absl::InternalError("down: " + r.kind);
  };
  RuleDocument d = Doc("both", "SELECT 1 AS a FROM 't'",
                       {{"lambda", R"({"functionArn":"arn:f"})"},
                        {"dynamoDBv2", R"({"putItem":{"tableName":"T"},"roleArn":"r"})"}});
  d.error_action = ActionSpec{"s3", R"({"bucketName":"errors","key":"${newuuid()}"})"};
  ASSERT_TRUE(engine_->AddRule(d).ok());
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(engine_->Publish("t", "{}", Context()).ok());
  std::vector<ActionRequest> got = Delivered();
  ASSERT_EQ(got.size(), 5u);  // one error action per message
  for (const ActionRequest& r : got) {
    ASSERT_TRUE(r.is_error_action);
    JsonNode doc = Parse(r.payload);
    const JsonNode* failures = doc.Find("failures");
    ASSERT_EQ(failures->items.size(), 2u);
    EXPECT_EQ(failures->items[0].Find("failedAction")->text, "LambdaAction");
    EXPECT_EQ(failures->items[0].Find("failedResource")->text, "arn:f");
    EXPECT_EQ(failures->items[1].Find("failedAction")->text, "DynamoDBv2Action");
    EXPECT_EQ(failures->items[1].Find("failedResource")->text, "T");
    EXPECT_EQ(r.error_message, "down: lambda; down: dynamoDBv2");
  }
  EXPECT_EQ(engine_->GetActionMetrics("both", 0)->error_actions, 5u);
  EXPECT_EQ(engine_->GetActionMetrics("both", 1)->error_actions, 5u);
  EXPECT_EQ(engine_->GetActionMetrics("both", 0)->retried, 0u);
}

TEST_F(EngineActions, FailureWithoutErrorActionIsCounted) {
  Start(1, 16, 2);
  sink_.decide = [](const ActionRequest&) -> absl::Status { throw std::runtime_error("boom"); };
  ASSERT_TRUE(
      engine_->AddRule(Doc("r", "SELECT 1 AS a FROM 't'", {{"sns", R"({"targetArn":"x"})"}})).ok());
  ASSERT_TRUE(engine_->Publish("t", "{}", Context()).ok());
  engine_->Flush();
  ActionMetrics m = *engine_->GetActionMetrics("r", 0);
  EXPECT_EQ(m.failed, 1u);
  EXPECT_EQ(m.retried, 0u);  // a throwing sink is INTERNAL: not worth another attempt
  EXPECT_EQ(m.dead_lettered, 1u);
}

// A slow sink and a tiny queue: publishers wait for room, and nothing is dropped.
TEST_F(EngineActions, FullQueueBlocksThePublisher) {
  sink_.delay = std::chrono::milliseconds(20);
  Start(1, 2);
  ASSERT_TRUE(
      engine_->AddRule(Doc("slow", "SELECT seq FROM 't'", {{"sns", R"({"targetArn":"x"})"}})).ok());
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(engine_->Publish("t", "{\"seq\": " + std::to_string(i) + "}", Context()).ok());
    EXPECT_LE(engine_->GetEngineMetrics().queued, 3u);  // 2 waiting + 1 being delivered
  }
  auto publishing = std::chrono::steady_clock::now() - start;
  // 10 deliveries of 20 ms with room for 3: the publisher waited for at least 7 of them.
  EXPECT_GE(publishing, std::chrono::milliseconds(7 * 20 - 10));
  std::vector<ActionRequest> got = Delivered();
  ASSERT_EQ(got.size(), 10u);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(got[i].payload, "{\"seq\":" + std::to_string(i) + "}");
}

TEST_F(EngineActions, DestructorDeliversWhatIsQueued) {
  sink_.delay = std::chrono::milliseconds(2);
  Start(1, 100);
  ASSERT_TRUE(
      engine_->AddRule(Doc("r", "SELECT 1 AS a FROM 't'", {{"sns", R"({"targetArn":"x"})"}})).ok());
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(engine_->Publish("t", "{}", Context()).ok());
  engine_.reset();
  EXPECT_EQ(sink_.delivered().size(), 20u);
}

// A sink that publishes again (a local republish) must not deadlock on a full queue.
class RepublishSink : public ActionSink {
 public:
  RuleEngine* engine = nullptr;
  std::atomic<int> delivered{0};
  absl::Status Deliver(const ActionRequest& r) override {
    ++delivered;
    JsonNode params;
    JsonError error;
    if (r.kind == "republish" && ParseJsonDoc(r.params_json, &params, &error)) {
      return engine->Publish(params.Find("topic")->text, r.payload, MessageContext()).status();
    }
    return absl::OkStatus();
  }
};

TEST(EngineRepublish, SinkMayPublishOnAFullQueue) {
  RepublishSink sink;
  EngineOptions o;
  o.sink = &sink;
  o.dispatch_threads = 1;
  o.queue_capacity = 1;
  RuleEngine engine(o);
  sink.engine = &engine;
  ASSERT_TRUE(engine
                  .AddRule(Doc("fan", "SELECT n FROM 'in'",
                               {{"republish", R"({"topic":"out/1","roleArn":"r"})"},
                                {"republish", R"({"topic":"out/2","roleArn":"r"})"}}))
                  .ok());
  ASSERT_TRUE(
      engine.AddRule(Doc("sink", "SELECT n FROM 'out/+'", {{"sns", R"({"targetArn":"x"})"}})).ok());
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(engine.Publish("in", "{\"n\":1}", Context()).ok());
  engine.Flush();
  EXPECT_EQ(sink.delivered.load(), 20 * 2 + 20 * 2);
}

}  // namespace
}  // namespace iotsql
