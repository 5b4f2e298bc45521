#include "engine/compiled_rule.h"

#include "absl/strings/str_cat.h"
#include "api/compile.h"
#include "common/diagnostic.h"
#include "engine/action_kinds.h"
#include "value/json_doc.h"
#include "engine/rule_name.h"
#include "value/convert.h"

namespace iotsql {

namespace {

// "FILE: rule 'x'" or "rule 'x'", to start a message.
std::string Where(const RuleDocument& doc) {
  if (doc.origin.empty()) return absl::StrCat("rule '", doc.name, "'");
  return absl::StrCat(doc.origin, ": rule '", doc.name, "'");
}

// Compile errors as compilers print them, at their place in the rule file when the SQL is
// written there verbatim.
absl::Status SqlError(const RuleDocument& doc, const Limits& limits) {
  CheckOptions options;
  options.version = doc.version;
  options.limits = limits;
  std::vector<Diagnostic> diagnostics;
  CompileStatement(doc.sql, options, &diagnostics);
  bool in_file = !doc.origin.empty() && doc.sql_line > 0;
  std::string out;
  if (!in_file) absl::StrAppend(&out, Where(doc), ": the SQL does not compile\n");
  for (const Diagnostic& d : diagnostics) {
    if (d.severity != Severity::kError) continue;
    std::string text = FormatDiagnostic(d, doc.sql, "");
    if (in_file) {
      // Replace the leading "line:column" (relative to the SQL) by the file's. A verbatim JSON
      // string holds no newline, so the SQL is on one line of the file.
      Position p = PositionOf(doc.sql, d.span.begin);
      size_t colon = text.find(':', text.find(':') + 1);
      text = absl::StrCat(doc.origin, ":", doc.sql_line, ":", doc.sql_column + p.column - 1,
                          text.substr(colon));
    }
    out += text;
  }
  if (diagnostics.empty()) absl::StrAppend(&out, "(no diagnostics)\n");
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return absl::InvalidArgumentError(out);
}

struct Cutter {
  const std::string& kind;
  const Rule& rule;
  CheckOptions options;
  std::vector<std::string>* literals;
  std::vector<std::unique_ptr<Program>>* templates;
  std::string error;

  // Serialises `node` compactly into the current literal, cutting out template strings.
  bool Walk(const JsonNode& node, const std::string& path) {
    switch (node.type) {
      case JsonNode::Type::kString:
        if (!path.empty() && IsTemplateParameter(kind, path) &&
            node.text.find('$') != std::string::npos) {
          std::vector<Diagnostic> diagnostics;
          std::unique_ptr<Program> program =
              CompileTemplate(node.text, &rule.program(), options, &diagnostics);
          if (!program) {
            error = absl::StrCat("parameter \"", path, "\" of the ", kind,
                                 " action: the template does not compile\n",
                                 FormatDiagnostics(diagnostics, node.text, ""));
            return false;
          }
          templates->push_back(std::move(program));
          literals->emplace_back();
          return true;
        }
        AppendJsonDoc(node, &literals->back());
        return true;
      case JsonNode::Type::kArray:
        literals->back().push_back('[');
        for (size_t i = 0; i < node.items.size(); ++i) {
          if (i) literals->back().push_back(',');
          if (!Walk(node.items[i], path)) return false;
        }
        literals->back().push_back(']');
        return true;
      case JsonNode::Type::kObject:
        literals->back().push_back('{');
        for (size_t i = 0; i < node.members.size(); ++i) {
          if (i) literals->back().push_back(',');
          AppendJsonString(node.members[i].key, &literals->back());
          literals->back().push_back(':');
          std::string sub =
              path.empty() ? node.members[i].key : absl::StrCat(path, ".", node.members[i].key);
          if (!Walk(node.members[i].value, sub)) return false;
        }
        literals->back().push_back('}');
        return true;
      default:
        AppendJsonDoc(node, &literals->back());
        return true;
    }
  }
};

}  // namespace

absl::StatusOr<CompiledAction> CompiledAction::Compile(const ActionSpec& spec, const Rule& rule,
                                                       bool is_error_action) {
  if (!IsKnownActionKind(spec.kind)) {
    std::string message = absl::StrCat("unknown action kind \"", spec.kind, "\"");
    std::string suggestion = Closest(spec.kind, KnownActionKinds());
    if (!suggestion.empty()) absl::StrAppend(&message, " (did you mean \"", suggestion, "\"?)");
    return absl::InvalidArgumentError(message);
  }
  JsonNode params;
  JsonError json_error;
  if (!ParseJsonDoc(spec.params_json, &params, &json_error)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the parameters of the ", spec.kind, " action are not valid JSON (",
        LineColumn(spec.params_json, json_error.offset), ": ", json_error.message, ")"));
  }
  if (params.type != JsonNode::Type::kObject) {
    return absl::InvalidArgumentError(
        absl::StrCat("the parameters of the ", spec.kind, " action must be an object"));
  }
  CompiledAction action;
  action.kind_ = spec.kind;
  action.params_json_.clear();
  AppendJsonDoc(params, &action.params_json_);
  action.literals_.emplace_back();
  Cutter cutter{spec.kind, rule, {}, &action.literals_, &action.templates_, ""};
  cutter.options.version = rule.version();
  cutter.options.allow_external = !is_error_action;
  if (!cutter.Walk(params, "")) {
    while (!cutter.error.empty() && cutter.error.back() == '\n') cutter.error.pop_back();
    return absl::InvalidArgumentError(cutter.error);
  }
  return action;
}

void CompiledAction::Render(Vm& vm, std::string_view payload, std::string_view topic,
                            const MessageContext& context, std::string* out) const {
  if (templates_.empty()) {
    out->assign(params_json_);
    return;
  }
  out->assign(literals_[0]);
  for (size_t i = 0; i < templates_.size(); ++i) {
    vm.Run(*templates_[i], payload, topic, context);
    AppendJsonString(vm.rendered(), out);
    out->append(literals_[i + 1]);
  }
}

absl::StatusOr<std::unique_ptr<CompiledRule>> CompileRule(const RuleDocument& doc,
                                                          const Limits& limits) {
  std::string why = RuleNameError(doc.name);
  if (!why.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("rule name '", doc.name, "': ", why));
  }
  absl::StatusOr<Rule> rule = Rule::Compile(doc.sql, doc.version, limits);
  if (!rule.ok()) return SqlError(doc, limits);
  if (doc.actions.size() > limits.max_actions) {
    return absl::InvalidArgumentError(absl::StrCat(Where(doc), ": a rule has at most ",
                                                   limits.max_actions, " actions, not ",
                                                   doc.actions.size(), " (max_actions)"));
  }
  auto compiled = std::make_unique<CompiledRule>(doc.name, std::move(*rule));
  for (size_t i = 0; i < doc.actions.size(); ++i) {
    absl::StatusOr<CompiledAction> action =
        CompiledAction::Compile(doc.actions[i], compiled->rule, false);
    if (!action.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(Where(doc), ", action ", i + 1, ": ", action.status().message()));
    }
    compiled->actions.push_back(std::move(*action));
  }
  if (doc.error_action) {
    absl::StatusOr<CompiledAction> action =
        CompiledAction::Compile(*doc.error_action, compiled->rule, true);
    if (!action.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(Where(doc), ", error action: ", action.status().message()));
    }
    compiled->error_action = std::move(*action);
  }
  return compiled;
}

}  // namespace iotsql
