#include "bytecode/program.h"

namespace iotsql {

namespace {

// "kPushConst" -> "PUSH_CONST".
constexpr size_t kMaxName = 24;
struct NameTable {
  char names[static_cast<int>(Op::kNumOps)][kMaxName];
  constexpr NameTable() : names{} {
    const char* raw[] = {
#define OPCODE(name, pops, pushes, operand, synopsis) #name,
#include "bytecode/opcodes.def"
#undef OPCODE
    };
    for (int i = 0; i < static_cast<int>(Op::kNumOps); ++i) {
      const char* s = raw[i] + 1;  // skip the 'k'
      size_t n = 0;
      for (size_t j = 0; s[j] != 0 && n + 2 < kMaxName; ++j) {
        char ch = s[j];
        if (ch >= 'A' && ch <= 'Z') {
          if (j > 0) names[i][n++] = '_';
          names[i][n++] = ch;
        } else {
          names[i][n++] = static_cast<char>(ch - 'a' + 'A');
        }
      }
      names[i][n] = 0;
    }
  }
};
constexpr NameTable kNames;

const OpInfo kInfos[] = {
#define OPCODE(name, pops, pushes, operand, synopsis) \
  {kNames.names[static_cast<int>(Op::name)], pops, pushes, OperandKind::operand, synopsis},
#include "bytecode/opcodes.def"
#undef OPCODE
};

}  // namespace

const OpInfo& InfoOf(Op op) { return kInfos[static_cast<int>(op)]; }

}  // namespace iotsql
