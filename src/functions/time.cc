// timestamp(), parse_time(), time_to_epoch() (spec §15.7). The pattern languages live in
// time_format.cc: Joda-Time for formatting, java.time for parsing.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "functions/args.h"
#include "functions/registry.h"
#include "functions/time_format.h"

namespace iotsql {
namespace {

constexpr SqlVersion k2015 = SqlVersion::k2015_10_08;
constexpr SqlVersion k2016 = SqlVersion::k2016_03_23;

// One clock reading per message (open question 50), taken by the evaluator.
Value Timestamp(CallContext& ctx, const Value*, int) { return Value::Int(ctx.timestamp_ms); }

// NUM rounded down; Undefined rather than clamped when it does not fit a Java long.
bool MillisArg(const Value& v, int64_t* out) {
  Value n;
  if (!NumArg(v, &n)) return false;
  if (n.is_int() && !n.is_big_int()) {
    *out = n.as_int();
    return true;
  }
  std::optional<Decimal> f = n.as_decimal().Floor();
  std::optional<int64_t> i = f ? f->ToInt64() : std::nullopt;
  if (!i) return false;
  *out = *i;
  return true;
}

void SetError(CallContext& ctx, std::string_view fn, const std::string& why) {
  if (ctx.error != nullptr) *ctx.error = std::string(fn) + ": " + why;
}

// parse_time(pattern, millis [, zone]): formats, despite its name. Zone defaults to UTC.
Value ParseTime(CallContext& ctx, const Value* args, int argc) {
  std::string_view pattern, zone = "UTC";
  int64_t millis;
  if (!StrArg(ctx, args[0], &pattern) || !MillisArg(args[1], &millis)) {
    return Value::Undefined();
  }
  if (argc > 2 && !StrArg(ctx, args[2], &zone)) return Value::Undefined();
  thread_local std::string out;
  std::string error;
  out.clear();
  if (!FormatJodaTime(pattern, millis, zone, &out, &error)) {
    SetError(ctx, "parse_time", error);
    return Value::Undefined();
  }
  return MakeString(ctx, out);
}

Value TimeToEpoch(CallContext& ctx, const Value* args, int) {
  std::string_view text, pattern;
  if (!StrArg(ctx, args[0], &text) || !StrArg(ctx, args[1], &pattern)) {
    return Value::Undefined();
  }
  int64_t millis;
  std::string error;
  if (!ParseJavaTime(text, pattern, &millis, &error)) {
    SetError(ctx, "time_to_epoch", error);
    return Value::Undefined();
  }
  return Value::Int(millis);
}

}  // namespace

void RegisterTimeFunctions(FunctionTable* t) {
  using C = FunctionCategory;
  t->Add({"timestamp", 0, 0, k2015, C::kContext, Timestamp});
  t->Add({"parse_time", 2, 3, k2016, C::kPure, ParseTime});
  t->Add({"time_to_epoch", 2, 2, k2016, C::kPure, TimeToEpoch});
}

}  // namespace iotsql
