// Math and bitwise functions (§15.2, §15.3) called directly through the registry, plus the
// registry's lookup itself.
#include <cctype>
#include <cmath>
#include <initializer_list>
#include <set>
#include <string>
#include <vector>

#include "function_test_util.h"
#include "common/arena.h"
#include "functions/registry.h"
#include "gtest/gtest.h"
#include "value/convert.h"
#include "value/decimal.h"

namespace iotsql {
namespace {

class MathTest : public FunctionTest {
 protected:
  // A DBL result as a double (NaN when it is not a number).
  double Num(const char* name, std::vector<Value> args) {
    Value v = Call(name, std::move(args));
    if (!v.is_number()) return std::nan("");
    return v.as_decimal().ToDouble();
  }
};

// Every argument kind that NUM, DBL and INTD reject.
std::vector<Value> NonNumbers() {
  static const Member kMember{"a", Value::Int(1)};
  static const Value kItem = Value::Int(1);
  return {Value::Undefined(), Value::Null(),        Value::Bool(true),  Value::Bool(false),
          S(""),              S("abc"),             S("+5"),            S(" 5"),
          S("5."),            S(".5"),              S("1E+2"),          S("0x10"),
          S("NaN"),           S("Infinity"),        Value::Array(&kItem, 1),
          Value::Object(&kMember, 1),               Value::Binary("\x01\x02")};
}

TEST_F(MathTest, RegistryLookupIsCaseInsensitive) {
  ASSERT_NE(LookupFunction("round"), nullptr);
  EXPECT_EQ(LookupFunction("ROUND"), LookupFunction("round"));
  EXPECT_EQ(LookupFunction("Round"), LookupFunction("round"));
  EXPECT_STREQ(LookupFunction("BITAND")->name, "bitand");
  EXPECT_EQ(LookupFunction("crc32"), nullptr);
  EXPECT_EQ(LookupFunction(""), nullptr);
  EXPECT_EQ(LookupFunction("round "), nullptr);
}

TEST_F(MathTest, AllFunctionsSortedAndUnique) {
  const auto& all = AllFunctions();
  ASSERT_FALSE(all.empty());
  std::set<std::string> seen;
  std::string prev;
  for (const FunctionInfo* f : all) {
    std::string lower = f->name;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    EXPECT_TRUE(seen.insert(lower).second) << "duplicate " << f->name;
    EXPECT_LT(prev, lower);
    prev = lower;
    EXPECT_EQ(LookupFunction(f->name), f);
    EXPECT_NE(f->fn, nullptr);
  }
  for (const char* name : {"abs", "acos", "asin", "atan", "atan2", "ceil", "cos", "cosh", "exp",
                           "floor", "ln", "log", "mod", "nanvl", "power", "rand", "remainder",
                           "round", "sign", "sin", "sinh", "sqrt", "tan", "tanh", "trunc",
                           "bitand", "bitor", "bitxor", "bitnot"}) {
    EXPECT_EQ(seen.count(name), 1u) << name;
  }
}

TEST_F(MathTest, Categories) {
  EXPECT_EQ(LookupFunction("rand")->category, FunctionCategory::kRandom);
  EXPECT_EQ(LookupFunction("rand")->max_args, 0);
  EXPECT_EQ(LookupFunction("abs")->category, FunctionCategory::kPure);
  EXPECT_EQ(LookupFunction("power")->since, kV1);
  EXPECT_EQ(LookupFunction("trunc")->min_args, 2);
}

TEST_F(MathTest, NumericFunctionsRejectNonNumbers) {
  for (const Value& bad : NonNumbers()) {
    for (const char* f : {"abs", "ceil", "floor", "round", "sign", "acos", "asin", "atan", "cos",
                          "cosh", "exp", "ln", "log", "sin", "sinh", "sqrt", "tan", "tanh",
                          "bitnot"}) {
      EXPECT_EQ(Run(f, {bad}), "undefined") << f << " " << KindName(bad.kind());
    }
    for (const char* f : {"atan2", "mod", "remainder", "power", "bitand", "bitor", "bitxor",
                          "trunc"}) {
      EXPECT_EQ(Run(f, {bad, I(1)}), "undefined") << f << " " << KindName(bad.kind());
      EXPECT_EQ(Run(f, {I(1), bad}), "undefined") << f << " " << KindName(bad.kind());
    }
  }
}

TEST_F(MathTest, Abs) {
  EXPECT_EQ(Run("abs", {I(-5)}), "5");
  EXPECT_EQ(Run("abs", {I(4)}), "4");
  EXPECT_EQ(Run("abs", {I(0)}), "0");
  EXPECT_EQ(Run("abs", {D("-2.5")}), "d2.5");
  EXPECT_EQ(Run("abs", {S("-5.123")}), "d5.123");
  EXPECT_EQ(Run("abs", {S("-1.2")}), "d1.2");
  EXPECT_EQ(Run("abs", {S("5E-12")}), "d5E-12");
  EXPECT_EQ(Run("abs", {S("1e2")}), "100");  // 2016-03-23: a whole Decimal is an Int
  EXPECT_EQ(Run("abs", {S("0")}), "0");
  EXPECT_EQ(Run("abs", {I(INT64_MIN)}), "9223372036854775808");
  EXPECT_EQ(Run("abs", {Big("-1234567890123456789012345678901234")}),
            "1234567890123456789012345678901234");
  EXPECT_EQ(Run("abs", {D("-1E+500")}), "d1E+500");
}

TEST_F(MathTest, AbsVersions) {
  EXPECT_EQ(Run("abs", {D("-2.0")}, kV1), "d2.0");
  EXPECT_EQ(Run("abs", {D("-2.0")}, kV2), "2");
  EXPECT_EQ(Run("abs", {S("-5")}, kV1), "d5");
  EXPECT_EQ(Run("abs", {S("-5")}, kV2), "5");
}

TEST_F(MathTest, CeilFloorRound) {
  EXPECT_EQ(Run("ceil", {D("1.2")}), "2");
  EXPECT_EQ(Run("ceil", {D("-1.2")}), "-1");
  EXPECT_EQ(Run("ceil", {D("-0.5")}), "0");
  EXPECT_EQ(Run("ceil", {I(5)}), "5");
  EXPECT_EQ(Run("ceil", {S("1.5")}), "2");
  EXPECT_EQ(Run("floor", {D("1.2")}), "1");
  EXPECT_EQ(Run("floor", {D("-1.2")}), "-2");
  EXPECT_EQ(Run("floor", {S("2.9")}), "2");
  EXPECT_EQ(Run("floor", {S("-0.5")}), "-1");
  EXPECT_EQ(Run("round", {D("1.2")}), "1");
  EXPECT_EQ(Run("round", {D("1.5")}), "2");
  EXPECT_EQ(Run("round", {D("1.7")}), "2");
  EXPECT_EQ(Run("round", {D("-1.1")}), "-1");
  EXPECT_EQ(Run("round", {D("-1.5")}), "-2");
  EXPECT_EQ(Run("round", {D("-0.4")}), "0");
  EXPECT_EQ(Run("round", {S("2.5")}), "3");
  EXPECT_EQ(Run("round", {I(3)}), "3");
  // Results are Ints in both versions.
  EXPECT_EQ(Run("round", {D("2.5")}, kV1), "3");
  EXPECT_EQ(Run("floor", {D("2.0")}, kV1), "2");
  EXPECT_EQ(Run("ceil", {S("7")}, kV1), "7");
}

TEST_F(MathTest, CeilFloorRoundHugeValues) {
  // 34 digits is the Int limit; more is Undefined.
  EXPECT_EQ(Run("floor", {D("1234567890123456789012345678901234.5")}),
            "1234567890123456789012345678901234");
  EXPECT_EQ(Run("ceil", {D("9999999999999999999999999999999999.5")}), "undefined");
  EXPECT_EQ(Run("round", {D("1E+500")}), "undefined");
  EXPECT_EQ(Run("floor", {D("-1E+40")}), "undefined");
  EXPECT_EQ(Run("round", {Big("1234567890123456789012345678901234")}),
            "1234567890123456789012345678901234");
  EXPECT_EQ(Run("floor", {D("1E-500")}), "0");
  EXPECT_EQ(Run("ceil", {D("1E-500")}), "1");
  EXPECT_EQ(Run("floor", {D("9.2233720368547758075E+18")}), "9223372036854775807");
  EXPECT_EQ(Run("ceil", {D("9.2233720368547758075E+18")}), "9223372036854775808");
}

TEST_F(MathTest, Sign) {
  EXPECT_EQ(Run("sign", {I(-7)}), "-1");
  EXPECT_EQ(Run("sign", {I(0)}), "0");
  EXPECT_EQ(Run("sign", {I(13)}), "1");
  EXPECT_EQ(Run("sign", {D("-2.5")}), "-1");
  EXPECT_EQ(Run("sign", {D("-0.0")}), "0");
  EXPECT_EQ(Run("sign", {S("3")}), "1");
  EXPECT_EQ(Run("sign", {D("1E-500")}), "1");
  EXPECT_EQ(Run("sign", {D("-1E+500")}, kV1), "-1");
}

TEST_F(MathTest, ModAndRemainder) {
  for (const char* f : {"mod", "remainder"}) {
    EXPECT_EQ(Run(f, {I(8), I(3)}), "2") << f;
    EXPECT_EQ(Run(f, {I(10), I(4)}), "2") << f;
    EXPECT_EQ(Run(f, {I(-7), I(3)}), "-1") << f;  // dividend's sign
    EXPECT_EQ(Run(f, {I(7), I(-3)}), "1") << f;
    EXPECT_EQ(Run(f, {I(7), I(0)}), "undefined") << f;
    EXPECT_EQ(Run(f, {I(INT64_MIN), I(-1)}), "0") << f;
    EXPECT_EQ(Run(f, {D("5.5"), I(2)}), "d1.5") << f;
    EXPECT_EQ(Run(f, {D("-5.5"), I(2)}), "d-1.5") << f;
    EXPECT_EQ(Run(f, {D("5.5"), D("0.0")}), "undefined") << f;
    EXPECT_EQ(Run(f, {S("8"), S("3")}), "2") << f;
    EXPECT_EQ(Run(f, {S("8"), S("3")}, kV1), "d2") << f;  // strings are Decimals
    EXPECT_EQ(Run(f, {D("6.0"), I(4)}, kV1), "d2.0") << f;
    EXPECT_EQ(Run(f, {D("6.0"), I(4)}, kV2), "2") << f;
    EXPECT_EQ(Run(f, {Big("1234567890123456789012345678901234"), I(10)}), "4") << f;
    EXPECT_EQ(Run(f, {I(5), Big("1234567890123456789012345678901234")}), "5") << f;
  }
}

TEST_F(MathTest, Nanvl) {
  EXPECT_EQ(Run("nanvl", {I(8), I(3)}), "8");
  EXPECT_EQ(Run("nanvl", {Value::Undefined(), I(3)}), "3");
  EXPECT_EQ(Run("nanvl", {Value::Null(), I(3)}), "3");
  EXPECT_EQ(Run("nanvl", {S("abc"), I(3)}), "\"abc\"");
  EXPECT_EQ(Run("nanvl", {Value::Bool(false), I(3)}), "false");
  EXPECT_EQ(Run("nanvl", {Value::Undefined(), Value::Undefined()}), "undefined");
  EXPECT_EQ(Run("nanvl", {Value::Null(), Value::Null()}), "null");
}

TEST_F(MathTest, DoubleFunctionsDocExamples) {
  EXPECT_DOUBLE_EQ(Num("acos", {I(0)}), 1.5707963267948966);
  EXPECT_DOUBLE_EQ(Num("acos", {S("0")}), 1.5707963267948966);
  EXPECT_EQ(Run("asin", {I(0)}, kV1), "d0.0");
  EXPECT_EQ(Run("asin", {I(0)}, kV2), "0");
  EXPECT_DOUBLE_EQ(Num("asin", {I(1)}), 1.5707963267948966);
  EXPECT_EQ(Run("atan", {I(0)}, kV1), "d0.0");
  EXPECT_DOUBLE_EQ(Num("atan", {I(1)}), 0.7853981633974483);
  EXPECT_DOUBLE_EQ(Num("atan2", {I(1), I(0)}), 1.5707963267948966);
  EXPECT_DOUBLE_EQ(Num("atan2", {S("1"), S("0")}), 1.5707963267948966);
  EXPECT_DOUBLE_EQ(Num("atan2", {I(0), I(-1)}), 3.141592653589793);
  EXPECT_DOUBLE_EQ(Num("atan2", {I(-1), I(0)}), -1.5707963267948966);
  EXPECT_EQ(Run("cos", {I(0)}, kV1), "d1.0");
  EXPECT_EQ(Run("cos", {S("0")}, kV2), "1");
  EXPECT_DOUBLE_EQ(Num("cosh", {D("2.3")}), 5.037220649268761);
  EXPECT_DOUBLE_EQ(Num("exp", {I(1)}), 2.718281828459045);
  EXPECT_DOUBLE_EQ(Num("exp", {S("1")}), 2.718281828459045);
  EXPECT_EQ(Run("exp", {I(0)}, kV1), "d1.0");
  EXPECT_DOUBLE_EQ(Num("ln", {D("2.718281828459045")}), 1.0);
  EXPECT_EQ(Run("ln", {S("1")}, kV1), "d0.0");
  EXPECT_EQ(Run("log", {I(100)}, kV1), "d2.0");
  EXPECT_EQ(Run("log", {S("1000")}, kV2), "3");
  EXPECT_EQ(Run("power", {I(2), I(5)}, kV1), "d32.0");
  EXPECT_EQ(Run("power", {I(2), I(5)}, kV2), "32");
  EXPECT_EQ(Run("power", {S("2"), S("3")}, kV1), "d8.0");
  EXPECT_EQ(Run("power", {I(2), D("0.5")}), "d1.4142135623730951");
  EXPECT_EQ(Run("power", {I(2), I(-1)}), "d0.5");
  EXPECT_EQ(Run("sin", {I(0)}, kV1), "d0.0");
  EXPECT_DOUBLE_EQ(Num("sinh", {D("2.3")}), 4.936961805545957);
  EXPECT_EQ(Run("sqrt", {I(9)}, kV1), "d3.0");
  EXPECT_EQ(Run("sqrt", {S("16")}, kV2), "4");
  EXPECT_DOUBLE_EQ(Num("tan", {I(3)}), -0.1425465430742778);
  EXPECT_DOUBLE_EQ(Num("tanh", {D("2.3")}), 0.9800963962661914);
}

TEST_F(MathTest, DoubleResultsPrintShortestRoundTrip) {
  EXPECT_EQ(Run("acos", {I(0)}), "d1.5707963267948966");
  EXPECT_EQ(Run("cosh", {D("2.3")}), "d5.037220649268761");
  EXPECT_EQ(Run("tan", {I(3)}), "d-0.1425465430742778");
}

TEST_F(MathTest, DoubleFunctionsNonRealResultsAreUndefined) {
  EXPECT_EQ(Run("acos", {I(2)}), "undefined");
  EXPECT_EQ(Run("acos", {D("-1.0000001")}), "undefined");
  EXPECT_EQ(Run("asin", {I(-2)}), "undefined");
  EXPECT_EQ(Run("ln", {I(0)}), "undefined");
  EXPECT_EQ(Run("ln", {I(-1)}), "undefined");
  EXPECT_EQ(Run("log", {I(0)}), "undefined");
  EXPECT_EQ(Run("log", {D("-0.5")}), "undefined");
  EXPECT_EQ(Run("sqrt", {I(-1)}), "undefined");
  EXPECT_EQ(Run("exp", {I(1000)}), "undefined");
  EXPECT_EQ(Run("cosh", {I(1000)}), "undefined");
  EXPECT_EQ(Run("sinh", {I(-1000)}), "undefined");
  EXPECT_EQ(Run("power", {I(0), I(-1)}), "undefined");
  EXPECT_EQ(Run("power", {I(-8), D("0.5")}), "undefined");
  EXPECT_EQ(Run("power", {I(10), I(400)}), "undefined");
  // 1E+500 does not fit a double: it becomes Infinity first.
  EXPECT_EQ(Run("sin", {D("1E+500")}), "undefined");
  EXPECT_EQ(Run("sqrt", {D("1E+500")}), "undefined");
  EXPECT_DOUBLE_EQ(Num("atan", {D("1E+500")}), 1.5707963267948966);
  EXPECT_EQ(Run("exp", {D("-1E+500")}, kV1), "d0.0");
}

TEST_F(MathTest, DoubleFunctionsOnExtremeInputs) {
  EXPECT_EQ(Run("sin", {D("-0.0")}, kV1), "d0.0");  // no negative zero
  EXPECT_EQ(Run("sqrt", {D("1E-500")}, kV1), "d0.0");
  EXPECT_DOUBLE_EQ(Num("sqrt", {Big("1000000000000000000000000000000000")}), 3.1622776601683794e16);
  EXPECT_DOUBLE_EQ(Num("power", {I(10), I(300)}), 1e300);
  EXPECT_DOUBLE_EQ(Num("power", {I(10), I(-300)}), 1e-300);
  EXPECT_DOUBLE_EQ(Num("log", {S("1E300")}), 300.0);
}

TEST_F(MathTest, Rand) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    Value v = Call("rand", {});
    ASSERT_TRUE(v.is_number());
    double d = v.as_decimal().ToDouble();
    EXPECT_GE(d, 0.0);
    EXPECT_LT(d, 1.0);
    seen.insert(Show(v));
  }
  EXPECT_GT(seen.size(), 90u);
}

