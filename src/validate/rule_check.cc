#include "validate/rule_check.h"

#include <algorithm>
#include <memory>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "api/compile.h"
#include "bytecode/program.h"
#include "parse/parser.h"
#include "parse/template_parser.h"
#include "validate/api_model.h"
#include "validate/shape_check.h"
#include "validate/sql_lints.h"
#include "validate/template_fields.h"

namespace iotsql::validate {

namespace {

// The string a value stands for, when it is known before deployment: a string, or a
// CloudFormation Fn::Sub whose text references nothing (so it substitutes nothing).
const Node* LiteralString(const Node* n) {
  if (n == nullptr) return nullptr;
  if (n->is_string()) return n;
  if (n->kind == NodeKind::kIntrinsic && n->text == "Fn::Sub" && n->items.size() == 1 &&
      n->items[0].is_string() && n->items[0].text.find("${") == std::string::npos) {
    return &n->items[0];
  }
  return nullptr;
}

std::string Join(const std::string& path, const std::string& name) {
  return path.empty() ? name : absl::StrCat(path, ".", name);
}

bool ValidRuleName(const std::string& name) {
  if (name.empty() || name.size() > 128) return false;
  for (char c : name) {
    if (!(absl::ascii_isalnum(c) || c == '_')) return false;
  }
  return true;
}

class RuleChecker {
 public:
  RuleChecker(const RuleSite& site, std::vector<Finding>* out)
      : site_(site), cfn_(site.cfn), out_(out) {}

  void Run() {
    if (site_.envelope == nullptr) {
      Add(Severity::kError, site_.anchor_begin, site_.anchor_end,
          absl::StrCat("Resources.", site_.name, " is missing the required member 'Properties'"),
          "missing-member");
      return;
    }
    ShapeCheckOptions options;
    options.cfn = cfn_;
    options.rule = site_.name;
    options.path = site_.path;
    if (!site_.root_name.empty()) options.root_name = site_.root_name;
    CheckShape(*site_.envelope, *site_.shape, options, out_);
    if (site_.name_from_file && !ValidRuleName(site_.name)) {
      Add(Severity::kWarning, site_.anchor_begin, site_.anchor_end,
          absl::StrCat("the file name '", site_.name, "' is not a valid rule name, so it cannot "
                       "name the rule"),
          "file-name",
          "rule names have 1 to 128 letters, digits and underscores; rename the file or pass "
          "--rule-name when creating the rule");
    }
    if (site_.payload == nullptr) return;
    payload_ = site_.payload;
    Version();
    Sql();
    Actions();
    RuleWarnings();
  }

 private:
  std::string Key(const char* api) const {
    std::string k = api;
    if (cfn_) k[0] = absl::ascii_toupper(k[0]);
    return k;
  }

  void Add(Severity severity, uint32_t begin, uint32_t end, std::string message,
           std::string check, std::string hint = "") {
    AddFinding(out_, severity, begin, std::max(end, begin + 1), std::move(message),
               std::move(check), std::move(hint), site_.name);
  }

  // Compiler diagnostics (spans in `node`'s decoded text) placed in the file.
  void Emit(const std::vector<Diagnostic>& diagnostics, const Node& node) {
    for (const Diagnostic& d : diagnostics) {
      uint32_t begin = node.map.ToFile(d.span.begin);
      uint32_t end = d.span.end > d.span.begin ? node.map.ToFile(d.span.end) : begin + 1;
      Add(d.severity, begin, end, d.message, d.check, d.hint);
    }
  }

  void Version() {
    const Node* v = LiteralString(payload_->Find(Key("awsIotSqlVersion")));
    if (v == nullptr) return;
    if (v->text == "2015-10-08") return;
    if (v->text == "2016-03-23") {
      version_ = SqlVersion::k2016_03_23;
      return;
    }
    version_ = SqlVersion::k2016_03_23;  // beta, or a typo: avoid a cascade of version errors
    if (v->text == "beta") {
      Add(Severity::kWarning, v->begin, v->end,
          "SQL version 'beta' is the most recent beta and may change under the rule",
          "sql-version-beta", "use 2016-03-23");
      return;
    }
    std::string suggestion = ClosestName(v->text, {"2015-10-08", "2016-03-23", "beta"});
    Add(Severity::kError, v->begin, v->end,
        absl::StrCat("'", v->text, "' is not a SQL version: expected 2015-10-08, 2016-03-23 or "
                     "beta"),
        "enum", suggestion.empty() ? "" : absl::StrCat("did you mean '", suggestion, "'?"));
  }

