#include "value/convert.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace iotsql {
namespace {

Decimal D(std::string_view text) {
  std::optional<Decimal> d = Decimal::Parse(text, /*json_grammar=*/true);
  EXPECT_TRUE(d.has_value()) << text;
  return d.value_or(Decimal());
}

std::string Json(const Value& v) {
  std::string out;
  AppendJson(v, &out);
  return out;
}

TEST(Convert, ParseNumericStringAccepts) {
  for (const char* s : {"0", "-1.2", "5E-12", "1e2", "1E2", "007", "-0", "12345678901234567890"}) {
    EXPECT_TRUE(ParseNumericString(s).has_value()) << s;
  }
  EXPECT_EQ(ParseNumericString("1e2")->ToString(), "1E+2");
  EXPECT_EQ(ParseNumericString("-1.2")->ToString(), "-1.2");
  EXPECT_EQ(ParseNumericString("5E-12")->ToString(), "5E-12");
}

TEST(Convert, ParseNumericStringRejects) {
  for (const char* s : {"+5", ".5", "5.", " 5", "5 ", "1E+2", "", "-", "abc", "1e", "0x1",
                        "1_000", "5\n"}) {
    EXPECT_FALSE(ParseNumericString(s).has_value()) << s;
  }
}

TEST(Convert, MakeNumberV2WholeDecimalsAreInts) {
  Value v = MakeNumber(D("10.0"), true);
  ASSERT_TRUE(v.is_int());
  EXPECT_EQ(v.as_int(), 10);
  v = MakeNumber(D("1E+2"), true);
  ASSERT_TRUE(v.is_int());
  EXPECT_EQ(v.as_int(), 100);
  v = MakeNumber(D("0.00"), true);
  ASSERT_TRUE(v.is_int());
  EXPECT_EQ(v.as_int(), 0);
  v = MakeNumber(D("-5.000"), true);
  ASSERT_TRUE(v.is_int());
  EXPECT_EQ(v.as_int(), -5);
  v = MakeNumber(D("1.5"), true);
  ASSERT_TRUE(v.is_decimal());
  EXPECT_EQ(Json(v), "1.5");
}

TEST(Convert, MakeNumberV1KeepsDecimals) {
  Value v = MakeNumber(D("10.0"), false);
  ASSERT_TRUE(v.is_decimal());
  EXPECT_EQ(Json(v), "10.0");
  v = MakeNumber(D("1E+2"), false);
  ASSERT_TRUE(v.is_decimal());
  EXPECT_EQ(Json(v), "1E+2");
}

TEST(Convert, MakeNumberBigInts) {
  Value v = MakeNumber(D("12345678901234567890.0"), true);
  ASSERT_TRUE(v.is_int());
  EXPECT_TRUE(v.is_big_int());
  EXPECT_EQ(Json(v), "12345678901234567890");
  v = MakeNumber(D("1234567890123456789012345678901234"), true);
  ASSERT_TRUE(v.is_big_int());
  EXPECT_EQ(Json(v), "1234567890123456789012345678901234");
  v = MakeNumber(D("1.2E+20"), true);
  ASSERT_TRUE(v.is_big_int());
  EXPECT_EQ(Json(v), "120000000000000000000");
  EXPECT_EQ(v.decimal_bits().high() & 0x7ffe000000000000ULL, 0x3040000000000000ULL);  // exp 0
  v = MakeNumber(D("-9223372036854775808"), true);
  ASSERT_TRUE(v.is_int());
  EXPECT_FALSE(v.is_big_int());
  EXPECT_EQ(v.as_int(), INT64_MIN);
  // Past 34 digits a whole number cannot be an Int: it stays a Decimal.
  v = MakeNumber(D("1E+40"), true);
  ASSERT_TRUE(v.is_decimal());
  EXPECT_EQ(Json(v), "1E+40");
}

TEST(Convert, MakeIntFromDecimal) {
  EXPECT_EQ(MakeIntFromDecimal(D("42")).as_int(), 42);
  EXPECT_TRUE(MakeIntFromDecimal(D("1E+34")).is_undefined());  // 35 digits
  Value v = MakeIntFromDecimal(D("9999999999999999999999999999999999"));
  ASSERT_TRUE(v.is_big_int());
  EXPECT_EQ(Json(v), "9999999999999999999999999999999999");
  v = MakeIntFromDecimal(D("-18446744073709551616"));
  ASSERT_TRUE(v.is_big_int());
  EXPECT_EQ(Json(v), "-18446744073709551616");
}

TEST(Convert, ToNumeric) {
  Value v = ToNumeric(Value::Int(3));
  ASSERT_TRUE(v.is_int());
  EXPECT_EQ(v.as_int(), 3);
  v = ToNumeric(Value::Dec(D("2.5")));
  ASSERT_TRUE(v.is_decimal());
  v = ToNumeric(Value::String("1.5"));
  ASSERT_TRUE(v.is_decimal());
  EXPECT_EQ(Json(v), "1.5");
  v = ToNumeric(Value::String("7"));
  ASSERT_TRUE(v.is_decimal());
  EXPECT_EQ(Json(v), "7");
  EXPECT_TRUE(ToNumeric(Value::String("abc")).is_undefined());
  EXPECT_TRUE(ToNumeric(Value::String("+5")).is_undefined());
  EXPECT_TRUE(ToNumeric(Value::Null()).is_null());
  EXPECT_TRUE(ToNumeric(Value::Bool(true)).is_undefined());
  EXPECT_TRUE(ToNumeric(Value::Undefined()).is_undefined());
  EXPECT_TRUE(ToNumeric(Value::Array(nullptr, 0)).is_undefined());
  EXPECT_TRUE(ToNumeric(Value::Object(nullptr, 0)).is_undefined());
}

TEST(Convert, ToBoolean) {
  EXPECT_TRUE(ToBoolean(Value::Bool(true)).is_true());
  EXPECT_TRUE(ToBoolean(Value::String("TRUE")).is_true());
  EXPECT_TRUE(ToBoolean(Value::String("tRuE")).is_true());
  Value f = ToBoolean(Value::String("False"));
  ASSERT_TRUE(f.is_bool());
  EXPECT_FALSE(f.as_bool());
  EXPECT_TRUE(ToBoolean(Value::String("yes")).is_undefined());
  EXPECT_TRUE(ToBoolean(Value::String(" true")).is_undefined());
  EXPECT_TRUE(ToBoolean(Value::Int(1)).is_undefined());
  EXPECT_TRUE(ToBoolean(Value::Dec(D("0"))).is_undefined());
  EXPECT_TRUE(ToBoolean(Value::Null()).is_undefined());
  EXPECT_TRUE(ToBoolean(Value::Undefined()).is_undefined());
}

TEST(Convert, ToStringValue) {
  Arena arena;
  auto str = [&](const Value& v) {
    Value s = ToStringValue(v, &arena);
    EXPECT_TRUE(s.is_string());
    return std::string(s.as_string());
  };
  EXPECT_EQ(str(Value::Int(42)), "42");
  EXPECT_EQ(str(Value::Int(-7)), "-7");
  EXPECT_EQ(str(Value::Dec(D("1E+2"))), "1E+2");
  EXPECT_EQ(str(Value::Dec(D("0.0000001"))), "1E-7");
  EXPECT_EQ(str(Value::Dec(D("10.50"))), "10.50");
  EXPECT_EQ(str(Value::BigInt(D("123456789012345678901234"))), "123456789012345678901234");
  EXPECT_EQ(str(Value::Bool(true)), "true");
  EXPECT_EQ(str(Value::Bool(false)), "false");
  Value items[] = {Value::Int(1), Value::String("a"), Value::Null()};
  EXPECT_EQ(str(Value::Array(items, 3)), "[1,\"a\",null]");
  Value hello[] = {Value::String("hello")};
  EXPECT_EQ(str(Value::Array(hello, 1)), "[\"hello\"]");
  Member members[] = {{"a", Value::Int(1)}, {"b", Value::Array(items, 2)}};
  EXPECT_EQ(str(Value::Object(members, 2)), "{\"a\":1,\"b\":[1,\"a\"]}");

  // Strings pass through without a copy.
  std::string text = "unchanged";
  Value s = ToStringValue(Value::String(text), &arena);
  EXPECT_EQ(s.as_string().data(), text.data());

  EXPECT_TRUE(ToStringValue(Value::Null(), &arena).is_undefined());
  EXPECT_TRUE(ToStringValue(Value::Undefined(), &arena).is_undefined());
  EXPECT_TRUE(ToStringValue(Value::Binary("ab"), &arena).is_undefined());
}

TEST(Convert, AppendJsonScalars) {
  EXPECT_EQ(Json(Value::Undefined()), "");
  EXPECT_EQ(Json(Value::Null()), "null");
  EXPECT_EQ(Json(Value::Bool(true)), "true");
  EXPECT_EQ(Json(Value::Int(INT64_MIN)), "-9223372036854775808");
  EXPECT_EQ(Json(Value::Dec(D("-0.5"))), "-0.5");
  EXPECT_EQ(Json(Value::Dec(D("5E-12"))), "5E-12");
  EXPECT_EQ(Json(Value::String("")), "\"\"");
  EXPECT_EQ(Json(Value::Binary("hi")), "\"aGk=\"");
  EXPECT_EQ(Json(Value::Binary("abc")), "\"YWJj\"");
  EXPECT_EQ(Json(Value::Binary("a")), "\"YQ==\"");
  EXPECT_EQ(Json(Value::Binary("")), "\"\"");
}

TEST(Convert, AppendJsonEscaping) {
  std::string raw = "a\"b\\c/d\n\t\r\b\f";
  raw.push_back('\x01');
  raw.push_back('\x1f');
  raw.push_back('\0');
  raw += "\x7f";
  EXPECT_EQ(Json(Value::String(raw)),
            "\"a\\\"b\\\\c/d\\n\\t\\r\\b\\f\\u0001\\u001F\\u0000\x7f\"");
  // Non-ASCII UTF-8 passes through unchanged.
  EXPECT_EQ(Json(Value::String("h\xC3\xA9llo \xE6\x97\xA5\xF0\x9F\x98\x80")),
            "\"h\xC3\xA9llo \xE6\x97\xA5\xF0\x9F\x98\x80\"");
  std::string out;
  AppendJsonString("key\"", &out);
  EXPECT_EQ(out, "\"key\\\"\"");
  Member m[] = {{"we\"ird", Value::Int(1)}};
  EXPECT_EQ(Json(Value::Object(m, 1)), "{\"we\\\"ird\":1}");
}

TEST(Convert, AppendJsonStringOfBytesReplacesWhatIsNotUtf8) {
  std::string out;
  AppendJsonStringOfBytes("ok \xC3\xA9\t", &out);  // valid: as AppendJsonString
  EXPECT_EQ(out, "\"ok \xC3\xA9\\t\"");
  out.clear();
  AppendJsonStringOfBytes(std::string("a\xFF\"\x01", 4), &out);
  EXPECT_EQ(out, "\"a\xEF\xBF\xBD\\\"\\u0001\"");
}

TEST(Convert, AppendJsonNesting) {
  Value inner_items[] = {Value::Int(1), Value::Undefined(), Value::Dec(D("2.50"))};
  Member inner[] = {{"x", Value::Bool(false)}, {"gone", Value::Undefined()},
                    {"arr", Value::Array(inner_items, 3)}};
  Value outer_items[] = {Value::Object(inner, 3), Value::Array(nullptr, 0),
                         Value::Object(nullptr, 0)};
  Member outer[] = {{"list", Value::Array(outer_items, 3)}, {"n", Value::Null()}};
  EXPECT_EQ(Json(Value::Object(outer, 2)),
            "{\"list\":[{\"x\":false,\"arr\":[1,null,2.50]},[],{}],\"n\":null}");
  Member only_undefined[] = {{"a", Value::Undefined()}};
  EXPECT_EQ(Json(Value::Object(only_undefined, 1)), "{}");
}

TEST(Convert, ValuesEqualNumbers) {
  EXPECT_TRUE(ValuesEqual(Value::Int(1), Value::Dec(D("1.0"))));
  EXPECT_TRUE(ValuesEqual(Value::Dec(D("1E+2")), Value::Int(100)));
  EXPECT_FALSE(ValuesEqual(Value::Int(1), Value::Int(2)));
  EXPECT_FALSE(ValuesEqual(Value::Dec(D("1.5")), Value::Dec(D("1.50001"))));
  EXPECT_TRUE(ValuesEqual(Value::BigInt(D("123456789012345678901")),
                          Value::Dec(D("123456789012345678901.000"))));
  EXPECT_FALSE(ValuesEqual(Value::BigInt(D("123456789012345678901")), Value::Int(1)));
}

TEST(Convert, ValuesEqualOtherKinds) {
  EXPECT_TRUE(ValuesEqual(Value::Null(), Value::Null()));
  EXPECT_TRUE(ValuesEqual(Value::Bool(true), Value::Bool(true)));
  EXPECT_FALSE(ValuesEqual(Value::Bool(true), Value::Bool(false)));
  EXPECT_TRUE(ValuesEqual(Value::String("abc"), Value::String("abc")));
  EXPECT_FALSE(ValuesEqual(Value::String("abc"), Value::String("ABC")));
  EXPECT_FALSE(ValuesEqual(Value::String("1"), Value::Int(1)));
  EXPECT_FALSE(ValuesEqual(Value::Null(), Value::Bool(false)));
  EXPECT_FALSE(ValuesEqual(Value::Array(nullptr, 0), Value::Object(nullptr, 0)));
}

TEST(Convert, ValuesEqualArrays) {
  Value a[] = {Value::Int(1), Value::String("x")};
  Value b[] = {Value::Dec(D("1.0")), Value::String("x")};
  Value c[] = {Value::String("x"), Value::Int(1)};
  EXPECT_TRUE(ValuesEqual(Value::Array(a, 2), Value::Array(b, 2)));
  EXPECT_FALSE(ValuesEqual(Value::Array(a, 2), Value::Array(c, 2)));
  EXPECT_FALSE(ValuesEqual(Value::Array(a, 2), Value::Array(a, 1)));
  EXPECT_TRUE(ValuesEqual(Value::Array(nullptr, 0), Value::Array(nullptr, 0)));
}

TEST(Convert, ValuesEqualObjectsIgnoreKeyOrder) {
  Value arr[] = {Value::Int(1), Value::Int(2)};
  Member a[] = {{"x", Value::Int(1)}, {"y", Value::Array(arr, 2)}, {"z", Value::Null()}};
  Member b[] = {{"z", Value::Null()}, {"x", Value::Dec(D("1.00"))}, {"y", Value::Array(arr, 2)}};
  EXPECT_TRUE(ValuesEqual(Value::Object(a, 3), Value::Object(b, 3)));
  Member c[] = {{"x", Value::Int(1)}, {"y", Value::Array(arr, 2)}};
  EXPECT_FALSE(ValuesEqual(Value::Object(a, 3), Value::Object(c, 2)));
  EXPECT_FALSE(ValuesEqual(Value::Object(c, 2), Value::Object(a, 3)));
  Member d[] = {{"x", Value::Int(2)}, {"y", Value::Array(arr, 2)}, {"z", Value::Null()}};
  EXPECT_FALSE(ValuesEqual(Value::Object(a, 3), Value::Object(d, 3)));
  Member e[] = {{"x", Value::Int(1)}, {"y", Value::Array(arr, 2)}, {"w", Value::Null()}};
  EXPECT_FALSE(ValuesEqual(Value::Object(a, 3), Value::Object(e, 3)));
  // Undefined members do not exist.
  Member g[] = {{"x", Value::Int(1)}, {"q", Value::Undefined()}};
  Member h[] = {{"x", Value::Int(1)}};
  EXPECT_TRUE(ValuesEqual(Value::Object(g, 2), Value::Object(h, 1)));
  EXPECT_TRUE(ValuesEqual(Value::Object(h, 1), Value::Object(g, 2)));
}

TEST(Convert, CopyValueIsDeep) {
  Arena arena;
  std::string key = "key";
  std::string text = "text";
  std::vector<Value> items = {Value::String(text), Value::Int(5)};
  std::vector<Member> members = {{key, Value::Array(items.data(), 2)},
                                 {"d", Value::Dec(D("1.50"))},
                                 {"b", Value::Binary(text)}};
  Value original = Value::Object(members.data(), 3);
  Value copy = CopyValue(original, &arena);
  std::string before = Json(copy);
  EXPECT_EQ(before, Json(original));
  // Clobber every source buffer; the copy must not change.
  key.assign("XXX");
  text.assign("YYYY");
  items[1] = Value::Int(6);
  members[1].value = Value::Null();
  EXPECT_EQ(Json(copy), before);
  EXPECT_EQ(before, "{\"key\":[\"text\",5],\"d\":1.50,\"b\":\"dGV4dA==\"}");
  EXPECT_TRUE(ValuesEqual(CopyValue(Value::Int(3), &arena), Value::Int(3)));
}

}  // namespace
}  // namespace iotsql
