// Rule documents: the three shapes, defaults, and errors that say where.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "iotsql/engine.h"

namespace iotsql {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

std::string Message(const absl::Status& s) { return std::string(s.message()); }

TEST(RuleDocument, TopicRulePayload) {
  auto doc = ParseRuleDocument(R"({
    "sql": "SELECT * FROM 'iot/test'",
    "ruleDisabled": true,
    "awsIotSqlVersion": "2016-03-23",
    "description": "archive",
    "actions": [{"s3": {"roleArn": "arn:aws:iam::123456789012:role/r",
                        "bucketName": "my-bucket", "key": "${topic()}/${timestamp()}"}}],
    "errorAction": {"sns": {"targetArn": "arn:aws:sns:us-east-1:1:errors", "roleArn": "r"}}
  })",
                               "archive");
  ASSERT_TRUE(doc.ok()) << doc.status();
  EXPECT_EQ(doc->name, "archive");
  EXPECT_EQ(doc->sql, "SELECT * FROM 'iot/test'");
  EXPECT_EQ(doc->version, SqlVersion::k2016_03_23);
  EXPECT_TRUE(doc->disabled);
  EXPECT_EQ(doc->description, "archive");
  ASSERT_EQ(doc->actions.size(), 1u);
  EXPECT_EQ(doc->actions[0].kind, "s3");
  EXPECT_EQ(doc->actions[0].params_json,
            R"({"roleArn":"arn:aws:iam::123456789012:role/r","bucketName":"my-bucket",)"
            R"("key":"${topic()}/${timestamp()}"})");
  ASSERT_TRUE(doc->error_action.has_value());
  EXPECT_EQ(doc->error_action->kind, "sns");
  EXPECT_EQ(doc->sql_line, 2);
  EXPECT_EQ(doc->sql_column, 13);
}

TEST(RuleDocument, DefaultsFollowAws) {
  auto doc = ParseRuleDocument(R"({"sql": "SELECT 1 AS a FROM 't'", "actions": []})", "r");
  ASSERT_TRUE(doc.ok()) << doc.status();
  EXPECT_EQ(doc->version, SqlVersion::k2015_10_08);  // not the console's 2016-03-23
  EXPECT_FALSE(doc->disabled);
  EXPECT_TRUE(doc->actions.empty());
  EXPECT_FALSE(doc->error_action.has_value());
}

TEST(RuleDocument, GetTopicRuleOutput) {
  auto doc = ParseRuleDocument(R"({
    "ruleArn": "arn:aws:iot:us-east-1:123456789012:rule/MyRule",
    "rule": {"ruleName": "MyRule", "sql": "SELECT temp FROM 'a/b'", "createdAt": 1.5E9,
             "actions": [{"lambda": {"functionArn": "arn:aws:lambda:us-east-1:1:function:f"}}],
             "ruleDisabled": false, "awsIotSqlVersion": "beta"}
  })",
                               "file_name");
  ASSERT_TRUE(doc.ok()) << doc.status();
  EXPECT_EQ(doc->name, "MyRule");  // the document's name wins over the file's
  EXPECT_EQ(doc->version, SqlVersion::k2016_03_23);
  EXPECT_EQ(doc->actions[0].kind, "lambda");
}

TEST(RuleDocument, WrappedPayload) {
  auto doc = ParseRuleDocument(R"({"ruleName": "Wrapped", "topicRulePayload":
      {"sql": "SELECT 1 AS a FROM 't'", "actions": []}})",
                               "");
  ASSERT_TRUE(doc.ok()) << doc.status();
  EXPECT_EQ(doc->name, "Wrapped");
  auto unnamed = ParseRuleDocument(R"({"topicRulePayload":
      {"sql": "SELECT 1 AS a FROM 't'", "actions": []}})",
                                   "from_file");
  ASSERT_TRUE(unnamed.ok()) << unnamed.status();
  EXPECT_EQ(unnamed->name, "from_file");
}

