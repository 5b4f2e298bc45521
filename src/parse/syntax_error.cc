#include "parse/syntax_error.h"

#include <cstdio>
#include <vector>

#include "IotSqlParser.h"
#include "antlr4-runtime.h"

namespace iotsql::parse {

namespace {

using P = grammar::IotSqlParser;

bool IsExpressionStart(size_t t) {
  switch (t) {
    case P::INT: case P::DECIMAL: case P::STRING: case P::K_TRUE: case P::K_FALSE:
    case P::K_NULL: case P::VARIABLE: case P::STAR: case P::IDENT: case P::LPAREN:
    case P::LBRACK: case P::LBRACE: case P::K_CASE: case P::K_NOT: case P::MINUS:
    case P::K_SELECT:
      return true;
    default:
      return false;
  }
}

// Tokens that may follow any complete operand; listing them after every operand is noise.
bool IsContinuation(size_t t) {
  switch (t) {
    case P::EQ: case P::NE: case P::LT: case P::LE: case P::GT: case P::GE: case P::PLUS:
    case P::MINUS: case P::STAR: case P::SLASH: case P::PERCENT: case P::DOT: case P::K_IN:
    case P::K_AND: case P::K_OR: case P::K_NOT: case P::LBRACK:
      return true;
    default:
      return false;
  }
}

// Tokens only the error productions accept: never suggest them.
bool IsErrorOnly(size_t t) {
  switch (t) {
    case P::K_DISTINCT: case P::K_GROUP: case P::K_ORDER: case P::K_LIMIT: case P::K_JOIN:
    case P::K_HAVING: case P::K_UNION: case P::K_LIKE: case P::K_BETWEEN: case P::K_IS:
    case P::K_BY: case P::BANG_EQ: case P::EQ_EQ: case P::PIPE_PIPE: case P::AMP_AMP:
    case P::SEMI: case P::BACKTICK_IDENT: case P::ERROR_CHAR: case P::UNTERMINATED_STRING:
    case P::LINE_COMMENT: case P::BLOCK_COMMENT:
      return true;
    default:
      return false;
  }
}

std::string TokenTypeName(antlr4::Parser* recognizer, size_t t) {
  switch (t) {
    case antlr4::Token::EOF: return "end of input";
    case P::INT: case P::DECIMAL: return "a number";
    case P::STRING: return "a string";
    case P::IDENT: return "a name";
    case P::VARIABLE: return "a variable";
    default: break;
  }
  const antlr4::dfa::Vocabulary& vocabulary = recognizer->getVocabulary();
  std::string literal = vocabulary.getLiteralName(t);
  if (!literal.empty()) return literal;
  std::string symbolic = vocabulary.getSymbolicName(t);
  if (symbolic.rfind("K_", 0) == 0) return symbolic.substr(2);
  return symbolic;
}

// "an expression", "')'", "a name", "WHEN, ELSE or END"; empty when the list would be long.
std::string DescribeExpected(antlr4::Parser* recognizer, const antlr4::misc::IntervalSet& set) {
  if (set.isEmpty()) return "";
  // Object keys: an unquoted name is only parsed to be reported.
  if (set.size() == 2 && set.contains(static_cast<size_t>(P::STRING)) &&
      set.contains(static_cast<size_t>(P::IDENT))) {
    return "a quoted key";
  }
  const bool expression = set.contains(static_cast<size_t>(P::INT));
  const bool name = set.contains(static_cast<size_t>(P::IDENT));
  std::vector<std::string> items;
  if (expression) items.push_back("an expression");
  for (ssize_t t : set.toList()) {
    size_t type = static_cast<size_t>(t);
    if (IsErrorOnly(type) || (expression && IsExpressionStart(type))) continue;
    if (!expression && IsContinuation(type)) continue;
    std::string label = TokenTypeName(recognizer, type);
    // Where a name is expected most keywords are names too (a.value): "a name" covers them.
    if (name && recognizer->getVocabulary().getSymbolicName(type).rfind("K_", 0) == 0) continue;
    bool seen = false;
    for (const std::string& s : items) seen = seen || s == label;
    if (!seen) items.push_back(label);
  }
  if (items.empty() || items.size() > 4) return "";
  std::string out = items[0];
  for (size_t i = 1; i < items.size(); ++i) {
    out += (i + 1 == items.size()) ? " or " : ", ";
    out += items[i];
  }
  return out;
}

// At most `limit` bytes, cut at a UTF-8 boundary.
std::string Shorten(std::string_view s, size_t limit) {
  if (s.size() <= limit) return std::string(s);
  size_t n = limit;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return std::string(s.substr(0, n)) + "...";
}

// Keywords that are plausible payload member names. Only `a.value` style access takes them bare.
bool MemberLikeKeyword(size_t t) {
  switch (t) {
    case P::K_VALUE: case P::K_AS: case P::K_AND: case P::K_OR: case P::K_IN: case P::K_WHEN:
    case P::K_THEN: case P::K_ELSE: case P::K_END:
      return true;
    default:
      return false;
  }
}

// Tokens after which an operand comes.
bool ExpectsOperand(size_t t) {
  switch (t) {
    case P::K_SELECT: case P::K_WHERE: case P::COMMA: case P::LPAREN: case P::LBRACK:
    case P::COLON: case P::EQ: case P::NE: case P::LT: case P::LE: case P::GT: case P::GE:
    case P::PLUS: case P::MINUS: case P::STAR: case P::SLASH: case P::PERCENT: case P::K_AND:
    case P::K_OR: case P::K_NOT: case P::K_IN: case P::K_CASE: case P::K_WHEN: case P::K_THEN:
    case P::K_ELSE:
      return true;
    default:
      return false;
  }
}

bool Invisible(char32_t c) {
  return c < 0x20 || (c >= 0x7F && c <= 0xA0) || c == 0xAD || (c >= 0x2000 && c <= 0x200F) ||
         (c >= 0x2028 && c <= 0x202F) || c == 0xFEFF;
}

}  // namespace

Span TokenSpan(const SourceText& source, const antlr4::Token* token) {
  if (token == nullptr || token->getType() == antlr4::Token::EOF) {
    uint32_t end = static_cast<uint32_t>(source.text().size());
    return {end, end};
  }
  uint32_t begin = source.ByteOffset(token->getStartIndex());
  uint32_t end = source.ByteOffset(token->getStopIndex() + 1);
  return {begin, end < begin ? begin : end};
}

std::string FirstErrorStrategy::Describe(antlr4::Token* token) const {
  Span span = TokenSpan(source_, token);
  std::string_view text = source_.text().substr(span.begin, span.end - span.begin);
  switch (token->getType()) {
    case P::ERROR_CHAR: {
      char32_t c = source_.code_points()[token->getStartIndex()];
      if (Invisible(c)) {
        char buf[16];
        std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(c));
        return std::string("character ") + buf;
      }
      return "character '" + std::string(text) + "'";
    }
    case P::STRING:
      return "string " + Shorten(text, 24);
    default:
      return "'" + Shorten(text, 24) + "'";
  }
}

