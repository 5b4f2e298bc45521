// The position-keeping JSON reader: values, positions, and the syntax errors people make.
#include <gtest/gtest.h>

#include <string>

#include "validate/json_document.h"
#include "validate/source_map.h"

namespace iotsql::validate {
namespace {

Node MustParse(const std::string& text) {
  Node root;
  std::vector<Finding> findings;
  EXPECT_TRUE(ParseJsonDocument(text, &root, &findings)) << text;
  EXPECT_TRUE(findings.empty());
  return root;
}

// "line:col message" of the one syntax error.
std::string Error(const std::string& text, std::string* hint = nullptr) {
  Node root;
  std::vector<Finding> findings;
  EXPECT_FALSE(ParseJsonDocument(text, &root, &findings)) << text;
  if (findings.size() != 1) return "no single finding";
  EXPECT_EQ(findings[0].check, "json-syntax");
  if (hint != nullptr) *hint = findings[0].hint;
  LineColumn at = LineIndex(text).At(findings[0].begin);
  return std::to_string(at.line) + ":" + std::to_string(at.column) + " " + findings[0].message;
}

TEST(JsonDocument, ValuesAndKinds) {
  Node root = MustParse(R"({"a": 1, "b": -2.5e3, "c": "x", "d": true, "e": null, "f": [1, {}]})");
  ASSERT_EQ(root.kind, NodeKind::kObject);
  ASSERT_EQ(root.members.size(), 6u);
  EXPECT_EQ(root.Find("a")->kind, NodeKind::kNumber);
  EXPECT_TRUE(root.Find("a")->integral);
  EXPECT_FALSE(root.Find("b")->integral);
  EXPECT_EQ(root.Find("b")->text, "-2.5e3");
  EXPECT_EQ(root.Find("c")->text, "x");
  EXPECT_EQ(root.Find("d")->kind, NodeKind::kBool);
  EXPECT_EQ(root.Find("d")->text, "true");
  EXPECT_EQ(root.Find("e")->kind, NodeKind::kNull);
  EXPECT_EQ(root.Find("f")->items.size(), 2u);
}

TEST(JsonDocument, PositionsOfKeysAndValues) {
  std::string text = "{\n  \"sql\": \"SELECT 1\",\n  \"n\": [ 7 ]\n}";
  Node root = MustParse(text);
  const Member* sql = root.FindMember("sql");
  ASSERT_NE(sql, nullptr);
  EXPECT_EQ(text.substr(sql->key_begin, sql->key_end - sql->key_begin), "\"sql\"");
  EXPECT_EQ(text.substr(sql->value.begin, sql->value.end - sql->value.begin), "\"SELECT 1\"");
  const Node& seven = root.Find("n")->items[0];
  EXPECT_EQ(text[seven.begin], '7');
  EXPECT_EQ(seven.end, seven.begin + 1);
}

TEST(JsonDocument, DuplicatesKeptLastWins) {
  Node root = MustParse(R"({"a": 1, "a": 2})");
  EXPECT_EQ(root.members.size(), 2u);
  EXPECT_EQ(root.Find("a")->text, "2");
}

TEST(JsonDocument, ByteOrderMarkSkipped) { MustParse("\xEF\xBB\xBF{}"); }

TEST(JsonDocument, SyntaxErrors) {
  std::string hint;
  EXPECT_EQ(Error("{\"a\": 1,\n}", &hint), "1:8 trailing comma before '}'");
  EXPECT_EQ(hint, "JSON allows no comma after the last member");
  EXPECT_EQ(Error("[1, 2,]"), "1:6 trailing comma before ']'");
  EXPECT_EQ(Error("{\n  // c\n}"), "2:3 comments are not allowed in JSON");
  EXPECT_EQ(Error("{\"a\": 'x'}"), "1:7 JSON strings are written in double quotes");
  EXPECT_EQ(Error("{a: 1}"), "1:2 member names must be double-quoted strings");
  EXPECT_EQ(Error("{\"a\" 1}"), "1:6 expected ':' after the member name, found '1'");
  EXPECT_EQ(Error("{\"a\": 1 \"b\": 2}"), "1:9 expected ',' between members");
  EXPECT_EQ(Error("{\"a\": True}", &hint), "1:7 'True' is not a JSON value");
  EXPECT_EQ(hint, "JSON booleans are lower case: true, false");
  EXPECT_EQ(Error("{\"a\": 01}"), "1:7 JSON numbers may not have leading zeros");
  EXPECT_EQ(Error("{\"a\": 1.}"), "1:9 expected digits after the decimal point");
  EXPECT_EQ(Error("{\"a\": \"x\ny\"}"), "1:9 line break inside a string");
  EXPECT_EQ(Error("{\"a\": \"\\q\"}"), "1:8 invalid escape \\q");
  EXPECT_EQ(Error("{\"a\": \"\\u12\"}"), "1:8 \\u must be followed by four hexadecimal digits");
  EXPECT_EQ(Error("{\"a\": \"\\ud800\"}"), "1:8 lone UTF-16 surrogate in \\u escape");
  EXPECT_EQ(Error("{\"a\": \"x"), "1:7 unterminated string");
  EXPECT_EQ(Error("{\"a\": 1"), "1:8 expected ',' or '}' after the member, found end of file");
  EXPECT_EQ(Error("{} {}"), "1:4 unexpected text after the JSON value");
  EXPECT_EQ(Error(""), "1:1 the file is empty: expected a JSON object");
  EXPECT_EQ(Error("{\"a\": \"\xC3\x28\"}"), "1:8 invalid UTF-8 in string");
}

TEST(JsonDocument, DeepNestingIsAnErrorNotACrash) {
  std::string deep(10000, '[');
  EXPECT_EQ(Error(deep), "1:514 JSON nested too deeply");
}

TEST(JsonDocument, IntrinsicsAreMarked) {
  Node root = MustParse(
      R"({"a": {"Ref": "X"}, "b": {"Fn::GetAtt": ["R", "Arn"]}, "c": {"Ref": "X", "d": 1}})");
  MarkJsonIntrinsics(&root);
  EXPECT_EQ(root.Find("a")->kind, NodeKind::kIntrinsic);
  EXPECT_EQ(root.Find("a")->text, "Ref");
  ASSERT_EQ(root.Find("a")->items.size(), 1u);
  EXPECT_EQ(root.Find("a")->items[0].text, "X");
  EXPECT_EQ(root.Find("b")->text, "Fn::GetAtt");
  EXPECT_EQ(root.Find("c")->kind, NodeKind::kObject);  // two members: an ordinary object
}

}  // namespace
}  // namespace iotsql::validate
