#include "parse/parser.h"

#include <algorithm>
#include <exception>

#include "IotSqlLexer.h"
#include "IotSqlParser.h"
#include "antlr4-runtime.h"
#include "parse/ast_builder.h"
#include "parse/source_text.h"
#include "parse/syntax_error.h"
#include "parse/token_scan.h"

namespace iotsql {

namespace {

using parse::AstBuilder;
using parse::SourceText;
using P = grammar::IotSqlParser;

// Hostile input can yield an error per token; past this many nobody reads them.
constexpr size_t kMaxDiagnostics = 20;

enum class Entry { kStatement, kExpression };

struct Result {
  std::unique_ptr<ast::Statement> statement;
  std::unique_ptr<ast::Expr> expression;
};

Diagnostic SyntaxError(Span span, std::string message, std::string hint = {}) {
  Diagnostic d;
  d.span = span;
  d.message = std::move(message);
  d.check = "syntax";
  d.hint = std::move(hint);
  return d;
}

bool IsBlank(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f';
  });
}

antlr4::ParserRuleContext* RunEntry(P& parser, Entry entry) {
  if (entry == Entry::kStatement) return parser.statement();
  return parser.expressionOnly();
}

void Build(AstBuilder& builder, antlr4::ParserRuleContext* root, Entry entry, Result* result) {
  if (entry == Entry::kStatement) {
    result->statement = builder.BuildStatement(dynamic_cast<P::StatementContext*>(root));
  } else {
    result->expression = builder.BuildExpression(dynamic_cast<P::ExpressionOnlyContext*>(root));
  }
}

// Everything that can throw: ANTLR, and allocation.
void Parse(std::string_view text, Entry entry, const ParseLimits& limits,
           std::vector<Diagnostic>* diagnostics, Result* result) {
  const char* what = entry == Entry::kStatement ? "SQL statement" : "expression";
  SourceText source(text);
  if (source.invalid_utf8_at() != std::string_view::npos) {
    uint32_t at = static_cast<uint32_t>(source.invalid_utf8_at());
    diagnostics->push_back(SyntaxError({at, at + 1}, std::string("the ") + what +
                                                         " is not valid UTF-8"));
    return;
  }
  if (IsBlank(text)) {
    diagnostics->push_back(
        SyntaxError({0, static_cast<uint32_t>(text.size())}, std::string("empty ") + what));
    return;
  }

  parse::CodePointStream input(source.code_points());
  grammar::IotSqlLexer lexer(&input);
  lexer.removeErrorListeners();   // cannot fail (ERROR_CHAR), and must never print
  antlr4::CommonTokenStream tokens(&lexer);
  tokens.fill();
  if (!parse::ScanTokens(tokens.getTokens(), source, diagnostics, limits.max_nesting)) return;

  P parser(&tokens);
  parser.removeErrorListeners();
  auto* simulator = parser.getInterpreter<antlr4::atn::ParserATNSimulator>();

  // Stage 1: SLL prediction, bail at the first error. Almost every valid input finishes here.
  parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
  simulator->setPredictionMode(antlr4::atn::PredictionMode::SLL);
  antlr4::ParserRuleContext* root = nullptr;
  try {
    root = RunEntry(parser, entry);
  } catch (const antlr4::ParseCancellationException&) {
    root = nullptr;
  }

  // Stage 2: full LL, which is exact; its first error is the one reported.
  bool partial = false;
  uint32_t error_at = 0;
  if (root == nullptr) {
    auto strategy = std::make_shared<parse::FirstErrorStrategy>(source);
    parser.reset();
    parser.setErrorHandler(strategy);
    simulator->setPredictionMode(antlr4::atn::PredictionMode::LL);
    try {
      root = RunEntry(parser, entry);
    } catch (const antlr4::ParseCancellationException&) {
      if (!strategy->has_error()) throw;
      root = strategy->root();
      partial = true;
      error_at = strategy->diagnostic().span.begin;
      diagnostics->push_back(strategy->diagnostic());
    }
  }

  std::vector<Diagnostic> built;
  AstBuilder builder(source, partial, &built, limits.max_depth);
  Build(builder, root, entry, result);
  // In a partial tree only what comes before the syntax error is trustworthy.
  for (Diagnostic& d : built) {
    if (!partial || d.span.begin < error_at) {
      diagnostics->push_back(std::move(d));
    }
  }
}

// Runs Parse with no exception escaping, then orders and caps what it reported.
Result ParseGuarded(std::string_view text, Entry entry, const ParseLimits& limits,
                    std::vector<Diagnostic>* out) {
  Result result;
  std::vector<Diagnostic> diagnostics;
  try {
    Parse(text, entry, limits, &diagnostics, &result);
  } catch (const std::exception& e) {
    diagnostics.push_back(SyntaxError({0, 0}, std::string("internal parser error: ") + e.what()));
  } catch (...) {
    diagnostics.push_back(SyntaxError({0, 0}, "internal parser error"));
  }
  std::stable_sort(diagnostics.begin(), diagnostics.end(),
                   [](const Diagnostic& a, const Diagnostic& b) {
                     return a.span.begin < b.span.begin;
                   });
  if (diagnostics.size() > kMaxDiagnostics) {
    Span next = diagnostics[kMaxDiagnostics].span;
    diagnostics.resize(kMaxDiagnostics);
    Diagnostic note;
    note.severity = Severity::kNote;
    note.span = next;
    note.message = "further errors are not shown";
    note.check = "syntax";
    diagnostics.push_back(std::move(note));
  }
  if (HasErrors(diagnostics)) result = Result{};
  if (out != nullptr) out->insert(out->end(), diagnostics.begin(), diagnostics.end());
  return result;
}

}  // namespace

std::unique_ptr<ast::Statement> ParseStatement(std::string_view sql,
                                               std::vector<Diagnostic>* diagnostics,
                                               const ParseLimits& limits) {
  return ParseGuarded(sql, Entry::kStatement, limits, diagnostics).statement;
}

std::unique_ptr<ast::Expr> ParseExpression(std::string_view text,
                                           std::vector<Diagnostic>* diagnostics,
                                           const ParseLimits& limits) {
  return ParseGuarded(text, Entry::kExpression, limits, diagnostics).expression;
}

}  // namespace iotsql
