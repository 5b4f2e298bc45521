// Type functions (§15.5: isNull, isUndefined, get, get_or_default, cast) and transform (§15.9).
#include <initializer_list>
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

class TypesTest : public FunctionTest {
 protected:
  std::string CastTo(const Value& v, const char* keyword, SqlVersion version = kV2) {
    CastType type;
    bool needs_v2 = false;
    if (!ResolveCastType(keyword, &type, &needs_v2)) return "bad keyword";
    CallContext ctx = ctx_;
    ctx.version = version;
    return Show(Cast(ctx, v, type));
  }
};

TEST_F(TypesTest, Registration) {
  EXPECT_EQ(LookupFunction("isnull"), LookupFunction("isNull"));
  EXPECT_STREQ(LookupFunction("ISUNDEFINED")->name, "isUndefined");
  EXPECT_EQ(LookupFunction("isNull")->since, kV1);
  EXPECT_EQ(LookupFunction("isUndefined")->since, kV2);
  EXPECT_EQ(LookupFunction("transform")->since, kV2);
  EXPECT_EQ(LookupFunction("transform")->constant_args, 1u);
  EXPECT_EQ(LookupFunction("get")->category, FunctionCategory::kPure);
  EXPECT_EQ(LookupFunction("cast"), nullptr);  // cast is syntax, not a registered function
}

TEST_F(TypesTest, IsNullIsUndefined) {
  Value all[] = {Value::Undefined(), Value::Null(), Value::Bool(false), I(0), D("0.0"), S(""),
                 Arr({}), Obj({}), Value::Binary("")};
  for (const Value& v : all) {
    EXPECT_EQ(Run("isNull", {v}), v.is_null() ? "true" : "false") << KindName(v.kind());
    EXPECT_EQ(Run("isUndefined", {v}), v.is_undefined() ? "true" : "false")
        << KindName(v.kind());
  }
}

TEST_F(TypesTest, GetArray) {
  Value abc = Arr({S("a"), S("b"), S("c")});
  EXPECT_EQ(Run("get", {abc, I(0)}), "\"a\"");
  EXPECT_EQ(Run("get", {abc, I(1)}), "\"b\"");
  EXPECT_EQ(Run("get", {abc, I(2)}), "\"c\"");
  EXPECT_EQ(Run("get", {abc, I(3)}), "undefined");
  EXPECT_EQ(Run("get", {abc, I(-1)}), "undefined");
  EXPECT_EQ(Run("get", {abc, S("1")}), "\"b\"");
  EXPECT_EQ(Run("get", {abc, D("1.9")}), "\"b\"");    // rounded down
  EXPECT_EQ(Run("get", {abc, D("-0.5")}), "undefined");  // floor is -1
  EXPECT_EQ(Run("get", {abc, S("1.0")}), "\"b\"");
  EXPECT_EQ(Run("get", {abc, D("1E+500")}), "undefined");
  EXPECT_EQ(Run("get", {abc, D("-1E+500")}), "undefined");
  EXPECT_EQ(Run("get", {abc, Big("1234567890123456789012345678901234")}), "undefined");
  EXPECT_EQ(Run("get", {abc, I(INT64_MIN)}), "undefined");
  EXPECT_EQ(Run("get", {abc, S("x")}), "undefined");
  EXPECT_EQ(Run("get", {abc, S("")}), "undefined");
  EXPECT_EQ(Run("get", {abc, Value::Null()}), "undefined");
  EXPECT_EQ(Run("get", {abc, Value::Bool(true)}), "undefined");
  EXPECT_EQ(Run("get", {abc, Value::Undefined()}), "undefined");
  EXPECT_EQ(Run("get", {Arr({}), I(0)}), "undefined");
  EXPECT_EQ(Run("get", {Arr({Value::Null()}), I(0)}), "null");
  Value nested = Arr({Obj({}), Obj({{"x", S("y")}})});
  EXPECT_EQ(Run("get", {nested, I(1)}), "{\"x\":\"y\"}");
}