  void Sql() {
    const Node* sql = LiteralString(payload_->Find(Key("sql")));
    if (sql == nullptr) {
      variables_known_ = false;  // missing, or known only at deployment (an intrinsic)
      return;
    }
    std::vector<Diagnostic> diagnostics;
    CheckOptions options;
    options.version = version_;
    program_ = CompileStatement(sql->text, options, &diagnostics);
    Emit(diagnostics, *sql);
    if (program_ != nullptr) {
      std::vector<Diagnostic> lints;
      LintStatement(*program_->ast, sql->text, version_, /*checked=*/true, &lints);
      Emit(lints, *sql);
      return;
    }
    // Templates still get checked; they need the SET variables the statement defines.
    std::vector<Diagnostic> ignored;
    std::unique_ptr<ast::Statement> parsed = ParseStatement(sql->text, &ignored);
    if (parsed == nullptr) {
      variables_known_ = false;
      return;
    }
    std::vector<Diagnostic> lints;
    LintStatement(*parsed, sql->text, version_, /*checked=*/false, &lints);
    Emit(lints, *sql);
    stub_ = std::make_unique<Program>();
    stub_->version = version_;
    auto statement = std::make_unique<ast::Statement>();
    for (const ast::Assignment& a : parsed->set) {
      ast::Assignment copy;
      copy.variable = a.variable;
      copy.variable_span = a.variable_span;
      copy.span = a.span;
      copy.value = std::make_unique<ast::Expr>();  // null: only the name matters here
      statement->set.push_back(std::move(copy));
    }
    stub_->ast = std::move(statement);
  }

  const Program* TemplateScope() {
    if (program_ != nullptr) return program_.get();
    if (stub_ != nullptr) return stub_.get();
    return nullptr;
  }

  void Actions() {
    const Node* actions = payload_->Find(Key("actions"));
    std::string actions_path = Join(site_.payload_path, Key("actions"));
    if (actions != nullptr && actions->kind == NodeKind::kArray) {
      for (size_t i = 0; i < actions->items.size(); ++i) {
        Action(actions->items[i], absl::StrCat(actions_path, "[", i, "]"), false);
      }
    }
    const Node* error_action = payload_->Find(Key("errorAction"));
    if (error_action != nullptr) {
      Action(*error_action, Join(site_.payload_path, Key("errorAction")), true);
    }
  }

  void Action(const Node& action, const std::string& path, bool error_action) {
    if (!action.is_object()) return;
    const ShapeDef& shape = *FindShape("Action");
    for (const Member& m : action.members) {
      if (action.FindMember(m.key) != &m) continue;
      const MemberDef* def = FindMember(shape, m.key, cfn_);
      if (def == nullptr) continue;
      Params(m.value, ShapeAt(def->shape), Join(path, m.key), error_action);
    }
  }

  void Params(const Node& node, const ShapeDef& shape, const std::string& path,
              bool error_action) {
    if (shape.type == ShapeType::kList && node.kind == NodeKind::kArray) {
      for (size_t i = 0; i < node.items.size(); ++i) {
        Params(node.items[i], ShapeAt(shape.element), absl::StrCat(path, "[", i, "]"),
               error_action);
      }
      return;
    }
    if (shape.type != ShapeType::kStructure || !node.is_object()) return;
    for (const Member& m : node.members) {
      if (node.FindMember(m.key) != &m) continue;
      const MemberDef* def = FindMember(shape, m.key, cfn_);
      if (def == nullptr) continue;
      const ShapeDef& member_shape = ShapeAt(def->shape);
      if (member_shape.type == ShapeType::kString) {
        Leaf(m.value, shape, *def, Join(path, m.key), error_action);
      } else {
        Params(m.value, member_shape, Join(path, m.key), error_action);
      }
    }
  }

