#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "actions/aws_requests.h"

namespace iotsql::actions {

absl::StatusOr<HttpRequest> BuildLambdaInvoke(const LambdaParams& params,
                                              const ActionRequest& request,
                                              const Endpoint& endpoint, const std::string& region) {
  if (request.binary) {
    // Spec §18.2: the Lambda action takes JSON only (rules use encode(*, 'base64')).
    return absl::InvalidArgumentError(
        "lambda action: the rule's output is binary; Lambda needs JSON (use encode(*, 'base64'))");
  }
  HttpRequest r;
  r.method = "POST";
  r.service = "lambda";
  r.region = region;
  r.operation = "Lambda Invoke";
  // The ARN as written (qualifier included) is a valid FunctionName; its ':' are encoded.
  r.url = absl::StrCat(endpoint.base_url, "/2015-03-31/functions/",
                       UriEncode(params.function_arn, false), "/invocations");
  // AWS IoT invokes asynchronously (spec §18.2): the function's result is not awaited.
  r.headers.emplace_back("X-Amz-Invocation-Type", "Event");
  r.headers.emplace_back("Content-Type", "application/json");
  r.body = request.payload;
  return r;
}

}  // namespace iotsql::actions
