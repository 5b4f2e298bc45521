// An asynchronous HTTP client on one libcurl multi handle, driven by its own thread: connections
// are cached and reused across requests (to one host: up to max_in_flight of them), at most
// max_in_flight transfers run at once, and Send blocks the caller beyond that.
#ifndef IOTSQL_ACTIONS_HTTP_CLIENT_H_
#define IOTSQL_ACTIONS_HTTP_CLIENT_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "actions/http_request.h"

namespace iotsql::actions {

struct HttpClientOptions {
  int max_in_flight = 64;
  long connect_timeout_ms = 3000;
  long request_timeout_ms = 10000;
  size_t max_response_bytes = 64 * 1024;  // error bodies are small; the rest is dropped
};

// libcurl's own SigV4 signing (CURLOPT_AWS_SIGV4): "aws:amz:<region>:<service>" and the keys.
struct CurlSigV4 {
  std::string provider;
  std::string access_key_id;
  std::string secret_access_key;
};

struct HttpClientStats {
  uint64_t requests = 0;
  uint64_t new_connections = 0;
  uint64_t max_in_flight_seen = 0;
};

class HttpClient {
 public:
  using Callback = std::function<void(HttpResponse)>;

  static absl::StatusOr<std::unique_ptr<HttpClient>> Create(const HttpClientOptions& options);
  // Waits for the transfers in flight (each is bounded by its timeout), then stops.
  ~HttpClient();

  // Queues a request; `done` runs on the client's thread when it completes or fails.
  void Send(HttpRequest request, std::optional<CurlSigV4> sign, Callback done);
  HttpClientStats Stats() const;

  struct Impl;

 private:
  explicit HttpClient(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace iotsql::actions

#endif  // IOTSQL_ACTIONS_HTTP_CLIENT_H_
