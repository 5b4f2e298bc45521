#include "actions/aws_errors.h"

#include <curl/curl.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "value/json_doc.h"

namespace iotsql::actions {
namespace {

std::string XmlElement(const std::string& body, const char* name) {
  std::string open = absl::StrCat("<", name, ">"), close = absl::StrCat("</", name, ">");
  size_t a = body.find(open);
  if (a == std::string::npos) return "";
  a += open.size();
  size_t b = body.find(close, a);
  return b == std::string::npos ? "" : body.substr(a, b - a);
}

bool OneOf(const std::string& code, std::initializer_list<const char*> codes) {
  for (const char* c : codes) {
    if (code == c) return true;
  }
  return false;
}

absl::Status CurlError(const HttpRequest& request, const HttpResponse& response) {
  std::string text = absl::StrCat(request.operation, " failed: ", response.curl_error,
                                  " (curl error ", response.curl_code, ")");
  switch (response.curl_code) {
    case CURLE_OPERATION_TIMEDOUT:
      return absl::DeadlineExceededError(text);
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_BAD_FUNCTION_ARGUMENT:
      return absl::InvalidArgumentError(text);
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
      return absl::FailedPreconditionError(text);
    default:
      // Refused, reset, DNS, nothing received...: the service may be back in a moment.
      return absl::UnavailableError(text);
  }
}

}  // namespace

AwsError ParseAwsError(const HttpResponse& response) {
  AwsError e;
  const std::string& body = response.body;
  if (const std::string* id = response.Header("x-amz-request-id")) e.request_id = *id;
  if (const std::string* id = response.Header("x-amzn-requestid")) e.request_id = *id;
  if (body.find('<') != std::string::npos) {
    e.code = XmlElement(body, "Code");
    e.message = XmlElement(body, "Message");
    if (e.request_id.empty()) e.request_id = XmlElement(body, "RequestId");
  } else if (absl::StatusOr<JsonNode> json = ParseJsonDoc(body, kServiceJson);
             json.ok() && json->is_object()) {
    // Lambda's "Type" (User/Service) is not a code: its code comes in X-Amzn-ErrorType.
    for (const char* name : {"__type", "code", "Code"}) {
      const JsonNode* v = json->Find(name);
      if (v != nullptr && v->is_string() && !v->text.empty()) {
        e.code = v->text;
        break;
      }
    }
    for (const char* name : {"message", "Message", "errorMessage"}) {
      const JsonNode* v = json->Find(name);
      if (v != nullptr && v->is_string()) {
        e.message = v->text;
        break;
      }
    }
  }
  if (const std::string* type = response.Header("x-amzn-errortype")) {
    e.code = type->substr(0, type->find(':'));
  }
  // DynamoDB: "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException".
  if (size_t hash = e.code.rfind('#'); hash != std::string::npos) e.code.erase(0, hash + 1);
  return e;
}

absl::Status ClassifyResponse(const HttpRequest& request, const HttpResponse& response) {
  if (response.curl_code != CURLE_OK) return CurlError(request, response);
  long status = response.status;
  if (status >= 200 && status < 300) return absl::OkStatus();
  AwsError e = ParseAwsError(response);
  std::string text = absl::StrCat(request.operation, " failed: ",
                                  e.message.empty() ? "no error message" : e.message,
                                  " (Service: ", request.service, "; Status Code: ", status,
                                  "; Error Code: ", e.code.empty() ? "none" : e.code,
                                  "; Request ID: ", e.request_id.empty() ? "none" : e.request_id,
                                  ")");
  const std::string& c = e.code;
  if (status == 429 ||
      OneOf(c, {"Throttling", "ThrottlingException", "ThrottledException",
                "RequestThrottledException", "TooManyRequestsException",
                "ProvisionedThroughputExceededException", "RequestLimitExceeded", "SlowDown",
                "BandwidthLimitExceeded", "RequestThrottled", "EC2ThrottledException"})) {
    return absl::ResourceExhaustedError(text);
  }
  if (status >= 500 || OneOf(c, {"RequestTimeout", "RequestTimeoutException",
                                 "InternalError", "InternalFailure", "ServiceUnavailable",
                                 "ResourceConflictException"})) {
    return absl::UnavailableError(text);
  }
  if (OneOf(c, {"InvalidAccessKeyId", "SignatureDoesNotMatch", "UnrecognizedClientException",
                "InvalidSignatureException", "ExpiredToken", "ExpiredTokenException",
                "InvalidClientTokenId", "MissingAuthenticationToken", "IncompleteSignature",
                "InvalidToken", "AuthFailure"}) ||
      status == 401) {
    return absl::UnauthenticatedError(text);
  }
  if (status == 403 || OneOf(c, {"AccessDenied", "AccessDeniedException", "AuthorizationError",
                                 "KMSAccessDeniedException"})) {
    return absl::PermissionDeniedError(text);
  }
  if (status == 404 || OneOf(c, {"NoSuchBucket", "ResourceNotFoundException", "NotFound",
                                 "NotFoundException"})) {
    return absl::NotFoundError(text);
  }
  if (OneOf(c, {"ConditionalCheckFailedException", "PreconditionFailed"}) || status == 412) {
    return absl::FailedPreconditionError(text);
  }
  return absl::InvalidArgumentError(text);
}

}  // namespace iotsql::actions
