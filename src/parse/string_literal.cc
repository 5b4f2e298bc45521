#include "parse/string_literal.h"

#include "common/utf8.h"

#include <algorithm>

namespace iotsql::parse {

namespace {

bool Hex4(std::string_view s, size_t i, unsigned* v) {
  if (i + 4 > s.size()) return false;
  *v = 0;
  for (size_t k = i; k < i + 4; ++k) {
    char c = s[k];
    unsigned d;
    if (c >= '0' && c <= '9') d = c - '0';
    else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
    else return false;
    *v = *v * 16 + d;
  }
  return true;
}


}  // namespace

bool UnescapeStringLiteral(std::string_view literal, std::string* out, EscapeError* error) {
  out->clear();
  if (literal.size() < 2) return true;
  const char quote = literal[0];
  const size_t end = literal.size() - 1;   // the closing quote
  out->reserve(end - 1);
  for (size_t i = 1; i < end; ++i) {
    char c = literal[i];
    if (c == quote && i + 1 < end && literal[i + 1] == quote) {   // doubled quote
      out->push_back(quote);
      ++i;
      continue;
    }
    if (c != '\\' || i + 1 >= end) {
      out->push_back(c);
      continue;
    }
    char e = literal[i + 1];
    switch (e) {
      case '\'': case '"': case '\\': case '/': out->push_back(e); break;
      case 'n': out->push_back('\n'); break;
      case 't': out->push_back('\t'); break;
      case 'r': out->push_back('\r'); break;
      case 'b': out->push_back('\b'); break;
      case 'f': out->push_back('\f'); break;
      case 'u': {
        unsigned cp;
        size_t len = 6;
        bool ok = Hex4(literal.substr(0, end), i + 2, &cp);
        if (ok && cp >= 0xD800 && cp <= 0xDBFF) {   // a surrogate pair spells one code point
          unsigned low;
          ok = i + 7 < end && literal[i + 6] == '\\' && literal[i + 7] == 'u' &&
               Hex4(literal.substr(0, end), i + 8, &low) && low >= 0xDC00 && low <= 0xDFFF;
          if (ok) cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00), len = 12;
        } else if (ok && cp >= 0xDC00 && cp <= 0xDFFF) {
          ok = false;
        }
        if (!ok) {
          error->offset = i;
          error->length = std::min<size_t>(6, end - i);
          return false;
        }
        AppendUtf8(cp, out);
        i += len - 2;
        break;
      }
      default:   // unknown escape: keep both characters
        out->push_back('\\');
        out->push_back(e);
        break;
    }
    ++i;
  }
  return true;
}

}  // namespace iotsql::parse
