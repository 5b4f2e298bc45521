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

namespace {

// What the VM holds before an instruction: value-stack depth, open object builders, open
// nested-query iterations, and whether a directly written output object is open.
struct State {
  int stack = -1;  // -1: not reached yet
  int objects = 0;
  int iterations = 0;
  int output = 0;
  bool operator!=(const State& o) const {
    return stack != o.stack || objects != o.objects || iterations != o.iterations ||
           output != o.output;
  }
};

// Checks the instruction's needs against the state and applies its effect on the builders and
// iterations (the stack effect is applied by the caller).
absl::Status Structure(size_t pc, Op op, State* s) {
  switch (op) {
    case Op::kObjBegin:
      ++s->objects;
      break;
    case Op::kObjSet:
    case Op::kObjSpread:
      if (s->objects == 0) return Bad(pc, "object member outside OBJ_BEGIN/OBJ_END");
      break;
    case Op::kObjEnd:
      if (s->objects == 0) return Bad(pc, "OBJ_END without OBJ_BEGIN");
      --s->objects;
      break;
    case Op::kIterNext:
    case Op::kIterAppend:
    case Op::kLoadScope:
    case Op::kLoadScopeField:
      if (s->iterations == 0) return Bad(pc, "nested-query instruction outside an iteration");
      break;
    case Op::kIterEnd:
      if (s->iterations == 0) return Bad(pc, "ITER_END without ITER_BEGIN");
      --s->iterations;
      break;
    case Op::kOutBegin:
      if (s->output != 0) return Bad(pc, "OUT_BEGIN inside an open output object");
      s->output = 1;
      break;
    case Op::kOutField:
      if (s->output == 0) return Bad(pc, "OUT_FIELD outside OUT_BEGIN/OUT_END");
      break;
    case Op::kOutEnd:
      if (s->output == 0) return Bad(pc, "OUT_END without OUT_BEGIN");
      s->output = 0;
      break;
    default:
      break;
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status VerifyProgram(Program* p) {
  const std::vector<Instr>& code = p->code;
  if (code.empty()) return Bad(0, "empty program");
  // Operands of every instruction, reachable or not (the disassembler prints them all).
  for (size_t pc = 0; pc < code.size(); ++pc) {
    const Instr& in = code[pc];
    if (static_cast<int>(in.op) >= static_cast<int>(Op::kNumOps)) return Bad(pc, "bad opcode");
    const OpInfo& info = InfoOf(in.op);
    if (!OperandInRange(*p, in)) return Bad(pc, absl::StrCat(info.name, ": operand out of range"));
    if (in.op == Op::kCast && in.a > 4) return Bad(pc, "bad cast type");
    if (in.op == Op::kCompareConst && in.a > 5) return Bad(pc, "bad comparison");
    if (in.op == Op::kCall) {
      const FunctionInfo* f = p->functions[in.c];
      if (in.a < f->min_args || (f->max_args >= 0 && in.a > f->max_args)) {
        return Bad(pc, "argument count outside the function's arity");
      }
    }
  }
  std::vector<State> states(code.size());
  std::vector<size_t> work = {0};
  states[0].stack = 0;
  int max_depth = 0;
  auto flow = [&](size_t to, State s, size_t from) -> absl::Status {
    if (to >= code.size()) return Bad(from, "control flows past the end");
    if (s.stack < 0) return Bad(from, "stack underflow");
    if (states[to].stack == -1) {
      states[to] = s;
      work.push_back(to);
    } else if (states[to].stack != s.stack) {
      return Bad(from, absl::StrCat("stack depth ", s.stack, " meets ", states[to].stack, " at ",
                                    to));
    } else if (states[to] != s) {
      return Bad(from, absl::StrCat("open objects or iterations differ where paths meet at ", to));
    }
    return absl::OkStatus();
  };
  while (!work.empty()) {
    size_t pc = work.back();
    work.pop_back();
    const Instr& in = code[pc];
    const OpInfo& info = InfoOf(in.op);
    State s = states[pc];
    int pops = info.pops;
    if (in.op == Op::kCall) {
      pops = in.a;
    } else if (in.op == Op::kMakeArray) {
      pops = static_cast<int>(in.c);
    } else if (in.op == Op::kMakeObject) {
      pops = static_cast<int>(p->key_lists[in.c].size());
    }
    if (s.stack < pops) return Bad(pc, absl::StrCat(info.name, ": stack underflow"));
    State after = s;
    after.stack = s.stack - pops + info.pushes;
    if (after.stack > max_depth) max_depth = after.stack;
    if (auto st = Structure(pc, in.op, &after); !st.ok()) return st;
    switch (in.op) {
      case Op::kEmit:
      case Op::kEmitPayload:
      case Op::kOutEnd:
      case Op::kHalt:
        if (after.stack != 0) return Bad(pc, "values left on the stack at the end");
        if (after.objects != 0 || after.iterations != 0 || after.output != 0) {
          return Bad(pc, "objects or iterations left open at the end");
        }
        break;
      case Op::kJump:
        if (auto st = flow(in.c, after, pc); !st.ok()) return st;
        break;
      case Op::kJumpIfNotTrue:
        if (auto st = flow(in.c, after, pc); !st.ok()) return st;
        if (auto st = flow(pc + 1, after, pc); !st.ok()) return st;
        break;
      case Op::kCaseMatch: {  // the match edge also drops the subject
        State matched = after;
        --matched.stack;
        if (auto st = flow(in.c, matched, pc); !st.ok()) return st;
        if (auto st = flow(pc + 1, after, pc); !st.ok()) return st;
        break;
      }
      case Op::kIterBegin: {  // the skip edge pushes Undefined; the other opens an iteration
        State skipped = after;
        ++skipped.stack;
        if (skipped.stack > max_depth) max_depth = skipped.stack;
        if (auto st = flow(in.c, skipped, pc); !st.ok()) return st;
        State opened = after;
        ++opened.iterations;
        if (auto st = flow(pc + 1, opened, pc); !st.ok()) return st;
        break;
      }
      case Op::kCaseBegin:
      case Op::kIterNext:
        if (auto st = flow(in.c, after, pc); !st.ok()) return st;
        if (auto st = flow(pc + 1, after, pc); !st.ok()) return st;
        break;
      default:
        if (auto st = flow(pc + 1, after, pc); !st.ok()) return st;
    }
  }
  p->max_stack = max_depth;
  return absl::OkStatus();
}

}  // namespace iotsql
