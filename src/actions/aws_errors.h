// Turns an HTTP outcome into the sink's error classes (see include/iotsql/sinks.h), with the
// message an AWS SDK would print: "S3 PutObject failed: The specified bucket does not exist
// (Service: s3; Status Code: 404; Error Code: NoSuchBucket; Request ID: ...)".
#ifndef IOTSQL_ACTIONS_AWS_ERRORS_H_
#define IOTSQL_ACTIONS_AWS_ERRORS_H_

#include <string>

#include "absl/status/status.h"
#include "actions/http_request.h"

namespace iotsql::actions {

struct AwsError {
  std::string code;     // "NoSuchBucket", "ResourceNotFoundException", ...
  std::string message;
  std::string request_id;
};

// Reads the error code and message from an S3/SNS XML body, a DynamoDB/Lambda JSON body, or
// Lambda's X-Amzn-ErrorType header.
AwsError ParseAwsError(const HttpResponse& response);

absl::Status ClassifyResponse(const HttpRequest& request, const HttpResponse& response);

}  // namespace iotsql::actions

#endif  // IOTSQL_ACTIONS_AWS_ERRORS_H_
