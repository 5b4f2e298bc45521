// The message an error action receives (spec §19): one per rule and incoming message, listing
// every action that failed.
#ifndef IOTSQL_ENGINE_ERROR_DOCUMENT_H_
#define IOTSQL_ENGINE_ERROR_DOCUMENT_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace iotsql {

struct ActionFailure {
  size_t action_index = 0;
  std::string kind;
  std::string resource;  // the rendered parameter that names the target ("" if none)
  std::string message;   // what the sink said
};

struct ErrorContext {
  std::string_view rule_name;
  std::string_view topic;
  std::string_view trace_id;
  std::string_view clientid;
  std::string_view original_payload;
};

// {"ruleName":..., "topic":..., "cloudwatchTraceId":..., "clientId":...,
//  "base64OriginalPayload":..., "failures":[{"failedAction":"S3Action", "failedResource":...,
//  "errorMessage":...}]}
std::string ErrorDocument(const ErrorContext& context, const std::vector<ActionFailure>& failures);

// The failedResource of an action from its rendered parameters (JSON text).
std::string FailedResource(std::string_view kind, std::string_view params_json);

}  // namespace iotsql

#endif  // IOTSQL_ENGINE_ERROR_DOCUMENT_H_
