// RuleEngine delivery policy: which errors are retried, the backoff between
// attempts, dead letters, and counters that account for every output.
#include <chrono>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/retry_delay.h"
#include "engine_test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "iotsql/engine.h"
#include "iotsql/sinks.h"

namespace iotsql {
namespace {

using testing::Context;
using testing::Doc;
using ::testing::HasSubstr;
using testing::RecordingSink;

TEST(RetryDelay, DoublesWithHalfFixedHalfRandom) {
  using std::chrono::milliseconds;
  // random 0: the fixed half; random = spread: the whole step.
  EXPECT_EQ(RetryDelay(1, 100, 5000, 0), milliseconds(50));
  EXPECT_EQ(RetryDelay(1, 100, 5000, 50), milliseconds(100));
  EXPECT_EQ(RetryDelay(2, 100, 5000, 0), milliseconds(100));
  EXPECT_EQ(RetryDelay(3, 100, 5000, 0), milliseconds(200));
  EXPECT_EQ(RetryDelay(3, 100, 5000, 200), milliseconds(400));
  // Capped, also for retry numbers that would overflow a shift.
  EXPECT_EQ(RetryDelay(10, 100, 5000, 0), milliseconds(2500));
  EXPECT_EQ(RetryDelay(1000, 100, 5000, 2500), milliseconds(5000));
  EXPECT_EQ(RetryDelay(2, 0, 5000, 7), milliseconds(0));
  for (uint64_t r = 0; r < 1000; r += 7) {
    auto d = RetryDelay(4, 100, 5000, r * 0x9E3779B97F4A7C15ULL);
    EXPECT_GE(d.count(), 400);
    EXPECT_LE(d.count(), 800);
  }
}

class EngineDelivery : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = ::testing::TempDir() + "engine_delivery_" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    auto dead = DeadLetterWriter::Open(dir_ + "/dead-letter.ndjson");
    ASSERT_TRUE(dead.ok()) << dead.status();
    dead_ = std::move(*dead);
  }
  void TearDown() override { std::remove((dir_ + "/dead-letter.ndjson").c_str()); }
  void Start(int attempts, int base_ms = 1, int threads = 2) {
    EngineOptions o;
    o.sink = &sink_;
    o.dispatch_threads = threads;
    o.max_attempts = attempts;
    o.retry_base_ms = base_ms;
    o.retry_max_ms = 1000;
    o.dead_letters = dead_.get();
    engine_ = std::make_unique<RuleEngine>(o);
  }
  std::vector<std::string> DeadLines() {
    std::ifstream in(dir_ + "/dead-letter.ndjson");
    std::vector<std::string> lines;
    for (std::string l; std::getline(in, l);) lines.push_back(l);
    return lines;
  }
  // outputs == delivered + error-actioned + dead-lettered, for every action of
  // `rule`.
  void ExpectReconciled(const std::string &rule) {
    RuleMetrics r = *engine_->GetRuleMetrics(rule);
    for (size_t i = 0;; ++i) {
      std::optional<ActionMetrics> a = engine_->GetActionMetrics(rule, i);
      if (!a) break;
      EXPECT_EQ(r.outputs, a->sent + a->error_actions + a->dead_lettered)
          << rule << " action " << i << ": " << a->sent << " + " << a->error_actions << " + "
          << a->dead_lettered;
      EXPECT_EQ(a->failed, a->error_actions + a->dead_lettered);
    }
  }
  std::string dir_;
  RecordingSink sink_;
  std::unique_ptr<DeadLetterWriter> dead_;
  std::unique_ptr<RuleEngine> engine_;  // last: destroyed before the sink and the writer
};

TEST_F(EngineDelivery, PermanentErrorsAreNotRetried) {
  Start(5);
  sink_.decide = [](const ActionRequest &) { return absl::NotFoundError("no such bucket"); };
  ASSERT_TRUE(
      engine_
          ->AddRule(Doc("r", "SELECT 1 AS a FROM 't'", {{"s3", R"({"bucketName":"b","key":"k"})"}}))
          .ok());
  ASSERT_TRUE(engine_->Publish("t", "{}", Context()).ok());
  engine_->Flush();
  EXPECT_EQ(sink_.attempts(), 1);
  ActionMetrics m = *engine_->GetActionMetrics("r", 0);
  EXPECT_EQ(m.retried, 0u);
  EXPECT_EQ(m.dead_lettered, 1u);
}

