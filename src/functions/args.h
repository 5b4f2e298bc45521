// Argument classes of spec §15.1 (NUM, DBL, INTD, STR) and result builders shared by every
// function family. Each Arg helper returns false when the argument makes the call Undefined.
#ifndef IOTSQL_FUNCTIONS_ARGS_H_
#define IOTSQL_FUNCTIONS_ARGS_H_

#include <cstdint>
#include <string_view>

#include "functions/registry.h"
#include "value/decimal.h"
#include "value/value.h"

namespace iotsql {

// NUM: Int and Decimal pass unchanged; a String matching the §9.2 number regex becomes a
// Decimal; anything else (Boolean, Null, Undefined, Array, Object, Binary, other Strings) fails.
// `out` is kInt or kDecimal on success.
bool NumArg(const Value& v, Value* out);
// NUM as an exact Decimal (Ints widened): also the operands of -, *, /, % and ordering.
bool NumArgDecimal(const Value& v, Decimal* out);
// DBL: NUM rounded to the nearest double.
bool DblArg(const Value& v, double* out);
// INTD: NUM rounded down (floor) to an integer. Values beyond int64 clamp to INT64_MIN/INT64_MAX,
// which every index-like use treats as "far out of range".
bool IntdArg(const Value& v, int64_t* out);
// STR: §9.2 To-String (numbers as printed, Booleans, Arrays/Objects as compact JSON); Null,
// Undefined and Binary fail. The view points into the argument or into ctx.arena.
bool StrArg(CallContext& ctx, const Value& v, std::string_view* out);

// A DBL result: the double as a Decimal (Java BigDecimal.valueOf digits), then MakeNumber for
// the SQL version (2016-03-23: 32.0 -> 32). NaN and ±Infinity -> Undefined.
Value MakeDouble(CallContext& ctx, double d);
// A String result copied into ctx.arena (so it outlives temporary buffers).
Value MakeString(CallContext& ctx, std::string_view s);

}  // namespace iotsql

#endif  // IOTSQL_FUNCTIONS_ARGS_H_
