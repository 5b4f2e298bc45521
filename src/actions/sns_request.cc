#include "absl/strings/str_cat.h"
#include "actions/aws_requests.h"

namespace iotsql::actions {

HttpRequest BuildSnsPublish(const SnsParams& params, const ActionRequest& request,
                            const Endpoint& endpoint, const std::string& region) {
  HttpRequest r;
  r.method = "POST";
  r.service = "sns";
  r.region = region;
  r.operation = "SNS Publish";
  r.url = endpoint.base_url + "/";
  r.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
  // Parameters in the order botocore writes them (the order does not matter to SNS).
  r.body = absl::StrCat("Action=Publish&Version=2010-03-31&",
                        params.is_topic ? "TopicArn=" : "TargetArn=",
                        UriEncode(params.target_arn, false), "&Message=",
                        UriEncode(request.payload, false));
  // messageFormat JSON: SNS reads the message as {"default": ..., "<protocol>": ...}.
  if (params.json_format) r.body += "&MessageStructure=json";
  return r;
}

}  // namespace iotsql::actions
