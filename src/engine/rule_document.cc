// Rule documents (spec §1): the TopicRulePayload of `aws iot create-topic-rule`, the
// `aws iot get-topic-rule` output, and {"topicRulePayload": ...}; loaded from files and folders.
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/diagnostic.h"
#include "engine/action_kinds.h"
#include "value/json_doc.h"
#include "engine/rule_name.h"
#include "iotsql/engine.h"

namespace iotsql {

namespace {

absl::string_view AbslView(std::string_view s) { return absl::string_view(s.data(), s.size()); }

class DocumentParser {
 public:
  DocumentParser(std::string_view json, std::string_view fallback_name, bool name_from_file)
      : json_(json), fallback_name_(fallback_name), name_from_file_(name_from_file) {}

  absl::StatusOr<RuleDocument> Parse() {
    JsonNode root;
    JsonError error;
    if (!ParseJsonDoc(json_, &root, &error)) {
      return Error(error.offset, absl::StrCat("not valid JSON: ", error.message));
    }
    if (root.type != JsonNode::Type::kObject) {
      return Error(root.begin, absl::StrCat("a rule document is a JSON object (TopicRulePayload), "
                                            "not ",
                                            root.TypeName()));
    }
    const JsonNode* payload = &root;
    std::string name;
    if (const JsonNode* rule = root.Find("rule")) {
      // `aws iot get-topic-rule`: {"ruleArn": ..., "rule": {"ruleName": ..., "sql": ...}}.
      if (absl::Status s = Members(root, {"rule", "ruleArn"}, "get-topic-rule output"); !s.ok()) {
        return s;
      }
      payload = rule;
    } else if (const JsonNode* wrapped = root.Find("topicRulePayload")) {
      // `create-topic-rule --cli-input-json`: {"ruleName": ..., "topicRulePayload": {...}}.
      if (absl::Status s = Members(root, {"topicRulePayload", "ruleName", "ruleArn", "tags"},
                                   "a wrapped rule document");
          !s.ok()) {
        return s;
      }
      if (absl::Status s = NameMember(root, &name); !s.ok()) return s;
      payload = wrapped;
    }
    if (payload->type != JsonNode::Type::kObject) {
      return Error(payload->begin,
                   absl::StrCat("the rule must be a JSON object, not ", payload->TypeName()));
    }
    if (absl::Status s = Members(*payload,
                                 {"sql", "actions", "awsIotSqlVersion", "ruleDisabled",
                                  "description", "errorAction", "ruleName", "createdAt"},
                                 "a TopicRulePayload");
        !s.ok()) {
      return s;
    }
    if (absl::Status s = NameMember(*payload, &name); !s.ok()) return s;

    RuleDocument doc;
    if (absl::Status s = ResolveName(name, &doc.name); !s.ok()) return s;

    const JsonNode* sql = payload->Find("sql");
    if (sql == nullptr) return Error(payload->begin, "the rule has no \"sql\" member");
    if (absl::Status s = Expect(*sql, JsonNode::Type::kString, "\"sql\""); !s.ok()) return s;
    if (sql->text.find_first_not_of(" \t\r\n") == std::string::npos) {
      return Error(sql->begin, "\"sql\" is empty");
    }
    doc.sql = sql->text;
    if (json_.substr(sql->begin + 1, sql->end - sql->begin - 2) == sql->text) {
      // Written without escapes: SQL columns map onto the file's.
      Position p = PositionOf(json_, sql->begin + 1);
      doc.sql_line = p.line;
      doc.sql_column = p.column;
    }

    if (const JsonNode* v = payload->Find("awsIotSqlVersion")) {
      if (absl::Status s = Expect(*v, JsonNode::Type::kString, "\"awsIotSqlVersion\""); !s.ok()) {
        return s;
      }
      absl::StatusOr<SqlVersion> version = ParseSqlVersion(v->text);
      if (!version.ok()) return Error(v->begin, std::string(version.status().message()));
      doc.version = *version;
    }
    if (const JsonNode* v = payload->Find("ruleDisabled")) {
      if (absl::Status s = Expect(*v, JsonNode::Type::kBool, "\"ruleDisabled\""); !s.ok()) {
        return s;
      }
      doc.disabled = v->boolean;
    }
    if (const JsonNode* v = payload->Find("description")) {
      if (absl::Status s = Expect(*v, JsonNode::Type::kString, "\"description\""); !s.ok()) {
        return s;
      }
      doc.description = v->text;
    }

    const JsonNode* actions = payload->Find("actions");
    if (actions == nullptr) {
      return Error(payload->begin,
                   "the rule has no \"actions\" member (AWS requires one; "
                   "write \"actions\": [] for none)");
    }
    if (absl::Status s = Expect(*actions, JsonNode::Type::kArray, "\"actions\""); !s.ok()) {
      return s;
    }
    if (actions->items.size() > 10) {
      return Error(actions->items[10].begin, "a rule has at most 10 actions");
    }
    for (const JsonNode& item : actions->items) {
      ActionSpec spec;
      if (absl::Status s = Action(item, &spec); !s.ok()) return s;
      doc.actions.push_back(std::move(spec));
    }
    if (const JsonNode* v = payload->Find("errorAction")) {
      ActionSpec spec;
      if (absl::Status s = Action(*v, &spec); !s.ok()) return s;
      doc.error_action = std::move(spec);
    }
    return doc;
  }

