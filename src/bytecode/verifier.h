// Checks that a program is safe to run: operands in range, jumps inside the code, a consistent
// stack depth on every path, and every path ending in EMIT or HALT. Sets program->max_stack.
#ifndef IOTSQL_BYTECODE_VERIFIER_H_
#define IOTSQL_BYTECODE_VERIFIER_H_

#include <string>

#include "absl/status/status.h"
#include "bytecode/program.h"

namespace iotsql {

absl::Status VerifyProgram(Program* program);

// The bytecode listing (`iotsql explain`): one instruction a line with decoded operands and the
// opcode's synopsis, after a header with the program's tables.
std::string Disassemble(const Program& program);

}  // namespace iotsql

#endif  // IOTSQL_BYTECODE_VERIFIER_H_
