#include "actions/params.h"

#include "gtest/gtest.h"

namespace iotsql::actions {
namespace {

TEST(ActionsParams, S3) {
  auto p = ParseS3Params(R"({"roleArn":"arn:aws:iam::1:role/r","bucketName":"b","key":"k/1",
                            "cannedAcl":"bucket-owner-full-control"})");
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->bucket, "b");
  EXPECT_EQ(p->key, "k/1");
  EXPECT_EQ(p->canned_acl, "bucket-owner-full-control");
  EXPECT_EQ(ParseS3Params(R"({"bucketName":"b"})").status().message(), "s3 action: key is required");
  EXPECT_EQ(ParseS3Params(R"({"bucketName":"b","key":""})").status().message(),
            "s3 action: key is empty");
  EXPECT_FALSE(ParseS3Params(R"({"bucketName":"b","key":"k","cannedAcl":"nope"})").ok());
  EXPECT_EQ(ParseS3Params("[1]").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseS3Params("nope").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(ActionsParams, LambdaFunctionForms) {
  struct Case { const char* arn; const char* name; const char* qualifier; };
  for (const Case& c : {Case{"arn:aws:lambda:us-east-1:123456789012:function:fn", "fn", ""},
                        Case{"arn:aws:lambda:us-east-1:123456789012:function:fn:prod", "fn", "prod"},
                        Case{"123456789012:function:fn:7", "fn", "7"},
                        Case{"my_fn-2", "my_fn-2", ""},
                        Case{"fn:$LATEST", "fn", "$LATEST"}}) {
    auto p = ParseLambdaParams(std::string(R"({"functionArn":")") + c.arn + "\"}");
    ASSERT_TRUE(p.ok()) << c.arn << " " << p.status();
    EXPECT_EQ(p->function_arn, c.arn);
    EXPECT_EQ(p->function_name, c.name);
    EXPECT_EQ(p->qualifier, c.qualifier);
  }
  EXPECT_FALSE(ParseLambdaParams(R"({"functionArn":"a/b"})").ok());
  EXPECT_FALSE(ParseLambdaParams(R"({"functionArn":"arn:aws:lambda:r:1:function:f:q:x"})").ok());
  EXPECT_FALSE(ParseLambdaParams(R"({})").ok());
}

TEST(ActionsParams, Sns) {
  auto p = ParseSnsParams(R"({"targetArn":"arn:aws:sns:us-east-1:123456789012:alerts",
                             "roleArn":"r","messageFormat":"JSON"})");
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(p->json_format);
  EXPECT_TRUE(p->is_topic);
  EXPECT_EQ(p->topic_name, "alerts");
  p = ParseSnsParams(R"({"targetArn":"arn:aws:sns:us-east-1:1:endpoint/GCM/app/abc"})");
  ASSERT_TRUE(p.ok());
  EXPECT_FALSE(p->json_format);  // RAW is the default
  EXPECT_FALSE(p->is_topic);
  EXPECT_FALSE(ParseSnsParams(R"({"targetArn":"arn:aws:sns:r:1:t","messageFormat":"XML"})").ok());
  EXPECT_FALSE(ParseSnsParams(R"({"targetArn":"arn:aws:sqs:r:1:t"})").ok());
}

TEST(ActionsParams, DynamoDb) {
  auto p = ParseDynamoDbParams(R"({"tableName":"T","hashKeyField":"device","hashKeyValue":"d1",
      "hashKeyType":"STRING","rangeKeyField":"ts","rangeKeyValue":"17","rangeKeyType":"NUMBER",
      "payloadField":"data","operation":"update","roleArn":"r"})");
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->hash_key_type, KeyType::kString);
  EXPECT_EQ(p->range_key_type, KeyType::kNumber);
  EXPECT_EQ(p->payload_field, "data");
  EXPECT_EQ(p->operation, DynamoDbParams::Operation::kUpdate);
  p = ParseDynamoDbParams(R"({"tableName":"T","hashKeyField":"k","hashKeyValue":"v"})");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->payload_field, "payload");
  EXPECT_EQ(p->operation, DynamoDbParams::Operation::kInsert);
  EXPECT_EQ(p->hash_key_type, KeyType::kString);
  EXPECT_FALSE(ParseDynamoDbParams(
      R"({"tableName":"T","hashKeyField":"k","hashKeyValue":"v","operation":"UPSERT"})").ok());
  EXPECT_FALSE(ParseDynamoDbParams(
      R"({"tableName":"T","hashKeyField":"k","hashKeyValue":"v","hashKeyType":"BINARY"})").ok());
  EXPECT_FALSE(ParseDynamoDbParams(
      R"({"tableName":"T","hashKeyField":"k","hashKeyValue":"v","rangeKeyField":"r"})").ok());
  // A hashKeyValue template that rendered Undefined (empty) cannot key an item.
  EXPECT_FALSE(ParseDynamoDbParams(R"({"tableName":"T","hashKeyField":"k","hashKeyValue":""})").ok());
}

TEST(ActionsParams, DynamoDbV2AndRepublish) {
  auto v2 = ParseDynamoDbV2Params(R"({"roleArn":"r","putItem":{"tableName":"Readings"}})");
  ASSERT_TRUE(v2.ok());
  EXPECT_EQ(v2->table, "Readings");
  EXPECT_FALSE(ParseDynamoDbV2Params(R"({"tableName":"Readings"})").ok());
  auto rp = ParseRepublishParams(R"({"topic":"out/t","qos":1})");
  ASSERT_TRUE(rp.ok());
  EXPECT_EQ(rp->qos, 1);
  EXPECT_FALSE(ParseRepublishParams(R"({"topic":"t","qos":2})").ok());
}

}  // namespace
}  // namespace iotsql::actions
