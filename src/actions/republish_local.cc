#include "absl/strings/str_cat.h"
#include "value/convert.h"
#include "value/json_doc.h"
#include "actions/local_backends.h"
#include "actions/ndjson_fields.h"
#include "actions/params.h"

namespace iotsql::actions {

absl::Status DeliverRepublishLocal(AppendLog* log, const ActionRequest& request) {
  absl::StatusOr<RepublishParams> params = ParseRepublishParams(request.params_json);
  if (!params.ok()) return params.status();
  std::string line = BeginLine(request);
  line += ",\"topic\":";
  AppendJsonStringOfBytes(params->topic, &line);
  absl::StrAppend(&line, ",\"qos\":", params->qos);
  AppendPayloadMember(&line, "payload", request.payload, request.binary);
  line += "}";
  return log->Append("republish.ndjson", line);
}

}  // namespace iotsql::actions
