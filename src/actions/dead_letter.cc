#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cstring>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "actions/append_log.h"
#include "value/convert.h"
#include "value/json_doc.h"
#include "actions/ndjson_fields.h"
#include "iotsql/sinks.h"

namespace iotsql {
namespace {

void AppendError(std::string* line, const char* name, const absl::Status& s) {
  absl::StrAppend(line, ",\"", name, "\":{\"code\":\"", absl::StatusCodeToString(s.code()),
                  "\",\"message\":");
  AppendJsonStringOfBytes(std::string(s.message()), line);
  line->push_back('}');
}

}  // namespace

struct DeadLetterWriter::Counter {
  std::atomic<uint64_t> n{0};
};

DeadLetterWriter::DeadLetterWriter(int fd, std::string path)
    : fd_(fd), path_(std::move(path)), count_(std::make_unique<Counter>()) {}

DeadLetterWriter::~DeadLetterWriter() { close(fd_); }

absl::StatusOr<std::unique_ptr<DeadLetterWriter>> DeadLetterWriter::Open(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash != std::string::npos && slash > 0) {
    absl::Status s = actions::MakeDirs(path.substr(0, slash));
    if (!s.ok()) return s;
  }
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return absl::InternalError(absl::StrCat("cannot open ", path, ": ", strerror(errno)));
  return std::unique_ptr<DeadLetterWriter>(new DeadLetterWriter(fd, path));
}

absl::Status DeadLetterWriter::Write(const ActionRequest& request, const absl::Status& action_error,
                                     const absl::Status& error_action_error) {
  std::string line = actions::BeginLine(request);
  absl::StrAppend(&line, ",\"actionIndex\":", request.action_index, ",\"kind\":");
  AppendJsonStringOfBytes(request.kind, &line);
  absl::StrAppend(&line, ",\"isErrorAction\":", request.is_error_action ? "true" : "false",
                  ",\"clientId\":");
  AppendJsonStringOfBytes(request.clientid, &line);
  absl::StatusOr<JsonNode> params = ParseJsonDoc(request.params_json, kServiceJson);
  line += ",\"params\":";
  if (params.ok()) {
    AppendJsonDoc(*params, &line);
  } else {
    AppendJsonStringOfBytes(request.params_json, &line);
  }
  actions::AppendPayloadMember(&line, "payload", request.payload, request.binary);
  std::string original;
  absl::Base64Escape(request.original_payload, &original);
  absl::StrAppend(&line, ",\"base64OriginalPayload\":\"", original, "\"");
  AppendError(&line, "error", action_error);
  if (!error_action_error.ok()) AppendError(&line, "errorActionError", error_action_error);
  line += "}";
  absl::Status s = actions::WriteLine(fd_, line, path_);
  if (s.ok()) ++count_->n;
  return s;
}

uint64_t DeadLetterWriter::count() const { return count_->n; }

}  // namespace iotsql