TEST_F(MathTest, Trunc) {
  EXPECT_EQ(Run("trunc", {D("2.3"), I(0)}), "2");
  EXPECT_EQ(Run("trunc", {D("2.3123"), I(2)}), "d2.31");
  EXPECT_EQ(Run("trunc", {D("2.888"), I(2)}), "d2.88");
  EXPECT_EQ(Run("trunc", {D("2.00"), I(5)}), "2");
  EXPECT_EQ(Run("trunc", {D("2.00"), I(5)}, kV1), "d2");  // trailing zeros stripped
  EXPECT_EQ(Run("trunc", {D("2.500"), I(5)}, kV1), "d2.5");
  EXPECT_EQ(Run("trunc", {D("-2.888"), I(2)}), "d-2.88");
  EXPECT_EQ(Run("trunc", {D("-2.7"), I(0)}), "-2");
  EXPECT_EQ(Run("trunc", {D("2.7"), I(-1)}), "2");  // n < 0 -> 0
  EXPECT_EQ(Run("trunc", {D("2.7"), D("1.9")}), "d2.7");  // n rounded down
  EXPECT_EQ(Run("trunc", {D("2.77"), D("-0.5")}), "2");
  EXPECT_EQ(Run("trunc", {D("0.1234567890123456789012345678901234"), I(100)}),
            "d0.1234567890123456789012345678901234");  // n > 34 -> 34
  EXPECT_EQ(Run("trunc", {D("1E-40"), I(100)}), "0");
  EXPECT_EQ(Run("trunc", {S("2.3123"), I(1)}), "d2.3");
  EXPECT_EQ(Run("trunc", {I(7), I(2)}), "7");
  EXPECT_EQ(Run("trunc", {Big("1234567890123456789012345678901234"), I(0)}),
            "1234567890123456789012345678901234");
  EXPECT_EQ(Run("trunc", {D("1E+500"), I(3)}, kV1), "d1E+500");
  EXPECT_EQ(Run("trunc", {D("2.5"), S("1")}), "undefined");  // n must be a number
  EXPECT_EQ(Run("trunc", {D("2.5"), D("1E+500")}), "d2.5");
}

