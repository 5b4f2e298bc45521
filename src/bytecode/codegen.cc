#include "bytecode/codegen.h"

#include <algorithm>
#include <cstdlib>

#include "absl/strings/ascii.h"
#include "check/checker.h"
#include "value/convert.h"

namespace iotsql {

namespace {

using ast::Expr;
using ast::ExprKind;

class CodeGen {
 public:
  CodeGen(Program* p, const ConstantFolder& fold)
      : p_(p), fold_(fold), v2_(p->version == SqlVersion::k2016_03_23) {}

  void Statement(const ast::Statement& s) {
    SetClause(s);
    if (s.select.where) {
      Expr(*s.select.where);
      Emit(Op::kWhereReject);
    }
    const ast::Select& sel = s.select;
    const bool star_alone = sel.items.size() == 1 && sel.items[0].alias.empty() &&
                            sel.items[0].expr->kind == ExprKind::kWildcard;
    if (star_alone) {
      p_->needs_whole_payload = true;
      p_->payload_is_output = true;
      for (const Instr& in : p_->code) {
        if (in.op == Op::kLoadPayload) p_->payload_is_output = false;  // * in SET or WHERE
      }
      Emit(Op::kEmitPayload);
      return;
    }
    if (sel.value) {
      Expr(*sel.items[0].expr);
    } else if (WritesDirectly(sel)) {
      // Distinct plain names and no `*`: write the JSON as the items come, no object builder.
      Emit(Op::kOutBegin);
      for (const ast::SelectItem& item : sel.items) {
        Expr(*item.expr);
        std::string prefix;
        AppendJsonString(OutputNames(item)[0], &prefix);
        prefix += ':';
        p_->texts.push_back(std::move(prefix));
        Emit(Op::kOutField, 0, static_cast<uint32_t>(p_->texts.size() - 1));
      }
      Emit(Op::kOutEnd);
      return;
    } else {
      ObjectItems(sel);
    }
    Emit(Op::kEmit);
  }

  void Template(const std::vector<TemplatePart>& parts, const ast::Statement* rule) {
    // The SET clause again, for a template rendered on its own; a render that continues the
    // rule's run on the same message starts after it (Program::prelude_end).
    if (rule != nullptr) SetClause(*rule);
    p_->prelude_end = p_->code.size();
    for (const TemplatePart& part : parts) {
      if (part.expr) {
        Expr(*part.expr);
        Emit(Op::kAppendValue);
      } else if (!part.text.empty()) {
        p_->texts.push_back(part.text);
        Emit(Op::kAppendText, 0, static_cast<uint32_t>(p_->texts.size() - 1));
      }
    }
    Emit(Op::kHalt);
  }

 private:
  void SetClause(const ast::Statement& s) {
    for (const ast::Assignment& a : s.set) {
      Expr(*a.value);
      Emit(Op::kStoreVar, 0, VarSlot(a.variable));
    }
  }

  static std::vector<std::string> OutputNames(const ast::SelectItem& item) {
    if (!item.alias.empty()) return item.alias;
    return {ImplicitItemName(*item.expr)};
  }

  static bool WritesDirectly(const ast::Select& sel) {
    std::vector<std::string> seen;
    for (const ast::SelectItem& item : sel.items) {
      if (item.alias.empty() && item.expr->kind == ExprKind::kWildcard) return false;
      std::vector<std::string> names = OutputNames(item);
      if (names.size() != 1) return false;
      for (const std::string& s : seen) {
        if (s == names[0]) return false;
      }
      seen.push_back(names[0]);
    }
    return true;
  }

  // SELECT items into one object.
  void ObjectItems(const ast::Select& sel) {
    Emit(Op::kObjBegin);
    ++obj_depth_;
    if (obj_depth_ > p_->max_obj_depth) p_->max_obj_depth = obj_depth_;
    for (const ast::SelectItem& item : sel.items) {
      if (item.alias.empty() && item.expr->kind == ExprKind::kWildcard) {
        Expr(*item.expr);
        Emit(Op::kObjSpread);
        continue;
      }
      std::vector<std::string> path = item.alias;
      if (path.empty()) path.push_back(ImplicitItemName(*item.expr));
      Expr(*item.expr);
      p_->paths.push_back(std::move(path));
      Emit(Op::kObjSet, 0, static_cast<uint32_t>(p_->paths.size() - 1));
    }
    --obj_depth_;
    Emit(Op::kObjEnd);
  }

