// The CreateTopicRule shape check and the ARN formats, on small documents.
#include <gtest/gtest.h>

#include <string>

#include "validate/api_model.h"
#include "validate/arn.h"
#include "validate/json_document.h"
#include "validate/shape_check.h"

namespace iotsql::validate {
namespace {

// "check: message" of every finding of the payload's shape check.
std::vector<std::string> Shape(const std::string& json, bool cfn = false,
                               const char* shape = "TopicRulePayload") {
  Node root;
  std::vector<Finding> findings;
  EXPECT_TRUE(ParseJsonDocument(json, &root, &findings)) << json;
  if (cfn) MarkJsonIntrinsics(&root);
  ShapeCheckOptions options;
  options.cfn = cfn;
  CheckShape(root, *FindShape(shape), options, &findings);
  std::vector<std::string> out;
  for (const Finding& f : findings) out.push_back(f.check + ": " + f.message);
  return out;
}

using V = std::vector<std::string>;

TEST(ApiModel, KnowsTheActions) {
  const ShapeDef* action = FindShape("Action");
  ASSERT_NE(action, nullptr);
  for (const char* kind : {"s3", "lambda", "sns", "dynamoDB", "dynamoDBv2", "republish",
                           "kinesis", "http"}) {
    EXPECT_NE(FindMember(*action, kind, false), nullptr) << kind;
  }
  EXPECT_NE(FindMember(*action, "DynamoDBv2", true), nullptr);
  EXPECT_EQ(FindMember(*action, "DynamoDBv2", false), nullptr);
  const ShapeDef* name = FindShape("RuleName");
  ASSERT_NE(name, nullptr);
  EXPECT_EQ(name->max, 128);
  // CloudFormation's DynamoDBAction has no Operation.
  const MemberDef* op = FindMember(*FindShape("DynamoDBAction"), "operation", false);
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(op->cfn_name, nullptr);
}

TEST(ShapeCheck, MinimalPayloadIsValid) {
  EXPECT_EQ(Shape(R"({"sql": "SELECT 1 FROM 't'", "actions": []})"), V{});
}

TEST(ShapeCheck, RequiredAndUnknown) {
  EXPECT_EQ(Shape(R"({"actions": [], "sqll": "x"})"),
            (V{"unknown-member: unknown member 'sqll' in the document",
               "missing-member: the document is missing the required member 'sql'"}));
}

TEST(ShapeCheck, Types) {
  EXPECT_EQ(Shape(R"({"sql": 1, "actions": [], "ruleDisabled": "true"})"),
            (V{"type: sql must be a string, not an integer",
               "type: ruleDisabled must be a boolean (true or false), not a string"}));
}

TEST(ShapeCheck, EnumsUnlessTemplated) {
  EXPECT_EQ(Shape(R"({"sql": "x", "actions": [{"dynamoDB": {"tableName": "t",
      "roleArn": "arn:aws:iam::123456789012:role/r", "hashKeyField": "k", "hashKeyValue": "v",
      "hashKeyType": "${kt}", "rangeKeyType": "number"}}]})"),
            (V{"enum: 'number' is not a valid actions[0].dynamoDB.rangeKeyType: expected STRING, "
               "NUMBER"}));
}

TEST(ShapeCheck, OneKindPerAction) {
  EXPECT_EQ(Shape(R"({"sql": "x", "actions": [{}, {"lambda": {"functionArn":
      "arn:aws:lambda:us-east-1:123456789012:function:f"}, "sqs": {"roleArn":
      "arn:aws:iam::123456789012:role/r", "queueUrl": "q"}}]})"),
            (V{"action-kind: actions[0] names no action kind",
               "action-kind: an action has exactly one kind, but actions[1] has 'lambda' and "
               "'sqs'"}));
}

TEST(ShapeCheck, AtMostTenActions) {
  std::string actions;
  for (int i = 0; i < 11; ++i) {
    actions += std::string(i ? "," : "") +
               R"({"lambda": {"functionArn": "arn:aws:lambda:us-east-1:123456789012:function:f"}})";
  }
  EXPECT_EQ(Shape(R"({"sql": "x", "actions": [)" + actions + "]}"),
            (V{"length: actions has 11 elements; at most 10 are allowed"}));
}

TEST(ShapeCheck, RuleNamePatternAndLength) {
  EXPECT_EQ(Shape(R"({"rule": {"ruleName": "a-b", "sql": "x", "actions": []}})", false,
                  "GetTopicRuleDocument"),
            (V{"rule-name: 'a-b' is not a valid rule name"}));
  EXPECT_EQ(Shape(R"({"rule": {"ruleName": ")" + std::string(129, 'a') +
                      R"(", "sql": "x", "actions": []}})", false, "GetTopicRuleDocument"),
            (V{"rule-name: rule.ruleName has 129 characters; at most 128 are allowed"}));
}

