// An HTTP request as the AWS request builders produce it and the HTTP client sends it, and what
// came back. Builders are pure functions (unit-tested byte for byte); signing and sending are
// separate steps.
#ifndef IOTSQL_ACTIONS_HTTP_REQUEST_H_
#define IOTSQL_ACTIONS_HTTP_REQUEST_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace iotsql::actions {

struct HttpRequest {
  std::string method = "POST";
  std::string url;       // absolute; the path is already percent-encoded
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // SigV4 scope. An empty service means the request is sent unsigned (Lambda emulator URLs).
  std::string service;   // signing name: s3, lambda, sns, dynamodb
  std::string region;
  // S3 signs the path exactly as sent; every other service signs each path segment encoded once
  // more (the SigV4 "double encoding" rule).
  bool s3_canonical_uri = false;
  std::string operation;  // "S3 PutObject": for messages only

  const std::string* Header(std::string_view name) const;  // case-insensitive
};

struct HttpResponse {
  int curl_code = 0;            // CURLE_OK (0) when an HTTP response arrived
  std::string curl_error;       // curl's text for curl_code
  long status = 0;              // HTTP status
  std::string body;             // capped (see HttpClient)
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  bool new_connection = false;  // the transfer had to open a connection (no reuse)
  double seconds = 0;

  const std::string* Header(std::string_view name) const;  // case-insensitive
};

// RFC 3986 percent-encoding of everything but the unreserved characters (A-Z a-z 0-9 - _ . ~),
// as SigV4 and the AWS query protocol require; '/' is kept when `keep_slash`.
std::string UriEncode(std::string_view s, bool keep_slash);

}  // namespace iotsql::actions

#endif  // IOTSQL_ACTIONS_HTTP_REQUEST_H_
