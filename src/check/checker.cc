#include "check/checker.h"

#include <algorithm>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/edit_distance.h"
#include "common/topic.h"
#include "functions/registry.h"

namespace iotsql {

namespace {

// Arguments of one function call (the VM's call instruction holds the count in a byte).
constexpr int kMaxCallArgs = 255;

constexpr size_t kMaxVariables = 10;      // spec §8
constexpr size_t kMaxVariableName = 64;

using ast::Expr;
using ast::ExprKind;

class Checker {
 public:
  Checker(const CheckOptions& options, std::vector<Diagnostic>* out)
      : options_(options), out_(out) {}

  void Statement(const ast::Statement& s) {
    if (!s.set.empty()) {
      RequireV2(s.set.front().span, "the SET clause");
    }
    for (const ast::Assignment& a : s.set) {
      Check(*a.value, /*wildcard_ok=*/true, /*depth=*/0);
      Define(a.variable, a.variable_span);
    }
    if (s.has_from) {
      TopicFilterError e = CheckTopicFilter(s.topic_filter);
      if (!e.message.empty()) {
        // +1 skips the opening quote of the literal.
        uint32_t at = s.topic_span.begin + 1 + e.offset;
        Error({at, at + 1}, e.message, "topic-filter",
              "+ and # must each stand alone in a level, and # must be last: 'a/+/c', 'a/#'");
      }
      std::string size = CheckTopicSize(s.topic_filter, options_.limits.max_topic_levels,
                                        options_.limits.max_topic_bytes);
      if (e.message.empty() && !size.empty()) {
        Error(s.topic_span, "the topic filter is too long: " + size, "topic-filter", "");
      }
    } else {
      Warn(s.select.span, "the statement has no FROM clause: only Basic Ingest messages "
           "($aws/rules/<rule-name>/...) reach it", "no-from", "");
    }
    Select(s.select, /*depth=*/0);
    if (dynamodb_calls_ > 1) {
      Error(s.select.span, "get_dynamodb() may be called at most once per statement "
            "(AWS terminates the rule without running its actions)", "external-limit", "");
    }
    if (proto_decodes_ > 2) {
      Error(s.select.span, absl::StrCat("a statement may decode protobuf at most twice, not ",
                                        proto_decodes_), "external-limit", "");
    }
  }

  void Template(const Expr& e, const ast::Statement* rule) {
    in_template_ = true;
    if (rule != nullptr) {
      for (const ast::Assignment& a : rule->set) defined_.insert(a.variable);
    }
    Check(e, /*wildcard_ok=*/true, /*depth=*/0);
  }

 private:
  void Select(const ast::Select& sel, int depth) {
    if (sel.from) Check(*sel.from, /*wildcard_ok=*/true, depth);
    int inner = sel.from ? depth + 1 : depth;
    if (sel.where) Check(*sel.where, /*wildcard_ok=*/false, inner);
    if (sel.value && sel.items.size() == 1 && !sel.items[0].alias.empty()) {
      Error(sel.items[0].alias_span, "SELECT VALUE takes no alias", "alias",
            "write SELECT VALUE expr, or SELECT expr AS name for an object");
    }
    std::set<std::string> seen;
    for (const ast::SelectItem& item : sel.items) {
      Check(*item.expr, /*wildcard_ok=*/true, inner);
      if (sel.value) continue;
      if (item.alias.empty()) {
        if (item.expr->kind == ExprKind::kWildcard) continue;
        if (ImplicitItemName(*item.expr).empty()) {
          Error(item.expr->span, "this expression needs a name in the output", "alias",
                "add AS name after it");
        }
      } else {
        for (const std::string& part : item.alias) {
          if (part.empty()) Error(item.alias_span, "empty alias name", "alias", "");
        }
      }
    }
  }

