// Checked AST -> bytecode, in one pass, folding constant sub-expressions.
#ifndef IOTSQL_BYTECODE_CODEGEN_H_
#define IOTSQL_BYTECODE_CODEGEN_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "ast/ast.h"
#include "bytecode/program.h"

namespace iotsql {

// Evaluates code[begin, end) of `program` (a constant expression leaving one value) into
// *out, copied into program.constant_arena. Supplied by the VM stage, so that folding uses the
// exact run-time semantics without the code generator depending on the VM.
using ConstantFolder =
    std::function<bool(Program& program, size_t begin, size_t end, Value* out)>;

// One piece of a substitution template: literal text, or an expression.
struct TemplatePart {
  std::string text;                   // literal text (`$$` already turned into `$`)
  std::unique_ptr<ast::Expr> expr;    // set for a ${...} part
  uint32_t offset = 0;                // where the expression starts in the template text
};

// Compiles a checked statement. `program` comes with version and source set; takes the AST.
void GenerateStatement(std::unique_ptr<ast::Statement> statement, const ConstantFolder& fold,
                       Program* program);

// Compiles a template: the rule's SET clause (so variables are defined), then the parts.
void GenerateTemplate(const std::vector<TemplatePart>& parts, const ast::Statement* rule,
                      const ConstantFolder& fold, Program* program);

}  // namespace iotsql

#endif  // IOTSQL_BYTECODE_CODEGEN_H_
