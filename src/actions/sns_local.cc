#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "value/convert.h"
#include "value/json_doc.h"
#include "actions/local_backends.h"
#include "actions/ndjson_fields.h"
#include "actions/params.h"

namespace iotsql::actions {
namespace {

bool ValidTopicName(const std::string& name) {
  // SNS topic names: 1-256 of [A-Za-z0-9_-], plus ".fifo" for FIFO topics.
  if (name.empty() || name.size() > 256) return false;
  std::string base = name;
  if (base.size() > 5 && base.compare(base.size() - 5, 5, ".fifo") == 0) base.resize(base.size() - 5);
  for (char c : base) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
          c == '-' || c == '_')) {
      return false;
    }
  }
  return true;
}

}  // namespace

absl::Status DeliverSnsLocal(AppendLog* log, const ActionRequest& request) {
  absl::StatusOr<SnsParams> params = ParseSnsParams(request.params_json);
  if (!params.ok()) return params.status();
  if (!params->is_topic || !ValidTopicName(params->topic_name)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "sns action: the local backend publishes to topics only; \"", params->target_arn,
        "\" does not name one"));
  }
  if (params->json_format) {
    absl::StatusOr<JsonNode> json =
        request.binary ? absl::InvalidArgumentError("binary")
                       : ParseJsonDoc(request.payload, kServiceJson);
    const JsonNode* def = json.ok() ? json->Find("default") : nullptr;
    if (def == nullptr || !def->is_string()) {
      // SNS's own answer to MessageStructure=json without a string "default" member.
      return absl::InvalidArgumentError(
          "SNS Publish failed: Invalid parameter: Message Structure - No default entry in JSON "
          "message body (messageFormat JSON needs an object with a string \"default\" member)");
    }
  }
  std::string line = BeginLine(request);
  line += ",\"targetArn\":";
  AppendJsonStringOfBytes(params->target_arn, &line);
  absl::StrAppend(&line, ",\"messageFormat\":\"", params->json_format ? "JSON" : "RAW", "\"");
  if (request.binary) {
    AppendPayloadMember(&line, "message", request.payload, true);
  } else {
    line += ",\"message\":";
    AppendJsonStringOfBytes(request.payload, &line);  // the text SNS delivers, as a string
  }
  line += "}";
  return log->Append(absl::StrCat("sns/", params->topic_name, ".ndjson"), line);
}

}  // namespace iotsql::actions