TEST(ShapeCheck, CloudFormationSpellingAndConversions) {
  EXPECT_EQ(Shape(R"({"Sql": "x", "Actions": [{"Republish": {"Topic": "t", "Qos": "1",
      "RoleArn": {"Fn::GetAtt": ["R", "Arn"]}}}], "RuleDisabled": "false"})", true),
            V{});
  EXPECT_EQ(Shape(R"({"Sql": "x", "actions": []})", true),
            (V{"unknown-member: unknown member 'actions' in the document",
               "missing-member: the document is missing the required member 'Actions'"}));
}

TEST(ShapeCheck, IntrinsicsAreNotChecked) {
  EXPECT_EQ(Shape(R"({"Sql": {"Fn::Sub": "x"}, "Actions": {"Fn::If": ["c", [], []]}})", true),
            V{});
}

TEST(ShapeCheck, DuplicateMemberWarning) {
  EXPECT_EQ(Shape(R"({"sql": "x", "sql": "y", "actions": []})"),
            (V{"duplicate-member: 'sql' appears twice in the document; only the last one "
               "counts"}));
}

TEST(ShapeCheck, SuggestsNames) {
  EXPECT_EQ(ClosestName("awsIotSqlVersio", {"sql", "awsIotSqlVersion"}), "awsIotSqlVersion");
  EXPECT_EQ(ClosestName("sqlVersion", {"sql", "awsIotSqlVersion"}), "awsIotSqlVersion");
  EXPECT_EQ(ClosestName("zzz", {"sql", "actions"}), "");
}

TEST(Arn, Roles) {
  EXPECT_EQ(CheckArn("arn:aws:iam::123456789012:role/iot-rules", ArnKind::kIamRole), "");
  EXPECT_EQ(CheckArn("arn:aws-cn:iam::123456789012:role/path/r+=,.@_-", ArnKind::kIamRole), "");
  EXPECT_EQ(CheckArn("arn:aws:iam::123456789012:user/bob", ArnKind::kIamRole),
            "the resource of a role ARN is role/<name> (letters, digits and +=,.@_-)");
  EXPECT_EQ(CheckArn("arn:aws:iam:us-east-1:123456789012:role/r", ArnKind::kIamRole),
            "IAM ARNs have no region: arn:aws:iam::<account-id>:role/<name>");
  EXPECT_EQ(CheckArn("arn:aws:iam::12345678901:role/iot", ArnKind::kIamRole),
            "the account id must be 12 digits");
  EXPECT_EQ(CheckArn("role/iot", ArnKind::kIamRole), "a role ARN has 20 to 2048 characters");
  EXPECT_EQ(CheckArn("not-an-arn-but-long-enough", ArnKind::kIamRole),
            "not an ARN: expected arn:partition:service:region:account-id:resource");
  EXPECT_EQ(CheckArn("arn:aws:s3::123456789012:role/iot", ArnKind::kIamRole),
            "expected an iam ARN, not s3");
}

TEST(Arn, FunctionsAndTopics) {
  EXPECT_EQ(CheckArn("arn:aws:lambda:us-east-1:123456789012:function:f", ArnKind::kLambdaFunction),
            "");
  EXPECT_EQ(CheckArn("arn:aws:lambda:us-east-1:123456789012:function:f:$LATEST",
                     ArnKind::kLambdaFunction), "");
  EXPECT_EQ(CheckArn("arn:aws:lambda:us-east-1:123456789012:function:${topic(2)}",
                     ArnKind::kLambdaFunction), "");
  EXPECT_EQ(CheckArn("arn:aws:lambda:us-east-1:123456789012:fn:f", ArnKind::kLambdaFunction),
            "the resource of a function ARN is function:<name>[:<version or alias>]");
  EXPECT_EQ(CheckArn("arn:aws:sns:us-east-1:123456789012:t-${topic()}", ArnKind::kSnsTopic), "");
  EXPECT_EQ(CheckArn("arn:aws:sns:us-east-1:123456789012:endpoint/APNS/app/1",
                     ArnKind::kSnsTopic), "");
  EXPECT_EQ(CheckArn("arn:aws:sns:us-east-1:123456789012:", ArnKind::kSnsTopic),
            "the topic name is missing");
  EXPECT_EQ(CheckArn("arn:aws:sns::123456789012:t", ArnKind::kSnsTopic), "the region is missing");
}

}  // namespace
}  // namespace iotsql::validate
