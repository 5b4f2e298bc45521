// SQL text -> AST. ANTLR and its exceptions stay inside this module.
#ifndef IOTSQL_PARSE_PARSER_H_
#define IOTSQL_PARSE_PARSER_H_

#include <memory>
#include <string_view>
#include <vector>

#include "ast/ast.h"
#include "common/diagnostic.h"

namespace iotsql {

// How deep the text may nest (Limits::max_nesting, Limits::max_expression_depth): the
// generated parser and every later stage recurse along the nesting.
struct ParseLimits {
  int max_nesting = 256;   // (, [, { and CASE levels, checked on the tokens before parsing
  int max_depth = 1000;    // depth of the syntax tree
};

// Parses a whole rule statement. On syntax errors returns nullptr and appends at least one
// error to `diagnostics` (with a span and, where AWS has another way to write it, a hint).
std::unique_ptr<ast::Statement> ParseStatement(std::string_view sql,
                                               std::vector<Diagnostic>* diagnostics,
                                               const ParseLimits& limits = {});

// Parses one expression (the inside of a `${...}` substitution template). Spans are relative
// to `text`.
std::unique_ptr<ast::Expr> ParseExpression(std::string_view text,
                                           std::vector<Diagnostic>* diagnostics,
                                           const ParseLimits& limits = {});

}  // namespace iotsql

#endif  // IOTSQL_PARSE_PARSER_H_
