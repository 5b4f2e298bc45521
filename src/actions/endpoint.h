// Where requests for a service go. Precedence, as the AWS CLI and SDKs apply it: an explicit
// endpoint (--endpoint-url), then AWS_ENDPOINT_URL_<SERVICE> (S3, LAMBDA, SNS, DYNAMODB), then
// AWS_ENDPOINT_URL, then the service's public endpoint for the region. The two variables are
// ignored when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is true.
#ifndef IOTSQL_ACTIONS_ENDPOINT_H_
#define IOTSQL_ACTIONS_ENDPOINT_H_

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace iotsql::actions {

// Reads an environment variable; injectable so that tests do not touch the process environment.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;
EnvLookup ProcessEnv();

struct Endpoint {
  std::string base_url;    // scheme://host[:port][/path], no trailing slash
  bool custom = false;     // an override (S3 then uses path-style addressing)
  std::string dns_suffix;  // amazonaws.com (amazonaws.com.cn in China regions)
};

// `service` is the lower-case endpoint prefix: s3, lambda, sns, dynamodb.
absl::StatusOr<Endpoint> ResolveEndpoint(std::string_view service, std::string_view region,
                                         std::string_view explicit_url, const EnvLookup& env);

}  // namespace iotsql::actions

#endif  // IOTSQL_ACTIONS_ENDPOINT_H_
