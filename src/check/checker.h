// Semantic checks on the AST: functions (known, arity, constant mode arguments), features
// against the rule's SQL version, the topic filter, `*` placement, aliases and variables.
#ifndef IOTSQL_CHECK_CHECKER_H_
#define IOTSQL_CHECK_CHECKER_H_

#include <string>
#include <vector>

#include "ast/ast.h"
#include "common/diagnostic.h"
#include "iotsql/iotsql.h"

namespace iotsql {

struct CheckOptions {
  SqlVersion version = SqlVersion::k2015_10_08;
  // Error actions may not call external functions (spec §19).
  bool allow_external = true;
  // The compile-time ones (SQL size, nesting, tree depth) apply while compiling.
  Limits limits;
};

// Appends errors and warnings to `diagnostics`.
void CheckStatement(const ast::Statement& s, const CheckOptions& options,
                    std::vector<Diagnostic>* diagnostics);

// A substitution-template expression, checked in the scope of the rule's statement (its SET
// variables are visible).
void CheckTemplateExpr(const ast::Expr& e, const ast::Statement* rule, const CheckOptions& options,
                       std::vector<Diagnostic>* diagnostics);

// The output member name of an un-aliased SELECT item: a member path's last name (`a.b` ->
// "b"); empty when the item needs an alias.
std::string ImplicitItemName(const ast::Expr& e);

// decode(v, 'proto', ...): protobuf decoding, external unlike the base64 form.
bool IsProtobufDecode(const ast::Expr& call);

// "did you mean" candidate among the known function names, or "".
std::string SuggestFunction(const std::string& name);

}  // namespace iotsql

#endif  // IOTSQL_CHECK_CHECKER_H_