TEST(RuleDocument, ErrorsSayLineAndColumn) {
  auto bad_json = ParseRuleDocument("{\n  \"sql\": \"SELECT 1\",\n  \"actions\": [,]\n}", "r");
  EXPECT_EQ(Message(bad_json.status()),
            "3:15: not valid JSON: expected a value (string, number, object, array, true, "
            "false or null)");

  auto trailing = ParseRuleDocument("{\"sql\": \"x\", \"actions\": [],}", "r");
  EXPECT_EQ(Message(trailing.status()), "1:28: not valid JSON: trailing comma before }");

  auto unknown = ParseRuleDocument("{\"sql\": \"x\",\n \"action\": []}", "r");
  EXPECT_EQ(Message(unknown.status()),
            "2:2: unknown member \"action\" in a TopicRulePayload (did you mean \"actions\"?)");

  auto kind =
      ParseRuleDocument("{\"sql\": \"x\", \"actions\": [{\"s4\": {\"bucketName\": \"b\"}}]}", "r");
  EXPECT_EQ(Message(kind.status()), "1:27: unknown action kind \"s4\" (did you mean \"s3\"?)");

  auto version = ParseRuleDocument(
      "{\"sql\": \"x\", \"actions\": [], \"awsIotSqlVersion\": \"2017-01-01\"}", "r");
  EXPECT_THAT(Message(version.status()), StartsWith("1:49: unknown SQL version '2017-01-01'"));

  auto type = ParseRuleDocument("{\"sql\": 42, \"actions\": []}", "r");
  EXPECT_EQ(Message(type.status()), "1:9: \"sql\" must be a string, not a number");

  auto two_kinds =
      ParseRuleDocument("{\"sql\": \"x\", \"actions\": [{\"s3\": {}, \"sns\": {}}]}", "r");
  EXPECT_THAT(Message(two_kinds.status()), HasSubstr("exactly one kind"));

  auto missing = ParseRuleDocument("{\"sql\": \"x\"}", "r");
  EXPECT_THAT(Message(missing.status()), HasSubstr("no \"actions\" member"));

  auto duplicate = ParseRuleDocument("{\"sql\": \"x\", \"sql\": \"y\", \"actions\": []}", "r");
  EXPECT_EQ(Message(duplicate.status()), "1:14: duplicate member \"sql\"");

  std::string eleven = "{\"sql\": \"x\", \"actions\": [";
  for (int i = 0; i < 11; ++i) eleven += std::string(i ? "," : "") + "{\"sns\": {}}";
  eleven += "]}";
  EXPECT_THAT(Message(ParseRuleDocument(eleven, "r").status()), HasSubstr("at most 10 actions"));

  auto not_object = ParseRuleDocument("[1]", "r");
  EXPECT_THAT(Message(not_object.status()), HasSubstr("1:1: a rule document is a JSON object"));
}

TEST(RuleDocument, RuleNames) {
  auto bad = ParseRuleDocument(R"({"ruleName": "high temp", "sql": "x", "actions": []})", "");
  EXPECT_THAT(Message(bad.status()), StartsWith("1:14: a rule name may hold only letters"));
  auto no_name = ParseRuleDocument(R"({"sql": "x", "actions": []})", "");
  EXPECT_THAT(Message(no_name.status()), HasSubstr("has no name"));
  auto long_name = ParseRuleDocument(R"({"sql": "x", "actions": []})", std::string(129, 'a'));
  EXPECT_THAT(Message(long_name.status()), HasSubstr("at most 128"));
  EXPECT_TRUE(ParseRuleDocument(R"({"sql": "x", "actions": []})", std::string(128, 'a')).ok());
}

class RuleFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("iotsql_rule_files_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string Write(const std::string& name, const std::string& text) {
    std::string path = (dir_ / name).string();
    std::ofstream(path) << text;
    return path;
  }
  std::filesystem::path dir_;
};