void FirstErrorStrategy::Fail(antlr4::Parser* recognizer, antlr4::Token* offending,
                              const antlr4::misc::IntervalSet& expected) {
  if (!has_error_) {
    has_error_ = true;
    antlr4::ParserRuleContext* ctx = recognizer->getContext();
    // Nothing parsed yet: the statement must begin with a clause, and SELECT is the one to name.
    bool at_start = dynamic_cast<P::StatementContext*>(ctx) != nullptr && ctx->children.empty();
    std::string message;
    antlr4::Token* keyword = nullptr;   // a keyword probably meant as a member name
    if (offending->getType() == antlr4::Token::EOF) {
      message = "unexpected end of input";
    } else {
      message = "unexpected " + Describe(offending);
      antlr4::TokenStream* tokens = recognizer->getTokenStream();
      std::vector<antlr4::Token*> before;   // the two previous tokens, nearest first
      for (size_t i = offending->getTokenIndex(); i-- > 0 && before.size() < 2;) {
        antlr4::Token* prev = tokens->get(i);
        if (prev->getChannel() == antlr4::Token::DEFAULT_CHANNEL) before.push_back(prev);
      }
      if (!before.empty()) message += " after " + Describe(before[0]);
      if (MemberLikeKeyword(offending->getType()) && !before.empty() &&
          ExpectsOperand(before[0]->getType())) {
        keyword = offending;
      } else if (before.size() == 2 && before[0]->getType() == P::K_VALUE &&
                 before[1]->getType() == P::K_SELECT) {
        keyword = before[0];   // SELECT value FROM ...
      }
    }
    std::string wanted = at_start ? "SELECT" : DescribeExpected(recognizer, expected);
    if (!wanted.empty()) message += ", expected " + wanted;
    diagnostic_.span = TokenSpan(source_, offending);
    diagnostic_.message = std::move(message);
    diagnostic_.check = "syntax";
    if (keyword != nullptr) {
      Span span = TokenSpan(source_, keyword);
      std::string word(source_.text().substr(span.begin, span.end - span.begin));
      diagnostic_.hint = "'" + word + "' is a keyword; read a member with that name as get(*, '" +
                         word + "')";
    }
    while (ctx != nullptr && ctx->parent != nullptr) {
      ctx = static_cast<antlr4::ParserRuleContext*>(ctx->parent);
    }
    root_ = ctx;
  }
  throw antlr4::ParseCancellationException();
}

void FirstErrorStrategy::reportError(antlr4::Parser* recognizer,
                                     const antlr4::RecognitionException& e) {
  antlr4::Token* offending = e.getOffendingToken();
  if (offending == nullptr) offending = recognizer->getCurrentToken();
  // A failed prediction knows what was expected only where the decision started.
  if (auto* nva = dynamic_cast<const antlr4::NoViableAltException*>(&e)) {
    if (nva->getStartToken() != offending) Fail(recognizer, offending, {});
  }
  Fail(recognizer, offending, e.getExpectedTokens());
}

void FirstErrorStrategy::recover(antlr4::Parser* recognizer, std::exception_ptr) {
  Fail(recognizer, recognizer->getCurrentToken(), {});
}

antlr4::Token* FirstErrorStrategy::recoverInline(antlr4::Parser* recognizer) {
  Fail(recognizer, recognizer->getCurrentToken(), getExpectedTokens(recognizer));
}

void FirstErrorStrategy::reportUnwantedToken(antlr4::Parser* recognizer) {
  Fail(recognizer, recognizer->getCurrentToken(), getExpectedTokens(recognizer));
}

void FirstErrorStrategy::reportMissingToken(antlr4::Parser* recognizer) {
  Fail(recognizer, recognizer->getCurrentToken(), getExpectedTokens(recognizer));
}

}  // namespace iotsql::parse