 private:
  absl::Status Error(uint32_t offset, std::string_view message) const {
    return absl::InvalidArgumentError(
        absl::StrCat(LineColumn(json_, offset), ": ", AbslView(message)));
  }

  absl::Status Expect(const JsonNode& node, JsonNode::Type type, std::string_view what) const {
    if (node.type == type) return absl::OkStatus();
    JsonNode want;
    want.type = type;
    return Error(node.begin, absl::StrCat(AbslView(what), " must be ", want.TypeName(), ", not ",
                                          node.TypeName()));
  }

  // Every member is one of `allowed` and appears once.
  absl::Status Members(const JsonNode& object, const std::vector<std::string>& allowed,
                       std::string_view what) const {
    for (size_t i = 0; i < object.members.size(); ++i) {
      const JsonMember& m = object.members[i];
      for (size_t j = 0; j < i; ++j) {
        if (object.members[j].key == m.key) {
          return Error(m.key_offset, absl::StrCat("duplicate member \"", m.key, "\""));
        }
      }
      if (std::find(allowed.begin(), allowed.end(), m.key) != allowed.end()) continue;
      std::string message = absl::StrCat("unknown member \"", m.key, "\" in ", AbslView(what));
      std::string suggestion = Closest(m.key, allowed);
      if (!suggestion.empty()) absl::StrAppend(&message, " (did you mean \"", suggestion, "\"?)");
      return Error(m.key_offset, message);
    }
    return absl::OkStatus();
  }

  absl::Status NameMember(const JsonNode& object, std::string* name) const {
    const JsonNode* v = object.Find("ruleName");
    if (v == nullptr) return absl::OkStatus();
    if (absl::Status s = Expect(*v, JsonNode::Type::kString, "\"ruleName\""); !s.ok()) return s;
    std::string why = RuleNameError(v->text);
    if (!why.empty()) return Error(v->begin, why);
    *name = v->text;
    return absl::OkStatus();
  }

  absl::Status ResolveName(const std::string& from_document, std::string* out) const {
    if (!from_document.empty()) {
      *out = from_document;
      return absl::OkStatus();
    }
    std::string fallback(fallback_name_);
    std::string why = RuleNameError(fallback);
    if (fallback.empty()) {
      return absl::InvalidArgumentError(
          "the rule has no name: set \"ruleName\" or pass one (a file's name is its rule name)");
    }
    if (why.empty()) {
      *out = fallback;
      return absl::OkStatus();
    }
    std::string valid = SuggestRuleName(fallback);
    if (name_from_file_) {
      return absl::InvalidArgumentError(absl::StrCat(
          "the file name gives the rule name '", fallback, "': ", why, "; rename the file to ",
          valid, ".json or set \"ruleName\": \"", valid, "\" in the document"));
    }
    return absl::InvalidArgumentError(
        absl::StrCat("rule name '", fallback, "': ", why, " (for example '", valid, "')"));
  }