  // Emits code leaving the value of `e` on the stack; folds it when constant.
  void Expr(const ast::Expr& e) {
    size_t begin = p_->code.size();
    bool constant = ExprNoFold(e);
    if (!constant || !fold_) return;
    if (p_->code.size() - begin == 1 && p_->code[begin].op == Op::kPushConst) return;
    Value v;
    if (!fold_(*p_, begin, p_->code.size(), &v)) return;
    p_->code.resize(begin);
    PushConst(v);
  }

  // Returns whether `e` is a constant expression (pure, no message input).
  bool ExprNoFold(const ast::Expr& e) {
    switch (e.kind) {
      case ExprKind::kNull:
        PushConst(Value::Null());
        return true;
      case ExprKind::kBool:
        PushConst(Value::Bool(e.bool_value));
        return true;
      case ExprKind::kInt:
      case ExprKind::kDecimal:
        PushConst(NumberLiteral(e));
        return true;
      case ExprKind::kString:
        PushConst(Value::String(p_->constant_arena.CopyString(e.text)));
        return true;
      case ExprKind::kIdent:
        if (scope_depth_ == 0) {
          Emit(Op::kLoadRoot, 0, RootSlot(e.text));
        } else {
          Emit(Op::kLoadScopeField, 0, Name(e.text));
        }
        return false;
      case ExprKind::kVariable:
        Emit(Op::kLoadVar, 0, VarSlot(e.text));
        return false;
      case ExprKind::kWildcard:
        Wildcard();
        return false;
      case ExprKind::kMember: {
        const ast::Expr& base = *e.children[0];
        if (base.kind == ExprKind::kWildcard && scope_depth_ == 0) {
          // `*.name` is the payload member `name`: no need to read the whole document.
          Emit(Op::kLoadRoot, 0, RootSlot(e.text));
          return false;
        }
        bool constant = ExprNoFold(base);
        Emit(Op::kMember, 0, Name(e.text));
        return constant;
      }
      case ExprKind::kNegate:
      case ExprKind::kNot: {
        bool constant = Sub(*e.children[0]);
        Emit(e.kind == ExprKind::kNegate ? Op::kNeg : Op::kNot);
        return constant;
      }
      case ExprKind::kBinary:
        return Binary(e);
      case ExprKind::kIn: {
        bool constant = Sub(*e.children[0]);
        constant &= Sub(*e.children[1]);
        Emit(Op::kIn);
        return constant;
      }
      case ExprKind::kCase:
        return Case(e);
      case ExprKind::kCall:
        return Call(e);
      case ExprKind::kCast: {
        bool constant = Sub(*e.children[0]);
        CastType type = CastType::kString;
        bool needs_v2 = false;
        ResolveCastType(e.text, &type, &needs_v2);
        Emit(Op::kCast, static_cast<uint8_t>(type));
        return constant;
      }
      case ExprKind::kArray: {
        bool constant = true;
        for (const auto& c : e.children) constant &= Sub(*c);
        Emit(Op::kMakeArray, 0, static_cast<uint32_t>(e.children.size()));
        return constant;
      }
      case ExprKind::kObject: {
        bool constant = true;
        for (const auto& c : e.children) constant &= Sub(*c);
        p_->key_lists.push_back(e.keys);
        Emit(Op::kMakeObject, 0, static_cast<uint32_t>(p_->key_lists.size() - 1));
        return constant;
      }
      case ExprKind::kSubquery:
        Subquery(*e.subquery);
        return false;
    }
    return false;
  }

  // A sub-expression: folded on its own when constant, so that the parent sees a constant.
  bool Sub(const ast::Expr& e) {
    size_t begin = p_->code.size();
    Expr(e);
    return p_->code.size() - begin == 1 && p_->code[begin].op == Op::kPushConst;
  }

