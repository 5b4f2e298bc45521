#include "validate/sql_lints.h"

#include <set>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "functions/registry.h"

namespace iotsql::validate {

namespace {

using ast::BinaryOp;
using ast::Expr;
using ast::ExprKind;

// Spec §9.2: the Strings that convert to a Decimal.
bool IsNumericString(const std::string& s) {
  size_t i = 0;
  if (i < s.size() && s[i] == '-') ++i;
  size_t d = i;
  while (i < s.size() && absl::ascii_isdigit(s[i])) ++i;
  if (i == d) return false;
  if (i < s.size() && s[i] == '.') {
    size_t f = ++i;
    while (i < s.size() && absl::ascii_isdigit(s[i])) ++i;
    if (i == f) return false;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && s[i] == '-') ++i;
    size_t e = i;
    while (i < s.size() && absl::ascii_isdigit(s[i])) ++i;
    if (i == e) return false;
  }
  return i == s.size();
}

bool IsOrdering(BinaryOp op) {
  return op == BinaryOp::kLt || op == BinaryOp::kLe || op == BinaryOp::kGt || op == BinaryOp::kGe;
}
bool IsNumericArithmetic(BinaryOp op) {
  return op == BinaryOp::kSub || op == BinaryOp::kMul || op == BinaryOp::kDiv ||
         op == BinaryOp::kMod;
}

// Why a literal operand cannot be a number (for ordering and - * / %), or "".
std::string NotANumber(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kBool: return "a Boolean is not a number";
    case ExprKind::kNull: return "null is not a number";
    case ExprKind::kArray: return "an array is not a number";
    case ExprKind::kObject: return "an object is not a number";
    case ExprKind::kString:
      return IsNumericString(e.text) ? "" : absl::StrCat("'", e.text, "' is not a number");
    default: return "";
  }
}

// Why a literal operand cannot be a Boolean (for AND, OR, NOT), or "".
std::string NotABoolean(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kInt:
    case ExprKind::kDecimal: return absl::StrCat(e.text, " is a number, not a Boolean");
    case ExprKind::kNull: return "null is not a Boolean";
    case ExprKind::kArray: return "an array is not a Boolean";
    case ExprKind::kObject: return "an object is not a Boolean";
    case ExprKind::kString: {
      std::string lower = absl::AsciiStrToLower(e.text);
      if (lower == "true" || lower == "false") return "";
      return absl::StrCat("'", e.text, "' is not a Boolean");
    }
    default: return "";
  }
}

// An expression whose value is a number (or Undefined), never a String.
bool IsNumberTyped(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kInt:
    case ExprKind::kDecimal:
      return true;
    case ExprKind::kNegate:
      return true;
    case ExprKind::kBinary:
      if (IsNumericArithmetic(e.op)) return true;
      return e.op == BinaryOp::kAdd && IsNumberTyped(*e.children[0]) &&
             IsNumberTyped(*e.children[1]);
    default:
      return false;
  }
}

// The payload member path an expression reads (`a.b`), or "".
std::string PathOf(const Expr& e) {
  if (e.kind == ExprKind::kIdent) return e.text;
  if (e.kind == ExprKind::kMember) {
    std::string base = PathOf(*e.children[0]);
    return base.empty() ? "" : absl::StrCat(base, ".", e.text);
  }
  return "";
}

class Linter {
 public:
  Linter(std::vector<Diagnostic>* out, uint32_t offset) : out_(out), offset_(offset) {}

  void Warn(Span span, std::string message, std::string check, std::string hint = "") {
    out_->push_back({Severity::kWarning, {span.begin + offset_, span.end + offset_},
                     std::move(message), std::move(check), std::move(hint)});
  }

  // Member paths that the statement uses as numbers (arithmetic, ordering with a number).
  void CollectNumeric(const Expr& e) {
    if (e.kind == ExprKind::kBinary && (IsNumericArithmetic(e.op) || IsOrdering(e.op))) {
      for (int k = 0; k < 2; ++k) {
        const Expr& side = *e.children[k];
        const Expr& other = *e.children[1 - k];
        std::string path = PathOf(side);
        if (!path.empty() && (IsNumericArithmetic(e.op) || IsNumberTyped(other))) {
          numeric_paths_.insert(path);
        }
      }
    }
    for (const auto& c : e.children) {
      if (c) CollectNumeric(*c);
    }
    if (e.subquery) CollectSelect(*e.subquery);
  }
  void CollectSelect(const ast::Select& s) {
    for (const auto& item : s.items) CollectNumeric(*item.expr);
    if (s.where) CollectNumeric(*s.where);
    if (s.from) CollectNumeric(*s.from);
  }

