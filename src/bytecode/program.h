// A compiled statement: bytecode plus the tables its operands index.
#ifndef IOTSQL_BYTECODE_PROGRAM_H_
#define IOTSQL_BYTECODE_PROGRAM_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ast/ast.h"
#include "common/arena.h"
#include "functions/registry.h"
#include "iotsql/iotsql.h"
#include "value/value.h"

namespace iotsql {

enum class Op : uint8_t {
#define OPCODE(name, pops, pushes, operand, synopsis) name,
#include "bytecode/opcodes.def"
#undef OPCODE
  kNumOps
};

enum class OperandKind : uint8_t {
  kNone, kConst, kName, kRootField, kVar, kFunc, kTarget, kCount, kPath, kKeys, kText
};

struct OpInfo {
  const char* name;       // "PUSH_CONST"
  int pops;               // -1: depends on the operands
  int pushes;
  OperandKind operand;
  const char* synopsis;
};
const OpInfo& InfoOf(Op op);

struct Instr {
  Op op;
  uint8_t a = 0;
  uint16_t b = 0;
  uint32_t c = 0;
};

// Comparison selector of kCompareConst (operand a).
enum class CompareKind : uint8_t { kEq, kNe, kLt, kLe, kGt, kGe };

class Program {
 public:
  SqlVersion version = SqlVersion::k2015_10_08;
  std::string source;                       // SQL text (or template text)
  bool is_template = false;
  // Templates: the rule compiled against, and where the code after its re-run SET clause starts.
  const Program* rule = nullptr;
  size_t prelude_end = 0;
  bool has_from = false;
  std::string topic_filter;
  // Without '#', the filter matches only topics of exactly its number of levels, so a matched
  // topic's level count is known without reading it (0: the filter ends in '#').
  int topic_filter_fixed_levels = 0;

  std::vector<Instr> code;
  std::vector<Value> constants;             // point into `constant_arena`
  std::vector<std::string> names;           // member names
  std::vector<std::string> root_fields;     // payload members read at the top level
  std::vector<const FunctionInfo*> functions;
  std::vector<std::vector<std::string>> paths;       // alias paths (kObjSet)
  std::vector<std::vector<std::string>> key_lists;   // object literal keys (kMakeObject)
  std::vector<std::string> texts;           // template literal text
  std::vector<std::string> variables;       // variable names, by slot

  bool needs_whole_payload = false;         // `*`, nested FROM *, ...: read the whole document
  // SELECT * alone (EMIT_PAYLOAD) and `*` nowhere else: the output is written from the
  // payload's bytes (CanonicalJsonScanner) when it can be, without reading it into values.
  bool payload_is_output = false;
  bool reads_clock = false;                 // calls timestamp(): read the clock once per message
  int max_stack = 0;                        // set by the verifier
  int max_iter_depth = 0;
  int max_obj_depth = 0;

  std::unique_ptr<ast::Statement> ast;      // kept for `explain --ast`
  std::vector<Diagnostic> warnings;
  std::string formatted_warnings;

  Arena constant_arena{1024};
};

}  // namespace iotsql

#endif  // IOTSQL_BYTECODE_PROGRAM_H_