TEST_F(TypesTest, GetString) {
  EXPECT_EQ(Run("get", {S("abc"), I(1)}), "\"b\"");
  EXPECT_EQ(Run("get", {S("abc"), I(0)}), "\"a\"");
  EXPECT_EQ(Run("get", {S("abc"), I(3)}), "undefined");
  EXPECT_EQ(Run("get", {S("abc"), I(-1)}), "undefined");
  EXPECT_EQ(Run("get", {S("abc"), S("2")}), "\"c\"");
  EXPECT_EQ(Run("get", {S(""), I(0)}), "undefined");
  // Characters are code points of the UTF-8 text.
  Value text = S("a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80z");  // a é € 😀 z
  EXPECT_EQ(Run("get", {text, I(1)}), "\"\xC3\xA9\"");
  EXPECT_EQ(Run("get", {text, I(2)}), "\"\xE2\x82\xAC\"");
  EXPECT_EQ(Run("get", {text, I(3)}), "\"\xF0\x9F\x98\x80\"");
  EXPECT_EQ(Run("get", {text, I(4)}), "\"z\"");
  EXPECT_EQ(Run("get", {text, I(5)}), "undefined");
  // Malformed UTF-8 does not crash: a stray byte counts as one character.
  Value bad = Value::String(std::string_view("\xE2\x82x", 3));
  EXPECT_EQ(Call("get", {bad, I(2)}).as_string(), "x");
  EXPECT_EQ(Run("get", {bad, I(3)}), "undefined");
}

TEST_F(TypesTest, GetObject) {
  Value o = Obj({{"a", S("b")}, {"1", S("x")}, {"", I(0)}});
  EXPECT_EQ(Run("get", {o, S("a")}), "\"b\"");
  EXPECT_EQ(Run("get", {o, S("z")}), "undefined");
  EXPECT_EQ(Run("get", {o, I(1)}), "undefined");  // the key is not converted
  EXPECT_EQ(Run("get", {o, S("1")}), "\"x\"");
  EXPECT_EQ(Run("get", {o, S("")}), "0");
  EXPECT_EQ(Run("get", {o, Value::Null()}), "undefined");
  EXPECT_EQ(Run("get", {o, Value::Undefined()}), "undefined");
  EXPECT_EQ(Run("get", {Obj({{"k", I(1)}, {"k", I(2)}}), S("k")}), "2");  // last duplicate
  EXPECT_EQ(Run("get", {Obj({{"serial.no", I(7)}}), S("serial.no")}), "7");
}

TEST_F(TypesTest, GetOtherCollections) {
  for (const Value& c : {I(5), D("1.5"), Value::Bool(true), Value::Null(), Value::Undefined(),
                         Value::Binary("abc")}) {
    EXPECT_EQ(Run("get", {c, I(0)}), "undefined") << KindName(c.kind());
  }
}

TEST_F(TypesTest, GetOrDefault) {
  EXPECT_EQ(Run("get_or_default", {Value::Undefined(), S("dflt")}), "\"dflt\"");
  EXPECT_EQ(Run("get_or_default", {I(5), S("dflt")}), "5");
  EXPECT_EQ(Run("get_or_default", {Value::Null(), S("dflt")}), "null");
  EXPECT_EQ(Run("get_or_default", {S(""), S("dflt")}), "\"\"");
  EXPECT_EQ(Run("get_or_default", {Value::Undefined(), Value::Undefined()}), "undefined");
}

TEST_F(TypesTest, TransformEnrichArray) {
  Value attrs = Obj({{"data1", I(1)}, {"data2", I(2)}});
  Value values = Arr({Obj({{"a", I(3)}}), Obj({{"b", I(4)}}), Obj({{"c", I(5)}})});
  EXPECT_EQ(Run("transform", {S("enrichArray"), attrs, values}),
            "[{\"a\":3,\"data1\":1,\"data2\":2},{\"b\":4,\"data1\":1,\"data2\":2},"
            "{\"c\":5,\"data1\":1,\"data2\":2}]");
  EXPECT_EQ(Run("transform", {S("enrichArray"), Obj({{"key", I(1)}}), values}),
            "[{\"a\":3,\"key\":1},{\"b\":4,\"key\":1},{\"c\":5,\"key\":1}]");
  // obj wins on a shared key.
  EXPECT_EQ(Run("transform", {S("enrichArray"), Obj({{"a", I(9)}}),
                              Arr({Obj({{"a", I(3)}, {"z", I(0)}})})}),
            "[{\"z\":0,\"a\":9}]");
  EXPECT_EQ(Run("transform", {S("enrichArray"), attrs, Arr({})}), "[]");
  EXPECT_EQ(Run("transform", {S("enrichArray"), Obj({}), values}),
            "[{\"a\":3},{\"b\":4},{\"c\":5}]");
}