TEST_F(EngineDelivery, RetryableErrorsBackOffUntilTheLastAttempt) {
  Start(4, 20, 1);
  sink_.decide = [](const ActionRequest &) { return absl::UnavailableError("503 Slow Down"); };
  ASSERT_TRUE(
      engine_->AddRule(Doc("r", "SELECT 1 AS a FROM 't'", {{"sns", R"({"targetArn":"x"})"}})).ok());
  auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(engine_->Publish("t", "{}", Context()).ok());
  engine_->Flush();
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(sink_.attempts(), 4);
  EXPECT_EQ(engine_->GetActionMetrics("r", 0)->retried, 3u);
  // Waits of 10..20, 20..40 and 40..80 ms: at least 70 ms, and bounded.
  EXPECT_GE(elapsed, std::chrono::milliseconds(70));
  EXPECT_LT(elapsed, std::chrono::milliseconds(2000));
}

TEST_F(EngineDelivery, RecoversWithinTheAttempts) {
  Start(3);
  std::atomic<int> calls{0};
  sink_.decide = [&](const ActionRequest &) {
    return ++calls <= 2 ? absl::ResourceExhaustedError("Throttling") : absl::OkStatus();
  };
  ASSERT_TRUE(
      engine_->AddRule(Doc("r", "SELECT 1 AS a FROM 't'", {{"sns", R"({"targetArn":"x"})"}})).ok());
  ASSERT_TRUE(engine_->Publish("t", "{}", Context()).ok());
  engine_->Flush();
  ActionMetrics m = *engine_->GetActionMetrics("r", 0);
  EXPECT_EQ(m.sent, 1u);
  EXPECT_EQ(m.retried, 2u);
  EXPECT_EQ(m.failed, 0u);
  EXPECT_TRUE(DeadLines().empty());
}

// No error action: the failed request goes to the dead-letter file, with the
// original message.
TEST_F(EngineDelivery, NoErrorActionMeansDeadLetter) {
  Start(2);
  sink_.decide = [](const ActionRequest &r) {
    return r.kind == "s3" ? absl::PermissionDeniedError("AccessDenied") : absl::OkStatus();
  };
  ASSERT_TRUE(engine_
                  ->AddRule(Doc("r", "SELECT temp FROM 'dev/+'",
                                {{"s3", R"({"bucketName":"b-${topic(2)}","key":"k"})"},
                                 {"sns", R"({"targetArn":"x"})"}}))
                  .ok());
  ASSERT_TRUE(engine_->Publish("dev/7", R"({"temp": 5})", Context()).ok());
  engine_->Flush();
  std::vector<std::string> lines = DeadLines();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_THAT(lines[0], HasSubstr(R"("ruleName":"r")"));
  EXPECT_THAT(lines[0], HasSubstr(R"("kind":"s3")"));
  EXPECT_THAT(lines[0], HasSubstr(R"("bucketName":"b-7")"));
  EXPECT_THAT(lines[0], HasSubstr(R"("payload":{"temp":5})"));
  EXPECT_THAT(lines[0], HasSubstr(R"("base64OriginalPayload":"eyJ0ZW1wIjogNX0=")"));
  EXPECT_THAT(lines[0],
              HasSubstr(R"("error":{"code":"PERMISSION_DENIED","message":"AccessDenied"})"));
  EXPECT_EQ(dead_->count(), 1u);
  ExpectReconciled("r");
}

// The error action fails too: both failed actions are dead-lettered with both
// errors.
TEST_F(EngineDelivery, FailedErrorActionMeansDeadLetters) {
  Start(1);
  sink_.decide = [](const ActionRequest &r) {
    if (r.is_error_action) return absl::NotFoundError("error bucket gone");
    return r.kind == "sns" ? absl::OkStatus() : absl::InvalidArgumentError("bad " + r.kind);
  };
  RuleDocument d = Doc("r", "SELECT * FROM 't'",
                       {{"lambda", R"({"functionArn":"f"})"},
                        {"sns", R"({"targetArn":"x"})"},
                        {"dynamoDBv2", R"({"putItem":{"tableName":"T"}})"}});
  d.error_action = ActionSpec{"s3", R"({"bucketName":"errors","key":"k"})"};
  ASSERT_TRUE(engine_->AddRule(d).ok());
  ASSERT_TRUE(engine_->Publish("t", R"({"a":1})", Context()).ok());
  engine_->Flush();
  std::vector<std::string> lines = DeadLines();
  ASSERT_EQ(lines.size(), 2u);
  for (const std::string &l : lines) {
    EXPECT_THAT(
        l, HasSubstr(R"("errorActionError":{"code":"NOT_FOUND","message":"error bucket gone"})"));
  }
  EXPECT_THAT(lines[0] + lines[1], HasSubstr("bad lambda"));
  EXPECT_THAT(lines[0] + lines[1], HasSubstr("bad dynamoDBv2"));
  EXPECT_EQ(engine_->GetActionMetrics("r", 0)->dead_lettered, 1u);
  EXPECT_EQ(engine_->GetActionMetrics("r", 1)->sent, 1u);
  EXPECT_EQ(engine_->GetActionMetrics("r", 2)->dead_lettered, 1u);
  EXPECT_EQ(engine_->GetActionMetrics("r", kErrorActionIndex)->failed, 1u);
  ExpectReconciled("r");
}

