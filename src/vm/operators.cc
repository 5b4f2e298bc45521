#include "vm/operators.h"

#include <cstring>

#include "functions/args.h"
#include "value/convert.h"

namespace iotsql {

namespace {

bool IsSmallInt(const Value& v) { return v.is_int() && !v.is_big_int(); }

// Int operands: Ints that are not whole Decimal results.
bool IntOperands(const Value& a, const Value& b) {
  return a.is_int() && b.is_int() && !a.is_whole_decimal() && !b.is_whole_decimal();
}

// Int op Int -> Int; anything else numeric -> Decimal.
template <typename IntOp, typename DecOp>
Value Arithmetic(const Value& a, const Value& b, const OperatorEnv& env, IntOp int_op,
                 DecOp dec_op) {
  const bool ints = IntOperands(a, b);
  if (ints && IsSmallInt(a) && IsSmallInt(b)) {
    int64_t r;
    if (int_op(a.as_int(), b.as_int(), &r)) return Value::Int(r);
  }
  Decimal x, y;
  if (!NumArgDecimal(a, &x) || !NumArgDecimal(b, &y)) return Value::Undefined();
  std::optional<Decimal> r = dec_op(x, y);
  if (!r) return Value::Undefined();
  if (ints) return MakeIntFromDecimal(*r);
  return MakeDecimalResult(*r, env.v2);
}

// Boolean operand of AND/OR/NOT: a Boolean, or "true"/"false" in any case.
int BoolOperand(const Value& v) {
  if (v.is_bool()) return v.as_bool() ? 1 : 0;
  if (v.is_string()) {
    Value b = ToBoolean(v);
    if (b.is_bool()) return b.as_bool() ? 1 : 0;
  }
  return -1;
}

}  // namespace

Value OpAdd(const Value& a, const Value& b, const OperatorEnv& env) {
  if (a.is_undefined() || b.is_undefined()) return Value::Undefined();
  if (a.is_string() || b.is_string()) {
    Value sa = ToStringValue(a, env.arena);
    Value sb = ToStringValue(b, env.arena);
    if (!sa.is_string() || !sb.is_string()) return Value::Undefined();
    std::string_view x = sa.as_string(), y = sb.as_string();
    char* p = static_cast<char*>(env.arena->Allocate(x.size() + y.size() + 1, 1));
    if (!x.empty()) std::memcpy(p, x.data(), x.size());
    if (!y.empty()) std::memcpy(p + x.size(), y.data(), y.size());
    return Value::String(std::string_view(p, x.size() + y.size()));
  }
  if (!a.is_number() || !b.is_number()) return Value::Undefined();
  return Arithmetic(
      a, b, env, [](int64_t x, int64_t y, int64_t* r) { return !__builtin_add_overflow(x, y, r); },
      [](const Decimal& x, const Decimal& y) { return Decimal::Add(x, y); });
}

Value OpSub(const Value& a, const Value& b, const OperatorEnv& env) {
  return Arithmetic(
      a, b, env, [](int64_t x, int64_t y, int64_t* r) { return !__builtin_sub_overflow(x, y, r); },
      [](const Decimal& x, const Decimal& y) { return Decimal::Sub(x, y); });
}

Value OpMul(const Value& a, const Value& b, const OperatorEnv& env) {
  return Arithmetic(
      a, b, env, [](int64_t x, int64_t y, int64_t* r) { return !__builtin_mul_overflow(x, y, r); },
      [](const Decimal& x, const Decimal& y) { return Decimal::Mul(x, y); });
}

Value OpDiv(const Value& a, const Value& b, const OperatorEnv& env) {
  if (IntOperands(a, b)) {
    // Int / Int is the quotient truncated toward zero (open question 6).
    if (IsSmallInt(a) && IsSmallInt(b)) {
      if (b.as_int() == 0) return Value::Undefined();
      if (b.as_int() == -1) return OpNeg(a, env);
      return Value::Int(a.as_int() / b.as_int());
    }
    std::optional<Decimal> q = Decimal::Div(a.as_decimal(), b.as_decimal());
    if (!q) return Value::Undefined();
    std::optional<Decimal> t = q->Truncate();
    return t ? MakeIntFromDecimal(*t) : Value::Undefined();
  }
  return Arithmetic(
      a, b, env, [](int64_t, int64_t, int64_t*) { return false; },
      [](const Decimal& x, const Decimal& y) { return Decimal::Div(x, y); });
}

Value OpMod(const Value& a, const Value& b, const OperatorEnv& env) {
  return Arithmetic(
      a, b, env,
      [](int64_t x, int64_t y, int64_t* r) {
        if (y == 0) return false;  // falls through to Decimal, which reports Undefined
        *r = (y == -1) ? 0 : x % y;
        return true;
      },
      [](const Decimal& x, const Decimal& y) { return Decimal::Rem(x, y); });
}

// Numbers only (open question 22): -'3' is Undefined.
Value OpNeg(const Value& a, const OperatorEnv&) {
  if (a.is_int()) {
    int64_t r;
    Value n = IsSmallInt(a) && !__builtin_sub_overflow(int64_t{0}, a.as_int(), &r)
                  ? Value::Int(r)
                  : MakeIntFromDecimal(a.as_decimal().Negate());
    return a.is_whole_decimal() ? n.AsWholeDecimal() : n;
  }
  if (a.is_decimal()) return Value::Dec(a.as_decimal().Negate());
  return Value::Undefined();
}

Value OpAnd(const Value& a, const Value& b) {
  int x = BoolOperand(a), y = BoolOperand(b);
  if (x < 0 || y < 0) return Value::Undefined();
  return Value::Bool(x && y);
}

Value OpOr(const Value& a, const Value& b) {
  int x = BoolOperand(a), y = BoolOperand(b);
  if (x < 0 || y < 0) return Value::Undefined();
  return Value::Bool(x || y);
}

Value OpNot(const Value& a) {
  int x = BoolOperand(a);
  if (x < 0) return Value::Undefined();
  return Value::Bool(!x);
}

Value OpEq(const Value& a, const Value& b) {
  if (a.is_undefined() || b.is_undefined()) return Value::Undefined();
  if (IsSmallInt(a) && IsSmallInt(b)) return Value::Bool(a.as_int() == b.as_int());
  return Value::Bool(ValuesEqual(a, b));
}

Value OpNe(const Value& a, const Value& b) {
  Value eq = OpEq(a, b);
  if (eq.is_undefined()) return eq;
  return Value::Bool(!eq.as_bool());
}

bool NumericOrder(const Value& a, const Value& b, int* order) {
  if (IsSmallInt(a) && IsSmallInt(b)) {
    *order = a.as_int() < b.as_int() ? -1 : (a.as_int() > b.as_int() ? 1 : 0);
    return true;
  }
  if (a.is_number() && b.is_number()) {  // the common `temp > 50`: no string handling
    *order = Decimal::Compare(a.as_decimal(), b.as_decimal());
    return true;
  }
  Decimal x, y;
  if (!NumArgDecimal(a, &x) || !NumArgDecimal(b, &y)) return false;
  *order = Decimal::Compare(x, y);
  return true;
}

Value OpOrder(const Value& a, const Value& b, Ordering o) {
  int order;
  if (!NumericOrder(a, b, &order)) return Value::Undefined();
  switch (o) {
    case Ordering::kLt: return Value::Bool(order < 0);
    case Ordering::kLe: return Value::Bool(order <= 0);
    case Ordering::kGt: return Value::Bool(order > 0);
    case Ordering::kGe: return Value::Bool(order >= 0);
  }
  return Value::Undefined();
}

Value OpIn(const Value& a, const Value& b) {
  if (a.is_undefined() || !b.is_array()) return Value::Undefined();
  for (uint32_t i = 0; i < b.size(); ++i) {
    const Value& item = b.items()[i];
    if (!item.is_undefined() && ValuesEqual(a, item)) return Value::Bool(true);
  }
  return Value::Bool(false);
}

}  // namespace iotsql
