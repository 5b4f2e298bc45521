// String literal contents. The escapes are our reading of an undocumented point (open question
// 19): JSON's backslash escapes plus a doubled quote of the delimiting kind. An unknown escape
// such as \d is kept as written, so regular expressions like '\d+' mean what their authors expect.
#ifndef IOTSQL_PARSE_STRING_LITERAL_H_
#define IOTSQL_PARSE_STRING_LITERAL_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace iotsql::parse {

struct EscapeError {
  size_t offset = 0;   // into the literal, quotes included
  size_t length = 0;
};

// `literal` is the whole token, quotes included. Returns false on a malformed \u escape.
bool UnescapeStringLiteral(std::string_view literal, std::string* out, EscapeError* error);

}  // namespace iotsql::parse

#endif  // IOTSQL_PARSE_STRING_LITERAL_H_