  void Leaf(const Node& value, const ShapeDef& parent, const MemberDef& member,
            const std::string& path, bool error_action) {
    const Node* s = LiteralString(&value);
    if (s == nullptr) return;
    const std::string& text = s->text;
    bool has_template = text.find("${") != std::string::npos ||
                        text.find("@{") != std::string::npos;
    TemplateSupport support = TemplateSupportOf(parent.name, member.name);
    if (support == TemplateSupport::kNo) {
      if (text.find("${") != std::string::npos) {
        uint32_t at = s->map.ToFile(static_cast<uint32_t>(text.find("${")));
        Add(Severity::kWarning, at, at + 2,
            absl::StrCat(path, " is taken literally: AWS substitutes ${...} templates only in "
                         "some parameters"),
            "template-not-supported");
      }
      return;
    }
    if (support == TemplateSupport::kUnknown && !has_template) return;
    std::vector<Diagnostic> diagnostics;
    CheckOptions options;
    options.version = version_;
    options.allow_external = !error_action;
    const Program* scope = TemplateScope();
    std::unique_ptr<Program> compiled = CompileTemplate(text, scope, options, &diagnostics);
    if (!variables_known_) {
      // The statement did not parse, so which variables it defines is unknown.
      diagnostics.erase(std::remove_if(diagnostics.begin(), diagnostics.end(),
                                       [](const Diagnostic& d) { return d.check == "variable"; }),
                        diagnostics.end());
    }
    Emit(diagnostics, *s);
    const ast::Statement* rule = program_ != nullptr ? program_->ast.get() : nullptr;
    if (compiled != nullptr && has_template && TemplateMayNeedLint(text, rule)) {
      std::vector<TemplatePart> parts;
      std::vector<Diagnostic> ignored;
      if (ParseTemplate(text, &parts, &ignored)) {
        std::vector<Diagnostic> lints;
        for (const TemplatePart& part : parts) {
          if (part.expr) LintTemplateExpr(*part.expr, part.offset, rule, &lints);
        }
        Emit(lints, *s);
      }
    }
    std::string shape_name = parent.name;
    std::string member_name = member.name;
    if (shape_name == "DynamoDBAction" && member_name == "operation" && !has_template &&
        text != "INSERT" && text != "UPDATE" && text != "DELETE") {
      std::string suggestion = ClosestName(text, {"INSERT", "UPDATE", "DELETE"});
      Add(Severity::kError, s->begin, s->end,
          absl::StrCat("'", text, "' is not a valid ", path, ": expected INSERT, UPDATE or DELETE"),
          "enum", suggestion.empty() ? "" : absl::StrCat("did you mean '", suggestion, "'?"));
    }
    if (shape_name == "RepublishAction" && member_name == "topic" && text.size() > 1 &&
        text[0] == '$' && text[1] != '$' && text[1] != '{') {
      Add(Severity::kWarning, s->begin, s->end,
          absl::StrCat("a republish topic starting with $ must write it as $$ (AWS documents "
                       "$$aws/... for reserved topics)"),
          "republish-dollar", absl::StrCat("write \"$", text, "\""));
    }
    if (shape_name == "RepublishAction" && member_name == "topic" && !has_template &&
        program_ != nullptr && program_->has_from) {
      std::string topic;
      for (size_t i = 0; i < text.size(); ++i) {
        topic += text[i];
        if (text[i] == '$' && i + 1 < text.size() && text[i + 1] == '$') ++i;
      }
      if (TopicMatches(program_->topic_filter, topic)) {
        Add(Severity::kWarning, s->begin, s->end,
            absl::StrCat("the rule republishes to '", topic, "', which its own FROM filter '",
                         program_->topic_filter, "' matches: every output triggers the rule "
                         "again"),
            "republish-loop", "republish to a topic outside the FROM filter");
      }
    }
  }

  void RuleWarnings() {
    const Node* disabled = payload_->Find(Key("ruleDisabled"));
    if (disabled != nullptr &&
        ((disabled->kind == NodeKind::kBool && disabled->text == "true") ||
         (cfn_ && disabled->is_string() &&
          absl::AsciiStrToLower(disabled->text) == "true"))) {
      Add(Severity::kWarning, disabled->begin, disabled->end,
          "the rule is disabled: AWS never runs it", "disabled-rule",
          absl::StrCat("remove ", Key("ruleDisabled"), " (or set it to false) when the rule "
                       "should run"));
    }
    const Member* actions = payload_->FindMember(Key("actions"));
    if (actions == nullptr || actions->value.kind != NodeKind::kArray) return;
    if (actions->value.items.empty()) {
      Add(Severity::kWarning, actions->key_begin, actions->key_end,
          "the rule has no actions: its output goes nowhere", "no-actions");
      return;
    }
    if (payload_->Find(Key("errorAction")) == nullptr) {
      Add(Severity::kWarning, site_.anchor_begin, site_.anchor_end,
          absl::StrCat("the rule has no ", Key("errorAction"),
                       ": when an action fails, the message is lost without a trace"),
          "no-error-action",
          absl::StrCat("add an ", Key("errorAction"),
                       " (e.g. to an S3 bucket or SQS queue) to keep failed messages"));
    }
  }

  const RuleSite& site_;
  bool cfn_;
  std::vector<Finding>* out_;
  const Node* payload_ = nullptr;
  SqlVersion version_ = SqlVersion::k2015_10_08;
  std::unique_ptr<Program> program_;
  std::unique_ptr<Program> stub_;
  bool variables_known_ = true;
};

}  // namespace

void CheckRule(const RuleSite& site, std::vector<Finding>* out) {
  RuleChecker(site, out).Run();
}

}  // namespace iotsql::validate
