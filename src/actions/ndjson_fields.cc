#include "actions/ndjson_fields.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "actions/append_log.h"
#include "value/convert.h"
#include "value/json_doc.h"

namespace iotsql::actions {

std::string BeginLine(const ActionRequest& request) {
  std::string line = "{\"time\":";
  AppendJsonStringOfBytes(NowIso8601(), &line);
  line += ",\"ruleName\":";
  AppendJsonStringOfBytes(request.rule_name, &line);
  line += ",\"sourceTopic\":";
  AppendJsonStringOfBytes(request.topic, &line);
  return line;
}

void AppendPayloadMember(std::string* line, std::string_view name, std::string_view payload,
                         bool binary) {
  absl::string_view n(name.data(), name.size());
  if (!binary) {
    absl::StatusOr<JsonNode> json = ParseJsonDoc(payload, kServiceJson);
    if (json.ok()) {
      absl::StrAppend(line, ",\"", n, "\":");
      AppendJsonDoc(*json, line);
      return;
    }
  }
  std::string b64;
  absl::Base64Escape(absl::string_view(payload.data(), payload.size()), &b64);
  absl::StrAppend(line, ",\"", n, "Base64\":\"", b64, "\"");
}

}  // namespace iotsql::actions
