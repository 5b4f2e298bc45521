// Rule-level validation through the library API: input kinds, SQL and template diagnostics in
// file coordinates, the warnings, and directory expansion.
#include <gtest/gtest.h>

#include <algorithm>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "validate/source_map.h"

#ifndef IOTSQL_TEST_DATA_DIR
#define IOTSQL_TEST_DATA_DIR "tests/data"
#endif
#include "validate/validator.h"

namespace iotsql::validate {
namespace {

namespace fs = std::filesystem;

// "line:col check" of every finding, in file order.
std::vector<std::string> Checks(const std::string& text, const std::string& path = "r.json") {
  FileReport report = ValidateText(path, text, true);
  LineIndex lines(report.text);
  std::vector<std::string> out;
  for (const Finding& f : report.findings) {
    LineColumn at = lines.At(f.begin);
    out.push_back(std::to_string(at.line) + ":" + std::to_string(at.column) + " " + f.check);
  }
  return out;
}

bool Has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

using V = std::vector<std::string>;

constexpr const char* kLambda =
    R"({"lambda": {"functionArn": "arn:aws:lambda:us-east-1:123456789012:function:f"}})";

std::string Payload(const std::string& sql, const std::string& extra = "") {
  return std::string(R"({"sql": )") + sql + R"(, "awsIotSqlVersion": "2016-03-23", "actions": [)" +
         kLambda + R"(], "errorAction": )" + kLambda + extra + "}";
}

TEST(ValidateRules, InputKinds) {
  EXPECT_EQ(ValidateText("a.json", Payload(R"("SELECT * FROM 'a'")"), true).kind,
            InputKind::kPayload);
  EXPECT_EQ(ValidateText("a.json", R"({"rule": {"ruleName": "a", "sql": "x", "actions": []}})",
                         true).kind,
            InputKind::kGetTopicRule);
  EXPECT_EQ(ValidateText("a.json", R"({"ruleName": "a", "topicRulePayload": {}})", true).kind,
            InputKind::kCliInput);
  EXPECT_EQ(ValidateText("a.yaml", "Resources: {}\n", true).kind, InputKind::kCloudFormation);
  // Without an extension, the first character decides the syntax.
  EXPECT_EQ(ValidateText("rule", "sql: SELECT * FROM 'a'\nactions: []\n", true).kind,
            InputKind::kPayload);
}

TEST(ValidateRules, UnknownFilesAreSkippedInDirectoriesOnly) {
  FileReport in_dir = ValidateText("package.json", R"({"name": "x"})", false);
  EXPECT_TRUE(in_dir.skipped);
  EXPECT_TRUE(in_dir.findings.empty());
  FileReport named = ValidateText("package.json", R"({"name": "x"})", true);
  EXPECT_FALSE(named.skipped);
  EXPECT_EQ(Checks(R"({"name": "x"})"), V{"1:1 not-a-rule-file"});
  // Syntax errors are reported even in directories: a broken rule file must not pass silently.
  EXPECT_EQ(ValidateText("x.json", "{", false).findings.size(), 1u);
}

TEST(ValidateRules, SqlErrorsAtTheirFileColumnThroughEscapes) {
  // `uppr` starts at SQL byte 16 and file column 34: the \" and \u00e9 escapes take 9 more
  // bytes in the file than in the SQL.
  std::string text = "{\"sql\": \"SELECT \\\"\\u00e9\\\" AS e, uppr(a) AS u FROM 'x'\",\n" +
                     std::string(R"( "awsIotSqlVersion": "2016-03-23", "actions": [], )") +
                     "\"errorAction\": " + kLambda + "}";
  EXPECT_EQ(Checks(text), (V{"1:34 unknown-function", "2:36 no-actions"}));
}

TEST(ValidateRules, SqlErrorsInYamlBlockScalars) {
  std::string text =
      "sql: >-\n"
      "  SELECT a,\n"
      "     uppr(b) AS c\n"
      "  FROM 'x'\n"
      "actions: []\n";
  EXPECT_EQ(Checks(text, "r.yaml"), (V{"3:6 unknown-function", "5:1 no-actions"}));
}

TEST(ValidateRules, TemplatesSeeSetVariablesEvenWhenTheSqlHasErrors) {
  std::string text = Payload(R"("SET @d = device SELECT uppr(x) AS y FROM 'a'")",
                             R"(, "description": "d")");
  text.replace(text.find(kLambda), std::string(kLambda).size(),
               R"({"s3": {"roleArn": "arn:aws:iam::123456789012:role/r", "bucketName": "b",
                           "key": "${@d}/${@nope}"}})");
  V checks = Checks(text);
  EXPECT_EQ(std::count(checks.begin(), checks.end(), "2:44 variable"), 1) << ::testing::PrintToString(checks);
  EXPECT_TRUE(Has(checks, "1:33 unknown-function"));
}

