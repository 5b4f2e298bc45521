// A test-only tree-walking interpreter for AWS IoT SQL statements, for the differential fuzz
// target: it evaluates the checked AST (src/ast/ast.h) directly, with no code generation,
// constant folding, specialised instructions, stack, or direct output writing, so that a
// disagreement with the VM points at the compiler or the VM. It shares with them only what
// defines the language's values: the operator tables (src/vm/operators.h), the function
// registry, the conversions and the JSON writer; the payload is parsed whole
// (ParseJsonValue), never member by member.
#ifndef IOTSQL_TESTS_FUZZ_REFERENCE_INTERPRETER_H_
#define IOTSQL_TESTS_FUZZ_REFERENCE_INTERPRETER_H_

#include <string>
#include <string_view>

#include "ast/ast.h"
#include "iotsql/iotsql.h"

namespace iotsql::reference {

struct Outcome {
  bool matched = false;      // false: WHERE rejected the message
  std::string payload;       // as Evaluator::Evaluate gives it
  bool binary = false;
  bool payload_is_json = false;  // whether the whole payload parsed as JSON
  // The SET values as compact JSON text: the largest one, and all of them together (what
  // Limits::max_variable_bytes bounds).
  size_t largest_variable_bytes = 0;
  size_t variable_bytes = 0;
};

// Evaluates `statement` (already checked) on a message whose topic matches its FROM filter.
// `context.timestamp_ms` must be set.
Outcome Evaluate(const ast::Statement& statement, SqlVersion version, std::string_view payload,
                 std::string_view topic, const MessageContext& context);

}  // namespace iotsql::reference

#endif  // IOTSQL_TESTS_FUZZ_REFERENCE_INTERPRETER_H_
