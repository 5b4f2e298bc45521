// Checks over the whole token stream, made before parsing: comments, unterminated strings,
// unbalanced brackets and nesting depth. The last three stop the parse: ANTLR's messages for them
// point far from the cause, and deep nesting would recurse deeply in the generated parser.
#ifndef IOTSQL_PARSE_TOKEN_SCAN_H_
#define IOTSQL_PARSE_TOKEN_SCAN_H_

#include <vector>

#include "Token.h"
#include "common/diagnostic.h"
#include "parse/source_text.h"

namespace iotsql::parse {

// Nesting of (, [, { and CASE ... END (the default of Limits::max_nesting). Each level costs
// about a dozen parser frames.
inline constexpr int kMaxNesting = 256;

// Appends errors; returns false when parsing must not start.
bool ScanTokens(const std::vector<antlr4::Token*>& tokens, const SourceText& source,
                std::vector<Diagnostic>* diagnostics, int max_nesting = kMaxNesting);

}  // namespace iotsql::parse

#endif  // IOTSQL_PARSE_TOKEN_SCAN_H_
