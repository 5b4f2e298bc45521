// Turns ANTLR's first syntax error into one diagnostic in our words ("unexpected 'FROM' after
// ',', expected an expression") and stops the parse there. Later errors would be cascades, and
// not recovering bounds the work on hostile input. The partial parse tree stays reachable
// through root() so the AST builder can still report the targeted errors before this point.
#ifndef IOTSQL_PARSE_SYNTAX_ERROR_H_
#define IOTSQL_PARSE_SYNTAX_ERROR_H_

#include <string>

#include "DefaultErrorStrategy.h"
#include "common/diagnostic.h"
#include "parse/source_text.h"

namespace iotsql::parse {

class FirstErrorStrategy : public antlr4::DefaultErrorStrategy {
 public:
  explicit FirstErrorStrategy(const SourceText& source) : source_(source) {}

  // Each of these records the error and throws antlr4::ParseCancellationException.
  void reportError(antlr4::Parser* recognizer, const antlr4::RecognitionException& e) override;
  void recover(antlr4::Parser* recognizer, std::exception_ptr e) override;
  antlr4::Token* recoverInline(antlr4::Parser* recognizer) override;
  void reportUnwantedToken(antlr4::Parser* recognizer) override;
  void reportMissingToken(antlr4::Parser* recognizer) override;

  bool has_error() const { return has_error_; }
  const Diagnostic& diagnostic() const { return diagnostic_; }
  antlr4::ParserRuleContext* root() const { return root_; }

 private:
  [[noreturn]] void Fail(antlr4::Parser* recognizer, antlr4::Token* offending,
                         const antlr4::misc::IntervalSet& expected);
  std::string Describe(antlr4::Token* token) const;

  const SourceText& source_;
  bool has_error_ = false;
  Diagnostic diagnostic_;
  antlr4::ParserRuleContext* root_ = nullptr;
};

// Span of a token in bytes ([end, end) for EOF).
Span TokenSpan(const SourceText& source, const antlr4::Token* token);

}  // namespace iotsql::parse

#endif  // IOTSQL_PARSE_SYNTAX_ERROR_H_
