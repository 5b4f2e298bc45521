// String functions (spec §15.4) called through the registry.
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "common/arena.h"
#include "functions/registry.h"
#include "gtest/gtest.h"
#include "value/convert.h"
#include "value/decimal.h"
#include "value/value.h"

namespace iotsql {
namespace {

class StringFnTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ctx_.arena = &arena_;
    ctx_.message = &msg_;
    ctx_.version = SqlVersion::k2016_03_23;
    ctx_.error = &error_;
  }

  Value Call(const char* name, std::vector<Value> args) {
    const FunctionInfo* f = LookupFunction(name);
    EXPECT_NE(f, nullptr) << name;
    if (f == nullptr) return Value::Undefined();
    int argc = static_cast<int>(args.size());
    EXPECT_GE(argc, f->min_args) << name;
    if (f->max_args >= 0) {
      EXPECT_LE(argc, f->max_args) << name;
    }
    return f->fn(ctx_, args.data(), argc);
  }

  // The result as text: strings raw, anything else as compact JSON, "<undefined>" / "<null>".
  std::string Text(const Value& v) {
    if (v.is_undefined()) return "<undefined>";
    if (v.is_null()) return "<null>";
    if (v.is_string()) return std::string(v.as_string());
    std::string out;
    AppendJson(v, &out);
    return out;
  }
  std::string Run(const char* name, std::vector<Value> args) {
    return Text(Call(name, std::move(args)));
  }

  static Value S(const char* s) { return Value::String(s); }
  static Value S(const std::string& s) { return Value::String(s); }
  static Value I(int64_t i) { return Value::Int(i); }
  static Value D(const char* text) {
    std::optional<Decimal> d = Decimal::Parse(text);
    EXPECT_TRUE(d.has_value()) << text;
    return d ? Value::Dec(*d) : Value::Undefined();
  }
  static Value B(bool b) { return Value::Bool(b); }
  static Value U() { return Value::Undefined(); }
  static Value N() { return Value::Null(); }
  Value A(std::vector<Value> items) {
    arrays_.push_back(std::move(items));
    return Value::Array(arrays_.back().data(), static_cast<uint32_t>(arrays_.back().size()));
  }
  Value O(const char* key, Value v) {
    members_.push_back(Member{key, v});
    return Value::Object(&members_.back(), 1);
  }

  Arena arena_;
  MessageContext msg_;
  std::string error_;
  CallContext ctx_;
  std::deque<std::vector<Value>> arrays_;
  std::deque<Member> members_;
};

TEST_F(StringFnTest, Registration) {
  for (const char* name : {"chr", "concat", "endswith", "lower", "lpad", "ltrim", "replace",
                           "rpad", "rtrim", "startswith", "substring", "trim", "upper"}) {
    const FunctionInfo* f = LookupFunction(name);
    ASSERT_NE(f, nullptr) << name;
    EXPECT_EQ(f->since, SqlVersion::k2015_10_08) << name;
    EXPECT_EQ(f->category, FunctionCategory::kPure) << name;
  }
  for (const char* name : {"indexof", "length", "numbytes"}) {
    ASSERT_NE(LookupFunction(name), nullptr) << name;
    EXPECT_EQ(LookupFunction(name)->since, SqlVersion::k2016_03_23) << name;
  }
  EXPECT_NE(LookupFunction("LTRIM"), nullptr);
  EXPECT_EQ(LookupFunction("concat")->max_args, -1);
}

