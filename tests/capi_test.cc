// The C API: status codes, error texts, the sink callback, metrics.
#include <atomic>
#include <cstring>
#include <mutex>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "iotsql/iotsql_c.h"

namespace {

using ::testing::HasSubstr;

struct Received {
  std::mutex mu;
  std::vector<std::string> lines;  // "kind rule payload params"
  std::atomic<int> calls{0};
  bool fail_s3 = false;
};

int Sink(void* user, const iotsql_action_request* r, char* error, size_t error_size) {
  auto* received = static_cast<Received*>(user);
  ++received->calls;
  if (received->fail_s3 && std::strcmp(r->kind, "s3") == 0 && !r->is_error_action) {
    std::snprintf(error, error_size, "bucket %s is gone", "b");
    return 1;
  }
  std::lock_guard<std::mutex> lock(received->mu);
  received->lines.push_back(std::string(r->is_error_action ? "error:" : "") + r->kind + " " +
                            r->rule_name + " " + std::string(r->payload, r->payload_len) + " " +
                            r->params_json);
  return 0;
}

class CApi : public ::testing::Test {
 protected:
  void SetUp() override {
    iotsql_engine_options options;
    iotsql_engine_options_init(&options);
    options.sink = Sink;
    options.sink_user = &received_;
    options.dispatch_threads = 1;
    options.max_attempts = 2;
    ASSERT_EQ(iotsql_engine_new(&options, &engine_), IOTSQL_OK);
  }
  void TearDown() override { iotsql_engine_free(engine_); }
  iotsql_status Add(const char* name, const std::string& json) {
    return iotsql_engine_add_rule_json(engine_, name, json.data(), json.size());
  }
  Received received_;
  iotsql_engine* engine_ = nullptr;
};

TEST_F(CApi, PublishesThroughTheSink) {
  ASSERT_EQ(Add("hot", R"({"sql": "SELECT temp FROM 's/+' WHERE temp > 50",
      "awsIotSqlVersion": "2016-03-23",
      "actions": [{"s3": {"bucketName": "b", "key": "${topic(2)}/${clientid()}"}}]})"),
            IOTSQL_OK)
      << iotsql_last_error();
  iotsql_message_context context = {};
  context.clientid = "c1";
  context.timestamp_ms = 5;
  context.has_timestamp = 1;
  int outputs = -1;
  const char* payload = "{\"temp\": 60}";
  ASSERT_EQ(
      iotsql_engine_publish(engine_, "s/dev", payload, std::strlen(payload), &context, &outputs),
      IOTSQL_OK);
  EXPECT_EQ(outputs, 1);
  ASSERT_EQ(iotsql_engine_publish(engine_, "s/dev", "{\"temp\": 1}", 11, nullptr, &outputs),
            IOTSQL_OK);
  EXPECT_EQ(outputs, 0);
  iotsql_engine_flush(engine_);
  ASSERT_EQ(received_.lines.size(), 1u);
  EXPECT_EQ(received_.lines[0], R"(s3 hot {"temp":60} {"bucketName":"b","key":"dev/c1"})");

  iotsql_rule_metrics m;
  ASSERT_EQ(iotsql_engine_rule_metrics(engine_, "hot", &m), IOTSQL_OK);
  EXPECT_EQ(m.matched, 2u);
  EXPECT_EQ(m.rejected_by_where, 1u);
  EXPECT_EQ(m.outputs, 1u);
  char* text = iotsql_engine_metrics_text(engine_);
  ASSERT_NE(text, nullptr);
  EXPECT_THAT(std::string(text), HasSubstr("iotsql_rule_outputs_total{rule=\"hot\"} 1"));
  iotsql_free(text);
}

