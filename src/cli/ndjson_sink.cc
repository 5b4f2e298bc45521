#include "cli/ndjson_sink.h"

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "value/json_doc.h"
#include "value/convert.h"

namespace iotsql::cli {

namespace fs = std::filesystem;

absl::StatusOr<std::unique_ptr<NdjsonSink>> NdjsonSink::Open(const std::string& dir) {
  if (dir.empty()) return std::unique_ptr<NdjsonSink>(new NdjsonSink(""));
  fs::path actions = fs::path(dir) / "actions";
  std::error_code ec;
  fs::create_directories(actions, ec);
  if (ec) return absl::InternalError(absl::StrCat(actions.string(), ": ", ec.message()));
  for (const fs::directory_entry& e : fs::directory_iterator(actions, ec)) {
    if (e.path().extension() == ".ndjson") fs::remove(e.path(), ec);
  }
  return std::unique_ptr<NdjsonSink>(new NdjsonSink(actions.string()));
}

NdjsonSink::~NdjsonSink() {
  for (auto& [kind, file] : files_) {
    if (file != nullptr) std::fclose(file);
  }
  std::fflush(stdout);
}

std::string NdjsonSink::Line(const ActionRequest& r) {
  std::string line = "{\"rule\":";
  AppendJsonString(r.rule_name, &line);
  line +=
      r.is_error_action ? ",\"action\":\"error\"" : absl::StrCat(",\"action\":", r.action_index);
  line += ",\"kind\":";
  AppendJsonString(r.kind, &line);
  line += ",\"topic\":";
  AppendJsonString(r.topic, &line);
  line += ",\"clientid\":";
  AppendJsonString(r.clientid, &line);
  line += ",\"params\":";
  line += r.params_json;
  JsonNode node;
  JsonError error;
  if (!r.binary && !r.payload.empty() && ParseJsonDoc(r.payload, &node, &error)) {
    line += ",\"payload\":";
    line += r.payload;  // exactly as the rule produced it
  } else {
    line += ",\"payload_base64\":";
    std::string encoded;
    absl::Base64Escape(absl::string_view(r.payload.data(), r.payload.size()), &encoded);
    AppendJsonString(encoded, &line);
  }
  if (r.is_error_action) {
    line += ",\"error\":";
    AppendJsonString(r.error_message, &line);
  }
  line += "}\n";
  return line;
}

absl::Status NdjsonSink::Deliver(const ActionRequest& request) {
  std::string line = Line(request);
  std::lock_guard<std::mutex> lock(mu_);
  FILE* out = stdout;
  std::string name = "stdout";
  if (!dir_.empty()) {
    name = (fs::path(dir_) / (request.kind + ".ndjson")).string();
    FILE*& file = files_[request.kind];
    if (file == nullptr) file = std::fopen(name.c_str(), "w");
    if (file == nullptr) return absl::InternalError(absl::StrCat(name, ": ", std::strerror(errno)));
    out = file;
  }
  if (std::fwrite(line.data(), 1, line.size(), out) != line.size()) {
    return absl::InternalError(absl::StrCat(name, ": ", std::strerror(errno)));
  }
  ++counts_[name];
  return absl::OkStatus();
}

std::map<std::string, uint64_t> NdjsonSink::counts() const {
  std::lock_guard<std::mutex> lock(mu_);
  return counts_;
}

}  // namespace iotsql::cli
