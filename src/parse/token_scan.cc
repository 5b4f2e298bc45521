#include "parse/token_scan.h"

#include <string>

#include "IotSqlLexer.h"
#include "parse/syntax_error.h"

namespace iotsql::parse {

namespace {

using L = grammar::IotSqlLexer;

void Error(std::vector<Diagnostic>* out, Span span, std::string message, std::string hint) {
  Diagnostic d;
  d.span = span;
  d.message = std::move(message);
  d.check = "syntax";
  d.hint = std::move(hint);
  out->push_back(std::move(d));
}

size_t Closer(size_t opener) {
  return opener == L::LPAREN ? L::RPAREN : opener == L::LBRACK ? L::RBRACK : L::RBRACE;
}

const char* BracketWord(size_t type) {
  switch (type) {
    case L::LPAREN: case L::RPAREN: return "parenthesis";
    case L::LBRACK: case L::RBRACK: return "bracket";
    default: return "brace";
  }
}

const char* Glyph(size_t type) {
  switch (type) {
    case L::LPAREN: return "(";
    case L::RPAREN: return ")";
    case L::LBRACK: return "[";
    case L::RBRACK: return "]";
    case L::LBRACE: return "{";
    default: return "}";
  }
}

void Unclosed(std::vector<Diagnostic>* out, const SourceText& source, const antlr4::Token* open) {
  size_t type = open->getType();
  Error(out, TokenSpan(source, open), std::string("unbalanced ") + BracketWord(type),
        std::string("this '") + Glyph(type) + "' is never closed; add the matching '" +
            Glyph(Closer(type)) + "'");
}

}  // namespace

bool ScanTokens(const std::vector<antlr4::Token*>& tokens, const SourceText& source,
                std::vector<Diagnostic>* diagnostics, int max_nesting) {
  bool ok = true;
  std::vector<const antlr4::Token*> open;   // unclosed brackets
  int case_depth = 0;
  bool too_deep = false;
  size_t previous = antlr4::Token::INVALID_TYPE;
  for (const antlr4::Token* t : tokens) {
    size_t type = t->getType();
    switch (type) {
      case L::LINE_COMMENT:
      case L::BLOCK_COMMENT:
        Error(diagnostics, TokenSpan(source, t), "comments are not supported",
              "AWS IoT SQL has no comment syntax; remove the comment (to subtract a negative "
              "number, write a - -1 with a space)");
        continue;   // hidden: does not count as the previous token
      case L::UNTERMINATED_STRING: {
        Span span = TokenSpan(source, t);
        span.end = span.begin + 1;
        const std::string q(1, source.text()[span.begin]);
        Error(diagnostics, span, "unterminated string literal",
              "add the closing " + q + " (a " + q + " inside the string is written \\" + q +
                  " or " + q + q + ")");
        return false;
      }
      case L::LPAREN:
      case L::LBRACK:
      case L::LBRACE:
        open.push_back(t);
        break;
      case L::RPAREN:
      case L::RBRACK:
      case L::RBRACE: {
        bool matches = !open.empty() && Closer(open.back()->getType()) == type;
        if (matches) {
          open.pop_back();
          break;
        }
        // A closer of another kind: blame the unclosed opener if one of ours is further out,
        // otherwise this closer is the stray one.
        for (const antlr4::Token* o : open) {
          if (Closer(o->getType()) == type) {
            Unclosed(diagnostics, source, open.back());
            return false;
          }
        }
        Error(diagnostics, TokenSpan(source, t), std::string("unbalanced ") + BracketWord(type),
              std::string("this '") + Glyph(type) + "' has no matching '" +
                  Glyph(type == L::RPAREN ? L::LPAREN : type == L::RBRACK ? L::LBRACK : L::LBRACE) +
                  "'; remove it or add one");
        return false;
      }
      case L::K_CASE:
        if (previous != L::DOT) ++case_depth;   // a.case is a member name
        break;
      case L::K_END:
        if (previous != L::DOT && case_depth > 0) --case_depth;
        break;
      default:
        break;
    }
    previous = type;
    if (!too_deep && static_cast<int>(open.size()) + case_depth > max_nesting) {
      too_deep = true;
      ok = false;
      Error(diagnostics, TokenSpan(source, t), "expression nested too deeply",
            "at most " + std::to_string(max_nesting) +
                " levels of brackets and CASE are allowed; simplify the expression");
    }
  }
  if (!open.empty() && ok) {
    Unclosed(diagnostics, source, open.back());
    return false;
  }
  return ok;
}

}  // namespace iotsql::parse