TEST_F(TypesTest, TransformInvalid) {
  Value attrs = Obj({{"data1", I(1)}});
  Value values = Arr({Obj({{"a", I(3)}})});
  EXPECT_EQ(Run("transform", {S("other"), attrs, values}), "undefined");
  EXPECT_EQ(Run("transform", {S("enricharray"), attrs, values}), "undefined");
  EXPECT_EQ(Run("transform", {S(""), attrs, values}), "undefined");
  EXPECT_EQ(Run("transform", {Value::Undefined(), attrs, values}), "undefined");
  EXPECT_EQ(Run("transform", {S("enrichArray"), values, values}), "undefined");
  EXPECT_EQ(Run("transform", {S("enrichArray"), Value::Null(), values}), "undefined");
  EXPECT_EQ(Run("transform", {S("enrichArray"), attrs, attrs}), "undefined");
  EXPECT_EQ(Run("transform", {S("enrichArray"), attrs, Value::Undefined()}), "undefined");
  EXPECT_EQ(Run("transform", {S("enrichArray"), attrs, Arr({Obj({}), I(1)})}), "undefined");
}

TEST_F(TypesTest, ResolveCastType) {
  struct Case {
    const char* keyword;
    CastType type;
    bool v2;
  } cases[] = {
      {"String", CastType::kString, false},   {"NVARCHAR", CastType::kString, false},
      {"text", CastType::kString, false},     {"Ntext", CastType::kString, false},
      {"varchar", CastType::kString, false},  {"Int", CastType::kInt, false},
      {"INTEGER", CastType::kInt, false},     {"Double", CastType::kDouble, false},
      {"DECIMAL", CastType::kDecimal, false}, {"decimal", CastType::kDecimal, false},
      {"Bool", CastType::kBoolean, true},     {"BOOLEAN", CastType::kBoolean, true},
  };
  for (const Case& c : cases) {
    CastType type = CastType::kString;
    bool needs_v2 = !c.v2;
    ASSERT_TRUE(ResolveCastType(c.keyword, &type, &needs_v2)) << c.keyword;
    EXPECT_EQ(type, c.type) << c.keyword;
    EXPECT_EQ(needs_v2, c.v2) << c.keyword;
  }
  CastType type;
  bool needs_v2;
  for (const char* bad : {"", "float", "Int ", "number", "char", "stringx", "bit"}) {
    EXPECT_FALSE(ResolveCastType(bad, &type, &needs_v2)) << bad;
  }
}

TEST_F(TypesTest, CastToString) {
  EXPECT_EQ(CastTo(I(12), "String"), "\"12\"");
  EXPECT_EQ(CastTo(I(5), "Nvarchar"), "\"5\"");
  EXPECT_EQ(CastTo(D("1.50"), "varchar"), "\"1.50\"");
  EXPECT_EQ(CastTo(D("1E+10"), "text"), "\"1E+10\"");
  EXPECT_EQ(CastTo(Value::Bool(true), "String"), "\"true\"");
  EXPECT_EQ(CastTo(S("abc"), "String"), "\"abc\"");
  EXPECT_EQ(CastTo(S(""), "String"), "\"\"");
  EXPECT_EQ(CastTo(Arr({I(1), S("a")}), "String"), "\"[1,\\\"a\\\"]\"");
  EXPECT_EQ(CastTo(Obj({{"a", I(1)}}), "String"), "\"{\\\"a\\\":1}\"");
  EXPECT_EQ(CastTo(Value::Null(), "String"), "undefined");
  EXPECT_EQ(CastTo(Value::Undefined(), "String"), "undefined");
  EXPECT_EQ(CastTo(Big("1234567890123456789012345678901234"), "String"),
            "\"1234567890123456789012345678901234\"");
}

TEST_F(TypesTest, CastToInt) {
  EXPECT_EQ(CastTo(Value::Bool(true), "Int"), "1");
  EXPECT_EQ(CastTo(Value::Bool(false), "Int"), "0");
  EXPECT_EQ(CastTo(I(7), "Int"), "7");
  EXPECT_EQ(CastTo(D("5.7"), "Int"), "5");
  EXPECT_EQ(CastTo(D("-5.7"), "Int"), "-6");  // rounded down
  EXPECT_EQ(CastTo(S("5.7"), "Int"), "5");
  EXPECT_EQ(CastTo(S("-5.2"), "Integer"), "-6");
  EXPECT_EQ(CastTo(S("7"), "Integer"), "7");
  EXPECT_EQ(CastTo(S("1e3"), "Int"), "1000");
  EXPECT_EQ(CastTo(S("abc"), "Int"), "undefined");
  EXPECT_EQ(CastTo(S(""), "Int"), "undefined");
  EXPECT_EQ(CastTo(S(" 5"), "Int"), "undefined");
  EXPECT_EQ(CastTo(Arr({I(1)}), "Int"), "undefined");
  EXPECT_EQ(CastTo(Obj({}), "Int"), "undefined");
  EXPECT_EQ(CastTo(Value::Null(), "Int"), "undefined");
  EXPECT_EQ(CastTo(Value::Undefined(), "Int"), "undefined");
  EXPECT_EQ(CastTo(Big("1234567890123456789012345678901234"), "Int"),
            "1234567890123456789012345678901234");
  EXPECT_EQ(CastTo(D("1E+33"), "Int"), "1000000000000000000000000000000000");
  EXPECT_EQ(CastTo(D("1E+500"), "Int"), "undefined");  // more than 34 digits
  EXPECT_EQ(CastTo(D("1E-500"), "Int"), "0");
  EXPECT_EQ(CastTo(D("5.7"), "Int", kV1), "5");
}

