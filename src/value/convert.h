// The implicit ("standard") conversions of spec §9.2, the JSON text of values, and the v2 rule
// that whole-number Decimals are Ints.
#ifndef IOTSQL_VALUE_CONVERT_H_
#define IOTSQL_VALUE_CONVERT_H_

#include <optional>
#include <string>
#include <string_view>

#include "common/arena.h"
#include "value/value.h"

namespace iotsql {

// `-?\d+(\.\d+)?([eE]-?\d+)?` -> the Decimal it denotes; nullopt otherwise ("+5", ".5", "5.",
// " 5", "1E+2" do not parse).
std::optional<Decimal> ParseNumericString(std::string_view s);

// A number as the SQL version sees it: in 2016-03-23 a Decimal with no fractional part is an Int
// (10.0 -> 10) when it has at most 34 digits; in 2015-10-08 it stays a Decimal. Ints beyond int64
// become big Ints; an Int with more than 34 digits is Undefined.
Value MakeNumber(const Decimal& d, bool v2);
// The result of a Decimal operation or function: as MakeNumber, but a whole value in 2016-03-23
// is an Int that stays a Decimal to the operators (Value::is_whole_decimal).
Value MakeDecimalResult(const Decimal& d, bool v2);
// An integral Decimal as an Int (int64 when it fits, else a big Int; Undefined past 34 digits).
Value MakeIntFromDecimal(const Decimal& d);

// To Decimal (§9.2): Int/Decimal -> number value unchanged; numeric String -> Decimal; Null ->
// Null; everything else -> Undefined. (Result kinds: kInt, kDecimal, kNull or kUndefined.)
Value ToNumeric(const Value& v);
// To Boolean (§9.2): Boolean; "true"/"false" in any case; otherwise Undefined.
Value ToBoolean(const Value& v);
// To String (§9.2): numbers as printed in JSON, Booleans "true"/"false", Strings unchanged,
// Arrays/Objects as compact JSON text (Undefined beyond kMaxJsonTextBytes); Null, Undefined and
// Binary -> Undefined. New text is allocated in `arena`.
Value ToStringValue(const Value& v, Arena* arena);

// Appends the compact JSON text of `v` (Undefined members of objects omitted, Undefined array
// items written as null). Top-level Undefined appends nothing. Binary appends a JSON string of
// its base64 text.
void AppendJson(const Value& v, std::string* out);
// A lower bound on the size of AppendJson's text for `v` (escapes and number digits count as
// one byte), or any value >= `stop` once it is known to reach `stop`. Its cost is bounded by
// `stop`, not by the text: values that share parts (an Array holding one large String many
// times) can denote far more text than they take memory.
size_t JsonSizeLowerBound(const Value& v, size_t stop);

// The most text ToStringValue writes for an Array or Object (as function results, 8 MiB).
inline constexpr size_t kMaxJsonTextBytes = size_t{8} << 20;

// Appends a JSON string literal (quotes and escapes) for UTF-8 text.
void AppendJsonString(std::string_view s, std::string* out);
// The same for bytes from outside the VM (files, names, provider answers), which may not be
// UTF-8: ill-formed sequences become U+FFFD, so that strict readers accept the output.
void AppendJsonStringOfBytes(std::string_view s, std::string* out);
std::string JsonStringOfBytes(std::string_view s);
// Number text as AWS prints it: Ints as digits, Decimals as Java BigDecimal.toString().
void AppendNumber(const Value& v, std::string* out);

// Deep equality of the `=` operator (§10.3) for two defined values: numbers by value, strings
// exactly, arrays in order, objects by key set regardless of order, null = null, booleans;
// mismatched kinds are unequal.
bool ValuesEqual(const Value& a, const Value& b);

// Deep copy of `v` into `arena` (strings, arrays and objects), for values that must outlive the
// buffer they point into.
Value CopyValue(const Value& v, Arena* arena);

}  // namespace iotsql

#endif  // IOTSQL_VALUE_CONVERT_H_
