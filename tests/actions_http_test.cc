#include <atomic>
#include <chrono>
#include <future>
#include <thread>

#include "actions/aws_errors.h"
#include "actions/http_client.h"
#include "actions_test_util.h"
#include "gtest/gtest.h"
#include "iotsql/sinks.h"

namespace iotsql::actions {
namespace {

using testing_actions::ReceivedRequest;
using testing_actions::TestHttpServer;

HttpResponse SendAndWait(HttpClient* client, HttpRequest r) {
  std::promise<HttpResponse> p;
  auto f = p.get_future();
  client->Send(std::move(r), std::nullopt, [&p](HttpResponse resp) { p.set_value(std::move(resp)); });
  return f.get();
}

HttpRequest Post(const std::string& url, const std::string& body = "x") {
  HttpRequest r;
  r.url = url;
  r.body = body;
  r.service = "s3";
  r.operation = "S3 PutObject";
  return r;
}

TEST(ActionsHttpClient, ReusesOneConnection) {
  TestHttpServer server([](const ReceivedRequest&) {
    return std::make_pair(std::string("HTTP/1.1 200 OK"), std::string("ok"));
  });
  auto client = HttpClient::Create({});
  ASSERT_TRUE(client.ok());
  for (int i = 0; i < 20; ++i) {
    HttpResponse r = SendAndWait(client->get(), Post(server.url() + "/p"));
    ASSERT_EQ(r.curl_code, 0) << r.curl_error;
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, "ok");
  }
  EXPECT_EQ(server.connections(), 1);
  EXPECT_EQ((*client)->Stats().requests, 20u);
  EXPECT_EQ((*client)->Stats().new_connections, 1u);
}

TEST(ActionsHttpClient, BoundsRequestsInFlight) {
  std::atomic<int> active{0}, peak{0};
  TestHttpServer server([&](const ReceivedRequest&) {
    int now = ++active;
    int seen = peak;
    while (now > seen && !peak.compare_exchange_weak(seen, now)) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    --active;
    return std::make_pair(std::string("HTTP/1.1 200 OK"), std::string());
  });
  HttpClientOptions o;
  o.max_in_flight = 4;
  auto client = HttpClient::Create(o);
  ASSERT_TRUE(client.ok());
  std::atomic<int> done{0};
  for (int i = 0; i < 24; ++i) {
    (*client)->Send(Post(server.url()), std::nullopt, [&](HttpResponse r) {
      EXPECT_EQ(r.status, 200);
      ++done;
    });
  }
  while (done < 24) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_EQ((*client)->Stats().max_in_flight_seen, 4u);
  EXPECT_GE(peak.load(), 2);  // really concurrent
  EXPECT_LE(peak.load(), 4);
  EXPECT_LE(server.connections(), 4);
}

TEST(ActionsHttpClient, ClassifiesTransportFailures) {
  auto client = HttpClient::Create([] {
    HttpClientOptions o;
    o.request_timeout_ms = 300;
    return o;
  }());
  ASSERT_TRUE(client.ok());
  HttpRequest r = Post("http://127.0.0.1:1/");
  absl::Status s = ClassifyResponse(r, SendAndWait(client->get(), r));
  EXPECT_EQ(s.code(), absl::StatusCode::kUnavailable) << s;
  EXPECT_TRUE(IsRetryableDeliveryError(s));
  TestHttpServer stalled([](const ReceivedRequest&) {
    return std::make_pair(std::string("STALL"), std::string());
  });
  r = Post(stalled.url());
  s = ClassifyResponse(r, SendAndWait(client->get(), r));
  EXPECT_EQ(s.code(), absl::StatusCode::kDeadlineExceeded) << s;
  EXPECT_TRUE(IsRetryableDeliveryError(s));
}

struct Case {
  const char* status_line;
  const char* body;
  absl::StatusCode code;
  const char* message;
};

TEST(ActionsAwsErrors, ClassifiesServiceAnswers) {
  const Case cases[] = {
      {"HTTP/1.1 404 Not Found\r\nx-amz-request-id: R1",
       "<Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message></Error>",
       absl::StatusCode::kNotFound,
       "S3 PutObject failed: The specified bucket does not exist (Service: s3; Status Code: 404; "
       "Error Code: NoSuchBucket; Request ID: R1)"},
      {"HTTP/1.1 503 Slow Down", "<Error><Code>SlowDown</Code><Message>Reduce</Message></Error>",
       absl::StatusCode::kResourceExhausted, nullptr},
      {"HTTP/1.1 400 Bad Request\r\nx-amzn-RequestId: R2",
       R"({"__type":"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException","message":"slow"})",
       absl::StatusCode::kResourceExhausted, nullptr},
      {"HTTP/1.1 400 Bad Request",
       R"({"__type":"com.amazon.coral.validate#ValidationException","message":"bad key"})",
       absl::StatusCode::kInvalidArgument, nullptr},
      {"HTTP/1.1 400 Bad Request",
       R"({"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException","message":"no table"})",
       absl::StatusCode::kNotFound, nullptr},
      {"HTTP/1.1 400 Bad Request",
       "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message>"
       "</Error><RequestId>R3</RequestId></ErrorResponse>",
       absl::StatusCode::kResourceExhausted, nullptr},
      {"HTTP/1.1 404 Not Found\r\nX-Amzn-ErrorType: ResourceNotFoundException:http://internal/",
       R"({"Type":"User","Message":"Function not found"})", absl::StatusCode::kNotFound, nullptr},
      {"HTTP/1.1 429 Too Many Requests", R"({"Type":"User","message":"Rate"})",
       absl::StatusCode::kResourceExhausted, nullptr},
      {"HTTP/1.1 403 Forbidden",
       "<Error><Code>SignatureDoesNotMatch</Code><Message>sig</Message></Error>",
       absl::StatusCode::kUnauthenticated, nullptr},
      {"HTTP/1.1 403 Forbidden", "<Error><Code>AccessDenied</Code><Message>no</Message></Error>",
       absl::StatusCode::kPermissionDenied, nullptr},
      {"HTTP/1.1 500 Internal Server Error", "", absl::StatusCode::kUnavailable, nullptr},
      {"HTTP/1.1 400 Bad Request",
       "<Error><Code>RequestTimeout</Code><Message>idle</Message></Error>",
       absl::StatusCode::kUnavailable, nullptr},
      {"HTTP/1.1 400 Bad Request",
       R"({"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException"})",
       absl::StatusCode::kFailedPrecondition, nullptr},
      {"HTTP/1.1 202 Accepted", "", absl::StatusCode::kOk, nullptr},
  };
  size_t next = 0;
  TestHttpServer server([&](const ReceivedRequest&) {
    const Case& c = cases[next++];
    return std::make_pair(std::string(c.status_line), std::string(c.body));
  });
  auto client = HttpClient::Create({});
  ASSERT_TRUE(client.ok());
  for (const Case& c : cases) {
    HttpRequest r = Post(server.url());
    absl::Status s = ClassifyResponse(r, SendAndWait(client->get(), r));
    EXPECT_EQ(s.code(), c.code) << c.status_line << " " << c.body << " -> " << s;
    if (c.message) {
      EXPECT_EQ(s.message(), c.message);
    }
  }
}

}  // namespace
}  // namespace iotsql::actions
