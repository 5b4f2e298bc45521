#include "vm/vm.h"

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "value/convert.h"
#include "vm/operators.h"

namespace iotsql {

Vm::Vm() : arena_(16 * 1024) {}

void Vm::set_limits(const Limits& limits) {
  limits_ = limits;
  reader_.max_depth = limits.max_json_depth;
  template_reader_.max_depth = limits.max_json_depth;
}

bool Vm::Fail(std::string why) {
  failure_ = std::move(why);
  output_->clear();
  output_binary_ = false;
  return false;
}

bool Vm::OutputFits(const Value& v) {
  const size_t limit = limits_.max_output_bytes;
  const size_t used = output_->size();
  // A lower bound, cut short past the limit: a value made of many references to one large value
  // is refused before a byte of it is written.
  size_t at_least = v.is_binary() ? v.as_string().size() : JsonSizeLowerBound(v, limit + 1);
  if (used + at_least <= limit) return true;
  return Fail(std::string(output_ == &rendered_ ? "the rendered template" : "the output") +
              " is larger than the limit of " + std::to_string(limit) +
              " bytes (max_output_bytes)");
}

bool Vm::VariableFits(const std::string& name, const Value& v) {
  const size_t limit = limits_.max_variable_bytes;
  // The lower bound refuses a huge value (or one that repeats a large part) unwritten; below it
  // the exact size, as the value would be written.
  size_t size = v.is_undefined() ? 0 : JsonSizeLowerBound(v, limit + 1);
  if (size > 0 && size <= limit) {
    variable_json_.clear();
    AppendJson(v, &variable_json_);
    size = variable_json_.size();
  }
  if (size > limit) {
    return Fail("the value of @" + name + " is larger than the limit of " +
                std::to_string(limit) + " bytes as JSON (max_variable_bytes)");
  }
  variable_bytes_ += size;
  if (variable_bytes_ > limit) {
    return Fail("the SET values up to @" + name + " are together larger than the limit of " +
                std::to_string(limit) + " bytes as JSON (max_variable_bytes)");
  }
  return true;
}

RunOutcome Vm::Run(const Program& program, std::string_view payload, std::string_view topic,
                   const MessageContext& context) {
  failure_.clear();
  if (payload.size() > limits_.max_payload_bytes) {
    output_ = program.is_template ? &rendered_ : &statement_output_;
    last_statement_ = nullptr;
    Fail("the payload is " + std::to_string(payload.size()) + " bytes, more than the limit of " +
         std::to_string(limits_.max_payload_bytes) + " (max_payload_bytes)");
    return RunOutcome::kFailed;
  }
  // A template of the rule this Vm just evaluated, on the same message, continues that run: its
  // SET variables keep their values (the same newuuid(), one get_dynamodb() call).
  const bool continues = program.is_template && program.rule != nullptr &&
                         program.rule == last_statement_ &&
                         payload.data() == last_payload_.data() &&
                         payload.size() == last_payload_.size() && topic == last_topic_;
  bool v2 = program.version == SqlVersion::k2016_03_23;
  if (!continues) {
    arena_.Reset();
    vars_.assign(program.variables.size(), Value::Undefined());
    variable_bytes_ = 0;
    last_timestamp_.reset();
    if (program.is_template) {
      last_statement_ = nullptr;
    } else {
      last_statement_ = &program;
      last_payload_ = payload;
      last_topic_.assign(topic.data(), topic.size());
    }
  }
  // One clock reading per message, taken only when a program calls timestamp(); a template that
  // continues its rule's run sees the same reading.
  if (!last_timestamp_) {
    if (context.timestamp_ms) {
      last_timestamp_ = *context.timestamp_ms;
    } else if (program.reads_clock) {
      last_timestamp_ = absl::ToUnixMillis(absl::Now());
    }
  }
  const int64_t timestamp = last_timestamp_.value_or(0);
  builder_.Reset();
  iters_.clear();
  iter_results_.clear();
  error_.clear();
  output_ = program.is_template ? &rendered_ : &statement_output_;
  output_->clear();
  output_binary_ = false;
  std::vector<Value>& roots = continues ? template_roots_ : statement_roots_;
  roots.resize(program.root_fields.size());
  roots_ = roots.data();
  JsonReader& reader = continues ? template_reader_ : reader_;
  payload_is_output_ = false;
  bool roots_read = false;
  if (program.payload_is_output &&
      canonical_.Scan(payload, v2, limits_.max_json_depth, program.root_fields, roots_,
                      &roots_read, &payload_json_)) {
    payload_is_output_ = true;
    payload_ = Value::Undefined();  // nothing else reads it (Program::payload_is_output)
    if (!roots_read) {
      reader.Read(payload, program.root_fields, /*whole_document=*/false, v2, &arena_, roots_);
    }
  } else {
    PayloadView view = reader.Read(payload, program.root_fields, program.needs_whole_payload,
                                   v2, &arena_, roots_);
    payload_ = view.is_json ? view.document : Value::Binary(payload);
  }

  CallContext call;
  call.arena = &arena_;
  call.message = &context;
  call.version = program.version;
  call.provider = provider_;
  call.raw_payload = payload;
  call.topic = topic;
  call.timestamp_ms = timestamp;
  call.error = &error_;
  call.limits = &limits_;
  return Execute(program, continues ? program.prelude_end : 0, program.code.size(), call,
                 static_cast<size_t>(program.max_stack));
}

RunOutcome Vm::EmitOutput(const Value& v) {
  if (!OutputFits(v)) return RunOutcome::kFailed;
  Emit(v);
  if (!OutputFits(Value::Undefined())) return RunOutcome::kFailed;  // the exact size
  return RunOutcome::kEmitted;
}

void Vm::Emit(const Value& v) {
  if (v.is_binary()) {
    std::string_view bytes = v.as_string();
    output_->assign(bytes.data(), bytes.size());
    output_binary_ = true;
    return;
  }
  AppendJson(v, output_);  // Undefined alone is the empty payload
}

RunOutcome Vm::Execute(const Program& p, size_t begin, size_t end, CallContext& call,
                       size_t max_stack) {
  const OperatorEnv env{call.arena, call.v2()};
  size_t needed = max_stack + 4;
  if (stack_.size() < needed) stack_.resize(needed);
  Value* const base = stack_.data();
  Value* sp = base;  // next free slot
  const Instr* code = p.code.data();
  size_t pc = begin;
  while (pc < end) {
    const Instr& in = code[pc++];
    switch (in.op) {
      case Op::kPushConst:
        *sp++ = p.constants[in.c];
        break;
      case Op::kPushUndefined:
        *sp++ = Value::Undefined();
        break;
      case Op::kLoadRoot:
        *sp++ = roots_[in.c];
        break;
      case Op::kLoadPayload:
        *sp++ = payload_;
        break;
      case Op::kLoadRawPayload:
        *sp++ = Value::Binary(call.raw_payload);
        break;
      case Op::kLoadScope:
        *sp++ = iters_.empty() ? Value::Undefined() : iters_.back().current;
        break;
      case Op::kLoadScopeField: {
        const Value* m = iters_.empty() ? nullptr : iters_.back().current.Find(p.names[in.c]);
        *sp++ = m ? *m : Value::Undefined();
        break;
      }
      case Op::kLoadVar:
        *sp++ = vars_[in.c];
        break;
      case Op::kStoreVar: {
        // A variable cannot hold a non-JSON payload (spec §8: encode(*, 'base64') first).
        const Value& v = *--sp;
        vars_[in.c] = v.is_binary() ? Value::Undefined() : v;
        if (!VariableFits(p.variables[in.c], vars_[in.c])) return RunOutcome::kFailed;
        break;
      }
      case Op::kMember: {
        const Value* m = sp[-1].Find(p.names[in.c]);
        sp[-1] = m ? *m : Value::Undefined();
        break;
      }
      case Op::kPop:
        --sp;
        break;
      case Op::kNeg:
        sp[-1] = OpNeg(sp[-1], env);
        break;
      case Op::kNot:
        sp[-1] = OpNot(sp[-1]);
        break;
#define IOTSQL_BINARY(opcode, expr) \
  case Op::opcode: {                \
    const Value& a = sp[-2];        \
    const Value& b = sp[-1];        \
    Value r = expr;                 \
    --sp;                           \
    sp[-1] = r;                     \
    break;                          \
  }
      IOTSQL_BINARY(kAnd, OpAnd(a, b))
      IOTSQL_BINARY(kOr, OpOr(a, b))
      IOTSQL_BINARY(kEq, OpEq(a, b))
      IOTSQL_BINARY(kNe, OpNe(a, b))
      IOTSQL_BINARY(kLt, OpOrder(a, b, Ordering::kLt))
      IOTSQL_BINARY(kLe, OpOrder(a, b, Ordering::kLe))
      IOTSQL_BINARY(kGt, OpOrder(a, b, Ordering::kGt))
      IOTSQL_BINARY(kGe, OpOrder(a, b, Ordering::kGe))
      IOTSQL_BINARY(kAdd, OpAdd(a, b, env))
      IOTSQL_BINARY(kSub, OpSub(a, b, env))
      IOTSQL_BINARY(kMul, OpMul(a, b, env))
      IOTSQL_BINARY(kDiv, OpDiv(a, b, env))
      IOTSQL_BINARY(kMod, OpMod(a, b, env))
      IOTSQL_BINARY(kIn, OpIn(a, b))
#undef IOTSQL_BINARY
      case Op::kCompareConst: {
        const Value& a = sp[-1];
        const Value& b = p.constants[in.c];
        switch (static_cast<CompareKind>(in.a)) {
          case CompareKind::kEq: sp[-1] = OpEq(a, b); break;
          case CompareKind::kNe: sp[-1] = OpNe(a, b); break;
          case CompareKind::kLt: sp[-1] = OpOrder(a, b, Ordering::kLt); break;
          case CompareKind::kLe: sp[-1] = OpOrder(a, b, Ordering::kLe); break;
          case CompareKind::kGt: sp[-1] = OpOrder(a, b, Ordering::kGt); break;
          case CompareKind::kGe: sp[-1] = OpOrder(a, b, Ordering::kGe); break;
        }
        break;
      }
      case Op::kCall: {
        Value* args = sp - in.a;
        Value r = p.functions[in.c]->fn(call, args, in.a);
        sp = args;
        *sp++ = r;
        break;
      }
      case Op::kCast:
        sp[-1] = Cast(call, sp[-1], static_cast<CastType>(in.a));
        break;
      case Op::kMakeArray: {
        uint32_t n = in.c;
        Value* items = call.arena->AllocateArray<Value>(n);
        for (uint32_t i = 0; i < n; ++i) items[i] = sp[-static_cast<int>(n) + static_cast<int>(i)];
        sp -= n;
        *sp++ = Value::Array(items, n);
        break;
      }
      case Op::kMakeObject: {
        const std::vector<std::string>& keys = p.key_lists[in.c];
        uint32_t n = static_cast<uint32_t>(keys.size());
        Member* members = call.arena->AllocateArray<Member>(n);
        uint32_t kept = 0;
        Value* values = sp - n;
        for (uint32_t i = 0; i < n; ++i) {
          if (values[i].is_undefined()) continue;  // Undefined members are left out
          uint32_t at = 0;
          while (at < kept && members[at].key != keys[i]) ++at;  // {'a': 1, 'a': 2}: last wins
          members[at].key = keys[i];
          members[at].value = values[i];
          if (at == kept) ++kept;
        }
        sp = values;
        *sp++ = Value::Object(members, kept);
        break;
      }
      case Op::kJump:
        pc = in.c;
        break;
      case Op::kJumpIfNotTrue:
        if (!(--sp)->is_true()) pc = in.c;
        break;
      case Op::kCaseBegin:
        if (sp[-1].is_undefined()) pc = in.c;
        break;
      case Op::kCaseMatch: {
        Value when = *--sp;
        if (OpEq(sp[-1], when).is_true()) {
          --sp;
          pc = in.c;
        }
        break;
      }
      case Op::kObjBegin:
        builder_.Begin();
        break;
      case Op::kObjSet:
        builder_.Set(p.paths[in.c], *--sp);
        break;
      case Op::kObjSpread:
        builder_.Spread(*--sp);
        break;
      case Op::kObjEnd:
        *sp++ = builder_.End(call.arena);
        break;
      case Op::kIterBegin: {
        Value source = *--sp;
        if (!source.is_array() && !source.is_object()) {
          *sp++ = Value::Undefined();
          pc = in.c;
          break;
        }
        IterFrame frame;
        frame.source = source;
        frame.is_array = source.is_array();
        frame.results_start = iter_results_.size();
        iters_.push_back(frame);
        break;
      }
      case Op::kIterNext: {
        IterFrame& f = iters_.back();
        uint32_t count = f.is_array ? f.source.size() : 1;
        if (f.next >= count) {
          pc = in.c;
          break;
        }
        f.current = f.is_array ? f.source.items()[f.next] : f.source;
        ++f.next;
        break;
      }
      case Op::kIterAppend:
        iter_results_.push_back(*--sp);
        break;
      case Op::kIterEnd: {
        IterFrame& f = iters_.back();
        size_t n = iter_results_.size() - f.results_start;
        Value result;
        if (f.is_array) {
          Value* items = call.arena->AllocateArray<Value>(n);
          uint32_t kept = 0;
          for (size_t i = 0; i < n; ++i) {
            const Value& v = iter_results_[f.results_start + i];
            if (!v.is_undefined()) items[kept++] = v;
          }
          result = Value::Array(items, kept);
        } else {
          result = n > 0 ? iter_results_[f.results_start] : Value::Undefined();
        }
        iter_results_.resize(f.results_start);
        iters_.pop_back();
        *sp++ = result;
        break;
      }
      case Op::kWhereReject:
        if (!(--sp)->is_true()) return RunOutcome::kRejected;
        break;
      case Op::kEmit:
        return EmitOutput(*--sp);
      case Op::kEmitPayload:
        if (payload_is_output_) {
          if (!OutputFits(Value::Binary(payload_json_))) return RunOutcome::kFailed;
          output_->swap(payload_json_);  // both keep their capacity: no allocation
          return RunOutcome::kEmitted;
        }
        return EmitOutput(payload_);
      case Op::kOutBegin:
        output_->push_back('{');
        output_first_ = true;
        break;
      case Op::kOutField: {
        const Value& v = *--sp;
        if (v.is_undefined()) break;
        if (!OutputFits(v)) return RunOutcome::kFailed;
        if (!output_first_) output_->push_back(',');
        output_first_ = false;
        *output_ += p.texts[in.c];
        AppendJson(v, output_);
        break;
      }
      case Op::kOutEnd:
        output_->push_back('}');
        if (!OutputFits(Value::Undefined())) return RunOutcome::kFailed;
        return RunOutcome::kEmitted;
      case Op::kAppendText:
        *output_ += p.texts[in.c];
        if (!OutputFits(Value::Undefined())) return RunOutcome::kFailed;
        break;
      case Op::kAppendValue: {
        Value s = ToStringValue(*--sp, call.arena);
        if (!s.is_string()) break;
        if (!OutputFits(Value::Binary(s.as_string()))) return RunOutcome::kFailed;
        output_->append(s.as_string().data(), s.as_string().size());
        break;
      }
      case Op::kHalt:
        return RunOutcome::kHalted;
      case Op::kNumOps:
        return RunOutcome::kHalted;
    }
  }
  // Only constant folding runs a slice that ends without EMIT/HALT.
  stack_result_ = sp > base ? sp[-1] : Value::Undefined();
  return RunOutcome::kHalted;
}

bool Vm::FoldConstant(Program& program, size_t begin, size_t end, Value* out) {
  thread_local Vm vm;
  vm.arena_.Reset();
  vm.builder_.Reset();
  vm.iters_.clear();
  vm.iter_results_.clear();
  vm.vars_.clear();
  vm.roots_ = nullptr;
  vm.output_ = &vm.rendered_;
  vm.payload_ = Value::Undefined();
  MessageContext context;
  CallContext call;
  call.arena = &vm.arena_;
  call.message = &context;
  call.version = program.version;
  call.error = &vm.error_;
  // The verifier has not run yet: a slice never needs more slots than it has instructions.
  vm.Execute(program, begin, end, call, end - begin);
  *out = CopyValue(vm.stack_result_, &program.constant_arena);
  return true;
}

}  // namespace iotsql