TEST(ValidateRules, ErrorActionTemplatesMayNotCallExternalFunctions) {
  std::string error_action =
      R"({"s3": {"roleArn": "arn:aws:iam::123456789012:role/r", "bucketName": "b",)"
      R"( "key": "${get_secret('s', 'SecretString', 'k', 'arn:aws:iam::123456789012:role/r')}"}})";
  std::string text = std::string(R"({"sql": "SELECT * FROM 'a'", "awsIotSqlVersion": "2016-03-23",)") +
                     R"( "actions": [], "errorAction": )" + error_action + "}";
  EXPECT_TRUE(Has(Checks(text), "1:178 external-in-error-action"));
  // The same template in an ordinary action is fine.
  std::string ok = std::string(R"({"sql": "SELECT * FROM 'a'", "awsIotSqlVersion": "2016-03-23",)") +
                   R"( "actions": [)" + error_action + R"(], "errorAction": )" + kLambda + "}";
  EXPECT_EQ(Checks(ok), V{});
}

TEST(ValidateRules, CloudFormationIntrinsicsSkipChecksThatNeedLiterals) {
  std::string text =
      "Resources:\n"
      "  R:\n"
      "    Type: AWS::IoT::TopicRule\n"
      "    Properties:\n"
      "      TopicRulePayload:\n"
      "        Sql: !Sub \"SET @a = x SELECT * FROM '${Prefix}/#'\"\n"
      "        Actions:\n"
      "          - S3: {BucketName: !Ref B, Key: '${@a}', RoleArn: !GetAtt Role.Arn}\n"
      "        ErrorAction: !If [Prod, {Lambda: {FunctionArn: x}}, !Ref AWS::NoValue]\n";
  EXPECT_EQ(Checks(text, "t.yaml"), V{});
  // An Fn::Sub without ${...} substitutes nothing: its text is checked.
  std::string literal =
      "Resources:\n  R:\n    Type: AWS::IoT::TopicRule\n    Properties:\n"
      "      TopicRulePayload:\n        Sql: !Sub \"SELECT uppr(a) AS b FROM 'x'\"\n"
      "        Actions: []\n";
  EXPECT_TRUE(Has(Checks(literal, "t.yaml"), "6:27 unknown-function"));
}

TEST(ValidateRules, RuleNamesFromEachInputKind) {
  FileReport cfn = ValidateText("t.yaml",
                                "Resources:\n  Logical:\n    Type: AWS::IoT::TopicRule\n"
                                "    Properties:\n      TopicRulePayload:\n"
                                "        Sql: SELECT nosuch() AS a FROM 'x'\n        Actions: []\n",
                                true);
  ASSERT_FALSE(cfn.findings.empty());
  EXPECT_EQ(cfn.findings[0].rule, "Logical");
  FileReport payload = ValidateText("dir/my_rule.json", Payload(R"("SELECT nosuch() AS a FROM 'x'")"),
                                    true);
  ASSERT_FALSE(payload.findings.empty());
  EXPECT_EQ(payload.findings[0].rule, "my_rule");
}

TEST(ValidateRules, ConstantWhere) {
  EXPECT_EQ(Checks(Payload(R"("SELECT * FROM 'a' WHERE 1 < 2")")), V{"1:34 constant-where"});
  EXPECT_EQ(Checks(Payload(R"("SELECT * FROM 'a' WHERE lower('A') = 'b'")")),
            V{"1:34 constant-where"});
  // Reads the message (or the clock): not constant.
  EXPECT_EQ(Checks(Payload(R"("SELECT * FROM 'a' WHERE timestamp() % 2 = 0")")), V{});
  EXPECT_EQ(Checks(Payload(R"("SELECT * FROM 'a' WHERE topic(1) = 'a'")")), V{});
}

TEST(ValidateRules, AlwaysUndefinedOperators) {
  EXPECT_EQ(Checks(Payload(R"("SELECT * FROM 'a' WHERE x > 'abc'")")),
            V{"1:34 always-undefined"});
  EXPECT_EQ(Checks(Payload(R"("SELECT * FROM 'a' WHERE x > '10'")")), V{});  // '10' converts
  EXPECT_EQ(Checks(Payload(R"("SELECT * FROM 'a' WHERE x AND 1")")), V{"1:34 always-undefined"});
  EXPECT_EQ(Checks(Payload(R"("SELECT * FROM 'a' WHERE x AND 'TRUE'")")), V{});
  EXPECT_EQ(Checks(Payload(R"("SELECT x - null AS y FROM 'a'")")), V{"1:17 always-undefined"});
  EXPECT_EQ(Checks(Payload(R"("SELECT * FROM 'a' WHERE x IN ['a', 'b']")")), V{});
}

