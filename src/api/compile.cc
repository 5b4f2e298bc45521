#include "api/compile.h"

#include <string>

#include "bytecode/codegen.h"
#include "bytecode/verifier.h"
#include "parse/parser.h"
#include "parse/template_parser.h"
#include "vm/vm.h"

namespace iotsql {

namespace {

bool Finish(Program* program, std::vector<Diagnostic>* diagnostics) {
  absl::Status verified = VerifyProgram(program);
  if (!verified.ok()) {
    // A code generator bug, never the user's: say so rather than run unverified code.
    diagnostics->push_back({Severity::kError, {0, 0},
                            std::string(verified.message().data(), verified.message().size()),
                            "internal", "please report this rule"});
    return false;
  }
  for (const Diagnostic& d : *diagnostics) {
    if (d.severity != Severity::kError) program->warnings.push_back(d);
  }
  program->formatted_warnings = FormatDiagnostics(program->warnings, program->source, "");
  return true;
}

}  // namespace

std::unique_ptr<Program> CompileStatement(std::string_view sql, const CheckOptions& options,
                                          std::vector<Diagnostic>* diagnostics) {
  if (sql.size() > options.limits.max_sql_bytes) {
    // Before parsing: the parser's time and memory grow with the text.
    diagnostics->push_back({Severity::kError, {0, 0},
                            "the SQL statement is " + std::to_string(sql.size()) +
                                " bytes, more than the limit of " +
                                std::to_string(options.limits.max_sql_bytes),
                            "limit", "AWS IoT accepts rules up to 256 KB"});
    return nullptr;
  }
  ParseLimits parse_limits;
  parse_limits.max_nesting = options.limits.max_nesting;
  parse_limits.max_depth = options.limits.max_expression_depth;
  std::unique_ptr<ast::Statement> statement = ParseStatement(sql, diagnostics, parse_limits);
  if (!statement || HasErrors(*diagnostics)) return nullptr;
  CheckStatement(*statement, options, diagnostics);
  if (HasErrors(*diagnostics)) return nullptr;
  auto program = std::make_unique<Program>();
  program->version = options.version;
  program->source = std::string(sql);
  GenerateStatement(std::move(statement), &Vm::FoldConstant, program.get());
  if (!Finish(program.get(), diagnostics)) return nullptr;
  return program;
}

std::unique_ptr<Program> CompileTemplate(std::string_view text, const Program* rule,
                                         const CheckOptions& options,
                                         std::vector<Diagnostic>* diagnostics) {
  std::vector<TemplatePart> parts;
  if (!ParseTemplate(text, &parts, diagnostics) || HasErrors(*diagnostics)) return nullptr;
  const ast::Statement* statement = rule != nullptr ? rule->ast.get() : nullptr;
  for (const TemplatePart& part : parts) {
    if (!part.expr) continue;
    std::vector<Diagnostic> found;
    CheckTemplateExpr(*part.expr, statement, options, &found);
    for (Diagnostic& d : found) {
      d.span.begin += part.offset;
      d.span.end += part.offset;
      diagnostics->push_back(std::move(d));
    }
  }
  if (HasErrors(*diagnostics)) return nullptr;
  auto program = std::make_unique<Program>();
  program->version = options.version;
  program->source = std::string(text);
  program->rule = rule;
  GenerateTemplate(parts, statement, &Vm::FoldConstant, program.get());
  if (!Finish(program.get(), diagnostics)) return nullptr;
  return program;
}

}  // namespace iotsql