TEST_F(StringFnTest, Chr) {
  EXPECT_EQ(Run("chr", {I(65)}), "A");
  EXPECT_EQ(Run("chr", {I(49)}), "1");
  EXPECT_EQ(Run("chr", {D("65.7")}), "A");  // rounded down
  EXPECT_EQ(Run("chr", {S("66")}), "B");
  for (int i = 0; i < 128; ++i) {
    Value c = Call("chr", {I(i)});
    ASSERT_TRUE(c.is_string()) << i;
    EXPECT_EQ(c.as_string(), std::string(1, static_cast<char>(i))) << i;
  }
  Value nul = Call("chr", {I(0)});
  ASSERT_TRUE(nul.is_string());
  EXPECT_EQ(nul.as_string(), std::string_view("\0", 1));
  EXPECT_EQ(Run("chr", {I(128)}), "<undefined>");
  EXPECT_EQ(Run("chr", {I(-1)}), "<undefined>");
  EXPECT_EQ(Run("chr", {D("-0.5")}), "<undefined>");  // floor -> -1
  EXPECT_EQ(Run("chr", {B(true)}), "<undefined>");
  EXPECT_EQ(Run("chr", {N()}), "<undefined>");
  EXPECT_EQ(Run("chr", {U()}), "<undefined>");
  EXPECT_EQ(Run("chr", {A({I(65)})}), "<undefined>");
  EXPECT_EQ(Run("chr", {S("x")}), "<undefined>");
  EXPECT_EQ(Run("chr", {D("1E30")}), "<undefined>");
}

TEST_F(StringFnTest, Concat) {
  EXPECT_EQ(Run("concat", {}), "<undefined>");
  EXPECT_EQ(Run("concat", {I(1)}), "1");
  EXPECT_EQ(Run("concat", {S("x")}), "x");
  EXPECT_EQ(Run("concat", {S("con"), S("cat")}), "concat");
  EXPECT_EQ(Run("concat", {I(1), S("hello")}), "1hello");
  EXPECT_EQ(Run("concat", {S("he"), S("is"), S("man")}), "heisman");
  EXPECT_EQ(Run("concat", {S("a"), I(1), B(true)}), "a1true");
  EXPECT_EQ(Run("concat", {I(1), I(2)}), "12");
  EXPECT_EQ(Run("concat", {D("1.50"), S("x")}), "1.50x");
  EXPECT_EQ(Run("concat", {O("a", I(1)), S("x")}), "{\"a\":1}x");
  EXPECT_EQ(Run("concat", {S(""), S("")}), "");
  // Arrays are spliced, everything else appended.
  EXPECT_EQ(Run("concat", {A({I(1), I(2), I(3)}), I(4)}), "[1,2,3,4]");
  EXPECT_EQ(Run("concat", {A({I(1), I(2), I(3)}), S("hello")}), "[1,2,3,\"hello\"]");
  EXPECT_EQ(Run("concat", {A({I(1), I(2), I(3)}), S("hello"), A({I(4), I(5), I(6)})}),
            "[1,2,3,\"hello\",4,5,6]");
  EXPECT_EQ(Run("concat", {S("x"), A({})}), "[\"x\"]");
  EXPECT_EQ(Run("concat", {A({I(1)}), O("k", B(false))}), "[1,{\"k\":false}]");
  EXPECT_EQ(Run("concat", {A({A({I(1)})}), A({I(2)})}), "[[1],2]");  // one level spliced
  EXPECT_EQ(Run("concat", {A({I(1), I(2)})}), "[1,2]");
  Value arr = Call("concat", {A({})});
  EXPECT_TRUE(arr.is_array());
  EXPECT_EQ(arr.size(), 0u);
  // Undefined or Null anywhere -> Undefined.
  EXPECT_EQ(Run("concat", {S("a"), U()}), "<undefined>");
  EXPECT_EQ(Run("concat", {N(), S("a")}), "<undefined>");
  EXPECT_EQ(Run("concat", {A({I(1)}), N()}), "<undefined>");
  EXPECT_EQ(Run("concat", {Value::Binary("\x01\x02")}), "<undefined>");
}

