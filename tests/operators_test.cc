// The operator tables of spec §10 (src/vm/operators.h), one operand pair at a time, in both SQL
// versions where the result's type depends on it.
#include "vm/operators.h"

#include <cstdint>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "iotsql/iotsql.h"
#include "value/convert.h"

namespace iotsql {
namespace {

// "Kind:json" so that a failure shows the type as well as the value.
std::string Show(const Value& v) {
  if (v.is_undefined()) return "Undefined";
  std::string out = v.is_big_int() ? "BigInt" : KindName(v.kind());
  out += ':';
  AppendJson(v, &out);
  return out;
}

class OperatorsTest : public ::testing::Test {
 protected:
  Value I(int64_t i) { return Value::Int(i); }
  Value D(const char* text) { return Value::Dec(*Decimal::Parse(text)); }
  Value Big(const char* digits) { return Value::BigInt(*Decimal::Parse(digits)); }
  Value S(const char* s) { return Value::String(s); }
  Value B(bool b) { return Value::Bool(b); }
  Value N() { return Value::Null(); }
  Value U() { return Value::Undefined(); }
  Value A(std::initializer_list<Value> items) {
    Value* p = arena_.AllocateArray<Value>(items.size());
    size_t i = 0;
    for (const Value& v : items) p[i++] = v;
    return Value::Array(p, static_cast<uint32_t>(items.size()));
  }
  Value O(std::initializer_list<std::pair<const char*, Value>> members) {
    Member* p = arena_.AllocateArray<Member>(members.size());
    size_t i = 0;
    for (const auto& m : members) p[i++] = Member{m.first, m.second};
    return Value::Object(p, static_cast<uint32_t>(members.size()));
  }

