#include <sys/stat.h>
#include <unistd.h>

#include "actions/aws_requests.h"
#include "actions/local_backends.h"
#include "actions/safe_path.h"
#include "actions_test_util.h"
#include "gtest/gtest.h"

namespace iotsql::actions {
namespace {

using testing_actions::Request;

Endpoint Public() { return Endpoint{"https://s3.eu-west-1.amazonaws.com", false, "amazonaws.com"}; }
Endpoint Moto() { return Endpoint{"http://127.0.0.1:5000", true, "amazonaws.com"}; }

TEST(ActionsS3Request, PathStyleOnCustomEndpointWithEncodedKey) {
  S3Params p{"my-bucket", "sensors/a b/ü+1.json", ""};
  HttpRequest r = BuildS3PutObject(p, Request("s3", "{}", R"({"t":1})"), Moto(), "us-east-1");
  EXPECT_EQ(r.method, "PUT");
  EXPECT_EQ(r.url, "http://127.0.0.1:5000/my-bucket/sensors/a%20b/%C3%BC%2B1.json");
  EXPECT_EQ(*r.Header("content-type"), "application/json");
  EXPECT_EQ(r.Header("x-amz-acl"), nullptr);
  EXPECT_EQ(r.body, R"({"t":1})");
  EXPECT_EQ(r.service, "s3");
  EXPECT_TRUE(r.s3_canonical_uri);
}

TEST(ActionsS3Request, VirtualHostedOnAwsUnlessTheBucketHasDots) {
  S3Params p{"my-bucket", "k", "private"};
  HttpRequest r = BuildS3PutObject(p, Request("s3", "{}", "x", true), Public(), "eu-west-1");
  EXPECT_EQ(r.url, "https://my-bucket.s3.eu-west-1.amazonaws.com/k");
  EXPECT_EQ(*r.Header("Content-Type"), "application/octet-stream");  // binary output
  EXPECT_EQ(*r.Header("x-amz-acl"), "private");
  p.bucket = "my.dotted.bucket";
  r = BuildS3PutObject(p, Request("s3", "{}", "x"), Public(), "eu-west-1");
  EXPECT_EQ(r.url, "https://s3.eu-west-1.amazonaws.com/my.dotted.bucket/k");
}

TEST(ActionsS3Local, WritesFilesAndDirectories) {
  std::string out = testing_actions::MakeTempDir();
  ASSERT_TRUE(DeliverS3Local(out, Request("s3", R"({"bucketName":"b1","key":"a/b/c.json"})",
                                          R"({"x":1})")).ok());
  EXPECT_EQ(testing_actions::ReadFile(out + "/s3/b1/a/b/c.json"), R"({"x":1})");
  // Overwrite: the same key replaces the object.
  ASSERT_TRUE(DeliverS3Local(out, Request("s3", R"({"bucketName":"b1","key":"a/b/c.json"})",
                                          R"({"x":2})")).ok());
  EXPECT_EQ(testing_actions::ReadFile(out + "/s3/b1/a/b/c.json"), R"({"x":2})");
  // Binary bytes pass through.
  std::string bytes("\x00\xff\x10", 3);
  ASSERT_TRUE(DeliverS3Local(out, Request("s3", R"({"bucketName":"b1","key":"bin"})", bytes, true)).ok());
  EXPECT_EQ(testing_actions::ReadFile(out + "/s3/b1/bin"), bytes);
  testing_actions::RemoveTree(out);
}

TEST(ActionsS3Local, RejectsEscapes) {
  std::string out = testing_actions::MakeTempDir();
  for (const char* params : {R"({"bucketName":"b","key":"../x"})",
                             R"({"bucketName":"b","key":"a/../../x"})",
                             R"({"bucketName":"b","key":"/abs"})",
                             R"({"bucketName":"b","key":"a//b"})",
                             R"({"bucketName":"b","key":"a/./b"})",
                             R"({"bucketName":"b","key":"dir/"})",
                             R"({"bucketName":"..","key":"x"})",
                             R"({"bucketName":"a/b","key":"x"})",
                             R"({"bucketName":"b","key":"a\u0000b"})"}) {
    absl::Status s = DeliverS3Local(out, Request("s3", params, "{}"));
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << params << " " << s;
  }
  struct stat st;
  EXPECT_NE(stat((out + "/x").c_str(), &st), 0);
  testing_actions::RemoveTree(out);
}

TEST(ActionsS3Local, DoesNotFollowPlantedSymlinks) {
  std::string out = testing_actions::MakeTempDir();
  std::string outside = testing_actions::MakeTempDir();
  ASSERT_EQ(mkdir((out + "/s3").c_str(), 0755), 0);
  ASSERT_EQ(mkdir((out + "/s3/b").c_str(), 0755), 0);
  ASSERT_EQ(symlink(outside.c_str(), (out + "/s3/b/link").c_str()), 0);
  absl::Status s = DeliverS3Local(out, Request("s3", R"({"bucketName":"b","key":"link/x"})", "{}"));
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition) << s;
  struct stat st;
  EXPECT_NE(stat((outside + "/x").c_str(), &st), 0);
  // A key and a "directory" key cannot both exist as local files.
  ASSERT_TRUE(DeliverS3Local(out, Request("s3", R"({"bucketName":"b","key":"f"})", "1")).ok());
  s = DeliverS3Local(out, Request("s3", R"({"bucketName":"b","key":"f/g"})", "2"));
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition) << s;
  testing_actions::RemoveTree(out);
  testing_actions::RemoveTree(outside);
}

}  // namespace
}  // namespace iotsql::actions
