// `iotsql validate` speed: 10,000 rule files (TopicRulePayload JSON, get-topic-rule output and
// CloudFormation YAML, each with SQL, templates and an error action) written to a temporary
// directory, then validated as the command does it: directory walk, read, parse, all checks.
// Reported as files/s; the README quotes BM_Validate_10000Files.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "benchmark/benchmark.h"
#include "validate/validator.h"

namespace iotsql::bench {
namespace {

namespace fs = std::filesystem;

constexpr int kFiles = 10000;

// Shapes of real rule files; $N is replaced by the file's number so that no two are alike.
constexpr const char* kPayload = R"({
  "sql": "SELECT device, temp, topic(2) AS site, timestamp() AS ts FROM 'fleet/+/$N/telemetry' WHERE temp > $N",
  "description": "rule $N",
  "awsIotSqlVersion": "2016-03-23",
  "ruleDisabled": false,
  "actions": [
    {"s3": {"roleArn": "arn:aws:iam::123456789012:role/iot-rules", "bucketName": "archive-$N",
            "key": "${topic(2)}/${timestamp()}.json"}},
    {"dynamoDB": {"tableName": "Readings", "roleArn": "arn:aws:iam::123456789012:role/iot-rules",
                  "hashKeyField": "device", "hashKeyValue": "${device}",
                  "rangeKeyField": "ts", "rangeKeyValue": "${timestamp()}"}}
  ],
  "errorAction": {"s3": {"roleArn": "arn:aws:iam::123456789012:role/iot-rules",
                         "bucketName": "rule-errors", "key": "${replace(topic(), '/', '-')}-${newuuid()}"}}
}
)";

constexpr const char* kGetTopicRule = R"({
  "ruleArn": "arn:aws:iot:us-east-1:123456789012:rule/rule_$N",
  "rule": {
    "ruleName": "rule_$N",
    "sql": "SET @h = humidity SELECT device, @h AS humidity FROM 'fleet/+/$N' WHERE @h > 70 OR battery < 10",
    "awsIotSqlVersion": "2016-03-23",
    "actions": [{"sns": {"targetArn": "arn:aws:sns:us-east-1:123456789012:alerts-$N",
                         "roleArn": "arn:aws:iam::123456789012:role/iot-rules", "messageFormat": "RAW"}}],
    "errorAction": {"lambda": {"functionArn": "arn:aws:lambda:us-east-1:123456789012:function:errors"}}
  }
}
)";

constexpr const char* kCloudFormation = R"(AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Rule$N:
    Type: AWS::IoT::TopicRule
    Properties:
      RuleName: rule_$N
      TopicRulePayload:
        AwsIotSqlVersion: '2016-03-23'
        Sql: >-
          SELECT device, status, clientid() AS c
          FROM 'fleet/+/$N/status'
          WHERE status <> 'ok'
        Actions:
          - Lambda:
              FunctionArn: !GetAtt Handler.Arn
          - Republish:
              Topic: alerts/${topic(2)}/$N
              Qos: 1
              RoleArn: !GetAtt Role.Arn
        ErrorAction:
          S3:
            BucketName: !Ref ErrorBucket
            Key: ${topic()}/${timestamp()}
            RoleArn: !GetAtt Role.Arn
)";

// Writes the files once: 70% payloads, 20% get-topic-rule output, 10% CloudFormation YAML.
const fs::path& Corpus() {
  static const fs::path* dir = [] {
    auto* d = new fs::path(fs::temp_directory_path() /
                           absl::StrCat("iotsql_validate_bench_", ::getpid()));
    for (int i = 0; i < kFiles; ++i) {
      fs::path sub = *d / absl::StrCat("team", i % 100);
      fs::create_directories(sub);
      int kind = i % 10;
      const char* shape = kind < 7 ? kPayload : kind < 9 ? kGetTopicRule : kCloudFormation;
      std::string text = absl::StrReplaceAll(shape, {{"$N", absl::StrCat(i)}});
      std::ofstream(sub / absl::StrCat("rule_", i, kind == 9 ? ".yaml" : ".json")) << text;
    }
    return d;
  }();
  return *dir;
}

void BM_Validate_10000Files(benchmark::State& state) {
  const fs::path& dir = Corpus();
  int64_t files = 0;
  for (auto _ : state) {
    absl::StatusOr<std::vector<validate::InputFile>> inputs =
        validate::CollectInputs({dir.string()});
    if (!inputs.ok() || inputs->size() != static_cast<size_t>(kFiles)) {
      state.SkipWithError("corpus missing");
      return;
    }
    for (const validate::InputFile& input : *inputs) {
      validate::FileReport report = validate::ValidateFile(input.path, input.named);
      if (!report.findings.empty()) {
        state.SkipWithError(absl::StrCat(input.path, ": unexpected finding: ",
                                         report.findings[0].message).c_str());
        return;
      }
      benchmark::DoNotOptimize(report);
    }
    files += kFiles;
  }
  state.counters["files/s"] = benchmark::Counter(static_cast<double>(files),
                                                 benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Validate_10000Files)->Unit(benchmark::kMillisecond)->Iterations(3);

// The same work per kind of file, from memory (no file system).
void ValidateInMemory(benchmark::State& state, const char* shape, const char* name) {
  std::string text = absl::StrReplaceAll(shape, {{"$N", "42"}});
  for (auto _ : state) {
    validate::FileReport report = validate::ValidateText(name, text, true);
    benchmark::DoNotOptimize(report);
  }
  state.counters["files/s"] = benchmark::Counter(static_cast<double>(state.iterations()),
                                                 benchmark::Counter::kIsRate);
}
void BM_Validate_Payload(benchmark::State& state) { ValidateInMemory(state, kPayload, "r.json"); }
void BM_Validate_GetTopicRule(benchmark::State& state) {
  ValidateInMemory(state, kGetTopicRule, "r.json");
}
void BM_Validate_CloudFormationYaml(benchmark::State& state) {
  ValidateInMemory(state, kCloudFormation, "t.yaml");
}
BENCHMARK(BM_Validate_Payload);
BENCHMARK(BM_Validate_GetTopicRule);
BENCHMARK(BM_Validate_CloudFormationYaml);

// Removes the corpus when the benchmark binary exits.
struct CorpusCleanup {
  ~CorpusCleanup() {
    std::error_code ec;
    fs::remove_all(fs::temp_directory_path() / absl::StrCat("iotsql_validate_bench_", ::getpid()),
                   ec);
  }
} cleanup;

}  // namespace
}  // namespace iotsql::bench