  absl::Status Action(const JsonNode& node, ActionSpec* spec) const {
    if (node.type != JsonNode::Type::kObject) {
      return Error(node.begin, absl::StrCat("an action is an object such as {\"s3\": {...}}, not ",
                                            node.TypeName()));
    }
    if (node.members.size() != 1) {
      return Error(node.begin, absl::StrCat("an action names exactly one kind (such as \"s3\"); "
                                            "this one has ",
                                            node.members.size()));
    }
    const JsonMember& m = node.members[0];
    if (!IsKnownActionKind(m.key)) {
      std::string message = absl::StrCat("unknown action kind \"", m.key, "\"");
      std::string suggestion = Closest(m.key, KnownActionKinds());
      if (!suggestion.empty()) absl::StrAppend(&message, " (did you mean \"", suggestion, "\"?)");
      return Error(m.key_offset, message);
    }
    if (m.value.type != JsonNode::Type::kObject) {
      return Error(m.value.begin, absl::StrCat("the parameters of \"", m.key,
                                               "\" must be an object, not ", m.value.TypeName()));
    }
    spec->kind = m.key;
    spec->params_json.clear();
    AppendJsonDoc(m.value, &spec->params_json);
    return absl::OkStatus();
  }

  std::string_view json_;
  std::string_view fallback_name_;
  bool name_from_file_;
};

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(absl::StrCat(path, ": cannot open: ", std::strerror(errno)));
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return absl::DataLossError(absl::StrCat(path, ": cannot read"));
  return text.str();
}

}  // namespace

absl::StatusOr<RuleDocument> ParseRuleDocument(std::string_view json, std::string_view name) {
  return DocumentParser(json, name, false).Parse();
}

absl::StatusOr<RuleDocument> LoadRuleFile(const std::string& path) {
  absl::StatusOr<std::string> text = ReadFile(path);
  if (!text.ok()) return text.status();
  std::string stem = std::filesystem::path(path).stem().string();
  absl::StatusOr<RuleDocument> doc = DocumentParser(*text, stem, true).Parse();
  if (!doc.ok()) {
    // Positioned messages start "line:column: ", the others (the rule name) do not.
    absl::string_view message = doc.status().message();
    bool positioned = !message.empty() && message[0] >= '0' && message[0] <= '9';
    return absl::Status(doc.status().code(), absl::StrCat(path, positioned ? ":" : ": ", message));
  }
  doc->origin = path;
  return doc;
}

absl::StatusOr<std::vector<RuleDocument>> LoadRules(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  std::vector<std::string> files;
  if (!fs::exists(path, ec)) {
    return absl::NotFoundError(absl::StrCat(path, ": no such file or directory"));
  }
  if (fs::is_directory(path, ec)) {
    for (const fs::directory_entry& e : fs::directory_iterator(path, ec)) {
      if (e.path().extension() == ".json" && e.is_regular_file(ec)) {
        files.push_back(e.path().string());
      }
    }
    if (ec) return absl::NotFoundError(absl::StrCat(path, ": cannot list: ", ec.message()));
    std::sort(files.begin(), files.end());
  } else {
    files.push_back(path);
  }
  std::vector<RuleDocument> docs;
  std::vector<std::string> errors;
  std::map<std::string, std::string> seen;  // rule name -> file
  for (const std::string& file : files) {
    absl::StatusOr<RuleDocument> doc = LoadRuleFile(file);
    if (!doc.ok()) {
      errors.push_back(std::string(doc.status().message()));
      continue;
    }
    auto [it, added] = seen.emplace(doc->name, file);
    if (!added) {
      errors.push_back(
          absl::StrCat(file, ": rule '", doc->name, "' is already defined by ", it->second));
      continue;
    }
    docs.push_back(std::move(*doc));
  }
  if (!errors.empty()) return absl::InvalidArgumentError(absl::StrJoin(errors, "\n"));
  return docs;
}

}  // namespace iotsql
