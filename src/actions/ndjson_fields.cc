#include "actions/ndjson_fields.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "actions/append_log.h"
#include "actions/json_tree.h"

namespace iotsql::actions {

std::string BeginLine(const ActionRequest& request) {
  std::string line = "{\"time\":";
  AppendJsonString(&line, NowIso8601());
  line += ",\"ruleName\":";
  AppendJsonString(&line, request.rule_name);
  line += ",\"sourceTopic\":";
  AppendJsonString(&line, request.topic);
  return line;
}

void AppendPayloadMember(std::string* line, std::string_view name, std::string_view payload,
                         bool binary) {
  absl::string_view n(name.data(), name.size());
  if (!binary) {
    absl::StatusOr<JsonValue> json = ParseJson(payload);
    if (json.ok()) {
      absl::StrAppend(line, ",\"", n, "\":");
      AppendJson(line, *json);
      return;
    }
  }
  std::string b64;
  absl::Base64Escape(absl::string_view(payload.data(), payload.size()), &b64);
  absl::StrAppend(line, ",\"", n, "Base64\":\"", b64, "\"");
}

}  // namespace iotsql::actions
