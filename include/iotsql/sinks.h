// Action sinks: what turns an ActionRequest (see engine.h) into a delivered side effect.
//
//   iotsql::LocalSinkOptions local;               // default backend: files and SQLite under OUT
//   local.out_dir = "iotsql-out";
//   auto sink = iotsql::MakeLocalSink(local);     // or MakeAwsSink(aws) for the real services
//   iotsql::EngineOptions options;
//   options.sink = sink->get();
//
// Families: s3, lambda, sns, dynamoDB, dynamoDBv2, and republish (written to a local log only).
// Any other kind fails with UNIMPLEMENTED.
//
// Both backends are thread-safe: the engine's dispatch threads call Deliver concurrently.
//
// Failure classification. Every error is one of these codes, so that the engine can decide
// whether to retry (IsRetryableDeliveryError) or to give up and run the error action:
//   retryable
//     UNAVAILABLE          connection refused/reset, DNS failure, HTTP 5xx, S3 RequestTimeout,
//                          SQLite busy, a local Lambda command that exited non-zero
//     DEADLINE_EXCEEDED    connect or request timeout (curl), local Lambda command timeout
//     RESOURCE_EXHAUSTED   throttling: HTTP 429, SlowDown, Throttling(Exception),
//                          ProvisionedThroughputExceededException, RequestLimitExceeded,
//                          TooManyRequestsException
//   permanent
//     INVALID_ARGUMENT     missing or invalid parameters, an output the action cannot take
//                          (binary to Lambda, non-object to dynamoDBv2), a key that escapes the
//                          output directory, any other HTTP 4xx
//     NOT_FOUND            bucket, table, topic or function does not exist (404, NoSuchBucket,
//                          ResourceNotFoundException, SNS NotFound)
//     PERMISSION_DENIED    403 AccessDenied(Exception)
//     UNAUTHENTICATED      bad key or signature, expired token
//     FAILED_PRECONDITION  ConditionalCheckFailedException; a local path that conflicts with an
//                          existing file or directory; TLS certificate not trusted
//     UNIMPLEMENTED        an action kind this sink does not deliver
//     INTERNAL             a local I/O or SQLite error
// Error messages name the operation, the HTTP status, the AWS error code and the request id as
// AWS SDKs print them; they never contain credentials.
#ifndef IOTSQL_SINKS_H_
#define IOTSQL_SINKS_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "iotsql/engine.h"

namespace iotsql {

// True for UNAVAILABLE, DEADLINE_EXCEEDED and RESOURCE_EXHAUSTED (see above).
bool IsRetryableDeliveryError(const absl::Status& status);

struct SinkStats {
  uint64_t delivered = 0;
  uint64_t failed = 0;             // every error, retryable or not
  uint64_t retryable_failures = 0;
  uint64_t http_requests = 0;      // AWS backend: requests that reached the wire
  uint64_t new_connections = 0;    // AWS backend: requests that had to open a connection
  uint64_t max_in_flight_seen = 0; // AWS backend: the most requests outstanding at once
};

// A sink that can also deliver without blocking the caller until the side effect is done.
class AsyncActionSink : public ActionSink {
 public:
  using DoneCallback = std::function<void(absl::Status)>;
  // Starts the delivery; `done` runs exactly once, with the outcome, on the sink's own thread
  // (AWS backend) or before DeliverAsync returns (local backend). Blocks while the sink's
  // in-flight bound is reached (back-pressure). `done` must not call back into the sink.
  virtual void DeliverAsync(const ActionRequest& request, DoneCallback done) = 0;
  // DeliverAsync, then waits for the outcome.
  absl::Status Deliver(const ActionRequest& request) override;
  virtual SinkStats Stats() const = 0;
};

// ---- local backend ---------------------------------------------------------------------------
// OUT/s3/<bucket>/<key>          one file per object ('/' in keys makes directories)
// OUT/dynamodb.sqlite            one table per tableName (schema: README "Actions")
// OUT/sns/<topic-name>.ndjson    one line per message
// OUT/lambda/<function>.ndjson   one line per invocation, unless a command or URL is configured
// OUT/republish.ndjson           one line per republished message
struct LocalSinkOptions {
  std::string out_dir = "iotsql-out";
  // Lambda: run a command (`sh -c COMMAND`, the payload on stdin, its stdout and stderr appended
  // to OUT/lambda/<function>.log), or POST the payload to a URL such as the Lambda runtime
  // interface emulator's http://localhost:9000/2015-03-31/functions/function/invocations.
  // Per-function entries (keyed by function name) win over the defaults.
  std::string lambda_command;
  std::map<std::string, std::string> lambda_commands;
  std::string lambda_url;
  std::map<std::string, std::string> lambda_urls;
  int lambda_timeout_ms = 30000;
  // DynamoDB tables' key schemas (tableName -> key attribute names). dynamoDB actions name their
  // key; dynamoDBv2 (PutItem) relies on the table's, taken from here, else from the table's
  // earlier writes, else the first member of the first item written (recorded in the
  // _iotsql_tables table).
  struct KeySchema {
    std::string hash_key;
    std::string range_key;  // empty: none
  };
  std::map<std::string, KeySchema> dynamodb_keys;
  std::function<void(const std::string&)> log;  // one line of diagnostics; null: quiet
};

absl::StatusOr<std::unique_ptr<AsyncActionSink>> MakeLocalSink(const LocalSinkOptions& options);

// What a local sink's directory holds, for summaries: one entry per S3 bucket (objects), SNS
// topic, Lambda function and republish log (lines), DynamoDB table (items) and the dead-letter
// file (lines), in that order. Missing pieces are left out; nothing is modified.
struct LocalOutputEntry {
  std::string path;  // OUT/s3/<bucket>/, OUT/sns/<topic>.ndjson, OUT/dynamodb.sqlite <table>, ...
  uint64_t count = 0;
  std::string unit;  // "objects", "lines", "items"
};
std::vector<LocalOutputEntry> DescribeLocalOutput(const std::string& out_dir);

// ---- AWS backend -----------------------------------------------------------------------------
struct AwsCredentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // empty for long-term keys
  std::string source;         // where they came from ("environment", "profile dev in ...")
};

