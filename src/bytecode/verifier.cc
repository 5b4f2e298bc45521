#include "bytecode/verifier.h"

#include <vector>

#include "absl/strings/str_cat.h"

namespace iotsql {

namespace {

absl::Status Bad(size_t pc, const std::string& why) {
  return absl::InternalError(absl::StrCat("bytecode verification failed at ", pc, ": ", why));
}

bool OperandInRange(const Program& p, const Instr& in) {
  const OpInfo& info = InfoOf(in.op);
  switch (info.operand) {
    case OperandKind::kNone: return true;
    case OperandKind::kConst: return in.c < p.constants.size();
    case OperandKind::kName: return in.c < p.names.size();
    case OperandKind::kRootField: return in.c < p.root_fields.size();
    case OperandKind::kVar: return in.c < p.variables.size();
    case OperandKind::kFunc: return in.c < p.functions.size() && p.functions[in.c] != nullptr;
    case OperandKind::kTarget: return in.c <= p.code.size();
    case OperandKind::kCount: return true;
    case OperandKind::kPath: return in.c < p.paths.size() && !p.paths[in.c].empty();
    case OperandKind::kKeys: return in.c < p.key_lists.size();
    case OperandKind::kText: return in.c < p.texts.size();
  }
  return false;
}

}  // namespace

absl::Status VerifyProgram(Program* p) {
  const std::vector<Instr>& code = p->code;
  if (code.empty()) return Bad(0, "empty program");
  // Depth of the stack before each instruction; -1 = not reached yet.
  std::vector<int> depth(code.size() + 1, -1);
  std::vector<size_t> work = {0};
  depth[0] = 0;
  int max_depth = 0;
  auto flow = [&](size_t to, int d, size_t from) -> absl::Status {
    if (to >= code.size()) return Bad(from, "control flows past the end");
    if (d < 0) return Bad(from, "stack underflow");
    if (depth[to] == -1) {
      depth[to] = d;
      work.push_back(to);
    } else if (depth[to] != d) {
      return Bad(from, absl::StrCat("stack depth ", d, " meets ", depth[to], " at ", to));
    }
    return absl::OkStatus();
  };
  while (!work.empty()) {
    size_t pc = work.back();
    work.pop_back();
    const Instr& in = code[pc];
    if (static_cast<int>(in.op) >= static_cast<int>(Op::kNumOps)) return Bad(pc, "bad opcode");
    const OpInfo& info = InfoOf(in.op);
    if (!OperandInRange(*p, in)) return Bad(pc, absl::StrCat(info.name, ": operand out of range"));
    int d = depth[pc];
    int pops = info.pops;
    if (in.op == Op::kCall) {
      pops = in.a;
      const FunctionInfo* f = p->functions[in.c];
      if (in.a < f->min_args || (f->max_args >= 0 && in.a > f->max_args)) {
        return Bad(pc, "argument count outside the function's arity");
      }
    } else if (in.op == Op::kMakeArray) {
      pops = static_cast<int>(in.c);
    } else if (in.op == Op::kMakeObject) {
      pops = static_cast<int>(p->key_lists[in.c].size());
    } else if (in.op == Op::kCast && in.a > 4) {
      return Bad(pc, "bad cast type");
    } else if (in.op == Op::kCompareConst && in.a > 5) {
      return Bad(pc, "bad comparison");
    }
    if (d < pops) return Bad(pc, absl::StrCat(info.name, ": stack underflow"));
    int after = d - pops + info.pushes;
    if (after > max_depth) max_depth = after;
    switch (in.op) {
      case Op::kEmit:
      case Op::kHalt:
        if (after != 0) return Bad(pc, "values left on the stack at the end");
        break;
      case Op::kJump:
        if (auto s = flow(in.c, d, pc); !s.ok()) return s;
        break;
      case Op::kJumpIfNotTrue:
        if (auto s = flow(in.c, after, pc); !s.ok()) return s;
        if (auto s = flow(pc + 1, after, pc); !s.ok()) return s;
        break;
      case Op::kCaseMatch:  // the match edge also drops the subject
        if (auto s = flow(in.c, after - 1, pc); !s.ok()) return s;
        if (auto s = flow(pc + 1, after, pc); !s.ok()) return s;
        break;
      case Op::kIterBegin:  // the skip edge pushes Undefined as the result
        if (auto s = flow(in.c, after + 1, pc); !s.ok()) return s;
        if (auto s = flow(pc + 1, after, pc); !s.ok()) return s;
        break;
      case Op::kCaseBegin:
      case Op::kIterNext:
        if (auto s = flow(in.c, after, pc); !s.ok()) return s;
        if (auto s = flow(pc + 1, after, pc); !s.ok()) return s;
        break;
      default:
        if (auto s = flow(pc + 1, after, pc); !s.ok()) return s;
    }
  }
  p->max_stack = max_depth;
  return absl::OkStatus();
}

}  // namespace iotsql