  void Wildcard() {
    if (scope_depth_ == 0) {
      p_->needs_whole_payload = true;
      Emit(Op::kLoadPayload);
    } else {
      Emit(Op::kLoadScope);
    }
  }

  bool Binary(const ast::Expr& e) {
    bool left = Sub(*e.children[0]);
    bool right = Sub(*e.children[1]);
    Op op = Op::kAdd;
    int compare = -1;
    switch (e.op) {
      case ast::BinaryOp::kAnd: op = Op::kAnd; break;
      case ast::BinaryOp::kOr: op = Op::kOr; break;
      case ast::BinaryOp::kEq: op = Op::kEq; compare = 0; break;
      case ast::BinaryOp::kNe: op = Op::kNe; compare = 1; break;
      case ast::BinaryOp::kLt: op = Op::kLt; compare = 2; break;
      case ast::BinaryOp::kLe: op = Op::kLe; compare = 3; break;
      case ast::BinaryOp::kGt: op = Op::kGt; compare = 4; break;
      case ast::BinaryOp::kGe: op = Op::kGe; compare = 5; break;
      case ast::BinaryOp::kAdd: op = Op::kAdd; break;
      case ast::BinaryOp::kSub: op = Op::kSub; break;
      case ast::BinaryOp::kMul: op = Op::kMul; break;
      case ast::BinaryOp::kDiv: op = Op::kDiv; break;
      case ast::BinaryOp::kMod: op = Op::kMod; break;
    }
    if (compare >= 0 && right && !left) {
      // "path <op> constant": one instruction instead of two.
      Instr push = p_->code.back();
      p_->code.pop_back();
      Emit(Op::kCompareConst, static_cast<uint8_t>(compare), push.c);
      return false;
    }
    Emit(op);
    return left && right;
  }

  bool Case(const ast::Expr& e) {
    // children: subject, (when, then)*, [else]
    bool constant = Sub(*e.children[0]);
    size_t begin_at = Emit(Op::kCaseBegin);
    size_t pairs = (e.children.size() - 1 - (e.has_else ? 1 : 0)) / 2;
    std::vector<size_t> matches;
    for (size_t i = 0; i < pairs; ++i) {
      constant &= Sub(*e.children[1 + 2 * i]);
      matches.push_back(Emit(Op::kCaseMatch));
    }
    Emit(Op::kPop);
    if (e.has_else) {
      constant &= Sub(*e.children.back());
    } else {
      Emit(Op::kPushUndefined);
    }
    std::vector<size_t> to_end = {Emit(Op::kJump)};
    for (size_t i = 0; i < pairs; ++i) {
      Patch(matches[i], p_->code.size());
      constant &= Sub(*e.children[2 + 2 * i]);
      to_end.push_back(Emit(Op::kJump));
    }
    size_t end = p_->code.size();
    Patch(begin_at, end);
    for (size_t j : to_end) Patch(j, end);
    return constant;
  }

  bool Call(const ast::Expr& e) {
    const FunctionInfo* f = LookupFunction(e.text);
    // decode(v, 'proto', ...) is pure in the table (its base64 form is) but calls the provider.
    const bool protobuf = IsProtobufDecode(e);
    bool constant = f != nullptr && f->category == FunctionCategory::kPure && !protobuf;
    std::string lower = absl::AsciiStrToLower(e.text);
    if (lower == "timestamp") p_->reads_clock = true;
    for (size_t i = 0; i < e.children.size(); ++i) {
      const ast::Expr& arg = *e.children[i];
      if (arg.kind == ExprKind::kWildcard && scope_depth_ == 0 &&
          (lower == "encode" || (protobuf && i == 0))) {
        Emit(Op::kLoadRawPayload);  // encode(*) and decode(*, 'proto') take the bytes as sent
        constant = false;
        continue;
      }
      constant &= Sub(arg);
    }
    p_->functions.push_back(f);
    Emit(Op::kCall, static_cast<uint8_t>(e.children.size()),
         static_cast<uint32_t>(p_->functions.size() - 1));
    return constant;
  }