  void Check(const Expr& e, bool wildcard_ok, int depth) {
    switch (e.kind) {
      case ExprKind::kNull:
      case ExprKind::kBool:
      case ExprKind::kInt:
      case ExprKind::kDecimal:
      case ExprKind::kString:
      case ExprKind::kIdent:
        return;
      case ExprKind::kVariable:
        if (defined_.count(e.text) == 0) {
          Error(e.span, absl::StrCat("variable @", e.text, " is not defined"), "variable",
                "define it in the SET clause before SELECT: SET @" + e.text + " = ...");
        }
        return;
      case ExprKind::kWildcard:
        if (!wildcard_ok) {
          Error(e.span, "* stands for the whole payload and may only be a SELECT item, a "
                "function argument or a nested query's FROM", "wildcard", "");
        }
        return;
      case ExprKind::kMember: {
        // `*.name` is a payload member and may stand anywhere (settled on AWS).
        const Expr& base = *e.children[0];
        Check(base, wildcard_ok || base.kind == ExprKind::kWildcard, depth);
        return;
      }
      case ExprKind::kNegate:
      case ExprKind::kNot:
      case ExprKind::kBinary:
      case ExprKind::kIn:
      case ExprKind::kCase:
        for (const auto& c : e.children) Check(*c, false, depth);
        return;
      case ExprKind::kArray:
      case ExprKind::kObject:
        RequireV2(e.span, e.kind == ExprKind::kArray ? "array literals" : "object literals");
        for (const auto& c : e.children) Check(*c, false, depth);
        return;
      case ExprKind::kSubquery:
        RequireV2(e.span, "nested queries");
        Select(*e.subquery, depth);
        return;
      case ExprKind::kCast:
        Cast(e, depth);
        return;
      case ExprKind::kCall:
        Call(e, depth);
        return;
    }
  }

  void Cast(const Expr& e, int depth) {
    Check(*e.children[0], false, depth);
    CastType type;
    bool needs_v2 = false;
    if (!ResolveCastType(e.text, &type, &needs_v2)) {
      Error(e.span, absl::StrCat("unknown cast type '", e.text, "'"), "cast-type",
            "use String, Int, Integer, Double, Decimal, Bool or Boolean");
    } else if (needs_v2) {
      RequireV2(e.span, absl::StrCat("cast to ", e.text));
    }
  }

  void Call(const Expr& e, int depth) {
    for (const auto& c : e.children) Check(*c, /*wildcard_ok=*/true, depth);
    const FunctionInfo* f = LookupFunction(e.text);
    if (f == nullptr) {
      std::string hint;
      std::string suggestion = SuggestFunction(e.text);
      if (!suggestion.empty()) hint = absl::StrCat("did you mean ", suggestion, "()?");
      Error(e.span, absl::StrCat("unknown function '", e.text, "'"), "unknown-function", hint);
      return;
    }
    int argc = static_cast<int>(e.children.size());
    if (argc > kMaxCallArgs) {
      // The call instruction counts its arguments in one byte (Instr::a).
      Error(e.span, absl::StrCat(f->name, "() is given ", argc, " arguments; at most ",
                                 kMaxCallArgs, " are allowed"),
            "arity", "build the value in steps, or pass an array");
      return;
    }
    if (argc < f->min_args || (f->max_args >= 0 && argc > f->max_args)) {
      std::string expected =
          f->max_args < 0 ? absl::StrCat("at least ", f->min_args)
          : f->min_args == f->max_args ? absl::StrCat(f->min_args)
                                       : absl::StrCat(f->min_args, " to ", f->max_args);
      Error(e.span, absl::StrCat(f->name, "() takes ", expected, " argument",
                                 expected == "1" ? "" : "s", ", not ", argc),
            "arity", "");
    }
    std::string lower = absl::AsciiStrToLower(f->name);
    if (lower == "get_dynamodb" && argc == 5) {
      Error(e.span, "get_dynamodb() takes 4 or 6 arguments, not 5", "arity",
            "get_dynamodb(table, keyName, keyValue, [sortKeyName, sortKeyValue,] roleArn)");
    }
    if (f->since == SqlVersion::k2016_03_23) RequireV2(e.span, absl::StrCat(f->name, "()"));
    int role = RoleArnArgument(lower, argc);
    if (role >= 0 && e.children[role]->kind == ExprKind::kVariable) {
      Error(e.children[role]->span, absl::StrCat("argument ", role + 1, " of ", f->name,
                                                 "() is a role ARN, which may not be a variable"),
            "variable", "write the ARN as a string literal (spec §8)");
    }
    if (f->category == FunctionCategory::kExternal && !options_.allow_external) {
      Error(e.span, absl::StrCat(f->name, "() calls an AWS service, which an error action may "
                                 "not do"), "external-in-error-action", "");
    }
    if (lower == "get_dynamodb") ++dynamodb_calls_;
    if (IsProtobufDecode(e)) ProtobufDecode(e, argc);
    for (int i = 0; i < argc && i < 32; ++i) {
      if ((f->constant_args & (1u << i)) == 0) continue;
      const Expr& arg = *e.children[i];
      if (arg.kind != ExprKind::kString) {
        Error(arg.span, absl::StrCat("argument ", i + 1, " of ", f->name,
                                     "() selects a mode and must be a string literal"),
              "constant-argument",
              arg.kind == ExprKind::kVariable ? "variables are not accepted here (AWS)" : "");
      }
    }
  }