TEST_F(RuleFiles, NameFromFile) {
  std::string path = Write("high_temp.json", R"({"sql": "SELECT 1 AS a FROM 't'", "actions": []})");
  auto doc = LoadRuleFile(path);
  ASSERT_TRUE(doc.ok()) << doc.status();
  EXPECT_EQ(doc->name, "high_temp");
  EXPECT_EQ(doc->origin, path);
}

TEST_F(RuleFiles, HyphenInFileNameSuggestsAValidName) {
  std::string path = Write("high-temp.json", R"({"sql": "SELECT 1 AS a FROM 't'", "actions": []})");
  auto doc = LoadRuleFile(path);
  EXPECT_EQ(Message(doc.status()),
            path +
                ": the file name gives the rule name 'high-temp': a rule name may hold only "
                "letters, digits and _ ('-' at character 5); rename the file to high_temp.json "
                "or set \"ruleName\": \"high_temp\" in the document");
  // A name in the document makes the file name irrelevant.
  Write("other-name.json",
        R"({"ruleName": "named", "sql": "SELECT 1 AS a FROM 't'", "actions": []})");
  EXPECT_TRUE(LoadRuleFile((dir_ / "other-name.json").string()).ok());
}

TEST_F(RuleFiles, ErrorsNameTheFile) {
  std::string path = Write("bad.json", "{\n  \"sql\": \"x\",\n  \"actions\": [}\n}");
  EXPECT_EQ(Message(LoadRuleFile(path).status()),
            path +
                ":3:15: not valid JSON: expected a value (string, number, object, array, "
                "true, false or null)");
  EXPECT_EQ(LoadRuleFile((dir_ / "missing.json").string()).status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(RuleFiles, DirectoryInNameOrderReportingEveryBadFile) {
  Write("b.json", R"({"sql": "SELECT 2 AS a FROM 't'", "actions": []})");
  Write("a.json", R"({"sql": "SELECT 1 AS a FROM 't'", "actions": []})");
  Write("notes.txt", "not a rule");
  auto docs = LoadRules(dir_.string());
  ASSERT_TRUE(docs.ok()) << docs.status();
  ASSERT_EQ(docs->size(), 2u);
  EXPECT_EQ((*docs)[0].name, "a");
  EXPECT_EQ((*docs)[1].name, "b");

  Write("c.json", "{");
  Write("d.json", R"({"ruleName": "a", "sql": "SELECT 1 AS a FROM 't'", "actions": []})");
  auto bad = LoadRules(dir_.string());
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(Message(bad.status()), HasSubstr("c.json:1:2: not valid JSON"));
  EXPECT_THAT(Message(bad.status()), HasSubstr("d.json: rule 'a' is already defined by"));
}

TEST_F(RuleFiles, SqlErrorsPointIntoTheFile) {
  std::string path =
      Write("broken.json", "{\n  \"sql\": \"SELECT a[0] AS x FROM 't/#'\",\n  \"actions\": []\n}");
  auto doc = LoadRuleFile(path);
  ASSERT_TRUE(doc.ok()) << doc.status();
  RuleEngine engine;
  absl::Status s = engine.AddRule(*doc);
  ASSERT_FALSE(s.ok());
  // Column 11 of the file is the SQL's first character; the error is at SQL column 9.
  EXPECT_THAT(Message(s), StartsWith(path + ":2:19: error: array indexing"));
  EXPECT_THAT(Message(s), HasSubstr("hint: use get(a, 0)"));
}

TEST_F(RuleFiles, BundledExamplesLoad) {
  auto docs = LoadRules(IOTSQL_SOURCE_DIR "/examples/rules");
  ASSERT_TRUE(docs.ok()) << docs.status();
  EXPECT_GE(docs->size(), 12u);
  RuleEngine engine;
  EXPECT_TRUE(engine.AddRules(*docs).ok());
}

}  // namespace
}  // namespace iotsql
