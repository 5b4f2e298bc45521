// YAML through yaml-cpp: core-schema typing, CloudFormation tags, positions.
#include <gtest/gtest.h>

#include <string>

#include "validate/source_map.h"
#include "validate/yaml_document.h"

namespace iotsql::validate {
namespace {

Node MustParse(const std::string& text) {
  std::vector<Node> roots;
  std::vector<Finding> findings;
  EXPECT_TRUE(ParseYamlDocuments(text, &roots, &findings)) << text;
  EXPECT_EQ(roots.size(), 1u);
  return roots.empty() ? Node() : std::move(roots[0]);
}

TEST(YamlDocument, CoreSchemaTyping) {
  Node root = MustParse(
      "a: true\nb: 'true'\nc: 12\nd: 1.5e3\ne: ~\nf: null\ng: text\nh: \"7\"\ni: False\n"
      "j: 0x1F\nk: yes\nl: -.inf\nm:\n");
  EXPECT_EQ(root.Find("a")->kind, NodeKind::kBool);
  EXPECT_EQ(root.Find("b")->kind, NodeKind::kString);
  EXPECT_EQ(root.Find("c")->kind, NodeKind::kNumber);
  EXPECT_TRUE(root.Find("c")->integral);
  EXPECT_FALSE(root.Find("d")->integral);
  EXPECT_EQ(root.Find("e")->kind, NodeKind::kNull);
  EXPECT_EQ(root.Find("f")->kind, NodeKind::kNull);
  EXPECT_EQ(root.Find("g")->kind, NodeKind::kString);
  EXPECT_EQ(root.Find("h")->kind, NodeKind::kString);
  EXPECT_EQ(root.Find("i")->text, "false");
  EXPECT_EQ(root.Find("j")->kind, NodeKind::kNumber);
  EXPECT_EQ(root.Find("k")->kind, NodeKind::kString);  // YAML 1.2: "yes" is a string
  EXPECT_EQ(root.Find("l")->kind, NodeKind::kNumber);
  EXPECT_EQ(root.Find("m")->kind, NodeKind::kNull);
}

TEST(YamlDocument, CloudFormationShortForms) {
  Node root = MustParse(
      "a: !Ref Bucket\nb: !GetAtt Role.Arn\nc: !Sub 'x-${AWS::Region}'\n"
      "d: !Join [':', [a, b]]\ne: !Condition IsProd\nf: !!str 5\n");
  EXPECT_EQ(root.Find("a")->kind, NodeKind::kIntrinsic);
  EXPECT_EQ(root.Find("a")->text, "Ref");
  EXPECT_EQ(root.Find("a")->items[0].text, "Bucket");
  EXPECT_EQ(root.Find("b")->text, "Fn::GetAtt");
  EXPECT_EQ(root.Find("c")->text, "Fn::Sub");
  EXPECT_EQ(root.Find("c")->items[0].text, "x-${AWS::Region}");
  EXPECT_EQ(root.Find("d")->text, "Fn::Join");
  EXPECT_EQ(root.Find("d")->items[0].kind, NodeKind::kArray);
  EXPECT_EQ(root.Find("e")->text, "Condition");
  EXPECT_EQ(root.Find("f")->kind, NodeKind::kString);
}

TEST(YamlDocument, KeyAndValuePositions) {
  std::string text = "Resources:\n  Rule:\n    Sql: >-\n      SELECT a\n      FROM 'x'\n";
  Node root = MustParse(text);
  const Node* rule = root.Find("Resources")->Find("Rule");
  ASSERT_NE(rule, nullptr);
  const Member* sql = rule->FindMember("Sql");
  ASSERT_NE(sql, nullptr);
  EXPECT_EQ(text.substr(sql->key_begin, sql->key_end - sql->key_begin), "Sql");
  EXPECT_EQ(sql->value.text, "SELECT a FROM 'x'");
  LineIndex lines(text);
  LineColumn from = lines.At(sql->value.map.ToFile(9));
  EXPECT_EQ(from.line, 5);
  EXPECT_EQ(from.column, 7);
}

TEST(YamlDocument, DuplicateKeysKept) {
  Node root = MustParse("a: 1\na: 2\n");
  EXPECT_EQ(root.members.size(), 2u);
  EXPECT_EQ(root.Find("a")->text, "2");
}

TEST(YamlDocument, SeveralDocuments) {
  std::vector<Node> roots;
  std::vector<Finding> findings;
  EXPECT_TRUE(ParseYamlDocuments("a: 1\n---\nb: 2\n", &roots, &findings));
  EXPECT_EQ(roots.size(), 2u);
}

TEST(YamlDocument, SyntaxErrorWithPosition) {
  std::string text = "a: [1, 2\nb: 3\n";
  std::vector<Node> roots;
  std::vector<Finding> findings;
  EXPECT_FALSE(ParseYamlDocuments(text, &roots, &findings));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].check, "yaml-syntax");
  EXPECT_FALSE(findings[0].message.empty());
  EXPECT_LE(findings[0].begin, text.size());
}

TEST(YamlDocument, BadIndentationIsAnError) {
  std::vector<Node> roots;
  std::vector<Finding> findings;
  EXPECT_FALSE(ParseYamlDocuments("a:\n  b: 1\n c: 2\n", &roots, &findings));
  EXPECT_EQ(findings.size(), 1u);
}

}  // namespace
}  // namespace iotsql::validate
