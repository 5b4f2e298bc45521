// The three output formats of `iotsql validate`: text as compilers print it (file:line:col,
// the source line, a caret), JSON, and SARIF 2.1.0 for code-scanning tools.
#ifndef IOTSQL_VALIDATE_REPORT_H_
#define IOTSQL_VALIDATE_REPORT_H_

#include <string>
#include <string_view>
#include <vector>

#include "validate/validator.h"

namespace iotsql::validate {

struct Totals {
  int files = 0;      // rule files checked (skipped ones not counted)
  int rules = 0;
  int errors = 0;
  int warnings = 0;
};
Totals CountTotals(const std::vector<FileReport>& reports);

// "path:line:col: error: message [check]\n  source line\n  ^~~~\n  hint: ...\n" per finding.
std::string FormatText(const FileReport& report);
// {"files": N, "rules": N, "errors": N, "warnings": N, "diagnostics": [...]}
std::string FormatJson(const std::vector<FileReport>& reports);
// A SARIF 2.1.0 log with one run; columns in UTF-16 code units (SARIF's default).
std::string FormatSarif(const std::vector<FileReport>& reports, std::string_view tool_version);

}  // namespace iotsql::validate

#endif  // IOTSQL_VALIDATE_REPORT_H_