TEST(ValidateRules, StringNumberComparisons) {
  EXPECT_EQ(Checks(Payload(R"("SELECT * FROM 'a' WHERE x + 1 = '2'")")), V{});  // + may concatenate
  EXPECT_EQ(Checks(Payload(R"("SELECT * FROM 'a' WHERE -x = '2'")")),
            V{"1:34 string-number-compare"});
  EXPECT_EQ(Checks(Payload(R"("SELECT * FROM 'a' WHERE x > 5 AND x <> '5'")")),
            V{"1:44 string-number-compare"});
  EXPECT_EQ(Checks(Payload(R"("SELECT * FROM 'a' WHERE x = '5'")")), V{});  // x may be a String
}

TEST(ValidateRules, AliasesInWhereAndTemplates) {
  EXPECT_EQ(Checks(Payload(R"("SELECT t * 2 AS d FROM 'a' WHERE d > 1")")), V{"1:43 where-alias"});
  // `temp AS temp` selects the member itself: reading temp in WHERE is right.
  EXPECT_EQ(Checks(Payload(R"("SELECT temp AS temp FROM 'a' WHERE temp > 1")")), V{});
}

TEST(ValidateRules, RepublishLoopUnderstandsDollarEscapes) {
  std::string text = Payload(R"("SELECT * FROM '$aws/things/+/shadow/update'")");
  text.replace(text.find(kLambda), std::string(kLambda).size(),
               R"({"republish": {"roleArn": "arn:aws:iam::123456789012:role/r",)"
               R"( "topic": "$$aws/things/t1/shadow/update"}})");
  EXPECT_TRUE(Has(Checks(text), "1:173 republish-loop")) << ::testing::PrintToString(Checks(text));
}

TEST(ValidateRules, UnreadableFile) {
  FileReport report = ValidateFile("/nonexistent/dir/rule.json", true);
  ASSERT_EQ(report.findings.size(), 1u);
  EXPECT_EQ(report.findings[0].check, "io");
}

TEST(ValidateRules, CollectInputs) {
  fs::path dir = fs::temp_directory_path() / ("iotsql_validate_" + std::to_string(::getpid()));
  fs::create_directories(dir / "sub");
  fs::create_directories(dir / ".git");
  for (const char* name : {"b.json", "a.yaml", "sub/c.yml", "sub/notes.txt", ".git/x.json",
                           ".hidden.json"}) {
    std::ofstream(dir / name) << "{}";
  }
  absl::StatusOr<std::vector<InputFile>> inputs = CollectInputs({dir.string()});
  ASSERT_TRUE(inputs.ok());
  std::vector<std::string> names;
  for (const InputFile& f : *inputs) {
    names.push_back(fs::path(f.path).lexically_relative(dir).string());
    EXPECT_FALSE(f.named);
  }
  EXPECT_EQ(names, (V{"a.yaml", "b.json", "sub/c.yml"}));
  absl::StatusOr<std::vector<InputFile>> named = CollectInputs({(dir / "sub/notes.txt").string()});
  ASSERT_TRUE(named.ok());
  EXPECT_TRUE((*named)[0].named);
  EXPECT_FALSE(CollectInputs({(dir / "missing").string()}).ok());
  fs::remove_all(dir);
}

// Truncated, spliced and byte-flipped rule files: findings, never a crash or a hang.
TEST(ValidateRobustness, MutatedInputs) {
  std::string dir = std::string(IOTSQL_TEST_DATA_DIR) + "/validate/valid";
  std::mt19937 rng(6);
  int runs = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    const std::string original = buffer.str();
    std::string name = entry.path().filename().string();
    for (int i = 0; i < 150; ++i) {
      std::string text = original;
      int edits = 1 + static_cast<int>(rng() % 4);
      for (int e = 0; e < edits && !text.empty(); ++e) {
        size_t at = rng() % text.size();
        switch (rng() % 4) {
          case 0: text.resize(at); break;
          case 1: text[at] = static_cast<char>(rng() % 256); break;
          case 2: text.erase(at, 1 + rng() % 8); break;
          case 3: text.insert(at, text.substr(rng() % text.size(), 1 + rng() % 16)); break;
        }
      }
      FileReport report = ValidateText(name, text, true);
      for (const Finding& f : report.findings) {
        ASSERT_LE(f.begin, report.text.size() + 1) << name << " run " << i;
      }
      ++runs;
    }
  }
  EXPECT_GT(runs, 500);
}

TEST(ValidateRobustness, DeepNesting) {
  V yaml = Checks("a: " + std::string(100000, '[') + "\n", "d.yaml");
  ASSERT_EQ(yaml.size(), 1u);
  EXPECT_NE(yaml[0].find("yaml-syntax"), std::string::npos);
  EXPECT_EQ(Checks(std::string(100000, '['), "d.json"), V{"1:514 json-syntax"});
}

}  // namespace
}  // namespace iotsql::validate
