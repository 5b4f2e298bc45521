#include "actions/aws_requests.h"
#include "actions/local_backends.h"
#include "actions/process_runner.h"
#include "actions_test_util.h"
#include "gtest/gtest.h"

namespace iotsql::actions {
namespace {

using testing_actions::Request;

TEST(ActionsLambdaRequest, AsyncInvokeWithEncodedArn) {
  auto p = ParseLambdaParams(R"({"functionArn":"arn:aws:lambda:us-east-1:123456789012:function:fn:prod"})");
  ASSERT_TRUE(p.ok());
  auto r = BuildLambdaInvoke(*p, Request("lambda", "", R"({"a":1})"),
                             Endpoint{"https://lambda.us-east-1.amazonaws.com", false, "amazonaws.com"},
                             "us-east-1");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->url,
            "https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/"
            "arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Afn%3Aprod/invocations");
  EXPECT_EQ(*r->Header("X-Amz-Invocation-Type"), "Event");
  EXPECT_EQ(*r->Header("Content-Type"), "application/json");
  EXPECT_EQ(r->body, R"({"a":1})");
  EXPECT_FALSE(r->s3_canonical_uri);
  auto binary = BuildLambdaInvoke(*p, Request("lambda", "", "x", true), Endpoint{}, "us-east-1");
  EXPECT_EQ(binary.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(ActionsLambdaLocal, LogsInvocationsWithoutCommandOrUrl) {
  LocalSinkOptions o;
  o.out_dir = testing_actions::MakeTempDir();
  AppendLog log(o.out_dir);
  auto l = LambdaLocal::Create(o, &log);
  ASSERT_TRUE(l.ok());
  const std::string params = R"({"functionArn":"arn:aws:lambda:us-east-1:1:function:proc"})";
  ASSERT_TRUE((*l)->Deliver(Request("lambda", params, "{\n \"a\": 1\n}")).ok());
  auto lines = testing_actions::ReadLines(o.out_dir + "/lambda/proc.ndjson");
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find(R"("functionArn":"arn:aws:lambda:us-east-1:1:function:proc",)"
                          R"("invocationType":"Event","event":{"a":1}})"), std::string::npos) << lines[0];
  EXPECT_EQ((*l)->Deliver(Request("lambda", params, "not json")).code(),
            absl::StatusCode::kInvalidArgument);
  testing_actions::RemoveTree(o.out_dir);
}

TEST(ActionsLambdaLocal, RunsCommandsWithThePayloadOnStdin) {
  LocalSinkOptions o;
  o.out_dir = testing_actions::MakeTempDir();
  o.lambda_command = "cat > \"$IOTSQL_TEST_DIR/$AWS_LAMBDA_FUNCTION_NAME.in\"; echo ran";
  o.lambda_commands["fails"] = "exit 3";
  o.lambda_commands["slow"] = "sleep 5";
  o.lambda_commands["deaf"] = "exit 0";  // never reads its input
  o.lambda_timeout_ms = 300;
  setenv("IOTSQL_TEST_DIR", o.out_dir.c_str(), 1);
  AppendLog log(o.out_dir);
  auto l = LambdaLocal::Create(o, &log);
  ASSERT_TRUE(l.ok());
  auto params = [](const char* fn) { return std::string(R"({"functionArn":")") + fn + "\"}"; };
  ASSERT_TRUE((*l)->Deliver(Request("lambda", params("echoer"), R"({"x":1})")).ok());
  EXPECT_EQ(testing_actions::ReadFile(o.out_dir + "/echoer.in"), R"({"x":1})");
  EXPECT_EQ(testing_actions::ReadFile(o.out_dir + "/lambda/echoer.log"), "ran\n");
  absl::Status s = (*l)->Deliver(Request("lambda", params("fails"), "{}"));
  EXPECT_EQ(s.code(), absl::StatusCode::kUnavailable) << s;
  EXPECT_EQ(s.message(), "lambda command exited with status 3");
  s = (*l)->Deliver(Request("lambda", params("slow"), "{}"));
  EXPECT_EQ(s.code(), absl::StatusCode::kDeadlineExceeded) << s;
  // A child that exits without reading a large event must not kill us with SIGPIPE.
  std::string big = "[" + std::string(1 << 20, ' ') + "]";
  s = (*l)->Deliver(Request("lambda", params("deaf"), big));
  EXPECT_TRUE(s.ok()) << s;
  unsetenv("IOTSQL_TEST_DIR");
  testing_actions::RemoveTree(o.out_dir);
}

TEST(ActionsLambdaLocal, PostsToTheRuntimeInterfaceEmulator) {
  testing_actions::TestHttpServer rie([](const testing_actions::ReceivedRequest& r) {
    if (r.body == R"({"fail":true})") {
      return std::make_pair(std::string("HTTP/1.1 200 OK\r\nX-Amz-Function-Error: Unhandled"),
                            std::string(R"({"errorMessage":"boom","errorType":"Exception"})"));
    }
    return std::make_pair(std::string("HTTP/1.1 200 OK"), std::string("null"));
  });
  LocalSinkOptions o;
  o.out_dir = testing_actions::MakeTempDir();
  o.lambda_url = rie.url() + "/2015-03-31/functions/function/invocations";
  AppendLog log(o.out_dir);
  auto l = LambdaLocal::Create(o, &log);
  ASSERT_TRUE(l.ok());
  const std::string params = R"({"functionArn":"fn"})";
  ASSERT_TRUE((*l)->Deliver(Request("lambda", params, R"({"a":1})")).ok());
  absl::Status s = (*l)->Deliver(Request("lambda", params, R"({"fail":true})"));
  EXPECT_EQ(s.code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(s.message().find("boom"), absl::string_view::npos);
  auto got = rie.requests();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].method, "POST");
  EXPECT_EQ(got[0].path, "/2015-03-31/functions/function/invocations");
  EXPECT_EQ(got[0].body, R"({"a":1})");
  testing_actions::RemoveTree(o.out_dir);
}

}  // namespace
}  // namespace iotsql::actions