TEST_F(TypesTest, CastToDecimal) {
  EXPECT_EQ(CastTo(S("1.5"), "Decimal"), "d1.5");
  EXPECT_EQ(CastTo(D("10.0"), "Decimal", kV2), "10");
  EXPECT_EQ(CastTo(D("10.0"), "Decimal", kV1), "d10.0");
  EXPECT_EQ(CastTo(S("32"), "Decimal", kV2), "32");
  EXPECT_EQ(CastTo(Value::Bool(true), "Decimal", kV2), "1");
  EXPECT_EQ(CastTo(Value::Bool(true), "Decimal", kV1), "d1.0");
  EXPECT_EQ(CastTo(Value::Bool(false), "Decimal", kV1), "d0.0");
  EXPECT_EQ(CastTo(I(5), "Decimal"), "5");
  EXPECT_EQ(CastTo(D("1E+500"), "Decimal", kV1), "d1E+500");
  EXPECT_EQ(CastTo(S("1.2.3"), "Decimal"), "undefined");
  EXPECT_EQ(CastTo(Value::Null(), "Decimal"), "undefined");
  EXPECT_EQ(CastTo(Arr({}), "Decimal"), "undefined");
}

TEST_F(TypesTest, CastToDouble) {
  EXPECT_EQ(CastTo(I(3), "Double", kV2), "3");
  EXPECT_EQ(CastTo(I(3), "Double", kV1), "d3.0");
  EXPECT_EQ(CastTo(S("2.5"), "Double", kV1), "d2.5");
  EXPECT_EQ(CastTo(D("0.12345678901234567890123"), "Double"), "d0.12345678901234568");
  EXPECT_EQ(CastTo(Value::Bool(true), "Double", kV1), "d1.0");
  EXPECT_EQ(CastTo(D("1E+500"), "Double"), "undefined");  // Infinity
  EXPECT_EQ(CastTo(D("1E-500"), "Double", kV1), "d0.0");
  EXPECT_EQ(CastTo(S("x"), "Double"), "undefined");
  EXPECT_EQ(CastTo(Value::Null(), "Double"), "undefined");
}

TEST_F(TypesTest, CastToBoolean) {
  EXPECT_EQ(CastTo(I(1), "Boolean"), "true");
  EXPECT_EQ(CastTo(I(0), "Bool"), "false");
  EXPECT_EQ(CastTo(I(-3), "Bool"), "true");
  EXPECT_EQ(CastTo(D("0.0"), "Bool"), "false");
  EXPECT_EQ(CastTo(D("0.001"), "Bool"), "true");
  EXPECT_EQ(CastTo(Big("1234567890123456789012345678901234"), "Bool"), "true");
  EXPECT_EQ(CastTo(S("TRUE"), "Boolean"), "true");
  EXPECT_EQ(CastTo(S("false"), "Boolean"), "false");
  EXPECT_EQ(CastTo(S("FaLsE"), "Boolean"), "false");
  EXPECT_EQ(CastTo(S("yes"), "Boolean"), "undefined");
  EXPECT_EQ(CastTo(S("1"), "Boolean"), "undefined");
  EXPECT_EQ(CastTo(S(""), "Boolean"), "undefined");
  EXPECT_EQ(CastTo(Value::Bool(true), "Boolean"), "true");
  EXPECT_EQ(CastTo(Arr({}), "Boolean"), "undefined");
  EXPECT_EQ(CastTo(Value::Null(), "Boolean"), "undefined");
  EXPECT_EQ(CastTo(Value::Undefined(), "Boolean"), "undefined");
}

}  // namespace
}  // namespace iotsql
