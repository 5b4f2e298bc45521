#include "actions/sigv4/signer.h"

#include "absl/time/time.h"
#include "actions_test_util.h"
#include "gtest/gtest.h"
#include "iotsql/sinks.h"

namespace iotsql::actions {
namespace {

// Expected signatures computed by botocore (SigV4Auth / S3SigV4Auth) for the same requests.
const AwsCredentials kExample{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "", "test"};

absl::Time At(const std::string& d) {  // 20150830T123600Z
  auto n = [&](size_t at, size_t len) { return std::stoi(d.substr(at, len)); };
  return absl::FromCivil(absl::CivilSecond(n(0, 4), n(4, 2), n(6, 2), n(9, 2), n(11, 2), n(13, 2)),
                         absl::UTCTimeZone());
}

std::string SignatureOf(const HttpRequest& r) {
  const std::string* auth = r.Header("Authorization");
  return auth ? auth->substr(auth->rfind('=') + 1) : "";
}

TEST(ActionsSigV4, AwsTestSuiteGetVanilla) {
  HttpRequest r;
  r.method = "GET";
  r.url = "https://example.amazonaws.com/";
  r.service = "service";
  r.region = "us-east-1";
  SignRequest(&r, kExample, At("20150830T123600Z"));
  EXPECT_EQ(*r.Header("Authorization"),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
            "SignedHeaders=host;x-amz-date, "
            "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
}

TEST(ActionsSigV4, LambdaArnPathIsDoubleEncoded) {
  HttpRequest r;
  r.url = "https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/"
          "arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Amy-fn%3Aprod/invocations";
  r.headers = {{"X-Amz-Invocation-Type", "Event"}, {"Content-Type", "application/json"}};
  r.body = R"({"a":1})";
  r.service = "lambda";
  r.region = "us-east-1";
  AddSigningHeaders(&r, kExample, At("20240501T120000Z"));
  std::string signed_headers;
  std::string canonical = CanonicalRequest(r, &signed_headers);
  EXPECT_EQ(canonical.substr(0, canonical.find('\n', 5)),
            "POST\n/2015-03-31/functions/arn%253Aaws%253Alambda%253Aus-east-1%253A123456789012"
            "%253Afunction%253Amy-fn%253Aprod/invocations");
  SignRequest(&r, kExample, At("20240501T120000Z"));
  EXPECT_EQ(SignatureOf(r), "f77eca76419845ef1f3a385e484cc429a8b703c2e0c28f41356f5d710f25e4d9");
}

TEST(ActionsSigV4, S3SignsThePathAsSentWithThePayloadHash) {
  HttpRequest r;
  r.method = "PUT";
  r.url = "https://my-bucket.s3.us-east-1.amazonaws.com/a%20b/c.json";
  r.headers = {{"Content-Type", "application/json"}};
  r.body = R"({"t":1})";
  r.service = "s3";
  r.region = "us-east-1";
  r.s3_canonical_uri = true;
  SignRequest(&r, kExample, At("20240501T120000Z"));
  EXPECT_EQ(*r.Header("x-amz-content-sha256"),
            "4834945f7bf91f82efc5cf881d902ec1cfa58f1be01cb35fe602b8ad4620c552");
  EXPECT_EQ(SignatureOf(r), "bbce020fd8a8d2089192953184820f62c5e9d02302cf040f1ea40ce5e4c7be30");
}

TEST(ActionsSigV4, SessionTokenIsSigned) {
  AwsCredentials c = kExample;
  c.session_token = "TOKEN/with+chars=";
  HttpRequest r;
  r.url = "https://sns.eu-west-1.amazonaws.com/";
  r.headers = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}};
  r.body = "Action=Publish&Version=2010-03-31&TopicArn=arn%3Aaws%3Asns%3Aeu-west-1%3A123456789012%3At"
           "&Message=hi";
  r.service = "sns";
  r.region = "eu-west-1";
  SignRequest(&r, c, At("20240501T120000Z"));
  EXPECT_EQ(*r.Header("X-Amz-Security-Token"), "TOKEN/with+chars=");
  EXPECT_NE(r.Header("Authorization")->find("SignedHeaders=content-type;host;x-amz-date;x-amz-security-token,"),
            std::string::npos);
  EXPECT_EQ(SignatureOf(r), "7d179fe1874084cf756f5321d422d56ab27bf4cf4677a71d4eef3caa6ba6a51b");
}

// The secret must not reach logs or error messages, whichever way a delivery ends.
TEST(ActionsSigV4, SecretNeverLoggedOrReturned) {
  const std::string secret = "SECRETabcdefSECRET0123456789/+SECRET";
  testing_actions::TestHttpServer server([](const testing_actions::ReceivedRequest& r) {
    // Echo the whole request back in an error, the worst case for leaking.
    return std::make_pair(std::string("HTTP/1.1 403 Forbidden\r\nContent-Type: application/xml"),
                          "<Error><Code>AccessDenied</Code><Message>" + r.headers + r.body +
                              "</Message></Error>");
  });
  std::vector<std::string> logged;
  for (auto signer : {AwsSinkOptions::Signer::kCurl, AwsSinkOptions::Signer::kOpenSsl}) {
    AwsSinkOptions o;
    o.region = "us-east-1";
    o.endpoint_url = server.url();
    o.credentials = AwsCredentials{"AKIDTESTTESTTEST", secret, "session-token-value", ""};
    o.signer = signer;
    o.log = [&](const std::string& line) { logged.push_back(line); };
    auto sink = MakeAwsSink(o);
    ASSERT_TRUE(sink.ok()) << sink.status();
    for (const char* kind : {"s3", "sns", "lambda", "dynamoDB"}) {
      std::string params =
          std::string(kind) == "s3"    ? R"({"bucketName":"b","key":"k"})"
          : std::string(kind) == "sns" ? R"({"targetArn":"arn:aws:sns:us-east-1:1:t"})"
          : std::string(kind) == "lambda"
              ? R"({"functionArn":"arn:aws:lambda:us-east-1:1:function:f"})"
              : R"({"tableName":"T","hashKeyField":"k","hashKeyValue":"v"})";
      absl::Status s = (*sink)->Deliver(testing_actions::Request(kind, params, "{}"));
      EXPECT_EQ(s.code(), absl::StatusCode::kPermissionDenied) << s;
      logged.push_back(std::string(s.message()));
    }
  }
  // And against nothing at all (connection refused).
  AwsSinkOptions o;
  o.region = "us-east-1";
  o.endpoint_url = "http://127.0.0.1:1";
  o.credentials = AwsCredentials{"AKIDTESTTESTTEST", secret, "", ""};
  o.log = [&](const std::string& line) { logged.push_back(line); };
  auto sink = MakeAwsSink(o);
  ASSERT_TRUE(sink.ok());
  absl::Status s = (*sink)->Deliver(testing_actions::Request("s3", R"({"bucketName":"b","key":"k"})", "{}"));
  EXPECT_EQ(s.code(), absl::StatusCode::kUnavailable) << s;
  logged.push_back(std::string(s.message()));
  ASSERT_GE(logged.size(), 10u);
  for (const std::string& line : logged) {
    EXPECT_EQ(line.find("SECRET"), std::string::npos) << line;
    EXPECT_EQ(line.find("session-token-value"), std::string::npos) << line;
  }
  // The requests themselves carried the signature, never the secret.
  for (const auto& r : server.requests()) {
    EXPECT_EQ(r.headers.find("SECRET"), std::string::npos);
    EXPECT_NE(r.headers.find("AWS4-HMAC-SHA256 Credential=AKIDTESTTESTTEST/"), std::string::npos);
  }
}

}  // namespace
}  // namespace iotsql::actions