  // decode(v, 'proto', ...) calls S3 for its descriptor: an external call, with AWS's own rules.
  void ProtobufDecode(const Expr& e, int argc) {
    ++proto_decodes_;
    if (argc != 6) {
      Error(e.span, absl::StrCat("decode(v, 'proto', ...) takes 6 arguments, not ", argc), "arity",
            "decode(v, 'proto', 's3 bucket', 's3 key', 'file.proto', 'MessageType')");
    }
    if (in_template_) {
      Error(e.span, "protobuf decode() may not be used in a substitution template (AWS)",
            "external-in-template", "decode in the rule's SELECT and use the result");
    } else if (!options_.allow_external) {
      Error(e.span, "decode(v, 'proto', ...) calls an AWS service, which an error action may "
            "not do", "external-in-error-action", "");
    }
  }

  // Index of the role-ARN argument of an external function, or -1. AWS rejects variables there
  // (the SET clause page).
  static int RoleArnArgument(const std::string& function, int argc) {
    if (function == "get_dynamodb" || function == "get_thing_shadow" ||
        function == "get_secret" || function == "get_registry_data") {
      return argc - 1;
    }
    if (function == "machinelearning_predict" && argc >= 2) return 1;
    return -1;
  }

  void Define(const std::string& name, Span span) {
    if (name.size() > kMaxVariableName) {
      Error(span, absl::StrCat("variable names have at most ", kMaxVariableName, " characters"),
            "variable", "");
    }
    if (!defined_.insert(name).second) {
      Error(span, absl::StrCat("variable @", name, " is assigned twice"), "variable",
            "variables are immutable: use a new name");
    }
    if (defined_.size() == kMaxVariables + 1) {
      Error(span, absl::StrCat("a statement may define at most ", kMaxVariables, " variables"),
            "variable", "");
    }
  }

  void RequireV2(Span span, const std::string& what) {
    if (options_.version == SqlVersion::k2016_03_23) return;
    Error(span, absl::StrCat(what, " need", EndsWithS(what) ? "" : "s",
                             " SQL version 2016-03-23 (the rule uses 2015-10-08)"),
          "sql-version", "set \"awsIotSqlVersion\": \"2016-03-23\" in the rule");
  }

  static bool EndsWithS(const std::string& s) {
    return !s.empty() && s.back() == 's' && s.find(' ') != std::string::npos;
  }

  void Error(Span span, std::string message, std::string check, std::string hint) {
    out_->push_back({Severity::kError, span, std::move(message), std::move(check),
                     std::move(hint)});
  }
  void Warn(Span span, std::string message, std::string check, std::string hint) {
    out_->push_back({Severity::kWarning, span, std::move(message), std::move(check),
                     std::move(hint)});
  }

  const CheckOptions& options_;
  std::vector<Diagnostic>* out_;
  std::set<std::string> defined_;
  int dynamodb_calls_ = 0;
  int proto_decodes_ = 0;
  bool in_template_ = false;
};

}  // namespace

std::string SuggestFunction(const std::string& name) {
  return std::string(ClosestName(name, std::max<size_t>(2, name.size() / 3), [](auto offer) {
    for (const FunctionInfo* f : AllFunctions()) offer(f->name);
  }));
}

std::string ImplicitItemName(const ast::Expr& e) {
  if (e.kind == ExprKind::kIdent) return e.text;
  if (e.kind != ExprKind::kMember) return "";
  // A member path: the last name, if the chain is rooted at a payload member, `*` or a variable.
  const Expr* base = &e;
  while (base->kind == ExprKind::kMember) base = base->children[0].get();
  if (base->kind == ExprKind::kIdent || base->kind == ExprKind::kWildcard ||
      base->kind == ExprKind::kVariable) {
    return e.text;
  }
  return "";
}

void CheckStatement(const ast::Statement& s, const CheckOptions& options,
                    std::vector<Diagnostic>* diagnostics) {
  Checker(options, diagnostics).Statement(s);
}

bool IsProtobufDecode(const ast::Expr& call) {
  return call.kind == ExprKind::kCall && absl::EqualsIgnoreCase(call.text, "decode") &&
         call.children.size() >= 2 && call.children[1]->kind == ExprKind::kString &&
         absl::EqualsIgnoreCase(call.children[1]->text, "proto");
}

void CheckTemplateExpr(const ast::Expr& e, const ast::Statement* rule,
                       const CheckOptions& options, std::vector<Diagnostic>* diagnostics) {
  Checker(options, diagnostics).Template(e, rule);
}

}  // namespace iotsql
