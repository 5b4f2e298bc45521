// The fixture of the functions_*_test.cc files: calls a function through the registry, as the
// VM does, and shows its result.
#ifndef IOTSQL_TESTS_FUNCTION_TEST_UTIL_H_
#define IOTSQL_TESTS_FUNCTION_TEST_UTIL_H_

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "common/arena.h"
#include "functions/registry.h"
#include "gtest/gtest.h"
#include "iotsql/iotsql.h"
#include "value/convert.h"
#include "value/decimal.h"
#include "value/value.h"

namespace iotsql {

inline constexpr SqlVersion kV1 = SqlVersion::k2015_10_08;
inline constexpr SqlVersion kV2 = SqlVersion::k2016_03_23;

inline Value I(int64_t i) { return Value::Int(i); }
// A Decimal from JSON number text.
inline Value D(const char* s) {
  std::optional<Decimal> d = Decimal::Parse(s, /*json_grammar=*/true);
  EXPECT_TRUE(d.has_value()) << s;
  return d ? Value::Dec(*d) : Value::Undefined();
}
// An Int beyond int64 (kept as a Decimal).
inline Value Big(const char* s) { return Value::BigInt(*Decimal::Parse(s, true)); }
inline Value S(const char* s) { return Value::String(s); }
inline Value S(const std::string& s) { return Value::String(s); }
inline Value B(bool b) { return Value::Bool(b); }
inline Value U() { return Value::Undefined(); }
inline Value N() { return Value::Null(); }

class FunctionTest : public ::testing::Test {
 protected:
  FunctionTest() {
    ctx_.arena = &arena_;
    ctx_.message = &message_;
    ctx_.version = kV2;
    ctx_.error = &error_;
  }

  // Calls `name` with ctx_ (in `version` when given), after checking the argument count against
  // the registry; error_ holds what the call reports.
  Value Call(const char* name, std::vector<Value> args,
             std::optional<SqlVersion> version = std::nullopt) {
    const FunctionInfo* f = LookupFunction(name);
    if (f == nullptr) {
      ADD_FAILURE() << "unknown function " << name;
      return Value::Undefined();
    }
    const int argc = static_cast<int>(args.size());
    EXPECT_GE(argc, f->min_args) << name;
    EXPECT_TRUE(f->max_args < 0 || argc <= f->max_args) << name;
    error_.clear();
    CallContext ctx = ctx_;
    if (version) ctx.version = *version;
    return f->fn(ctx, args.data(), argc);
  }

  // "undefined", or the JSON text with a "d" prefix for Decimals (Int 2 and Decimal 2 differ).
  static std::string Show(const Value& v) {
    if (v.is_undefined()) return "undefined";
    std::string out = v.is_decimal() ? "d" : "";
    AppendJson(v, &out);
    return out;
  }
  std::string Run(const char* name, std::vector<Value> args,
                  std::optional<SqlVersion> version = std::nullopt) {
    return Show(Call(name, std::move(args), version));
  }

  // Strings raw, anything else as compact JSON, "<undefined>" / "<null>".
  static std::string Text(const Value& v) {
    if (v.is_undefined()) return "<undefined>";
    if (v.is_null()) return "<null>";
    if (v.is_string()) return std::string(v.as_string());
    std::string out;
    AppendJson(v, &out);
    return out;
  }
  std::string RunText(const char* name, std::vector<Value> args,
                      std::optional<SqlVersion> version = std::nullopt) {
    return Text(Call(name, std::move(args), version));
  }

  // Arrays and Objects in the arena, as the VM builds them.
  Value Arr(std::initializer_list<Value> items) {
    Value* p = arena_.AllocateArray<Value>(items.size());
    uint32_t n = 0;
    for (const Value& v : items) p[n++] = v;
    return Value::Array(p, n);
  }
  Value Obj(std::initializer_list<Member> members) {
    Member* p = arena_.AllocateArray<Member>(members.size());
    uint32_t n = 0;
    for (const Member& m : members) p[n++] = m;
    return Value::Object(p, n);
  }

  Arena arena_;
  MessageContext message_;
  std::string error_;
  CallContext ctx_;
};

}  // namespace iotsql

#endif  // IOTSQL_TESTS_FUNCTION_TEST_UTIL_H_