TEST_F(StringFnTest, StartsEndsWith) {
  EXPECT_EQ(Run("endswith", {S("cat"), S("at")}), "true");
  EXPECT_EQ(Run("endswith", {S("cat"), S("ca")}), "false");
  EXPECT_EQ(Run("endswith", {I(123), I(3)}), "true");
  EXPECT_EQ(Run("endswith", {S("a"), S("")}), "true");
  EXPECT_EQ(Run("endswith", {S(""), S("a")}), "false");
  EXPECT_EQ(Run("endswith", {S("at"), S("cat")}), "false");
  EXPECT_EQ(Run("endswith", {N(), S("a")}), "<undefined>");
  EXPECT_EQ(Run("endswith", {S("a"), U()}), "<undefined>");
  EXPECT_EQ(Run("startswith", {S("ranger"), S("ran")}), "true");
  EXPECT_EQ(Run("startswith", {S("ranger"), S("ger")}), "false");
  EXPECT_EQ(Run("startswith", {I(123), I(12)}), "true");
  EXPECT_EQ(Run("startswith", {B(true), S("tr")}), "true");
  EXPECT_EQ(Run("startswith", {S("ra"), S("ranger")}), "false");
  EXPECT_EQ(Run("startswith", {S(""), S("")}), "true");
  EXPECT_EQ(Run("startswith", {U(), S("a")}), "<undefined>");
  EXPECT_EQ(Run("startswith", {S("a"), N()}), "<undefined>");
}

TEST_F(StringFnTest, IndexOf) {
  EXPECT_EQ(Run("indexof", {S("abcd"), S("bc")}), "1");
  EXPECT_EQ(Run("indexof", {S("abcabc"), S("c")}), "2");
  EXPECT_EQ(Run("indexof", {S("abcd"), S("x")}), "-1");
  EXPECT_EQ(Run("indexof", {S("abcd"), S("")}), "0");
  EXPECT_EQ(Run("indexof", {S(""), S("a")}), "-1");
  EXPECT_EQ(Run("indexof", {S("€uro€"), S("ro")}), "2");  // characters, not bytes
  EXPECT_EQ(Run("indexof", {I(12345), I(34)}), "2");
  EXPECT_EQ(Run("indexof", {N(), S("a")}), "<undefined>");
  EXPECT_EQ(Run("indexof", {S("a"), U()}), "<undefined>");
}

TEST_F(StringFnTest, LengthAndNumBytes) {
  EXPECT_EQ(Run("length", {S("hi")}), "2");
  EXPECT_EQ(Run("length", {B(false)}), "5");
  EXPECT_EQ(Run("length", {S("")}), "0");
  EXPECT_EQ(Run("length", {I(123)}), "3");
  EXPECT_EQ(Run("length", {A({I(1), I(2)})}), "5");
  EXPECT_EQ(Run("length", {S("€")}), "1");
  EXPECT_EQ(Run("length", {S("a\xF0\x9F\x98\x80")}), "2");  // astral: one character
  EXPECT_EQ(Run("length", {N()}), "<undefined>");
  EXPECT_EQ(Run("length", {U()}), "<undefined>");
  EXPECT_EQ(Run("numbytes", {S("hi")}), "2");
  EXPECT_EQ(Run("numbytes", {S("€")}), "3");
  EXPECT_EQ(Run("numbytes", {S("é")}), "2");
  EXPECT_EQ(Run("numbytes", {I(123)}), "3");
  EXPECT_EQ(Run("numbytes", {S("")}), "0");
  EXPECT_EQ(Run("numbytes", {N()}), "<undefined>");
}

TEST_F(StringFnTest, InvalidUtf8CountsBytesAsCharacters) {
  // A malformed byte is one character; nothing crashes, valid sequences stay whole.
  std::string bad = "a\xFF\xC3" "b\xE2\x82";  // stray, truncated 2-byte, truncated 3-byte
  EXPECT_EQ(Run("length", {S(bad)}), "6");
  EXPECT_EQ(Run("numbytes", {S(bad)}), "6");
  EXPECT_EQ(Run("substring", {S(bad), I(1), I(2)}), "\xFF");
  EXPECT_EQ(Run("upper", {S(bad)}), "A\xFF\xC3" "B\xE2\x82");
  EXPECT_EQ(Run("lower", {S("\xC3\xC3")}), "\xC3\xC3");
  EXPECT_EQ(Run("indexof", {S(bad), S("b")}), "3");
  EXPECT_EQ(Run("replace", {S(bad), S(""), S("-")}), "-a-\xFF-\xC3-b-\xE2-\x82-");
  EXPECT_EQ(Run("length", {S("\xE2\x82\xAC\x80")}), "2");  // € then a stray continuation
}