struct AwsSinkOptions {
  // Empty: AWS_REGION, AWS_DEFAULT_REGION, then the profile's region in ~/.aws/config.
  std::string region;
  // Empty: AWS_ENDPOINT_URL_<SERVICE> (S3, LAMBDA, SNS, DYNAMODB), AWS_ENDPOINT_URL, then the
  // public endpoints. With an override S3 uses path-style URLs.
  std::string endpoint_url;
  // Empty: AWS_PROFILE, then "default". An explicit profile wins over the environment's keys.
  std::string profile;
  // Set: used as given. Else AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, then
  // the profile in ~/.aws/credentials (AWS_SHARED_CREDENTIALS_FILE) or ~/.aws/config.
  std::optional<AwsCredentials> credentials;
  int max_in_flight = 64;         // concurrent HTTP requests; DeliverAsync blocks beyond
  int connect_timeout_ms = 3000;
  int request_timeout_ms = 10000;
  // kAuto: libcurl's CURLOPT_AWS_SIGV4 signs S3, SNS and DynamoDB; Lambda is signed by our own
  // OpenSSL signer because curl 7.88 does not double-encode the canonical URI (README).
  enum class Signer { kAuto, kCurl, kOpenSsl };
  Signer signer = Signer::kAuto;
  // republish has no AWS call here: lines go to DIR/republish.ndjson (empty: UNIMPLEMENTED).
  std::string republish_dir;
  std::function<void(const std::string&)> log;
};

// Fails when no region or no credentials can be found (the message says where it looked).
absl::StatusOr<std::unique_ptr<AsyncActionSink>> MakeAwsSink(const AwsSinkOptions& options);

// ---- dead letters ----------------------------------------------------------------------------
// When an action and then its rule's error action both fail, the engine hands the original
// request here: one JSON line per request in `path` (OUT/dead-letter.ndjson), with the rule,
// action, topic, parameters, payload (base64 when binary) and both errors.
class DeadLetterWriter {
 public:
  static absl::StatusOr<std::unique_ptr<DeadLetterWriter>> Open(const std::string& path);
  ~DeadLetterWriter();
  DeadLetterWriter(const DeadLetterWriter&) = delete;
  DeadLetterWriter& operator=(const DeadLetterWriter&) = delete;

  // Thread-safe; each call appends one line with a single write.
  absl::Status Write(const ActionRequest& request, const absl::Status& action_error,
                     const absl::Status& error_action_error = absl::OkStatus());
  uint64_t count() const;

 private:
  DeadLetterWriter(int fd, std::string path);
  int fd_;
  std::string path_;
  struct Counter;
  std::unique_ptr<Counter> count_;
};

}  // namespace iotsql

#endif  // IOTSQL_SINKS_H_
