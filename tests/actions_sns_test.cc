#include "actions/aws_requests.h"
#include "actions/local_backends.h"
#include "actions_test_util.h"
#include "gtest/gtest.h"

namespace iotsql::actions {
namespace {

using testing_actions::Request;

const Endpoint kEndpoint{"http://127.0.0.1:5000", true, "amazonaws.com"};

TEST(ActionsSnsRequest, RawFormBody) {
  auto p = ParseSnsParams(R"({"targetArn":"arn:aws:sns:us-east-1:123456789012:alerts"})");
  ASSERT_TRUE(p.ok());
  HttpRequest r = BuildSnsPublish(*p, Request("sns", "", R"({"t":"a b&c=d+é"})"), kEndpoint, "us-east-1");
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.url, "http://127.0.0.1:5000/");
  EXPECT_EQ(*r.Header("Content-Type"), "application/x-www-form-urlencoded; charset=utf-8");
  EXPECT_EQ(r.body,
            "Action=Publish&Version=2010-03-31&TopicArn=arn%3Aaws%3Asns%3Aus-east-1%3A123456789012"
            "%3Aalerts&Message=%7B%22t%22%3A%22a%20b%26c%3Dd%2B%C3%A9%22%7D");
  EXPECT_EQ(r.service, "sns");
}

TEST(ActionsSnsRequest, JsonFormatAndEndpoints) {
  auto p = ParseSnsParams(R"({"targetArn":"arn:aws:sns:us-east-1:1:t","messageFormat":"JSON"})");
  ASSERT_TRUE(p.ok());
  HttpRequest r = BuildSnsPublish(*p, Request("sns", "", R"({"default":"x"})"), kEndpoint, "us-east-1");
  EXPECT_EQ(r.body, "Action=Publish&Version=2010-03-31&TopicArn=arn%3Aaws%3Asns%3Aus-east-1%3A1%3At"
                    "&Message=%7B%22default%22%3A%22x%22%7D&MessageStructure=json");
  p = ParseSnsParams(R"({"targetArn":"arn:aws:sns:us-east-1:1:endpoint/APNS/app/id1"})");
  r = BuildSnsPublish(*p, Request("sns", "", "hi"), kEndpoint, "us-east-1");
  EXPECT_EQ(r.body.substr(0, 44), "Action=Publish&Version=2010-03-31&TargetArn=");
}

TEST(ActionsSnsLocal, AppendsNdjsonLines) {
  std::string out = testing_actions::MakeTempDir();
  AppendLog log(out);
  const std::string raw = R"({"targetArn":"arn:aws:sns:us-east-1:1:alerts"})";
  ASSERT_TRUE(DeliverSnsLocal(&log, Request("sns", raw, R"({"temp": 60})")).ok());
  ASSERT_TRUE(DeliverSnsLocal(&log, Request("sns", R"({"targetArn":"arn:aws:sns:us-east-1:1:alerts",
      "messageFormat":"JSON"})", R"({"default":"hot","email":"very hot"})")).ok());
  ASSERT_TRUE(DeliverSnsLocal(&log, Request("sns", raw, std::string("\xff\x00", 2), true)).ok());
  auto lines = testing_actions::ReadLines(out + "/sns/alerts.ndjson");
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_NE(lines[0].find(R"("ruleName":"r1","sourceTopic":"sensors/a/data",)"
                          R"("targetArn":"arn:aws:sns:us-east-1:1:alerts","messageFormat":"RAW",)"
                          R"("message":"{\"temp\": 60}"})"), std::string::npos) << lines[0];
  EXPECT_NE(lines[1].find(R"("messageFormat":"JSON","message":"{\"default\":\"hot\")"), std::string::npos);
  EXPECT_NE(lines[2].find(R"("messageBase64":"/wA=")"), std::string::npos) << lines[2];
  // JSON format without a string "default" member: SNS refuses the message.
  absl::Status s = DeliverSnsLocal(&log, Request("sns", R"({"targetArn":"arn:aws:sns:us-east-1:1:alerts",
      "messageFormat":"JSON"})", R"({"email":"x"})"));
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  // A topic name cannot become a path.
  s = DeliverSnsLocal(&log, Request("sns", R"({"targetArn":"arn:aws:sns:us-east-1:1:..%2f"})", "{}"));
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  testing_actions::RemoveTree(out);
}

}  // namespace
}  // namespace iotsql::actions
