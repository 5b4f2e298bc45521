// Mathematical (§15.2) and bitwise (§15.3) functions. NUM functions work on exact Decimals so
// that 34-digit values survive; DBL functions go through double like the Java original.
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <random>

#include "functions/args.h"
#include "functions/registry.h"
#include "value/convert.h"
#include "vm/operators.h"

namespace iotsql {
namespace {

constexpr SqlVersion k2015 = SqlVersion::k2015_10_08;

bool IsSmallInt(const Value& v) { return v.is_int() && !v.is_big_int(); }

// An integral Decimal from Floor/Ceil/... as an Int; nullopt (too many digits) -> Undefined.
Value IntOrUndefined(const std::optional<Decimal>& d) {
  return d ? MakeIntFromDecimal(*d) : Value::Undefined();
}

Value Abs(CallContext& ctx, const Value* args, int) {
  Value n;
  if (!NumArg(args[0], &n)) return Value::Undefined();
  if (n.is_whole_decimal()) return MakeDecimalResult(n.as_decimal().Abs(), ctx.v2());
  if (IsSmallInt(n)) {
    int64_t i = n.as_int();
    if (i != std::numeric_limits<int64_t>::min()) return Value::Int(i < 0 ? -i : i);
    return MakeIntFromDecimal(Decimal::FromInt64(i).Abs());
  }
  if (n.is_int()) return MakeIntFromDecimal(n.as_decimal().Abs());
  return MakeDecimalResult(n.as_decimal().Abs(), ctx.v2());
}

template <std::optional<Decimal> (Decimal::*Round)() const>
Value Rounding(CallContext&, const Value* args, int) {
  Value n;
  if (!NumArg(args[0], &n)) return Value::Undefined();
  if (n.is_int()) return n.AsPlainInt();
  return IntOrUndefined((n.as_decimal().*Round)());
}

Value Sign(CallContext&, const Value* args, int) {
  Decimal d;
  if (!NumArgDecimal(args[0], &d)) return Value::Undefined();
  if (d.IsZero()) return Value::Int(0);
  return Value::Int(d.IsNegative() ? -1 : 1);
}

// mod / remainder are the `%` operator on their arguments (numeric strings become Decimals).
Value Mod(CallContext& ctx, const Value* args, int) {
  Value a, b;
  if (!NumArg(args[0], &a) || !NumArg(args[1], &b)) return Value::Undefined();
  return OpMod(a, b, OperatorEnv{ctx.arena, ctx.v2()});
}

// nanvl: there is no NaN Decimal in this model, so only Undefined and Null select `b`.
Value Nanvl(CallContext&, const Value* args, int) {
  return args[0].is_undefined() || args[0].is_null() ? args[1] : args[0];
}

// trunc(x, n): x is NUM; n must be an Int or Decimal (the doc table allows String only for x).
Value Trunc(CallContext& ctx, const Value* args, int) {
  Value x;
  if (!NumArg(args[0], &x) || !args[1].is_number()) return Value::Undefined();
  int64_t places;
  if (!IntdArg(args[1], &places)) return Value::Undefined();
  if (x.is_int()) return x;
  places = std::min<int64_t>(std::max<int64_t>(places, 0), 34);
  return MakeDecimalResult(x.as_decimal().TruncatePlaces(static_cast<int>(places)), ctx.v2());
}

template <double (*F)(double)>
Value Dbl1(CallContext& ctx, const Value* args, int) {
  double x;
  if (!DblArg(args[0], &x)) return Value::Undefined();
  return MakeDouble(ctx, F(x));
}

template <double (*F)(double, double)>
Value Dbl2(CallContext& ctx, const Value* args, int) {
  double x, y;
  if (!DblArg(args[0], &x) || !DblArg(args[1], &y)) return Value::Undefined();
  return MakeDouble(ctx, F(x, y));
}

// Plain wrappers: the <cmath> names are overloaded, so they cannot be template arguments.
double Acos(double x) { return std::acos(x); }
double Asin(double x) { return std::asin(x); }
double Atan(double x) { return std::atan(x); }
double Atan2(double y, double x) { return std::atan2(y, x); }
double Cos(double x) { return std::cos(x); }
double Cosh(double x) { return std::cosh(x); }
double Exp(double x) { return std::exp(x); }
double Ln(double x) { return std::log(x); }
double Log10(double x) { return std::log10(x); }
double Pow(double x, double y) { return std::pow(x, y); }
double Sin(double x) { return std::sin(x); }
double Sinh(double x) { return std::sinh(x); }
double Sqrt(double x) { return std::sqrt(x); }
double Tan(double x) { return std::tan(x); }
double Tanh(double x) { return std::tanh(x); }

Value Rand(CallContext& ctx, const Value*, int) {
  thread_local std::mt19937_64 gen{std::random_device{}()};
  // 53 random bits: every double in [0, 1) on the 2^-53 grid, never 1.0.
  double r = static_cast<double>(gen() >> 11) * 0x1.0p-53;
  return MakeDouble(ctx, r);
}

enum class BitOp { kAnd, kOr, kXor };

template <BitOp Op>
Value Bit2(CallContext&, const Value* args, int) {
  int64_t a, b;
  if (!IntdArg(args[0], &a) || !IntdArg(args[1], &b)) return Value::Undefined();
  switch (Op) {
    case BitOp::kAnd: return Value::Int(a & b);
    case BitOp::kOr: return Value::Int(a | b);
    case BitOp::kXor: return Value::Int(a ^ b);
  }
  return Value::Undefined();
}

Value BitNot(CallContext&, const Value* args, int) {
  int64_t a;
  if (!IntdArg(args[0], &a)) return Value::Undefined();
  return Value::Int(~a);
}

}  // namespace

void RegisterMathFunctions(FunctionTable* t) {
  using C = FunctionCategory;
  t->Add({"abs", 1, 1, k2015, C::kPure, Abs});
  t->Add({"acos", 1, 1, k2015, C::kPure, Dbl1<Acos>});
  t->Add({"asin", 1, 1, k2015, C::kPure, Dbl1<Asin>});
  t->Add({"atan", 1, 1, k2015, C::kPure, Dbl1<Atan>});
  t->Add({"atan2", 2, 2, k2015, C::kPure, Dbl2<Atan2>});
  t->Add({"ceil", 1, 1, k2015, C::kPure, Rounding<&Decimal::Ceil>});
  t->Add({"cos", 1, 1, k2015, C::kPure, Dbl1<Cos>});
  t->Add({"cosh", 1, 1, k2015, C::kPure, Dbl1<Cosh>});
  t->Add({"exp", 1, 1, k2015, C::kPure, Dbl1<Exp>});
  t->Add({"floor", 1, 1, k2015, C::kPure, Rounding<&Decimal::Floor>});
  t->Add({"ln", 1, 1, k2015, C::kPure, Dbl1<Ln>});
  t->Add({"log", 1, 1, k2015, C::kPure, Dbl1<Log10>});
  t->Add({"mod", 2, 2, k2015, C::kPure, Mod});
  t->Add({"nanvl", 2, 2, k2015, C::kPure, Nanvl});
  t->Add({"power", 2, 2, k2015, C::kPure, Dbl2<Pow>});
  t->Add({"rand", 0, 0, k2015, C::kRandom, Rand});
  t->Add({"remainder", 2, 2, k2015, C::kPure, Mod});
  t->Add({"round", 1, 1, k2015, C::kPure, Rounding<&Decimal::RoundHalfAwayFromZero>});
  t->Add({"sign", 1, 1, k2015, C::kPure, Sign});
  t->Add({"sin", 1, 1, k2015, C::kPure, Dbl1<Sin>});
  t->Add({"sinh", 1, 1, k2015, C::kPure, Dbl1<Sinh>});
  t->Add({"sqrt", 1, 1, k2015, C::kPure, Dbl1<Sqrt>});
  t->Add({"tan", 1, 1, k2015, C::kPure, Dbl1<Tan>});
  t->Add({"tanh", 1, 1, k2015, C::kPure, Dbl1<Tanh>});
  t->Add({"trunc", 2, 2, k2015, C::kPure, Trunc});
  t->Add({"bitand", 2, 2, k2015, C::kPure, Bit2<BitOp::kAnd>});
  t->Add({"bitor", 2, 2, k2015, C::kPure, Bit2<BitOp::kOr>});
  t->Add({"bitxor", 2, 2, k2015, C::kPure, Bit2<BitOp::kXor>});
  t->Add({"bitnot", 1, 1, k2015, C::kPure, BitNot});
}

}  // namespace iotsql
