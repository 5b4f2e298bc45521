// The abstract syntax tree of an AWS IoT SQL statement. Every node carries the span of SQL text
// it came from, so later stages can point at it. Built by src/parse, read by src/check and
// src/bytecode. Compile-time only: ordinary heap ownership.
#ifndef IOTSQL_AST_AST_H_
#define IOTSQL_AST_AST_H_

#include <memory>
#include <string>
#include <vector>

#include "common/diagnostic.h"

namespace iotsql::ast {

enum class ExprKind {
  kNull,         // null
  kBool,         // true / false                         (bool_value)
  kInt,          // 15                                    (text: digits as written)
  kDecimal,      // 1.5, 5E-12                            (text: as written)
  kString,       // 'abc' or "abc"                        (text: unescaped contents)
  kIdent,        // color       (a member of the current document)   (text: name)
  kVariable,     // @name                                 (text: name without '@')
  kWildcard,     // *           (the whole current document)
  kMember,       // base.name                             (children[0]: base; text: name)
  kNegate,       // -x                                    (children[0])
  kNot,          // NOT x                                 (children[0])
  kBinary,       // x op y                                (op; children[0], children[1])
  kIn,           // x IN y                                (children[0], children[1])
  kCase,         // CASE v WHEN t THEN r ... [ELSE e] END (children: v, t1, r1, t2, r2, ..., [e]; has_else)
  kCall,         // name(args)                            (text: name as written; children: args)
  kCast,         // cast(x AS type)                       (children[0]; text: type name as written)
  kArray,        // [a, b]                                (children: items)
  kObject,       // {'k': v, ...}                         (keys, key_spans; children: values)
  kSubquery,     // (SELECT ... FROM x [WHERE c])         (subquery)
};

enum class BinaryOp { kAnd, kOr, kEq, kNe, kLt, kLe, kGt, kGe, kAdd, kSub, kMul, kDiv, kMod };
const char* BinaryOpSymbol(BinaryOp op);

struct Select;

struct Expr {
  ExprKind kind = ExprKind::kNull;
  Span span;
  std::string text;
  bool bool_value = false;
  BinaryOp op = BinaryOp::kAnd;
  bool has_else = false;
  std::vector<std::unique_ptr<Expr>> children;
  std::vector<std::string> keys;
  std::vector<Span> key_spans;
  std::unique_ptr<Select> subquery;
};

struct SelectItem {
  Span span;                        // the whole item
  std::unique_ptr<Expr> expr;       // a bare `*` is an Expr of kind kWildcard
  std::vector<std::string> alias;   // dotted alias split into parts; empty when no AS
  Span alias_span;
};

struct Select {
  Span span;
  bool value = false;               // SELECT VALUE expr (then items has exactly one element)
  std::vector<SelectItem> items;
  // Nested query only: FROM <expr> (may be a kWildcard for `FROM *`).
  std::unique_ptr<Expr> from;
  std::unique_ptr<Expr> where;      // null when absent
};

struct Assignment {
  Span span;
  std::string variable;             // without '@'
  Span variable_span;
  std::unique_ptr<Expr> value;
};

struct Statement {
  std::vector<Assignment> set;      // SET @a = ..., @b = ...
  Select select;                    // top level: select.from is null
  bool has_from = false;
  std::string topic_filter;         // FROM 'filter' contents, unescaped
  Span topic_span;                  // the quoted literal
  // select.where holds the WHERE clause of the statement.
};

// A stable, indented text dump for golden tests and `iotsql explain --ast`.
std::string Dump(const Statement& s);
std::string Dump(const Expr& e);

}  // namespace iotsql::ast

#endif  // IOTSQL_AST_AST_H_