  void Subquery(const ast::Select& sel) {
    const ast::Expr& from = *sel.from;
    if (from.kind == ExprKind::kWildcard) {
      // `FROM *` treats the current document as a one-element array (settled on AWS).
      Wildcard();
      Emit(Op::kMakeArray, 0, 1);
    } else {
      Expr(from);
    }
    size_t begin_at = Emit(Op::kIterBegin);
    ++scope_depth_;
    if (scope_depth_ > p_->max_iter_depth) p_->max_iter_depth = scope_depth_;
    size_t loop = p_->code.size();
    size_t next_at = Emit(Op::kIterNext);
    if (sel.where) {
      Expr(*sel.where);
      Emit(Op::kJumpIfNotTrue, 0, static_cast<uint32_t>(loop));
    }
    if (sel.value || (sel.items.size() == 1 && sel.items[0].alias.empty() &&
                      sel.items[0].expr->kind == ExprKind::kWildcard)) {
      Expr(*sel.items[0].expr);
    } else {
      ObjectItems(sel);
    }
    Emit(Op::kIterAppend);
    Emit(Op::kJump, 0, static_cast<uint32_t>(loop));
    --scope_depth_;
    Patch(next_at, p_->code.size());
    Emit(Op::kIterEnd);
    Patch(begin_at, p_->code.size());
  }

  Value NumberLiteral(const ast::Expr& e) {
    // SQL literals may have leading zeros (007, 00.5), which JSON's grammar refuses.
    std::string_view text = e.text;
    while (text.size() > 1 && text[0] == '0' && text[1] >= '0' && text[1] <= '9') {
      text.remove_prefix(1);
    }
    std::optional<Decimal> d = Decimal::Parse(text, /*json_grammar=*/true);
    if (!d) return Value::Undefined();
    if (e.kind == ExprKind::kInt) return MakeIntFromDecimal(*d);
    return MakeNumber(*d, v2_);
  }

  void PushConst(const Value& v) {
    p_->constants.push_back(v);
    Emit(Op::kPushConst, 0, static_cast<uint32_t>(p_->constants.size() - 1));
  }

  size_t Emit(Op op, uint8_t a = 0, uint32_t c = 0) {
    Instr in;
    in.op = op;
    in.a = a;
    in.c = c;
    p_->code.push_back(in);
    return p_->code.size() - 1;
  }
  void Patch(size_t at, size_t target) { p_->code[at].c = static_cast<uint32_t>(target); }

  static uint32_t Intern(std::vector<std::string>* table, const std::string& s) {
    for (size_t i = 0; i < table->size(); ++i) {
      if ((*table)[i] == s) return static_cast<uint32_t>(i);
    }
    table->push_back(s);
    return static_cast<uint32_t>(table->size() - 1);
  }
  uint32_t Name(const std::string& s) { return Intern(&p_->names, s); }
  uint32_t RootSlot(const std::string& s) { return Intern(&p_->root_fields, s); }
  uint32_t VarSlot(const std::string& s) { return Intern(&p_->variables, s); }

  Program* p_;
  const ConstantFolder& fold_;
  bool v2_;
  int scope_depth_ = 0;
  int obj_depth_ = 0;
};

}  // namespace

void GenerateStatement(std::unique_ptr<ast::Statement> statement, const ConstantFolder& fold,
                       Program* program) {
  program->has_from = statement->has_from;
  program->topic_filter = statement->topic_filter;
  const std::string& filter = program->topic_filter;
  if (filter.empty() || filter.back() != '#') {
    program->topic_filter_fixed_levels =
        1 + static_cast<int>(std::count(filter.begin(), filter.end(), '/'));
  }
  CodeGen(program, fold).Statement(*statement);
  program->ast = std::move(statement);
}

void GenerateTemplate(const std::vector<TemplatePart>& parts, const ast::Statement* rule,
                      const ConstantFolder& fold, Program* program) {
  program->is_template = true;
  CodeGen(program, fold).Template(parts, rule);
}

}  // namespace iotsql
