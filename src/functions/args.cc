#include "functions/args.h"

#include <cmath>
#include <limits>
#include <optional>

#include "value/convert.h"

namespace iotsql {

bool NumArgDecimal(const Value& v, Decimal* out) {
  if (v.is_number()) {
    *out = v.as_decimal();
    return true;
  }
  if (v.is_string()) {
    std::optional<Decimal> d = ParseNumericString(v.as_string());
    if (!d) return false;
    *out = *d;
    return true;
  }
  return false;
}

bool NumArg(const Value& v, Value* out) {
  if (v.is_number()) {
    *out = v;
    return true;
  }
  Decimal d;
  if (!NumArgDecimal(v, &d)) return false;
  *out = Value::Dec(d);
  return true;
}

bool DblArg(const Value& v, double* out) {
  Value n;
  if (!NumArg(v, &n)) return false;
  if (n.is_int() && !n.is_big_int()) {
    *out = static_cast<double>(n.as_int());
  } else {
    *out = n.as_decimal().ToDouble();
  }
  return true;
}

bool IntdArg(const Value& v, int64_t* out) {
  Value n;
  if (!NumArg(v, &n)) return false;
  if (n.is_int() && !n.is_big_int()) {
    *out = n.as_int();
    return true;
  }
  Decimal d = n.as_decimal();
  std::optional<Decimal> f = d.Floor();
  std::optional<int64_t> i = f ? f->ToInt64() : std::nullopt;
  if (i) {
    *out = *i;
  } else {
    // Too large for int64 (or for 34 digits): the sign is all that matters to callers.
    *out = d.IsNegative() ? std::numeric_limits<int64_t>::min()
                          : std::numeric_limits<int64_t>::max();
  }
  return true;
}

bool StrArg(CallContext& ctx, const Value& v, std::string_view* out) {
  if (v.is_string()) {
    *out = v.as_string();
    return true;
  }
  Value s = ToStringValue(v, ctx.arena);
  if (!s.is_string()) return false;
  *out = s.as_string();
  return true;
}

Value MakeDouble(CallContext& ctx, double d) {
  if (!std::isfinite(d)) return Value::Undefined();
  if (d == 0) d = 0.0;  // BigDecimal has no negative zero: sin(-0.0) prints 0.0
  std::optional<Decimal> dec = Decimal::FromDouble(d);
  if (!dec) return Value::Undefined();
  return MakeDecimalResult(*dec, ctx.v2());
}

Value MakeString(CallContext& ctx, std::string_view s) {
  return Value::String(ctx.arena->CopyString(s));
}

}  // namespace iotsql