TEST_F(MathTest, Bitwise) {
  EXPECT_EQ(Run("bitand", {I(13), I(5)}), "5");
  EXPECT_EQ(Run("bitand", {D("13.9"), I(5)}), "5");
  EXPECT_EQ(Run("bitand", {S("12"), S("10")}), "8");
  EXPECT_EQ(Run("bitor", {I(8), I(5)}), "13");
  EXPECT_EQ(Run("bitor", {S("8"), S("5")}), "13");
  EXPECT_EQ(Run("bitxor", {I(13), I(5)}), "8");
  EXPECT_EQ(Run("bitxor", {S("13"), I(5)}), "8");
  EXPECT_EQ(Run("bitnot", {I(13)}), "-14");
  EXPECT_EQ(Run("bitnot", {I(0)}), "-1");
  EXPECT_EQ(Run("bitnot", {D("-1.5")}), "1");  // floor(-1.5) = -2
  EXPECT_EQ(Run("bitnot", {S("abc")}), "undefined");
  EXPECT_EQ(Run("bitand", {I(-1), I(INT64_MAX)}), "9223372036854775807");
  EXPECT_EQ(Run("bitor", {I(INT64_MIN), I(1)}), "-9223372036854775807");
  // Results are Ints in both versions.
  EXPECT_EQ(Run("bitand", {D("6.0"), D("3.0")}, kV1), "2");
}

}  // namespace
}  // namespace iotsql
