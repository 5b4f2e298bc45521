#include "parse/template_parser.h"

#include "parse/parser.h"

namespace iotsql {

namespace {

// Index of the '}' that closes the expression starting at `i`, skipping braces inside string
// literals and object literals; npos when there is none.
size_t FindClosingBrace(std::string_view text, size_t i) {
  int depth = 0;
  char quote = 0;
  for (; i < text.size(); ++i) {
    char ch = text[i];
    if (quote != 0) {
      if (ch == '\\') {
        ++i;
      } else if (ch == quote) {
        quote = 0;
      }
      continue;
    }
    if (ch == '\'' || ch == '"') {
      quote = ch;
    } else if (ch == '{') {
      ++depth;
    } else if (ch == '}') {
      if (depth == 0) return i;
      --depth;
    }
  }
  return std::string_view::npos;
}

}  // namespace

bool ParseTemplate(std::string_view text, std::vector<TemplatePart>* parts,
                   std::vector<Diagnostic>* diagnostics) {
  bool ok = true;
  std::string literal;
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '$' && i + 1 < text.size() && text[i + 1] == '$') {
      literal += '$';
      i += 2;
      continue;
    }
    if (text[i] == '@' && i + 1 < text.size() && text[i + 1] == '{') {
      diagnostics->push_back({Severity::kError,
                              {static_cast<uint32_t>(i), static_cast<uint32_t>(i + 2)},
                              "@{...} templates exist only in the InfluxDB action",
                              "template", "use ${...}"});
      ok = false;
    }
    if (text[i] != '$' || i + 1 >= text.size() || text[i + 1] != '{') {
      literal += text[i++];
      continue;
    }
    size_t open = i;
    size_t close = FindClosingBrace(text, i + 2);
    if (close == std::string_view::npos) {
      diagnostics->push_back({Severity::kError,
                              {static_cast<uint32_t>(open), static_cast<uint32_t>(text.size())},
                              "unterminated ${ in substitution template", "template",
                              "close the expression with }"});
      return false;
    }
    if (!literal.empty()) {
      parts->push_back({std::move(literal), nullptr, 0});
      literal.clear();
    }
    std::string_view inner = text.substr(open + 2, close - open - 2);
    std::vector<Diagnostic> inner_diagnostics;
    std::unique_ptr<ast::Expr> expr = ParseExpression(inner, &inner_diagnostics);
    for (Diagnostic& d : inner_diagnostics) {
      d.span.begin += static_cast<uint32_t>(open + 2);
      d.span.end += static_cast<uint32_t>(open + 2);
      diagnostics->push_back(std::move(d));
    }
    if (!expr) {
      ok = false;
    } else {
      parts->push_back({"", std::move(expr), static_cast<uint32_t>(open + 2)});
    }
    i = close + 1;
  }
  if (!literal.empty()) parts->push_back({std::move(literal), nullptr, 0});
  return ok;
}

}  // namespace iotsql