  Arena arena_;
  OperatorEnv v1_{&arena_, false};
  OperatorEnv v2_{&arena_, true};
};

// ---- + -----------------------------------------------------------------------------------------

TEST_F(OperatorsTest, AddNumbers) {
  EXPECT_EQ(Show(OpAdd(I(2), I(3), v1_)), "Int:5");
  EXPECT_EQ(Show(OpAdd(I(-2), I(3), v2_)), "Int:1");
  EXPECT_EQ(Show(OpAdd(I(1), D("1.5"), v1_)), "Decimal:2.5");
  EXPECT_EQ(Show(OpAdd(D("1.5"), I(1), v2_)), "Decimal:2.5");
  // Whole Decimal results: Decimal in 2015-10-08, Int in 2016-03-23.
  EXPECT_EQ(Show(OpAdd(D("1.5"), D("1.5"), v1_)), "Decimal:3.0");
  EXPECT_EQ(Show(OpAdd(D("1.5"), D("1.5"), v2_)), "Int:3");
  EXPECT_EQ(Show(OpAdd(I(1), D("2.0"), v1_)), "Decimal:3.0");
  EXPECT_EQ(Show(OpAdd(I(1), D("2.0"), v2_)), "Int:3");
  EXPECT_EQ(Show(OpAdd(D("0.1"), D("0.2"), v1_)), "Decimal:0.3");
}

TEST_F(OperatorsTest, AddConcatenatesWhenEitherSideIsAString) {
  EXPECT_EQ(Show(OpAdd(S("a"), I(1), v2_)), "String:\"a1\"");
  EXPECT_EQ(Show(OpAdd(S("1"), I(2), v2_)), "String:\"12\"");  // no numeric conversion
  EXPECT_EQ(Show(OpAdd(I(1), S("a"), v2_)), "String:\"1a\"");
  EXPECT_EQ(Show(OpAdd(S("1"), S("2"), v2_)), "String:\"12\"");
  EXPECT_EQ(Show(OpAdd(S(""), S(""), v2_)), "String:\"\"");
  EXPECT_EQ(Show(OpAdd(S("x="), D("1.50"), v1_)), "String:\"x=1.50\"");
  EXPECT_EQ(Show(OpAdd(S("x="), B(true), v1_)), "String:\"x=true\"");
  EXPECT_EQ(Show(OpAdd(B(false), S("!"), v1_)), "String:\"false!\"");
  EXPECT_EQ(Show(OpAdd(S("a"), A({I(1), S("b")}), v1_)), "String:\"a[1,\\\"b\\\"]\"");
  EXPECT_EQ(Show(OpAdd(O({{"k", I(1)}}), S("!"), v1_)), "String:\"{\\\"k\\\":1}!\"");
  EXPECT_EQ(Show(OpAdd(S("n="), Big("123456789012345678901234567890"), v1_)),
            "String:\"n=123456789012345678901234567890\"");
  // Null and Undefined have no String form (open question 32).
  EXPECT_EQ(Show(OpAdd(S("a"), N(), v2_)), "Undefined");
  EXPECT_EQ(Show(OpAdd(N(), S("a"), v2_)), "Undefined");
  EXPECT_EQ(Show(OpAdd(S("a"), U(), v2_)), "Undefined");
  EXPECT_EQ(Show(OpAdd(U(), S("a"), v2_)), "Undefined");
  EXPECT_EQ(Show(OpAdd(S("a"), Value::Binary("xy"), v2_)), "Undefined");
}

TEST_F(OperatorsTest, AddOtherCombinationsAreUndefined) {
  EXPECT_EQ(Show(OpAdd(B(true), I(1), v2_)), "Undefined");
  EXPECT_EQ(Show(OpAdd(I(1), B(true), v2_)), "Undefined");
  EXPECT_EQ(Show(OpAdd(N(), I(1), v2_)), "Undefined");
  EXPECT_EQ(Show(OpAdd(I(1), N(), v2_)), "Undefined");
  EXPECT_EQ(Show(OpAdd(N(), N(), v2_)), "Undefined");
  EXPECT_EQ(Show(OpAdd(A({I(1)}), A({I(2)}), v2_)), "Undefined");
  EXPECT_EQ(Show(OpAdd(O({}), I(1), v2_)), "Undefined");
  EXPECT_EQ(Show(OpAdd(I(1), U(), v2_)), "Undefined");
  EXPECT_EQ(Show(OpAdd(U(), U(), v2_)), "Undefined");
}

TEST_F(OperatorsTest, Int64OverflowPromotesToBigInts) {
  EXPECT_EQ(Show(OpAdd(I(INT64_MAX), I(1), v2_)), "BigInt:9223372036854775808");
  EXPECT_EQ(Show(OpAdd(I(INT64_MIN), I(-1), v1_)), "BigInt:-9223372036854775809");
  EXPECT_EQ(Show(OpSub(I(INT64_MIN), I(1), v1_)), "BigInt:-9223372036854775809");
  EXPECT_EQ(Show(OpSub(I(INT64_MAX), I(-1), v1_)), "BigInt:9223372036854775808");
  EXPECT_EQ(Show(OpMul(I(INT64_MAX), I(2), v1_)), "BigInt:18446744073709551614");
  EXPECT_EQ(Show(OpMul(I(INT64_MIN), I(-1), v1_)), "BigInt:9223372036854775808");
  EXPECT_EQ(Show(OpNeg(I(INT64_MIN), v1_)), "BigInt:9223372036854775808");
  EXPECT_EQ(Show(OpDiv(I(INT64_MIN), I(-1), v1_)), "BigInt:9223372036854775808");
  // Back into int64 range: a plain Int again.
  Value big = OpAdd(I(INT64_MAX), I(1), v1_);
  Value back = OpSub(big, I(1), v1_);
  EXPECT_EQ(Show(back), "Int:9223372036854775807");
  EXPECT_FALSE(back.is_big_int());
  // Big Int arithmetic stays exact and integral in both versions.
  EXPECT_EQ(Show(OpAdd(Big("99999999999999999999"), I(1), v1_)), "BigInt:100000000000000000000");
  EXPECT_EQ(Show(OpMul(Big("100000000000000000000"), Big("10000000000000"), v1_)),
            "BigInt:1000000000000000000000000000000000");  // 10^33: 34 digits
}

TEST_F(OperatorsTest, IntsBeyondThirtyFourDigitsAreUndefined) {
  Value max34 = Big("9999999999999999999999999999999999");
  EXPECT_EQ(Show(OpAdd(max34, I(0), v2_)), "BigInt:9999999999999999999999999999999999");
  EXPECT_EQ(Show(OpAdd(max34, I(1), v2_)), "Undefined");
  EXPECT_EQ(Show(OpMul(Big("100000000000000000000"), Big("100000000000000000000"), v2_)),
            "Undefined");
  EXPECT_EQ(Show(OpSub(OpNeg(max34, v2_), I(1), v2_)), "Undefined");
}

// ---- - * / % -----------------------------------------------------------------------------------

TEST_F(OperatorsTest, SubMulWithNumbersAndNumericStrings) {
  EXPECT_EQ(Show(OpSub(I(5), I(3), v1_)), "Int:2");
  EXPECT_EQ(Show(OpSub(I(5), D("1.5"), v1_)), "Decimal:3.5");
  EXPECT_EQ(Show(OpMul(I(3), I(-4), v1_)), "Int:-12");
  EXPECT_EQ(Show(OpMul(I(2), D("1.5"), v1_)), "Decimal:3.0");
  EXPECT_EQ(Show(OpMul(I(2), D("1.5"), v2_)), "Int:3");
  // Strings that parse as numbers give Decimals (Ints in 2016-03-23 when whole).
  EXPECT_EQ(Show(OpSub(S("5"), S("3"), v2_)), "Int:2");
  EXPECT_EQ(Show(OpSub(S("5"), S("3"), v1_)), "Decimal:2");
  EXPECT_EQ(Show(OpSub(S("5.5"), I(3), v1_)), "Decimal:2.5");
  EXPECT_EQ(Show(OpMul(S("-1.2"), S("1e2"), v2_)), "Int:-120");
  EXPECT_EQ(Show(OpSub(I(1), S("0.25"), v2_)), "Decimal:0.75");
  // Strings outside the §9.2 regex are not numbers.
  for (const char* bad : {"a", "", "+5", ".5", "5.", " 5", "5 ", "1E+2", "0x10"}) {
    SCOPED_TRACE(bad);
    EXPECT_EQ(Show(OpSub(S(bad), I(1), v2_)), "Undefined");
    EXPECT_EQ(Show(OpMul(I(1), S(bad), v2_)), "Undefined");
  }
  // Non-numbers.
  EXPECT_EQ(Show(OpSub(B(true), I(1), v2_)), "Undefined");
  EXPECT_EQ(Show(OpSub(N(), I(1), v2_)), "Undefined");
  EXPECT_EQ(Show(OpMul(A({I(1)}), I(1), v2_)), "Undefined");
  EXPECT_EQ(Show(OpMul(O({{"a", I(1)}}), I(1), v2_)), "Undefined");
  EXPECT_EQ(Show(OpSub(I(1), U(), v2_)), "Undefined");
  EXPECT_EQ(Show(OpMul(U(), I(1), v2_)), "Undefined");
}

TEST_F(OperatorsTest, IntDivisionTruncatesTowardZero) {
  EXPECT_EQ(Show(OpDiv(I(10), I(4), v1_)), "Int:2");
  EXPECT_EQ(Show(OpDiv(I(10), I(4), v2_)), "Int:2");
  EXPECT_EQ(Show(OpDiv(I(-7), I(2), v2_)), "Int:-3");
  EXPECT_EQ(Show(OpDiv(I(7), I(-2), v2_)), "Int:-3");
  EXPECT_EQ(Show(OpDiv(I(-7), I(-2), v2_)), "Int:3");
  EXPECT_EQ(Show(OpDiv(I(0), I(5), v2_)), "Int:0");
  EXPECT_EQ(Show(OpDiv(I(5), I(-1), v2_)), "Int:-5");
  // Big Ints divide exactly, then truncate.
  EXPECT_EQ(Show(OpDiv(Big("100000000000000000000"), I(3), v2_)), "BigInt:33333333333333333333");
  EXPECT_EQ(Show(OpDiv(Big("100000000000000000000"), I(-100), v1_)), "Int:-1000000000000000000");
  EXPECT_EQ(Show(OpDiv(Big("-100000000000000000001"), I(10), v2_)),
            "BigInt:-10000000000000000000");
  EXPECT_EQ(Show(OpDiv(Big("100000000000000000000"), Big("100000000000000000000"), v2_)),
            "Int:1");
}

TEST_F(OperatorsTest, DivisionWithDecimalsAndStringsIsExact) {
  EXPECT_EQ(Show(OpDiv(D("10.0"), I(4), v1_)), "Decimal:2.5");
  EXPECT_EQ(Show(OpDiv(I(10), D("4.0"), v2_)), "Decimal:2.5");
  EXPECT_EQ(Show(OpDiv(S("10"), I(4), v2_)), "Decimal:2.5");  // spec §10.4 example
  EXPECT_EQ(Show(OpDiv(S("10"), S("4"), v1_)), "Decimal:2.5");
  EXPECT_EQ(Show(OpDiv(I(1), D("3.0"), v1_)), "Decimal:0.3333333333333333333333333333333333");
  EXPECT_EQ(Show(OpDiv(D("10.0"), I(5), v2_)), "Int:2");
  Value v1_whole = OpDiv(D("10.0"), I(5), v1_);
  EXPECT_TRUE(v1_whole.is_decimal()) << Show(v1_whole);
  EXPECT_EQ(Show(OpDiv(S("a"), I(1), v2_)), "Undefined");
  EXPECT_EQ(Show(OpDiv(B(true), I(1), v2_)), "Undefined");
  EXPECT_EQ(Show(OpDiv(N(), I(1), v2_)), "Undefined");
}

TEST_F(OperatorsTest, DivisionAndRemainderByZeroAreUndefined) {
  for (const OperatorEnv* env : {&v1_, &v2_}) {
    EXPECT_EQ(Show(OpDiv(I(1), I(0), *env)), "Undefined");
    EXPECT_EQ(Show(OpDiv(I(0), I(0), *env)), "Undefined");
    EXPECT_EQ(Show(OpDiv(D("1.5"), I(0), *env)), "Undefined");
    EXPECT_EQ(Show(OpDiv(I(1), D("0.0"), *env)), "Undefined");
    EXPECT_EQ(Show(OpDiv(S("1"), S("0"), *env)), "Undefined");
    EXPECT_EQ(Show(OpDiv(Big("100000000000000000000"), I(0), *env)), "Undefined");
    EXPECT_EQ(Show(OpMod(I(1), I(0), *env)), "Undefined");
    EXPECT_EQ(Show(OpMod(D("1.5"), D("0.00"), *env)), "Undefined");
    EXPECT_EQ(Show(OpMod(S("7"), S("0"), *env)), "Undefined");
    EXPECT_EQ(Show(OpMod(I(INT64_MIN), I(0), *env)), "Undefined");
  }
}

TEST_F(OperatorsTest, RemainderTakesTheDividendsSign) {
  EXPECT_EQ(Show(OpMod(I(7), I(3), v1_)), "Int:1");
  EXPECT_EQ(Show(OpMod(I(-7), I(3), v1_)), "Int:-1");
  EXPECT_EQ(Show(OpMod(I(7), I(-3), v1_)), "Int:1");
  EXPECT_EQ(Show(OpMod(I(-7), I(-3), v1_)), "Int:-1");
  EXPECT_EQ(Show(OpMod(I(6), I(3), v1_)), "Int:0");
  EXPECT_EQ(Show(OpMod(I(INT64_MIN), I(-1), v1_)), "Int:0");  // no trap
  EXPECT_EQ(Show(OpMod(D("5.5"), I(2), v1_)), "Decimal:1.5");
  EXPECT_EQ(Show(OpMod(D("-5.5"), I(2), v1_)), "Decimal:-1.5");
  EXPECT_EQ(Show(OpMod(D("5.5"), D("-2"), v1_)), "Decimal:1.5");
  EXPECT_EQ(Show(OpMod(S("7"), S("3"), v2_)), "Int:1");
  EXPECT_EQ(Show(OpMod(S("-7"), I(3), v2_)), "Int:-1");
  EXPECT_EQ(Show(OpMod(Big("100000000000000000001"), I(10), v2_)), "Int:1");
  EXPECT_EQ(Show(OpMod(I(7), S("x"), v2_)), "Undefined");
  EXPECT_EQ(Show(OpMod(B(true), I(2), v2_)), "Undefined");
  EXPECT_EQ(Show(OpMod(N(), I(2), v2_)), "Undefined");
  EXPECT_EQ(Show(OpMod(I(7), U(), v2_)), "Undefined");
}

// 2016-03-23 writes a whole Decimal result as an Int, but it stays a Decimal to the operators:
// (50.4 - 32) * 5 / 9 divides 92.0 by 9, not 92 by 9. Whole decimals read as such are Ints.
TEST_F(OperatorsTest, WholeDecimalResultsStayDecimalsInV2) {
  Value product = OpMul(OpSub(D("50.4"), I(32), v2_), I(5), v2_);
  EXPECT_EQ(Show(product), "Int:92");  // written 92
  EXPECT_TRUE(product.is_whole_decimal());
  EXPECT_EQ(Show(OpDiv(product, I(9), v2_)), "Decimal:10.22222222222222222222222222222222");
  EXPECT_EQ(Show(OpMod(OpAdd(product, I(1), v2_), D("2.5"), v2_)), "Decimal:0.5");
  EXPECT_EQ(Show(OpDiv(OpAdd(product, I(1), v2_), I(2), v2_)), "Decimal:46.5");
  EXPECT_EQ(Show(OpDiv(OpNeg(product, v2_), I(8), v2_)), "Decimal:-11.5");
  EXPECT_EQ(Show(OpDiv(I(93), I(2), v2_)), "Int:46");  // real Ints still divide as Ints
  EXPECT_EQ(Show(OpDiv(OpSub(D("50.4"), I(32), v1_), I(2), v1_)), "Decimal:9.2");
  EXPECT_TRUE(ValuesEqual(product, I(92)));
  // Through functions: abs keeps it a Decimal; cast to Int and round make a plain Int.
  absl::StatusOr<Rule> rule = Rule::Compile(
      "SELECT abs(a * 2) / 4 AS x, cast(a * 2 AS Int) / 4 AS y, round(a * 2) / 4 AS z FROM 't'",
      SqlVersion::k2016_03_23);
  ASSERT_TRUE(rule.ok()) << rule.status();
  Evaluator evaluator;
  MessageContext context;
  context.topic = "t";
  absl::StatusOr<EvalResult> out = evaluator.Evaluate(*rule, R"({"a": 1.5})", context);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->payload, R"({"x":0.75,"y":0,"z":0})");
}

TEST_F(OperatorsTest, UnaryMinus) {
  EXPECT_EQ(Show(OpNeg(I(5), v1_)), "Int:-5");
  EXPECT_EQ(Show(OpNeg(I(0), v1_)), "Int:0");
  EXPECT_EQ(Show(OpNeg(D("1.5"), v1_)), "Decimal:-1.5");
  EXPECT_EQ(Show(OpNeg(D("0.0"), v1_)), "Decimal:0.0");  // no "-0.0"
  EXPECT_EQ(Show(OpNeg(Big("-9223372036854775809"), v1_)), "BigInt:9223372036854775809");
  EXPECT_EQ(Show(OpNeg(Big("9223372036854775808"), v1_)), "Int:-9223372036854775808");
  // Numbers only (open question 22), though '5' - '3' converts.
  EXPECT_EQ(Show(OpNeg(S("5"), v2_)), "Undefined");
  EXPECT_EQ(Show(OpNeg(S("5"), v1_)), "Undefined");
  EXPECT_EQ(Show(OpNeg(S("-2.5"), v2_)), "Undefined");
  EXPECT_EQ(Show(OpNeg(S("abc"), v2_)), "Undefined");
  EXPECT_EQ(Show(OpNeg(B(true), v2_)), "Undefined");
  EXPECT_EQ(Show(OpNeg(N(), v2_)), "Undefined");
  EXPECT_EQ(Show(OpNeg(A({I(1)}), v2_)), "Undefined");
  EXPECT_EQ(Show(OpNeg(U(), v2_)), "Undefined");
}

// ---- AND OR NOT --------------------------------------------------------------------------------

TEST_F(OperatorsTest, LogicalTruthTables) {
  for (bool x : {false, true}) {
    for (bool y : {false, true}) {
      EXPECT_EQ(Show(OpAnd(B(x), B(y))), x && y ? "Boolean:true" : "Boolean:false");
      EXPECT_EQ(Show(OpOr(B(x), B(y))), x || y ? "Boolean:true" : "Boolean:false");
    }
    EXPECT_EQ(Show(OpNot(B(x))), x ? "Boolean:false" : "Boolean:true");
  }
}

TEST_F(OperatorsTest, LogicalWithTrueFalseStrings) {
  EXPECT_EQ(Show(OpAnd(S("true"), B(true))), "Boolean:true");
  EXPECT_EQ(Show(OpAnd(B(true), S("FALSE"))), "Boolean:false");
  EXPECT_EQ(Show(OpOr(S("False"), S("tRuE"))), "Boolean:true");
  EXPECT_EQ(Show(OpOr(S("false"), S("false"))), "Boolean:false");
  EXPECT_EQ(Show(OpNot(S("TRUE"))), "Boolean:false");
  EXPECT_EQ(Show(OpNot(S("false"))), "Boolean:true");
  // Other strings are not Booleans.
  for (const char* s : {"yes", "1", "", " true", "t", "truee"}) {
    SCOPED_TRACE(s);
    EXPECT_EQ(Show(OpAnd(S(s), B(true))), "Undefined");
    EXPECT_EQ(Show(OpOr(B(true), S(s))), "Undefined");
    EXPECT_EQ(Show(OpNot(S(s))), "Undefined");
  }
}

TEST_F(OperatorsTest, LogicalWithNonBooleansIsUndefinedEvenWhenTheOtherSideDecides) {
  // No short-circuit in the tables (open question 31).
  EXPECT_EQ(Show(OpAnd(B(false), I(1))), "Undefined");
  EXPECT_EQ(Show(OpOr(B(true), S("x"))), "Undefined");
  EXPECT_EQ(Show(OpAnd(B(false), U())), "Undefined");
  EXPECT_EQ(Show(OpOr(U(), B(true))), "Undefined");
  EXPECT_EQ(Show(OpAnd(N(), B(true))), "Undefined");
  EXPECT_EQ(Show(OpAnd(I(1), I(1))), "Undefined");
  EXPECT_EQ(Show(OpOr(D("0.0"), B(false))), "Undefined");
  EXPECT_EQ(Show(OpAnd(A({B(true)}), B(true))), "Undefined");
  EXPECT_EQ(Show(OpOr(O({}), B(true))), "Undefined");
  EXPECT_EQ(Show(OpNot(I(0))), "Undefined");
  EXPECT_EQ(Show(OpNot(N())), "Undefined");
  EXPECT_EQ(Show(OpNot(U())), "Undefined");
  EXPECT_EQ(Show(OpNot(A({}))), "Undefined");
}

// ---- = <> --------------------------------------------------------------------------------------

TEST_F(OperatorsTest, EqualityOfScalars) {
  EXPECT_EQ(Show(OpEq(I(1), I(1))), "Boolean:true");
  EXPECT_EQ(Show(OpEq(I(1), I(2))), "Boolean:false");
  EXPECT_EQ(Show(OpEq(I(1), D("1.0"))), "Boolean:true");  // numbers by value
  EXPECT_EQ(Show(OpEq(D("1.50"), D("1.5"))), "Boolean:true");
  EXPECT_EQ(Show(OpEq(Big("9223372036854775808"), D("9223372036854775808.0"))), "Boolean:true");
  EXPECT_EQ(Show(OpEq(Big("9223372036854775808"), I(INT64_MAX))), "Boolean:false");
  EXPECT_EQ(Show(OpEq(S("a"), S("a"))), "Boolean:true");
  EXPECT_EQ(Show(OpEq(S("a"), S("A"))), "Boolean:false");  // case-sensitive
  EXPECT_EQ(Show(OpEq(S("1"), I(1))), "Boolean:false");    // no string conversion
  EXPECT_EQ(Show(OpEq(S("true"), B(true))), "Boolean:false");
  EXPECT_EQ(Show(OpEq(B(true), B(true))), "Boolean:true");
  EXPECT_EQ(Show(OpEq(B(true), B(false))), "Boolean:false");
  EXPECT_EQ(Show(OpEq(N(), N())), "Boolean:true");         // open question 9
  EXPECT_EQ(Show(OpNe(N(), N())), "Boolean:false");        // documented
  EXPECT_EQ(Show(OpEq(N(), I(0))), "Boolean:false");
  EXPECT_EQ(Show(OpNe(N(), I(0))), "Boolean:true");
  EXPECT_EQ(Show(OpEq(N(), S(""))), "Boolean:false");
  EXPECT_EQ(Show(OpNe(I(1), I(2))), "Boolean:true");
  EXPECT_EQ(Show(OpNe(I(1), D("1.00"))), "Boolean:false");
  EXPECT_EQ(Show(OpNe(S("1"), I(1))), "Boolean:true");
  EXPECT_EQ(Show(OpEq(Value::Binary("ab"), S("ab"))), "Boolean:false");
}

TEST_F(OperatorsTest, EqualityWithUndefinedIsUndefined) {
  for (const Value& x : {I(1), S("a"), N(), B(true), A({}), O({}), U()}) {
    EXPECT_EQ(Show(OpEq(x, U())), "Undefined") << Show(x);
    EXPECT_EQ(Show(OpEq(U(), x)), "Undefined") << Show(x);
    EXPECT_EQ(Show(OpNe(x, U())), "Undefined") << Show(x);
    EXPECT_EQ(Show(OpNe(U(), x)), "Undefined") << Show(x);
  }
}

TEST_F(OperatorsTest, EqualityOfArraysAndObjects) {
  EXPECT_EQ(Show(OpEq(A({I(1), I(2)}), A({I(1), I(2)}))), "Boolean:true");
  EXPECT_EQ(Show(OpEq(A({I(1), I(2)}), A({I(2), I(1)}))), "Boolean:false");  // order matters
  EXPECT_EQ(Show(OpNe(A({I(1), I(2)}), A({I(2), I(1)}))), "Boolean:true");
  EXPECT_EQ(Show(OpEq(A({I(1)}), A({I(1), I(1)}))), "Boolean:false");
  EXPECT_EQ(Show(OpEq(A({}), A({}))), "Boolean:true");
  EXPECT_EQ(Show(OpEq(A({I(1), A({D("2.0")})}), A({D("1.0"), A({I(2)})}))), "Boolean:true");
  EXPECT_EQ(Show(OpEq(A({N()}), A({N()}))), "Boolean:true");
  EXPECT_EQ(Show(OpNe(A({S("a")}), A({S("a")}))), "Boolean:false");

  Value ab = O({{"a", I(1)}, {"b", A({S("x")})}});
  Value ba = O({{"b", A({S("x")})}, {"a", D("1.0")}});
  EXPECT_EQ(Show(OpEq(ab, ba)), "Boolean:true");  // key order irrelevant
  EXPECT_EQ(Show(OpNe(ab, ba)), "Boolean:false");
  EXPECT_EQ(Show(OpEq(O({{"a", I(1)}}), O({{"a", I(1)}, {"b", I(2)}}))), "Boolean:false");
  EXPECT_EQ(Show(OpEq(O({{"a", I(1)}, {"b", I(2)}}), O({{"a", I(1)}}))), "Boolean:false");
  EXPECT_EQ(Show(OpEq(O({{"a", I(1)}}), O({{"a", I(2)}}))), "Boolean:false");
  EXPECT_EQ(Show(OpEq(O({{"a", I(1)}}), O({{"A", I(1)}}))), "Boolean:false");
  EXPECT_EQ(Show(OpEq(O({}), O({}))), "Boolean:true");
  // Undefined members do not exist.
  EXPECT_EQ(Show(OpEq(O({{"a", I(1)}, {"u", U()}}), O({{"a", I(1)}}))), "Boolean:true");

  // Mismatched kinds are unequal, not Undefined.
  EXPECT_EQ(Show(OpEq(A({}), O({}))), "Boolean:false");
  EXPECT_EQ(Show(OpEq(A({I(1)}), I(1))), "Boolean:false");
  EXPECT_EQ(Show(OpEq(O({}), N())), "Boolean:false");
  EXPECT_EQ(Show(OpNe(A({}), N())), "Boolean:true");
  EXPECT_EQ(Show(OpEq(S("[1]"), A({I(1)}))), "Boolean:false");
}

// ---- < <= > >= ---------------------------------------------------------------------------------

TEST_F(OperatorsTest, OrderingOfNumbersAndNumericStrings) {
  EXPECT_EQ(Show(OpOrder(I(1), I(2), Ordering::kLt)), "Boolean:true");
  EXPECT_EQ(Show(OpOrder(I(2), I(2), Ordering::kLt)), "Boolean:false");
  EXPECT_EQ(Show(OpOrder(I(2), I(2), Ordering::kLe)), "Boolean:true");
  EXPECT_EQ(Show(OpOrder(I(3), I(2), Ordering::kGt)), "Boolean:true");
  EXPECT_EQ(Show(OpOrder(I(2), I(3), Ordering::kGe)), "Boolean:false");
  EXPECT_EQ(Show(OpOrder(D("1.5"), I(2), Ordering::kLt)), "Boolean:true");
  EXPECT_EQ(Show(OpOrder(D("2.0"), I(2), Ordering::kGe)), "Boolean:true");
  EXPECT_EQ(Show(OpOrder(Big("9223372036854775808"), I(INT64_MAX), Ordering::kGt)),
            "Boolean:true");
  EXPECT_EQ(Show(OpOrder(I(INT64_MIN), Big("-9223372036854775809"), Ordering::kGt)),
            "Boolean:true");
  // Strings are compared as numbers, never as text.
  EXPECT_EQ(Show(OpOrder(S("10"), S("9"), Ordering::kGt)), "Boolean:true");
  EXPECT_EQ(Show(OpOrder(S("10"), I(9), Ordering::kGt)), "Boolean:true");
  EXPECT_EQ(Show(OpOrder(I(1), S("2"), Ordering::kLt)), "Boolean:true");
  EXPECT_EQ(Show(OpOrder(S("-1.2"), S("0"), Ordering::kLt)), "Boolean:true");
  EXPECT_EQ(Show(OpOrder(S("1e2"), I(99), Ordering::kGt)), "Boolean:true");
  EXPECT_EQ(Show(OpOrder(S("5E-12"), I(0), Ordering::kGt)), "Boolean:true");
}

TEST_F(OperatorsTest, OrderingOfAnythingElseIsUndefined) {
  const Ordering all[] = {Ordering::kLt, Ordering::kLe, Ordering::kGt, Ordering::kGe};
  const std::pair<Value, Value> pairs[] = {
      {S("b"), S("a")},        {S("abc"), I(1)},      {I(1), S("1 ")},
      {B(true), B(false)},     {B(true), I(0)},       {N(), I(1)},
      {N(), N()},              {A({I(1)}), A({I(2)})}, {O({}), O({})},
      {U(), I(1)},             {I(1), U()},           {S("+5"), I(1)},
      {Value::Binary("1"), I(0)},
  };
  for (const auto& [a, b] : pairs) {
    for (Ordering o : all) {
      EXPECT_EQ(Show(OpOrder(a, b, o)), "Undefined") << Show(a) << " vs " << Show(b);
    }
    int order = 7;
    EXPECT_FALSE(NumericOrder(a, b, &order)) << Show(a) << " vs " << Show(b);
  }
}

TEST_F(OperatorsTest, NumericOrderReportsTheSign) {
  int order = 7;
  ASSERT_TRUE(NumericOrder(I(1), I(2), &order));
  EXPECT_EQ(order, -1);
  ASSERT_TRUE(NumericOrder(D("2.00"), I(2), &order));
  EXPECT_EQ(order, 0);
  ASSERT_TRUE(NumericOrder(S("10"), S("9"), &order));
  EXPECT_EQ(order, 1);
}

// ---- IN ----------------------------------------------------------------------------------------

TEST_F(OperatorsTest, InSearchesAnArrayWithEquality) {
  Value nums = A({I(1), I(2), I(3)});
  EXPECT_EQ(Show(OpIn(I(2), nums)), "Boolean:true");
  EXPECT_EQ(Show(OpIn(D("3.0"), nums)), "Boolean:true");   // numbers by value
  EXPECT_EQ(Show(OpIn(S("3"), nums)), "Boolean:false");    // strings never converted
  EXPECT_EQ(Show(OpIn(I(4), nums)), "Boolean:false");
  EXPECT_EQ(Show(OpIn(I(4), A({}))), "Boolean:false");
  EXPECT_EQ(Show(OpIn(S("red"), A({S("green"), S("red")}))), "Boolean:true");
  EXPECT_EQ(Show(OpIn(S("Red"), A({S("red")}))), "Boolean:false");
  EXPECT_EQ(Show(OpIn(N(), A({I(1), N()}))), "Boolean:true");
  EXPECT_EQ(Show(OpIn(N(), A({I(0)}))), "Boolean:false");
  EXPECT_EQ(Show(OpIn(B(false), A({B(false)}))), "Boolean:true");
  EXPECT_EQ(Show(OpIn(A({I(1), I(2)}), A({A({I(1), I(2)})}))), "Boolean:true");
  EXPECT_EQ(Show(OpIn(A({I(2), I(1)}), A({A({I(1), I(2)})}))), "Boolean:false");
  EXPECT_EQ(Show(OpIn(O({{"a", I(1)}, {"b", I(2)}}), A({O({{"b", I(2)}, {"a", I(1)}})}))),
            "Boolean:true");
  // An Undefined element never matches.
  EXPECT_EQ(Show(OpIn(I(1), A({U(), I(1)}))), "Boolean:true");
  EXPECT_EQ(Show(OpIn(N(), A({U()}))), "Boolean:false");
}

TEST_F(OperatorsTest, InWithoutAnArrayIsUndefined) {
  EXPECT_EQ(Show(OpIn(U(), A({I(1)}))), "Undefined");
  EXPECT_EQ(Show(OpIn(I(1), U())), "Undefined");
  EXPECT_EQ(Show(OpIn(S("x"), S("xyz"))), "Undefined");  // not a substring test
  EXPECT_EQ(Show(OpIn(I(1), I(1))), "Undefined");
  EXPECT_EQ(Show(OpIn(I(1), O({{"a", I(1)}}))), "Undefined");
  EXPECT_EQ(Show(OpIn(I(1), N())), "Undefined");
  EXPECT_EQ(Show(OpIn(B(true), B(true))), "Undefined");
}

// ---- every operand-kind pair ------------------------------------------------------------------

// The result kind each §10 table gives, derived from the spec's rules rather than from the code:
// a small reference model over one representative value per operand kind.
enum class Rep { kInt, kDec, kNumStr, kStr, kBoolStr, kBool, kNull, kUndef, kArr, kObj };
constexpr Rep kReps[] = {Rep::kInt,  Rep::kDec,  Rep::kNumStr, Rep::kStr, Rep::kBoolStr,
                         Rep::kBool, Rep::kNull, Rep::kUndef,  Rep::kArr, Rep::kObj};
const char* RepName(Rep r) {
  const char* names[] = {"Int 6", "Decimal 1.5", "'4'", "'a'", "'TRUE'",
                         "true", "null", "Undefined", "[1]", "{a:1}"};
  return names[static_cast<int>(r)];
}
bool IsNum(Rep r) { return r == Rep::kInt || r == Rep::kDec; }
bool IsStr(Rep r) { return r == Rep::kNumStr || r == Rep::kStr || r == Rep::kBoolStr; }
bool Numeric(Rep r) { return IsNum(r) || r == Rep::kNumStr; }       // §9.2 To Decimal
bool Boolish(Rep r) { return r == Rep::kBool || r == Rep::kBoolStr; }  // §10.1
bool HasString(Rep r) { return r != Rep::kNull && r != Rep::kUndef; }  // §9.2 To String

std::string ExpectedKind(const std::string& op, Rep a, Rep b) {
  const std::string U = "Undefined";
  if (op == "+") {
    if (a == Rep::kUndef || b == Rep::kUndef) return U;
    if (IsStr(a) || IsStr(b)) return HasString(a) && HasString(b) ? "String" : U;
    if (IsNum(a) && IsNum(b)) return a == Rep::kInt && b == Rep::kInt ? "Int" : "Decimal";
    return U;
  }
  if (op == "-" || op == "*" || op == "/" || op == "%") {
    if (!Numeric(a) || !Numeric(b)) return U;
    return a == Rep::kInt && b == Rep::kInt ? "Int" : "Decimal";
  }
  if (op == "AND" || op == "OR") return Boolish(a) && Boolish(b) ? "Boolean" : U;
  if (op == "=" || op == "<>") return a == Rep::kUndef || b == Rep::kUndef ? U : "Boolean";
  if (op == "<" || op == ">=") return Numeric(a) && Numeric(b) ? "Boolean" : U;
  if (op == "IN") return a != Rep::kUndef && b == Rep::kArr ? "Boolean" : U;
  return "?";
}

TEST_F(OperatorsTest, ResultKindsMatchTheTablesForEveryPair) {
  auto make = [this](Rep r) {
    switch (r) {
      case Rep::kInt: return I(6);
      case Rep::kDec: return D("1.5");
      case Rep::kNumStr: return S("4");
      case Rep::kStr: return S("a");
      case Rep::kBoolStr: return S("TRUE");
      case Rep::kBool: return B(true);
      case Rep::kNull: return N();
      case Rep::kUndef: return U();
      case Rep::kArr: return A({I(1)});
      case Rep::kObj: return O({{"a", I(1)}});
    }
    return U();
  };
  auto kind = [](const Value& v) {
    return v.is_undefined() ? std::string("Undefined") : std::string(KindName(v.kind()));
  };
  int checked = 0;
  for (Rep ra : kReps) {
    for (Rep rb : kReps) {
      Value a = make(ra), b = make(rb);
      const std::pair<std::string, Value> results[] = {
          {"+", OpAdd(a, b, v1_)},
          {"-", OpSub(a, b, v1_)},
          {"*", OpMul(a, b, v1_)},
          {"/", OpDiv(a, b, v1_)},
          {"%", OpMod(a, b, v1_)},
          {"AND", OpAnd(a, b)},
          {"OR", OpOr(a, b)},
          {"=", OpEq(a, b)},
          {"<>", OpNe(a, b)},
          {"<", OpOrder(a, b, Ordering::kLt)},
          {">=", OpOrder(a, b, Ordering::kGe)},
          {"IN", OpIn(a, b)},
      };
      for (const auto& [op, r] : results) {
        EXPECT_EQ(kind(r), ExpectedKind(op, ra, rb))
            << RepName(ra) << " " << op << " " << RepName(rb) << " gave " << Show(r);
        ++checked;
      }
    }
  }
  EXPECT_EQ(checked, 10 * 10 * 12);
}

TEST_F(OperatorsTest, UnaryResultKindsForEveryKind) {
  const std::pair<Value, const char*> cases[] = {
      {I(6), "Int"},        {D("1.5"), "Decimal"}, {S("4"), "Undefined"},
      {S("a"), "Undefined"}, {S("TRUE"), "Undefined"}, {B(true), "Undefined"},
      {N(), "Undefined"},   {U(), "Undefined"},    {A({I(1)}), "Undefined"},
      {O({{"a", I(1)}}), "Undefined"},
  };
  for (const auto& [v, neg_kind] : cases) {
    Value r = OpNeg(v, v2_);
    EXPECT_EQ(r.is_undefined() ? "Undefined" : KindName(r.kind()), std::string(neg_kind))
        << "-" << Show(v);
    Value n = OpNot(v);
    bool boolish = v.is_bool() || (v.is_string() && v.as_string() == "TRUE");
    EXPECT_EQ(n.is_bool(), boolish) << "NOT " << Show(v);
  }
}

}  // namespace
}  // namespace iotsql
