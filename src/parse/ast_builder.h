// ANTLR parse tree -> AST. Also the second half of every targeted syntax error: the grammar
// parses what AWS does not accept (error productions) and this builder reports it with the
// AWS way to write it. It tolerates partial trees (a parse stopped at its first error): absent
// pieces are skipped, and checks that complain about something missing are turned off.
#ifndef IOTSQL_PARSE_AST_BUILDER_H_
#define IOTSQL_PARSE_AST_BUILDER_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "IotSqlParser.h"
#include "ast/ast.h"
#include "common/diagnostic.h"
#include "parse/source_text.h"

namespace iotsql::parse {

// A node and the depth of its subtree.
struct BuiltExpr {
  std::unique_ptr<ast::Expr> expr;
  int depth = 0;
};

// Depth of the built tree (the default of Limits::max_expression_depth). Chains like
// a + b + c + ... are parsed by loops, so only this bounds the recursion of later stages (and of
// unique_ptr destructors).
inline constexpr int kMaxExprDepth = 1000;

class AstBuilder {
 public:
  AstBuilder(const SourceText& source, bool partial, std::vector<Diagnostic>* diagnostics,
             int max_depth = kMaxExprDepth)
      : source_(source), partial_(partial), diagnostics_(diagnostics), max_depth_(max_depth) {}

  std::unique_ptr<ast::Statement> BuildStatement(grammar::IotSqlParser::StatementContext* ctx);
  std::unique_ptr<ast::Expr> BuildExpression(grammar::IotSqlParser::ExpressionOnlyContext* ctx);

 private:
  using P = grammar::IotSqlParser;
  using Built = BuiltExpr;

  void BuildSet(P::SetClauseContext* ctx, ast::Statement* statement);
  void BuildFrom(P::FromClauseContext* ctx, ast::Statement* statement);
  void BuildUnsupported(P::UnsupportedClauseContext* ctx);
  int BuildSelectList(P::SelectListContext* ctx, ast::Select* select);
  template <typename QueryCtx>   // SubqueryContext or BareSubqueryContext
  Built BuildSubquery(QueryCtx* ctx, Span span);

  Built Expr(P::ExprContext* ctx);
  Built Or(P::OrExprContext* ctx);
  Built And(P::AndExprContext* ctx);
  Built Not(P::NotExprContext* ctx);
  Built Comparison(P::ComparisonContext* ctx);
  Built Tail(P::ComparisonTailContext* ctx, Built left, Span left_span);
  Built Additive(P::AdditiveContext* ctx);
  Built Multiplicative(P::MultiplicativeContext* ctx);
  Built Unary(P::UnaryContext* ctx);
  Built Postfix(P::PostfixContext* ctx);
  Built Primary(P::PrimaryContext* ctx);
  Built Call(P::CallContext* ctx);
  Built Case(P::CaseExprContext* ctx);
  Built Object(P::ObjectLiteralContext* ctx);
  std::string Unescape(Span literal);

  template <typename Operand, typename Ctx, typename BuildOperand>
  Built Chain(Ctx* ctx, BuildOperand build);
  Built Binary(antlr4::Token* op, Built left, Built right, Span span);
  Built Make(ast::ExprKind kind, Span span, std::vector<Built> children, std::string text = {});
  P::ParenthesizedContext* AsParenList(P::AdditiveContext* ctx);
  bool TooDeep(int depth, Span span);
  void CheckOperand(const Built& operand);

  Span SpanOf(antlr4::ParserRuleContext* ctx) const;
  Span SpanOf(antlr4::Token* token) const;
  Span SpanOf(antlr4::tree::TerminalNode* node) const;
  std::string_view TextOf(Span span) const;
  std::string Snippet(Span span, std::string_view fallback) const;
  void Error(Span span, std::string message, std::string hint = {});

  const SourceText& source_;
  const bool partial_;
  std::vector<Diagnostic>* diagnostics_;
  int max_depth_;
  bool too_deep_ = false;
};

}  // namespace iotsql::parse

#endif  // IOTSQL_PARSE_AST_BUILDER_H_