TEST_F(StringFnTest, LowerUpper) {
  EXPECT_EQ(Run("lower", {S("HELLO")}), "hello");
  EXPECT_EQ(Run("lower", {A({S("HELLO")})}), "[\"hello\"]");
  EXPECT_EQ(Run("upper", {S("hello")}), "HELLO");
  EXPECT_EQ(Run("upper", {A({S("hello")})}), "[\"HELLO\"]");
  EXPECT_EQ(Run("upper", {B(true)}), "TRUE");
  EXPECT_EQ(Run("upper", {D("1e5")}), "1E+5");
  EXPECT_EQ(Run("lower", {S("")}), "");
  EXPECT_EQ(Run("lower", {S("MiXeD 123 _!")}), "mixed 123 _!");
  EXPECT_EQ(Run("lower", {N()}), "<undefined>");
  EXPECT_EQ(Run("upper", {U()}), "<undefined>");
  // Latin-1, Latin Extended-A, Greek, Cyrillic; Java's ß -> SS.
  EXPECT_EQ(Run("upper", {S("àéîõüÿ")}), "ÀÉÎÕÜŸ");
  EXPECT_EQ(Run("lower", {S("ÀÉÎÕÜŸ")}), "àéîõüÿ");
  EXPECT_EQ(Run("upper", {S("straße")}), "STRASSE");
  EXPECT_EQ(Run("lower", {S("ŁÓDŹ ŚĆ")}), "łódź ść");
  EXPECT_EQ(Run("upper", {S("łódź")}), "ŁÓDŹ");
  EXPECT_EQ(Run("upper", {S("αβγ ως")}), "ΑΒΓ ΩΣ");
  EXPECT_EQ(Run("lower", {S("ΑΒΓΆΏ")}), "αβγάώ");
  EXPECT_EQ(Run("upper", {S("привет ёж")}), "ПРИВЕТ ЁЖ");
  EXPECT_EQ(Run("lower", {S("ПРИВЕТ ЁЖ")}), "привет ёж");
  EXPECT_EQ(Run("upper", {S("×÷µ")}), "×÷Μ");
  EXPECT_EQ(Run("lower", {S("İ")}), "i\xCC\x87");
  EXPECT_EQ(Run("upper", {S("ı")}), "I");
  EXPECT_EQ(Run("upper", {S("€日本")}), "€日本");
  // Unchanged text is returned without a copy.
  Value in = S("abc");
  Value out = Call("lower", {in});
  EXPECT_EQ(out.as_string().data(), in.as_string().data());
}

