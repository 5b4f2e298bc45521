// Rule changes while several threads publish (run it under ThreadSanitizer too: see the
// README's IOTSQL_SANITIZE).
#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "engine_test_util.h"
#include "gtest/gtest.h"
#include "iotsql/engine.h"

namespace iotsql {
namespace {

using testing::Context;
using testing::Doc;
using testing::RecordingSink;

class CountingSink : public ActionSink {
 public:
  absl::Status Deliver(const ActionRequest& r) override {
    ++delivered;
    if (r.rule_name == "stable") ++stable;
    return absl::OkStatus();
  }
  std::atomic<uint64_t> delivered{0};
  std::atomic<uint64_t> stable{0};
};

TEST(EngineConcurrency, RuleChangesWhilePublishing) {
  CountingSink sink;
  EngineOptions options;
  options.sink = &sink;
  options.dispatch_threads = 2;
  options.queue_capacity = 64;
  RuleEngine engine(options);
  ActionSpec sns{"sns", R"({"targetArn":"arn:aws:sns:us-east-1:1:${topic(2)}"})"};
  ASSERT_TRUE(
      engine.AddRule(Doc("stable", "SELECT temp, topic(2) AS d FROM 'fleet/+/t'", {sns})).ok());

  constexpr int kPublishers = 4;
  constexpr int kMessages = 1500;
  std::atomic<bool> done{false};
  std::atomic<uint64_t> outputs{0};
  std::atomic<int> errors{0};

  std::thread writer([&] {
    int round = 0;
    while (!done.load()) {
      std::string name = "churn_" + std::to_string(round % 7);
      std::string filter = round % 2 ? "fleet/+/t" : "fleet/#";
      absl::Status s = engine.AddRule(
          Doc(name, "SELECT temp FROM '" + filter + "' WHERE temp > " + std::to_string(round % 100),
              {sns}));
      if (!s.ok()) ++errors;
      if (round % 3 == 0) engine.SetRuleEnabled(name, false).IgnoreError();
      if (round % 5 == 0)
        engine.RemoveRule("churn_" + std::to_string((round + 3) % 7)).IgnoreError();
      if (round % 11 == 0) engine.PrometheusMetrics();
      ++round;
    }
  });

  std::vector<std::thread> publishers;
  for (int p = 0; p < kPublishers; ++p) {
    publishers.emplace_back([&, p] {
      for (int i = 0; i < kMessages; ++i) {
        std::string topic = "fleet/dev" + std::to_string(p) + "/t";
        std::string payload = "{\"temp\": " + std::to_string(i % 100) + "}";
        absl::StatusOr<int> n = engine.Publish(topic, payload, Context(i));
        if (!n.ok() || *n < 1) {
          ++errors;  // "stable" always matches and always outputs
          continue;
        }
        outputs += static_cast<uint64_t>(*n);
      }
    });
  }
  for (std::thread& t : publishers) t.join();
  done = true;
  writer.join();
  engine.Flush();

  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(sink.stable.load(), uint64_t{kPublishers} * kMessages);
  EXPECT_EQ(sink.delivered.load(), outputs.load());  // one action per output, none dropped
  std::optional<RuleMetrics> m = engine.GetRuleMetrics("stable");
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->matched, uint64_t{kPublishers} * kMessages);
  EXPECT_EQ(m->outputs, uint64_t{kPublishers} * kMessages);
  EXPECT_EQ(engine.GetEngineMetrics().messages, uint64_t{kPublishers} * kMessages);
}

// Threads come and go: each takes an evaluation slot, and exited threads' slots are reused.
TEST(EngineConcurrency, ShortLivedPublisherThreads) {
  RecordingSink sink;
  EngineOptions options;
  options.sink = &sink;
  RuleEngine engine(options);
  ASSERT_TRUE(
      engine.AddRule(Doc("r", "SELECT v FROM 't'", {{"sns", R"({"targetArn":"x"})"}})).ok());
  for (int round = 0; round < 20; ++round) {
    std::vector<std::thread> threads;
    for (int t = 0; t < 3; ++t) {
      threads.emplace_back([&] {
        for (int i = 0; i < 10; ++i) ASSERT_EQ(*engine.Publish("t", "{\"v\":1}", Context()), 1);
      });
    }
    for (std::thread& t : threads) t.join();
  }
  engine.Flush();
  EXPECT_EQ(sink.delivered().size(), 20u * 3 * 10);
}

// Engines created and destroyed while a long-lived thread keeps publishing to new ones.
TEST(EngineConcurrency, EnginesComeAndGo) {
  for (int i = 0; i < 50; ++i) {
    RuleEngine engine;
    ASSERT_TRUE(engine.AddRule(Doc("r", "SELECT v FROM 't'")).ok());
    ASSERT_EQ(*engine.Publish("t", "{\"v\":1}", Context()), 1);
  }
}

}  // namespace
}  // namespace iotsql
