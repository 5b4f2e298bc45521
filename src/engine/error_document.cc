#include "engine/error_document.h"

#include "absl/strings/escaping.h"
#include "engine/action_kinds.h"
#include "value/json_doc.h"
#include "value/convert.h"

namespace iotsql {

std::string ErrorDocument(const ErrorContext& context, const std::vector<ActionFailure>& failures) {
  std::string out = "{\"ruleName\":";
  AppendJsonString(context.rule_name, &out);
  out += ",\"topic\":";
  AppendJsonString(context.topic, &out);
  out += ",\"cloudwatchTraceId\":";
  AppendJsonString(context.trace_id, &out);
  out += ",\"clientId\":";
  AppendJsonString(context.clientid, &out);
  out += ",\"base64OriginalPayload\":";
  std::string base64;
  absl::Base64Escape(
      absl::string_view(context.original_payload.data(), context.original_payload.size()), &base64);
  AppendJsonString(base64, &out);
  out += ",\"failures\":[";
  for (size_t i = 0; i < failures.size(); ++i) {
    if (i) out += ',';
    out += "{\"failedAction\":";
    AppendJsonString(FailedActionName(failures[i].kind), &out);
    out += ",\"failedResource\":";
    AppendJsonString(failures[i].resource, &out);
    out += ",\"errorMessage\":";
    AppendJsonString(failures[i].message, &out);
    out += '}';
  }
  out += "]}";
  return out;
}

std::string FailedResource(std::string_view kind, std::string_view params_json) {
  std::string_view path = FailedResourceParameter(kind);
  if (path.empty()) return "";
  JsonNode params;
  JsonError error;
  if (!ParseJsonDoc(params_json, &params, &error)) return "";
  const JsonNode* node = &params;
  while (node != nullptr && !path.empty()) {
    size_t dot = path.find('.');
    node = node->Find(path.substr(0, dot));
    path = dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1);
  }
  if (node == nullptr || node->type != JsonNode::Type::kString) return "";
  return node->text;
}

}  // namespace iotsql