  void Walk(const Expr& e) {
    switch (e.kind) {
      case ExprKind::kBinary:
        Binary(e);
        break;
      case ExprKind::kNot: {
        std::string why = NotABoolean(*e.children[0]);
        if (!why.empty()) {
          Warn(e.span, absl::StrCat("NOT is always Undefined here: ", why), "always-undefined");
        }
        break;
      }
      case ExprKind::kIn: {
        const Expr& right = *e.children[1];
        if (right.kind == ExprKind::kString || right.kind == ExprKind::kInt ||
            right.kind == ExprKind::kDecimal || right.kind == ExprKind::kBool ||
            right.kind == ExprKind::kNull || right.kind == ExprKind::kObject) {
          Warn(e.span, "IN is always Undefined here: its right operand must be an array",
               "always-undefined",
               right.kind == ExprKind::kString ? "IN is not a substring test; use "
                                                 "indexof(s, 'x') >= 0 or write x IN ['a', 'b']"
                                               : "write x IN [a, b, c]");
        }
        break;
      }
      default:
        break;
    }
    for (const auto& c : e.children) {
      if (c) Walk(*c);
    }
    if (e.subquery) WalkSelect(*e.subquery);
  }

  void WalkSelect(const ast::Select& s) {
    if (s.from) Walk(*s.from);
    for (const auto& item : s.items) Walk(*item.expr);
    if (s.where) Walk(*s.where);
  }

  std::set<std::string> numeric_paths_;

 private:
  void Binary(const Expr& e) {
    const Expr& l = *e.children[0];
    const Expr& r = *e.children[1];
    const char* op = ast::BinaryOpSymbol(e.op);
    if (IsOrdering(e.op) || IsNumericArithmetic(e.op)) {
      std::string why = NotANumber(l);
      if (why.empty()) why = NotANumber(r);
      if (!why.empty()) {
        bool string_operand = l.kind == ExprKind::kString || r.kind == ExprKind::kString;
        Warn(e.span,
             absl::StrCat(IsOrdering(e.op) ? "this comparison" : "this arithmetic",
                          " is always Undefined: ", op, " works on numbers and ", why),
             "always-undefined",
             IsOrdering(e.op) && string_operand ? "to compare Strings use = or <>" : "");
      }
      return;
    }
    if (e.op == BinaryOp::kAnd || e.op == BinaryOp::kOr) {
      std::string why = NotABoolean(l);
      if (why.empty()) why = NotABoolean(r);
      if (!why.empty()) {
        Warn(e.span, absl::StrCat(op, " is always Undefined here: ", why), "always-undefined");
      }
      return;
    }
    if (e.op == BinaryOp::kEq || e.op == BinaryOp::kNe) {
      for (int k = 0; k < 2; ++k) {
        const Expr& str = *e.children[k];
        const Expr& other = *e.children[1 - k];
        if (str.kind != ExprKind::kString) continue;
        std::string path = PathOf(other);
        bool numeric_field = !path.empty() && numeric_paths_.count(path) > 0;
        if (!IsNumberTyped(other) && !numeric_field) continue;
        std::string hint = IsNumericString(str.text)
                               ? absl::StrCat("write the number without quotes: ", str.text)
                               : "";
        std::string what =
            numeric_field
                ? absl::StrCat(path, " is used as a number elsewhere in the statement, but '",
                               str.text, "' is a String")
                : absl::StrCat("'", str.text, "' is a String and the other side a number");
        Warn(e.span,
             absl::StrCat(what, ": ", op, " does not convert types, so this is always ",
                          e.op == BinaryOp::kEq ? "false" : "true",
                          numeric_field ? " when it holds a number" : ""),
             "string-number-compare", hint);
        break;
      }
    }
  }

  std::vector<Diagnostic>* out_;
  uint32_t offset_;
};

bool IsEncodeOfWildcard(const Expr& e) {
  if (e.kind == ExprKind::kCall && absl::AsciiStrToLower(e.text) == "encode" &&
      !e.children.empty() && e.children[0]->kind == ExprKind::kWildcard) {
    return true;
  }
  for (const auto& c : e.children) {
    if (c && IsEncodeOfWildcard(*c)) return true;
  }
  return false;
}

// Whether an expression's value is the same for every message (no payload, variable,
// context or random function, no nested query).
bool IsConstant(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kIdent:
    case ExprKind::kVariable:
    case ExprKind::kWildcard:
    case ExprKind::kSubquery:
      return false;
    case ExprKind::kCall: {
      const FunctionInfo* f = LookupFunction(e.text);
      if (f == nullptr || f->category != FunctionCategory::kPure) return false;
      break;
    }
    default:
      break;
  }
  for (const auto& c : e.children) {
    if (c && !IsConstant(*c)) return false;
  }
  return true;
}

// Names read at the root of the message by an expression (`a` for a.b.c).
void RootNames(const Expr& e, std::vector<const Expr*>* out) {
  if (e.kind == ExprKind::kIdent) {
    out->push_back(&e);
    return;
  }
  if (e.kind == ExprKind::kSubquery) return;  // its names are the nested document's
  for (const auto& c : e.children) {
    if (c) RootNames(*c, out);
  }
}

// SELECT aliases that are not also the name of what they select (`temp AS temp`).
std::set<std::string> PureAliases(const ast::Statement& s) {
  std::set<std::string> aliases;
  std::set<std::string> read;
  for (const auto& item : s.select.items) {
    std::vector<const Expr*> names;
    RootNames(*item.expr, &names);
    for (const Expr* n : names) read.insert(n->text);
  }
  if (s.select.value) return {};
  for (const auto& item : s.select.items) {
    if (item.alias.empty()) continue;
    if (read.count(item.alias[0]) == 0) aliases.insert(item.alias[0]);
  }
  return aliases;
}