TEST_F(CApi, ErrorsAreCodesWithText) {
  EXPECT_EQ(Add("bad", R"({"sql": "SELECT a[0] FROM 't'", "actions": []})"),
            IOTSQL_INVALID_ARGUMENT);
  EXPECT_THAT(iotsql_last_error(), HasSubstr("get(a, 0)"));
  EXPECT_EQ(Add(nullptr, R"({"sql": "SELECT 1 AS a FROM 't'", "actions": []})"),
            IOTSQL_INVALID_ARGUMENT);
  EXPECT_THAT(iotsql_last_error(), HasSubstr("has no name"));
  EXPECT_EQ(Add("x", "{"), IOTSQL_INVALID_ARGUMENT);
  EXPECT_THAT(iotsql_last_error(), HasSubstr("1:2: not valid JSON"));
  EXPECT_EQ(iotsql_engine_remove_rule(engine_, "nope"), IOTSQL_NOT_FOUND);
  EXPECT_EQ(iotsql_engine_set_rule_enabled(engine_, "nope", 1), IOTSQL_NOT_FOUND);
  EXPECT_EQ(iotsql_engine_load_rules(engine_, "/nonexistent/rules.json"), IOTSQL_NOT_FOUND);
  EXPECT_EQ(iotsql_engine_publish(engine_, "a/+", "{}", 2, nullptr, nullptr),
            IOTSQL_INVALID_ARGUMENT);
  EXPECT_EQ(iotsql_engine_publish(engine_, nullptr, "{}", 2, nullptr, nullptr),
            IOTSQL_INVALID_ARGUMENT);
  EXPECT_EQ(iotsql_engine_publish(nullptr, "t", "{}", 2, nullptr, nullptr),
            IOTSQL_INVALID_ARGUMENT);
  iotsql_rule_metrics m;
  EXPECT_EQ(iotsql_engine_rule_metrics(engine_, "nope", &m), IOTSQL_NOT_FOUND);
  // Success clears the error.
  EXPECT_EQ(Add("ok", R"({"sql": "SELECT 1 AS a FROM 't'", "actions": []})"), IOTSQL_OK);
  EXPECT_STREQ(iotsql_last_error(), "");
}

TEST_F(CApi, SinkFailuresRunTheErrorAction) {
  received_.fail_s3 = true;
  ASSERT_EQ(Add("r", R"({"sql": "SELECT 1 AS a FROM 't'", "actions": [{"s3": {"bucketName": "b",
      "key": "k"}}], "errorAction": {"sns": {"targetArn": "errors"}}})"),
            IOTSQL_OK)
      << iotsql_last_error();
  ASSERT_EQ(iotsql_engine_publish(engine_, "t", "{}", 2, nullptr, nullptr), IOTSQL_OK);
  iotsql_engine_flush(engine_);
  ASSERT_EQ(received_.lines.size(), 1u);
  EXPECT_THAT(received_.lines[0], HasSubstr("error:sns r {\"ruleName\":\"r\""));
  EXPECT_THAT(received_.lines[0], HasSubstr("\"errorMessage\":\"bucket b is gone\""));
  EXPECT_EQ(received_.calls.load(), 3);  // two attempts, then the error action
}

TEST_F(CApi, EnableDisableRemoveAndBinary) {
  ASSERT_EQ(
      Add("raw", R"({"sql": "SELECT * FROM 'bin'", "actions": [{"sns": {"targetArn": "x"}}]})"),
      IOTSQL_OK);
  int outputs = 0;
  const unsigned char bytes[] = {0, 1, 2, 255};
  ASSERT_EQ(iotsql_engine_set_rule_enabled(engine_, "raw", 0), IOTSQL_OK);
  ASSERT_EQ(iotsql_engine_publish(engine_, "bin", bytes, 4, nullptr, &outputs), IOTSQL_OK);
  EXPECT_EQ(outputs, 0);
  ASSERT_EQ(iotsql_engine_set_rule_enabled(engine_, "raw", 1), IOTSQL_OK);
  ASSERT_EQ(iotsql_engine_publish(engine_, "bin", bytes, 4, nullptr, &outputs), IOTSQL_OK);
  EXPECT_EQ(outputs, 1);
  ASSERT_EQ(iotsql_engine_remove_rule(engine_, "raw"), IOTSQL_OK);
  ASSERT_EQ(iotsql_engine_publish(engine_, "bin", bytes, 4, nullptr, &outputs), IOTSQL_OK);
  EXPECT_EQ(outputs, 0);
  ASSERT_EQ(iotsql_engine_publish(engine_, "bin", nullptr, 0, nullptr, &outputs), IOTSQL_OK);
}

TEST(CApiNoSink, NullOptionsAndNullFree) {
  iotsql_engine* engine = nullptr;
  ASSERT_EQ(iotsql_engine_new(nullptr, &engine), IOTSQL_OK);
  EXPECT_EQ(iotsql_engine_load_rules(engine, IOTSQL_SOURCE_DIR "/examples/rules"), IOTSQL_OK)
      << iotsql_last_error();
  iotsql_engine_free(engine);
  iotsql_engine_free(nullptr);
  EXPECT_EQ(iotsql_engine_new(nullptr, nullptr), IOTSQL_INVALID_ARGUMENT);
}

}  // namespace