TEST_F(StringFnTest, Pad) {
  EXPECT_EQ(Run("lpad", {S("hello"), I(2)}), "  hello");
  EXPECT_EQ(Run("lpad", {I(1), I(3)}), "   1");
  EXPECT_EQ(Run("rpad", {S("hello"), I(2)}), "hello  ");
  EXPECT_EQ(Run("rpad", {I(1), I(3)}), "1   ");
  EXPECT_EQ(Run("lpad", {S("a"), I(-3)}), "a");
  EXPECT_EQ(Run("rpad", {S("a"), I(-1)}), "a");
  EXPECT_EQ(Run("lpad", {S("a"), D("2.9")}), "  a");
  EXPECT_EQ(Run("lpad", {S("a"), S("2")}), "  a");
  EXPECT_EQ(Run("lpad", {S("a"), S("x")}), "<undefined>");
  EXPECT_EQ(Run("lpad", {B(true), I(1)}), " true");
  EXPECT_EQ(Run("lpad", {S(""), I(2)}), "  ");
  EXPECT_EQ(Run("rpad", {S(""), I(0)}), "");
  EXPECT_EQ(Run("lpad", {S("a"), B(true)}), "<undefined>");
  EXPECT_EQ(Run("lpad", {S("a"), N()}), "<undefined>");
  EXPECT_EQ(Run("rpad", {N(), I(1)}), "<undefined>");
  EXPECT_EQ(Run("rpad", {S("a"), U()}), "<undefined>");
  // Clamped to 1000, including counts beyond int64 and 34 digits.
  EXPECT_EQ(Run("length", {Call("lpad", {S("a"), I(5000)})}), "1001");
  EXPECT_EQ(Run("length", {Call("rpad", {S("a"), D("1E300")})}), "1001");
  EXPECT_EQ(Run("length", {Call("rpad", {S("a"), S("99999999999999999999999")})}), "1001");
  EXPECT_EQ(Run("lpad", {S("a"), D("-1E300")}), "a");
  std::string padded = Run("rpad", {S("x"), I(1000)});
  EXPECT_EQ(padded.size(), 1001u);
  EXPECT_EQ(padded.find_first_not_of(' ', 1), std::string::npos);
}

TEST_F(StringFnTest, Trim) {
  EXPECT_EQ(Run("ltrim", {S(" h i ")}), "h i ");
  EXPECT_EQ(Run("rtrim", {S(" h i ")}), " h i");
  EXPECT_EQ(Run("trim", {S(" hi ")}), "hi");
  EXPECT_EQ(Run("ltrim", {S("\t \tx ")}), "x ");
  EXPECT_EQ(Run("trim", {S("\r\n\t x y \f\v")}), "x y");
  EXPECT_EQ(Run("trim", {I(5)}), "5");
  EXPECT_EQ(Run("ltrim", {I(5)}), "5");
  EXPECT_EQ(Run("rtrim", {I(5)}), "5");
  EXPECT_EQ(Run("trim", {S("")}), "");
  EXPECT_EQ(Run("trim", {S("   ")}), "");
  EXPECT_EQ(Run("rtrim", {S(" \t ")}), "");
  EXPECT_EQ(Run("trim", {S("\xC2\xA0x\xC2\xA0")}), "\xC2\xA0x\xC2\xA0");  // NBSP kept
  EXPECT_EQ(Run("trim", {A({S(" a ")})}), "[\" a \"]");
  EXPECT_EQ(Run("ltrim", {N()}), "<undefined>");
  EXPECT_EQ(Run("trim", {U()}), "<undefined>");
}

TEST_F(StringFnTest, Replace) {
  EXPECT_EQ(Run("replace", {S("abcd"), S("bc"), S("x")}), "axd");
  EXPECT_EQ(Run("replace", {S("abcdabcd"), S("b"), S("x")}), "axcdaxcd");
  EXPECT_EQ(Run("replace", {I(123123), I(1), I(9)}), "923923");
  EXPECT_EQ(Run("replace", {S("aaa"), S("aa"), S("b")}), "ba");  // left to right, no overlap
  EXPECT_EQ(Run("replace", {S("abc"), S("x"), S("y")}), "abc");
  EXPECT_EQ(Run("replace", {S("abc"), S("b"), S("")}), "ac");
  EXPECT_EQ(Run("replace", {S("abc"), S(""), S("-")}), "-a-b-c-");  // as Java
  EXPECT_EQ(Run("replace", {S("€€"), S(""), S("|")}), "|€|€|");
  EXPECT_EQ(Run("replace", {S(""), S(""), S("x")}), "x");
  EXPECT_EQ(Run("replace", {S("a.b"), S("."), S("$1")}), "a$1b");  // literal, not a regex
  EXPECT_EQ(Run("replace", {S("abc"), N(), S("x")}), "<undefined>");
  EXPECT_EQ(Run("replace", {S("abc"), S("b"), U()}), "<undefined>");
  EXPECT_EQ(Run("replace", {U(), S("b"), S("x")}), "<undefined>");
}