void WarnAliases(const Expr& e, const std::set<std::string>& aliases, const char* where,
                 const char* check, Linter* linter) {
  std::vector<const Expr*> names;
  RootNames(e, &names);
  std::set<std::string> done;
  for (const Expr* n : names) {
    if (aliases.count(n->text) == 0 || !done.insert(n->text).second) continue;
    linter->Warn(n->span,
                 absl::StrCat("'", n->text, "' is a SELECT alias, but ", where,
                              " reads the incoming message, not the SELECT output"),
                 check, "repeat the aliased expression here instead of its alias");
  }
}

void ConstantWhere(const ast::Statement& s, std::string_view sql, SqlVersion version,
                   Linter* linter) {
  const Expr* where = s.select.where.get();
  if (where == nullptr || !IsConstant(*where) || where->span.end > sql.size()) return;
  // Constant, so one evaluation (of the clause's own text, on an empty message) answers for
  // every message.
  std::string_view text = sql.substr(where->span.begin, where->span.end - where->span.begin);
  absl::StatusOr<Rule> probe = Rule::Compile(
      absl::StrCat("SELECT (", absl::string_view(text.data(), text.size()), ") AS w FROM '#'"),
      version);
  bool passes = false;
  if (probe.ok()) {
    Evaluator evaluator;
    MessageContext context;
    context.topic = "t";
    context.timestamp_ms = 0;
    absl::StatusOr<EvalResult> result = evaluator.Evaluate(*probe, "{}", context);
    passes = result.ok() && result->matched && result->payload == R"({"w":true})";
  }
  if (passes) {
    linter->Warn(where->span, "the WHERE clause does not read the message and is always true",
                 "constant-where", "remove it");
  } else {
    linter->Warn(where->span,
                 "the WHERE clause does not read the message and is never true: the rule never "
                 "runs its actions",
                 "constant-where", "WHERE passes a message only when it evaluates to true");
  }
}

}  // namespace

void LintStatement(const ast::Statement& s, std::string_view sql, SqlVersion version,
                   bool checked, std::vector<Diagnostic>* out) {
  Linter linter(out, 0);
  for (const auto& a : s.set) linter.CollectNumeric(*a.value);
  linter.CollectSelect(s.select);
  for (const auto& a : s.set) linter.Walk(*a.value);
  linter.WalkSelect(s.select);

  bool star = false;
  Span star_span;
  for (const auto& item : s.select.items) {
    if (item.expr->kind == ExprKind::kWildcard) {
      star = true;
      star_span = item.span;
    }
  }
  if (star && s.select.items.size() > 1) {
    bool encodes = false;
    for (const auto& item : s.select.items) encodes = encodes || IsEncodeOfWildcard(*item.expr);
    if (s.select.where) encodes = encodes || IsEncodeOfWildcard(*s.select.where);
    if (encodes) {
      linter.Warn(star_span,
                  "SELECT * next to other items, while encode(*, ...) expects binary payloads: "
                  "AWS does not document how * combines with other items for a binary payload",
                  "binary-select-star",
                  "select encode(*, 'base64') AS data (and other items) without *, or * alone");
    }
  }
  if (s.select.where) {
    WarnAliases(*s.select.where, PureAliases(s), "WHERE", "where-alias", &linter);
  }
  if (checked) ConstantWhere(s, sql, version, &linter);
}

void LintTemplateExpr(const ast::Expr& expr, uint32_t offset, const ast::Statement* rule,
                      std::vector<Diagnostic>* out) {
  Linter linter(out, offset);
  linter.CollectNumeric(expr);
  linter.Walk(expr);
  if (rule != nullptr) {
    WarnAliases(expr, PureAliases(*rule), "a substitution template", "template-alias", &linter);
  }
}

bool TemplateMayNeedLint(std::string_view text, const ast::Statement* rule) {
  std::set<std::string> aliases;
  if (rule != nullptr) aliases = PureAliases(*rule);
  for (size_t open = text.find("${"); open != std::string_view::npos;
       open = text.find("${", open + 2)) {
    size_t close = text.find('}', open);
    std::string inner = absl::AsciiStrToLower(
        absl::string_view(text.data() + open + 2,
                          (close == std::string_view::npos ? text.size() : close) - open - 2));
    if (inner.find_first_of("<>=-*/%") != std::string::npos) return true;
    for (const char* word : {"and", "or", "not", "in"}) {
      size_t at = inner.find(word);
      while (at != std::string::npos) {
        size_t end = at + std::string(word).size();
        bool left = at == 0 || !absl::ascii_isalnum(inner[at - 1]);
        bool right = end >= inner.size() || !absl::ascii_isalnum(inner[end]);
        if (left && right) return true;
        at = inner.find(word, at + 1);
      }
    }
    for (const std::string& alias : aliases) {
      if (inner.find(absl::AsciiStrToLower(alias)) != std::string::npos) return true;
    }
  }
  return false;
}

}  // namespace iotsql::validate
