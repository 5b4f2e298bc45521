// The AWS wire requests of the four action families (unsigned; see sigv4/). Each is what the AWS
// SDK would put on the wire for the same call:
//   s3          PUT /<bucket>/<key> (path-style on custom endpoints and for bucket names with
//               dots; https://<bucket>.s3.<region>.amazonaws.com/<key> otherwise)
//   lambda      POST /2015-03-31/functions/<functionArn>/invocations, X-Amz-Invocation-Type: Event
//   sns         POST / form-encoded Action=Publish (query protocol, Version 2010-03-31)
//   dynamoDB*   POST / JSON 1.0, X-Amz-Target: DynamoDB_20120810.PutItem|UpdateItem|DeleteItem
#ifndef IOTSQL_ACTIONS_AWS_REQUESTS_H_
#define IOTSQL_ACTIONS_AWS_REQUESTS_H_

#include <string>

#include "absl/status/statusor.h"
#include "actions/dynamodb_item.h"
#include "actions/endpoint.h"
#include "actions/http_request.h"
#include "actions/params.h"
#include "iotsql/engine.h"

namespace iotsql::actions {

HttpRequest BuildS3PutObject(const S3Params& params, const ActionRequest& request,
                             const Endpoint& endpoint, const std::string& region);
absl::StatusOr<HttpRequest> BuildLambdaInvoke(const LambdaParams& params,
                                              const ActionRequest& request,
                                              const Endpoint& endpoint, const std::string& region);
HttpRequest BuildSnsPublish(const SnsParams& params, const ActionRequest& request,
                            const Endpoint& endpoint, const std::string& region);
HttpRequest BuildDynamoDbRequest(const DynamoWrite& write, const Endpoint& endpoint,
                                 const std::string& region);

}  // namespace iotsql::actions

#endif  // IOTSQL_ACTIONS_AWS_REQUESTS_H_
