// The parts of `iotsql run` that `iotsql bench` shares.
#include "cli/message_input.h"

#include <charconv>
#include <iostream>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "value/json_doc.h"

namespace iotsql::cli {

bool ParseInputLine(const std::string& line, InputMessage* m, std::string* why) {
  JsonNode root;
  JsonError error;
  if (!ParseJsonDoc(line, &root, &error)) {
    *why = absl::StrCat("column ", error.offset + 1, ": not valid JSON: ", error.message);
    return false;
  }
  if (root.type != JsonNode::Type::kObject) {
    *why = "a message line is a JSON object with \"topic\" and \"payload\"";
    return false;
  }
  auto string_member = [&](const char* name, std::string* out, bool* present) {
    const JsonNode* v = root.Find(name);
    if (present != nullptr) *present = v != nullptr;
    if (v == nullptr) return true;
    if (v->type != JsonNode::Type::kString) {
      *why = absl::StrCat("\"", name, "\" must be a string, not ", v->TypeName());
      return false;
    }
    *out = v->text;
    return true;
  };
  bool has_topic = false;
  if (!string_member("topic", &m->topic, &has_topic)) return false;
  if (!has_topic) {
    *why = "no \"topic\"";
    return false;
  }
  const JsonNode* payload = root.Find("payload");
  const JsonNode* base64 = root.Find("payload_base64");
  if ((payload == nullptr) == (base64 == nullptr)) {
    *why = "give exactly one of \"payload\" (JSON) and \"payload_base64\"";
    return false;
  }
  if (payload != nullptr) {
    // The payload's own bytes, so that numbers keep their text (10.0 stays 10.0).
    m->payload.assign(line, payload->begin, payload->end - payload->begin);
  } else {
    if (base64->type != JsonNode::Type::kString ||
        !absl::Base64Unescape(base64->text, &m->payload)) {
      *why = "\"payload_base64\" is not base64 text";
      return false;
    }
  }
  m->context = MessageContext();
  bool present = false;
  if (!string_member("clientid", &m->context.clientid, nullptr)) return false;
  if (!string_member("principal", &m->context.principal, nullptr)) return false;
  std::string text;
  if (!string_member("traceid", &text, &present)) return false;
  if (present) m->context.traceid = text;
  if (!string_member("sourceip", &text, &present)) return false;
  if (present) m->context.sourceip = text;
  if (const JsonNode* ts = root.Find("timestamp")) {
    int64_t value = 0;
    const char* end = ts->text.data() + ts->text.size();
    if (ts->type != JsonNode::Type::kNumber ||
        std::from_chars(ts->text.data(), end, value).ptr != end) {
      *why = "\"timestamp\" must be an integer (milliseconds since the epoch)";
      return false;
    }
    m->context.timestamp_ms = value;
  }
  return true;
}

bool LoadRulePaths(const std::vector<std::string>& paths, std::vector<RuleDocument>* rules) {
  bool all_good = true;
  for (const std::string& path : paths) {
    absl::StatusOr<std::vector<RuleDocument>> docs = LoadRules(path);
    if (!docs.ok()) {
      std::cerr << docs.status().message() << "\n";
      all_good = false;
      continue;
    }
    for (RuleDocument& d : *docs) rules->push_back(std::move(d));
  }
  return all_good;
}

}  // namespace iotsql::cli
