#include "ast/ast.h"

#include <cstdio>

namespace iotsql::ast {

const char* BinaryOpSymbol(BinaryOp op) {
  switch (op) {
    case BinaryOp::kAnd: return "AND";
    case BinaryOp::kOr: return "OR";
    case BinaryOp::kEq: return "=";
    case BinaryOp::kNe: return "<>";
    case BinaryOp::kLt: return "<";
    case BinaryOp::kLe: return "<=";
    case BinaryOp::kGt: return ">";
    case BinaryOp::kGe: return ">=";
    case BinaryOp::kAdd: return "+";
    case BinaryOp::kSub: return "-";
    case BinaryOp::kMul: return "*";
    case BinaryOp::kDiv: return "/";
    case BinaryOp::kMod: return "%";
  }
  return "?";
}

namespace {

// The dump format, one node per line, two spaces of indent per level:
//   <Kind>[ <text>] [begin,end)
// Field labels without a span of their own (Set, From, Where) introduce the node below them.
// Strings are double-quoted with control bytes escaped, so a dump is always one line per node.

std::string Quoted(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (u < 0x20 || u == 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", u);
      out += buf;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

void Line(std::string* out, int indent, std::string_view head, Span span) {
  out->append(static_cast<size_t>(indent) * 2, ' ');
  out->append(head.data(), head.size());
  *out += " [" + std::to_string(span.begin) + "," + std::to_string(span.end) + ")\n";
}

void Label(std::string* out, int indent, std::string_view label) {
  out->append(static_cast<size_t>(indent) * 2, ' ');
  out->append(label.data(), label.size());
  *out += '\n';
}

void DumpSelect(const Select& s, int indent, const Statement* top, std::string* out);

void DumpExpr(const Expr& e, int indent, std::string* out) {
  std::string head;
  switch (e.kind) {
    case ExprKind::kNull: head = "Null"; break;
    case ExprKind::kBool: head = e.bool_value ? "Bool true" : "Bool false"; break;
    case ExprKind::kInt: head = "Int " + e.text; break;
    case ExprKind::kDecimal: head = "Decimal " + e.text; break;
    case ExprKind::kString: head = "String " + Quoted(e.text); break;
    case ExprKind::kIdent: head = "Ident " + e.text; break;
    case ExprKind::kVariable: head = "Variable @" + e.text; break;
    case ExprKind::kWildcard: head = "Wildcard *"; break;
    case ExprKind::kMember: head = "Member " + e.text; break;
    case ExprKind::kNegate: head = "Negate"; break;
    case ExprKind::kNot: head = "Not"; break;
    case ExprKind::kBinary: head = std::string("Binary '") + BinaryOpSymbol(e.op) + "'"; break;
    case ExprKind::kIn: head = "In"; break;
    case ExprKind::kCase: head = e.has_else ? "Case else" : "Case"; break;
    case ExprKind::kCall: head = "Call " + e.text; break;
    case ExprKind::kCast: head = "Cast " + e.text; break;
    case ExprKind::kArray: head = "Array"; break;
    case ExprKind::kObject: head = "Object"; break;
    case ExprKind::kSubquery: head = "Subquery"; break;
  }
  Line(out, indent, head, e.span);
  for (size_t i = 0; i < e.children.size(); ++i) {
    int child_indent = indent + 1;
    if (e.kind == ExprKind::kObject && i < e.keys.size()) {
      Line(out, indent + 1, "Key " + Quoted(e.keys[i]),
           i < e.key_spans.size() ? e.key_spans[i] : Span{});
      child_indent = indent + 2;
    }
    if (e.children[i] != nullptr) DumpExpr(*e.children[i], child_indent, out);
  }
  if (e.subquery != nullptr) DumpSelect(*e.subquery, indent + 1, nullptr, out);
}

std::string AliasText(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : ".") + p;
  return out;
}

// `top` is set for the statement's own SELECT: its topic is printed where FROM goes.
void DumpSelect(const Select& s, int indent, const Statement* top, std::string* out) {
  Line(out, indent, s.value ? "Select VALUE" : "Select", s.span);
  for (const SelectItem& item : s.items) {
    Line(out, indent + 1, "Item", item.span);
    if (!item.alias.empty()) Line(out, indent + 2, "Alias " + AliasText(item.alias), item.alias_span);
    if (item.expr != nullptr) DumpExpr(*item.expr, indent + 2, out);
  }
  if (top != nullptr && top->has_from) {
    Line(out, indent + 1, "Topic " + Quoted(top->topic_filter), top->topic_span);
  }
  if (s.from != nullptr) {
    Label(out, indent + 1, "From");
    DumpExpr(*s.from, indent + 2, out);
  }
  if (s.where != nullptr) {
    Label(out, indent + 1, "Where");
    DumpExpr(*s.where, indent + 2, out);
  }
}

}  // namespace

std::string Dump(const Statement& s) {
  std::string out = "Statement\n";
  if (!s.set.empty()) {
    Label(&out, 1, "Set");
    for (const Assignment& a : s.set) {
      Line(&out, 2, "Assign @" + a.variable, a.span);
      if (a.value != nullptr) DumpExpr(*a.value, 3, &out);
    }
  }
  DumpSelect(s.select, 1, &s, &out);
  return out;
}

std::string Dump(const Expr& e) {
  std::string out;
  DumpExpr(e, 0, &out);
  return out;
}

}  // namespace iotsql::ast
