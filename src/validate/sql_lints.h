// Warnings for statements that compile but are almost certainly wrong. Each follows from the
// operator tables of spec §10 (a result that can only be Undefined, or only false), not from
// guesses about the payload, except where-alias/template-alias, which flag names that are SELECT
// aliases: WHERE and templates read the incoming message, never the SELECT output (§5, §17).
#ifndef IOTSQL_VALIDATE_SQL_LINTS_H_
#define IOTSQL_VALIDATE_SQL_LINTS_H_

#include <string_view>
#include <vector>

#include "ast/ast.h"
#include "common/diagnostic.h"
#include "iotsql/iotsql.h"

namespace iotsql::validate {

// Spans of the appended warnings are in the SQL text. Checks:
//   always-undefined       an operator whose operand types make it Undefined for every message
//                          ('abc' > 1, x > true, a AND 1, x IN 'abc', x - 'a')
//   string-number-compare  = or <> between a String literal and a number (always false / true)
//   binary-select-star     SELECT * next to other items while encode(*, ...) expects binary
//   constant-where         a WHERE clause that does not read the message (always passes or
//                          never does; evaluated to say which)
//   where-alias            WHERE reads a name that is only a SELECT alias
// `checked`: the statement passed the compiler's checks (constant-where evaluates the clause,
// which needs that).
void LintStatement(const ast::Statement& statement, std::string_view sql, SqlVersion version,
                   bool checked, std::vector<Diagnostic>* out);

// A template expression (spans relative to the expression's template text, shifted by
// `offset`): template-alias, and the operator checks above.
void LintTemplateExpr(const ast::Expr& expr, uint32_t offset, const ast::Statement* rule,
                      std::vector<Diagnostic>* out);

// A cheap pre-check on a template's text: false when LintTemplateExpr cannot find anything (no
// operator inside ${...} and no SELECT alias named), so the template need not be parsed again.
bool TemplateMayNeedLint(std::string_view text, const ast::Statement* rule);

}  // namespace iotsql::validate

#endif  // IOTSQL_VALIDATE_SQL_LINTS_H_