TEST_F(StringFnTest, ReplaceResultIsBounded) {
  std::string big(100000, 'a');
  std::string rep(1000, 'b');
  EXPECT_EQ(Run("replace", {S(big), S("a"), S(rep)}), "<undefined>");  // 100 MB
  EXPECT_EQ(Run("replace", {S(big), S(""), S(rep)}), "<undefined>");
  EXPECT_EQ(Run("replace", {S(big), S("a"), S("bb")}).size(), 200000u);
}

TEST_F(StringFnTest, Substring) {
  EXPECT_EQ(Run("substring", {S("012345"), I(0)}), "012345");
  EXPECT_EQ(Run("substring", {S("012345"), I(2)}), "2345");
  EXPECT_EQ(Run("substring", {S("012345"), D("2.745")}), "2345");
  EXPECT_EQ(Run("substring", {I(123), I(2)}), "3");
  EXPECT_EQ(Run("substring", {S("012345"), I(-1)}), "012345");
  EXPECT_EQ(Run("substring", {B(true), D("1.2")}), "rue");
  EXPECT_EQ(Run("substring", {B(false), D("-2.411E247")}), "false");
  EXPECT_EQ(Run("substring", {S("012345"), I(1), I(3)}), "12");
  EXPECT_EQ(Run("substring", {S("012345"), I(-50), I(50)}), "012345");
  EXPECT_EQ(Run("substring", {S("012345"), I(3), I(1)}), "");
  EXPECT_EQ(Run("substring", {S("012345"), I(3), I(3)}), "");
  EXPECT_EQ(Run("substring", {S("012345"), I(10)}), "");
  EXPECT_EQ(Run("substring", {S("012345"), I(6)}), "");
  EXPECT_EQ(Run("substring", {S("012345"), I(-5), I(-1)}), "");
  EXPECT_EQ(Run("substring", {S("012345"), S("5E0")}), "5");
  EXPECT_EQ(Run("substring", {S("012345"), D("1E40")}), "");
  EXPECT_EQ(Run("substring", {S("012345"), I(0), D("1E40")}), "012345");
  EXPECT_EQ(Run("substring", {S("012345"), S("x")}), "<undefined>");
  EXPECT_EQ(Run("substring", {S("012345"), I(1), S("x")}), "<undefined>");
  EXPECT_EQ(Run("substring", {S("012345"), N()}), "<undefined>");
  EXPECT_EQ(Run("substring", {S("012345"), I(1), B(true)}), "<undefined>");
  EXPECT_EQ(Run("substring", {N(), I(1)}), "<undefined>");
  EXPECT_EQ(Run("substring", {S(""), I(0)}), "");
  // Code points, not bytes.
  EXPECT_EQ(Run("substring", {S("a€b😀c"), I(1), I(4)}), "€b😀");
  EXPECT_EQ(Run("substring", {S("a€b😀c"), I(4)}), "c");
  EXPECT_EQ(Run("substring", {A({I(1), I(2)}), I(1), I(4)}), "1,2");
}

TEST_F(StringFnTest, BothVersions) {
  // The string functions behave the same in 2015-10-08 (numbers print the same way).
  ctx_.version = SqlVersion::k2015_10_08;
  EXPECT_EQ(Run("concat", {S("a"), S("b")}), "ab");
  EXPECT_EQ(Run("upper", {S("red")}), "RED");
  EXPECT_EQ(Run("substring", {D("10.0"), I(1)}), "0.0");
  EXPECT_EQ(Run("lpad", {D("1.0"), I(1)}), " 1.0");
}

}  // namespace
}  // namespace iotsql
