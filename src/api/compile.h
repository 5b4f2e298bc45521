// The compile pipeline behind the public API: parse -> check -> generate -> verify.
#ifndef IOTSQL_API_COMPILE_H_
#define IOTSQL_API_COMPILE_H_

#include <memory>
#include <string_view>
#include <vector>

#include "bytecode/program.h"
#include "check/checker.h"
#include "common/diagnostic.h"

namespace iotsql {

// Returns nullptr when there are errors; `diagnostics` receives errors and warnings.
std::unique_ptr<Program> CompileStatement(std::string_view sql, const CheckOptions& options,
                                          std::vector<Diagnostic>* diagnostics);

// `rule` may be null (a template outside any rule). Spans are relative to `text`.
std::unique_ptr<Program> CompileTemplate(std::string_view text, const Program* rule,
                                         const CheckOptions& options,
                                         std::vector<Diagnostic>* diagnostics);

}  // namespace iotsql

#endif  // IOTSQL_API_COMPILE_H_