// Many messages, each action failing in its own pattern: every output is
// accounted for, in the API and in the Prometheus text, and the dead-letter
// file has exactly the dead-lettered ones.
TEST_F(EngineDelivery, CountersReconcile) {
  Start(3, 1, 4);
  sink_.decide = [](const ActionRequest &r) -> absl::Status {
    if (r.is_error_action) {
      // The error action fails for the messages whose n is 1 (the original is {"i":N}).
      int i = std::stoi(r.original_payload.substr(r.original_payload.find(':') + 1));
      return i % 3 == 1 ? absl::UnavailableError("errors bucket down") : absl::OkStatus();
    }
    if (r.kind == "s3") {
      return r.payload.find("\"n\":0") != std::string::npos ? absl::OkStatus()
                                                            : absl::UnavailableError("503");
    }
    return absl::OkStatus();
  };
  // `n` = i % 3: s3 succeeds for n 0; fails for n 1 (error action fails: dead
  // letter) and n 2 (error action delivered).
  RuleDocument with =
      Doc("with_error", "SELECT i % 3 AS n FROM 'x'",
          {{"s3", R"({"bucketName":"b","key":"k"})"}, {"sns", R"({"targetArn":"t"})"}});
  with.error_action = ActionSpec{"sns", R"({"targetArn":"errors"})"};
  RuleDocument without =
      Doc("without", "SELECT i % 3 AS n FROM 'x'", {{"s3", R"({"bucketName":"b","key":"k"})"}});
  ASSERT_TRUE(engine_->AddRules({with, without}).ok());
  const int n = 60;
  for (int i = 0; i < n; ++i) {
    ASSERT_TRUE(engine_->Publish("x", absl::StrCat(R"({"i":)", i, "}"), Context()).ok());
  }
  engine_->Flush();
  ExpectReconciled("with_error");
  ExpectReconciled("without");
  ActionMetrics s3 = *engine_->GetActionMetrics("with_error", 0);
  EXPECT_EQ(s3.sent, 20u);
  EXPECT_EQ(s3.dead_lettered, 20u);
  EXPECT_EQ(s3.error_actions, 20u);
  EXPECT_EQ(engine_->GetActionMetrics("with_error", 1)->sent, 60u);
  ActionMetrics plain = *engine_->GetActionMetrics("without", 0);
  EXPECT_EQ(plain.sent, 20u);
  EXPECT_EQ(plain.dead_lettered, 40u);
  EXPECT_EQ(plain.retried, 80u);
  EXPECT_EQ(DeadLines().size(), 60u);
  EXPECT_EQ(dead_->count(), 60u);
  std::string prom = engine_->PrometheusMetrics();
  EXPECT_THAT(
      prom,
      HasSubstr(R"(iotsql_action_dead_lettered_total{rule="with_error",action="0",kind="s3"} 20)"));
  EXPECT_THAT(
      prom,
      HasSubstr(R"(iotsql_action_error_actions_total{rule="with_error",action="0",kind="s3"} 20)"));
  EXPECT_THAT(prom,
              HasSubstr(R"(iotsql_action_sent_total{rule="without",action="0",kind="s3"} 20)"));
  EXPECT_THAT(
      prom,
      HasSubstr(R"(iotsql_action_dead_lettered_total{rule="without",action="0",kind="s3"} 40)"));
  EXPECT_THAT(prom, HasSubstr("iotsql_dead_letter_write_errors_total 0"));
}

}  // namespace
}  // namespace iotsql
