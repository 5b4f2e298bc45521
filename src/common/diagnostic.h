// Compiler diagnostics: what is wrong, where (line, column, span), and why, printed with the
// source line and a caret as compilers do.
#ifndef IOTSQL_COMMON_DIAGNOSTIC_H_
#define IOTSQL_COMMON_DIAGNOSTIC_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace iotsql {

// A half-open byte range [begin, end) of the SQL text.
struct Span {
  uint32_t begin = 0;
  uint32_t end = 0;
};

enum class Severity { kError, kWarning, kNote };

struct Diagnostic {
  Severity severity = Severity::kError;
  Span span;
  std::string message;  // one sentence, lower case start, no trailing period
  std::string check;    // short stable name of the check, e.g. "syntax", "unknown-function"
  std::string hint;     // optional: the AWS way to write it
};

// 1-based line and column (in bytes) of a byte offset.
struct Position {
  int line = 1;
  int column = 1;
};
Position PositionOf(std::string_view source, uint32_t offset);

// "name:line:col: error: message [check]\n  source line\n  ^~~~\n  hint: ...\n".
// `name` may be empty (then "line:col: ..."). `source` is the text the span refers to.
std::string FormatDiagnostic(const Diagnostic& d, std::string_view source, std::string_view name);
std::string FormatDiagnostics(const std::vector<Diagnostic>& ds, std::string_view source,
                              std::string_view name);

bool HasErrors(const std::vector<Diagnostic>& ds);

}  // namespace iotsql

#endif  // IOTSQL_COMMON_DIAGNOSTIC_H_
