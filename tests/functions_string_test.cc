// String functions (spec §15.4) called through the registry.
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "function_test_util.h"
#include "common/arena.h"
#include "functions/registry.h"
#include "gtest/gtest.h"
#include "value/convert.h"
#include "value/decimal.h"
#include "value/value.h"

namespace iotsql {
namespace {

class StringFnTest : public FunctionTest {};

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
  EXPECT_EQ(RunText("chr", {I(65)}), "A");
  EXPECT_EQ(RunText("chr", {I(49)}), "1");
  EXPECT_EQ(RunText("chr", {D("65.7")}), "A");  // rounded down
  EXPECT_EQ(RunText("chr", {S("66")}), "B");
  for (int i = 0; i < 128; ++i) {
    Value c = Call("chr", {I(i)});
    ASSERT_TRUE(c.is_string()) << i;
    EXPECT_EQ(c.as_string(), std::string(1, static_cast<char>(i))) << i;
  }
  Value nul = Call("chr", {I(0)});
  ASSERT_TRUE(nul.is_string());
  EXPECT_EQ(nul.as_string(), std::string_view("\0", 1));
  EXPECT_EQ(RunText("chr", {I(128)}), "<undefined>");
  EXPECT_EQ(RunText("chr", {I(-1)}), "<undefined>");
  EXPECT_EQ(RunText("chr", {D("-0.5")}), "<undefined>");  // floor -> -1
  EXPECT_EQ(RunText("chr", {B(true)}), "<undefined>");
  EXPECT_EQ(RunText("chr", {N()}), "<undefined>");
  EXPECT_EQ(RunText("chr", {U()}), "<undefined>");
  EXPECT_EQ(RunText("chr", {Arr({I(65)})}), "<undefined>");
  EXPECT_EQ(RunText("chr", {S("x")}), "<undefined>");
  EXPECT_EQ(RunText("chr", {D("1E30")}), "<undefined>");
}

TEST_F(StringFnTest, Concat) {
  EXPECT_EQ(RunText("concat", {}), "<undefined>");
  EXPECT_EQ(RunText("concat", {I(1)}), "1");
  EXPECT_EQ(RunText("concat", {S("x")}), "x");
  EXPECT_EQ(RunText("concat", {S("con"), S("cat")}), "concat");
  EXPECT_EQ(RunText("concat", {I(1), S("hello")}), "1hello");
  EXPECT_EQ(RunText("concat", {S("he"), S("is"), S("man")}), "heisman");
  EXPECT_EQ(RunText("concat", {S("a"), I(1), B(true)}), "a1true");
  EXPECT_EQ(RunText("concat", {I(1), I(2)}), "12");
  EXPECT_EQ(RunText("concat", {D("1.50"), S("x")}), "1.50x");
  EXPECT_EQ(RunText("concat", {Obj({{"a", I(1)}}), S("x")}), "{\"a\":1}x");
  EXPECT_EQ(RunText("concat", {S(""), S("")}), "");
  // Arrays are spliced, everything else appended.
  EXPECT_EQ(RunText("concat", {Arr({I(1), I(2), I(3)}), I(4)}), "[1,2,3,4]");
  EXPECT_EQ(RunText("concat", {Arr({I(1), I(2), I(3)}), S("hello")}), "[1,2,3,\"hello\"]");
  EXPECT_EQ(RunText("concat", {Arr({I(1), I(2), I(3)}), S("hello"), Arr({I(4), I(5), I(6)})}),
            "[1,2,3,\"hello\",4,5,6]");
  EXPECT_EQ(RunText("concat", {S("x"), Arr({})}), "[\"x\"]");
  EXPECT_EQ(RunText("concat", {Arr({I(1)}), Obj({{"k", B(false)}})}), "[1,{\"k\":false}]");
  EXPECT_EQ(RunText("concat", {Arr({Arr({I(1)})}), Arr({I(2)})}), "[[1],2]");  // one level spliced
  EXPECT_EQ(RunText("concat", {Arr({I(1), I(2)})}), "[1,2]");
  Value arr = Call("concat", {Arr({})});
  EXPECT_TRUE(arr.is_array());
  EXPECT_EQ(arr.size(), 0u);
  // Undefined or Null anywhere -> Undefined.
  EXPECT_EQ(RunText("concat", {S("a"), U()}), "<undefined>");
  EXPECT_EQ(RunText("concat", {N(), S("a")}), "<undefined>");
  EXPECT_EQ(RunText("concat", {Arr({I(1)}), N()}), "<undefined>");
  EXPECT_EQ(RunText("concat", {Value::Binary("\x01\x02")}), "<undefined>");
}

TEST_F(StringFnTest, StartsEndsWith) {
  EXPECT_EQ(RunText("endswith", {S("cat"), S("at")}), "true");
  EXPECT_EQ(RunText("endswith", {S("cat"), S("ca")}), "false");
  EXPECT_EQ(RunText("endswith", {I(123), I(3)}), "true");
  EXPECT_EQ(RunText("endswith", {S("a"), S("")}), "true");
  EXPECT_EQ(RunText("endswith", {S(""), S("a")}), "false");
  EXPECT_EQ(RunText("endswith", {S("at"), S("cat")}), "false");
  EXPECT_EQ(RunText("endswith", {N(), S("a")}), "<undefined>");
  EXPECT_EQ(RunText("endswith", {S("a"), U()}), "<undefined>");
  EXPECT_EQ(RunText("startswith", {S("ranger"), S("ran")}), "true");
  EXPECT_EQ(RunText("startswith", {S("ranger"), S("ger")}), "false");
  EXPECT_EQ(RunText("startswith", {I(123), I(12)}), "true");
  EXPECT_EQ(RunText("startswith", {B(true), S("tr")}), "true");
  EXPECT_EQ(RunText("startswith", {S("ra"), S("ranger")}), "false");
  EXPECT_EQ(RunText("startswith", {S(""), S("")}), "true");
  EXPECT_EQ(RunText("startswith", {U(), S("a")}), "<undefined>");
  EXPECT_EQ(RunText("startswith", {S("a"), N()}), "<undefined>");
}

TEST_F(StringFnTest, IndexOf) {
  EXPECT_EQ(RunText("indexof", {S("abcd"), S("bc")}), "1");
  EXPECT_EQ(RunText("indexof", {S("abcabc"), S("c")}), "2");
  EXPECT_EQ(RunText("indexof", {S("abcd"), S("x")}), "-1");
  EXPECT_EQ(RunText("indexof", {S("abcd"), S("")}), "0");
  EXPECT_EQ(RunText("indexof", {S(""), S("a")}), "-1");
  EXPECT_EQ(RunText("indexof", {S("€uro€"), S("ro")}), "2");  // characters, not bytes
  EXPECT_EQ(RunText("indexof", {I(12345), I(34)}), "2");
  EXPECT_EQ(RunText("indexof", {N(), S("a")}), "<undefined>");
  EXPECT_EQ(RunText("indexof", {S("a"), U()}), "<undefined>");
}

TEST_F(StringFnTest, LengthAndNumBytes) {
  EXPECT_EQ(RunText("length", {S("hi")}), "2");
  EXPECT_EQ(RunText("length", {B(false)}), "5");
  EXPECT_EQ(RunText("length", {S("")}), "0");
  EXPECT_EQ(RunText("length", {I(123)}), "3");
  EXPECT_EQ(RunText("length", {Arr({I(1), I(2)})}), "5");
  EXPECT_EQ(RunText("length", {S("€")}), "1");
  EXPECT_EQ(RunText("length", {S("a\xF0\x9F\x98\x80")}), "2");  // astral: one character
  EXPECT_EQ(RunText("length", {N()}), "<undefined>");
  EXPECT_EQ(RunText("length", {U()}), "<undefined>");
  EXPECT_EQ(RunText("numbytes", {S("hi")}), "2");
  EXPECT_EQ(RunText("numbytes", {S("€")}), "3");
  EXPECT_EQ(RunText("numbytes", {S("é")}), "2");
  EXPECT_EQ(RunText("numbytes", {I(123)}), "3");
  EXPECT_EQ(RunText("numbytes", {S("")}), "0");
  EXPECT_EQ(RunText("numbytes", {N()}), "<undefined>");
}

TEST_F(StringFnTest, InvalidUtf8CountsBytesAsCharacters) {
  // A malformed byte is one character; nothing crashes, valid sequences stay whole.
  std::string bad = "a\xFF\xC3" "b\xE2\x82";  // stray, truncated 2-byte, truncated 3-byte
  EXPECT_EQ(RunText("length", {S(bad)}), "6");
  EXPECT_EQ(RunText("numbytes", {S(bad)}), "6");
  EXPECT_EQ(RunText("substring", {S(bad), I(1), I(2)}), "\xFF");
  EXPECT_EQ(RunText("upper", {S(bad)}), "A\xFF\xC3" "B\xE2\x82");
  EXPECT_EQ(RunText("lower", {S("\xC3\xC3")}), "\xC3\xC3");
  EXPECT_EQ(RunText("indexof", {S(bad), S("b")}), "3");
  EXPECT_EQ(RunText("replace", {S(bad), S(""), S("-")}), "-a-\xFF-\xC3-b-\xE2-\x82-");
  EXPECT_EQ(RunText("length", {S("\xE2\x82\xAC\x80")}), "2");  // € then a stray continuation
}

TEST_F(StringFnTest, LowerUpper) {
  EXPECT_EQ(RunText("lower", {S("HELLO")}), "hello");
  EXPECT_EQ(RunText("lower", {Arr({S("HELLO")})}), "[\"hello\"]");
  EXPECT_EQ(RunText("upper", {S("hello")}), "HELLO");
  EXPECT_EQ(RunText("upper", {Arr({S("hello")})}), "[\"HELLO\"]");
  EXPECT_EQ(RunText("upper", {B(true)}), "TRUE");
  EXPECT_EQ(RunText("upper", {D("1e5")}), "1E+5");
  EXPECT_EQ(RunText("lower", {S("")}), "");
  EXPECT_EQ(RunText("lower", {S("MiXeD 123 _!")}), "mixed 123 _!");
  EXPECT_EQ(RunText("lower", {N()}), "<undefined>");
  EXPECT_EQ(RunText("upper", {U()}), "<undefined>");
  // Latin-1, Latin Extended-A, Greek, Cyrillic; Java's ß -> SS.
  EXPECT_EQ(RunText("upper", {S("àéîõüÿ")}), "ÀÉÎÕÜŸ");
  EXPECT_EQ(RunText("lower", {S("ÀÉÎÕÜŸ")}), "àéîõüÿ");
  EXPECT_EQ(RunText("upper", {S("straße")}), "STRASSE");
  EXPECT_EQ(RunText("lower", {S("ŁÓDŹ ŚĆ")}), "łódź ść");
  EXPECT_EQ(RunText("upper", {S("łódź")}), "ŁÓDŹ");
  EXPECT_EQ(RunText("upper", {S("αβγ ως")}), "ΑΒΓ ΩΣ");
  EXPECT_EQ(RunText("lower", {S("ΑΒΓΆΏ")}), "αβγάώ");
  EXPECT_EQ(RunText("upper", {S("привет ёж")}), "ПРИВЕТ ЁЖ");
  EXPECT_EQ(RunText("lower", {S("ПРИВЕТ ЁЖ")}), "привет ёж");
  EXPECT_EQ(RunText("upper", {S("×÷µ")}), "×÷Μ");
  EXPECT_EQ(RunText("lower", {S("İ")}), "i\xCC\x87");
  EXPECT_EQ(RunText("upper", {S("ı")}), "I");
  EXPECT_EQ(RunText("upper", {S("€日本")}), "€日本");
  // Unchanged text is returned without a copy.
  Value in = S("abc");
  Value out = Call("lower", {in});
  EXPECT_EQ(out.as_string().data(), in.as_string().data());
}

TEST_F(StringFnTest, Pad) {
  EXPECT_EQ(RunText("lpad", {S("hello"), I(2)}), "  hello");
  EXPECT_EQ(RunText("lpad", {I(1), I(3)}), "   1");
  EXPECT_EQ(RunText("rpad", {S("hello"), I(2)}), "hello  ");
  EXPECT_EQ(RunText("rpad", {I(1), I(3)}), "1   ");
  EXPECT_EQ(RunText("lpad", {S("a"), I(-3)}), "a");
  EXPECT_EQ(RunText("rpad", {S("a"), I(-1)}), "a");
  EXPECT_EQ(RunText("lpad", {S("a"), D("2.9")}), "  a");
  EXPECT_EQ(RunText("lpad", {S("a"), S("2")}), "  a");
  EXPECT_EQ(RunText("lpad", {S("a"), S("x")}), "<undefined>");
  EXPECT_EQ(RunText("lpad", {B(true), I(1)}), " true");
  EXPECT_EQ(RunText("lpad", {S(""), I(2)}), "  ");
  EXPECT_EQ(RunText("rpad", {S(""), I(0)}), "");
  EXPECT_EQ(RunText("lpad", {S("a"), B(true)}), "<undefined>");
  EXPECT_EQ(RunText("lpad", {S("a"), N()}), "<undefined>");
  EXPECT_EQ(RunText("rpad", {N(), I(1)}), "<undefined>");
  EXPECT_EQ(RunText("rpad", {S("a"), U()}), "<undefined>");
  // Clamped to 1000, including counts beyond int64 and 34 digits.
  EXPECT_EQ(RunText("length", {Call("lpad", {S("a"), I(5000)})}), "1001");
  EXPECT_EQ(RunText("length", {Call("rpad", {S("a"), D("1E300")})}), "1001");
  EXPECT_EQ(RunText("length", {Call("rpad", {S("a"), S("99999999999999999999999")})}), "1001");
  EXPECT_EQ(RunText("lpad", {S("a"), D("-1E300")}), "a");
  std::string padded = RunText("rpad", {S("x"), I(1000)});
  EXPECT_EQ(padded.size(), 1001u);
  EXPECT_EQ(padded.find_first_not_of(' ', 1), std::string::npos);
}

TEST_F(StringFnTest, Trim) {
  EXPECT_EQ(RunText("ltrim", {S(" h i ")}), "h i ");
  EXPECT_EQ(RunText("rtrim", {S(" h i ")}), " h i");
  EXPECT_EQ(RunText("trim", {S(" hi ")}), "hi");
  EXPECT_EQ(RunText("ltrim", {S("\t \tx ")}), "x ");
  EXPECT_EQ(RunText("trim", {S("\r\n\t x y \f\v")}), "x y");
  EXPECT_EQ(RunText("trim", {I(5)}), "5");
  EXPECT_EQ(RunText("ltrim", {I(5)}), "5");
  EXPECT_EQ(RunText("rtrim", {I(5)}), "5");
  EXPECT_EQ(RunText("trim", {S("")}), "");
  EXPECT_EQ(RunText("trim", {S("   ")}), "");
  EXPECT_EQ(RunText("rtrim", {S(" \t ")}), "");
  EXPECT_EQ(RunText("trim", {S("\xC2\xA0x\xC2\xA0")}), "\xC2\xA0x\xC2\xA0");  // NBSP kept
  EXPECT_EQ(RunText("trim", {Arr({S(" a ")})}), "[\" a \"]");
  EXPECT_EQ(RunText("ltrim", {N()}), "<undefined>");
  EXPECT_EQ(RunText("trim", {U()}), "<undefined>");
}

TEST_F(StringFnTest, Replace) {
  EXPECT_EQ(RunText("replace", {S("abcd"), S("bc"), S("x")}), "axd");
  EXPECT_EQ(RunText("replace", {S("abcdabcd"), S("b"), S("x")}), "axcdaxcd");
  EXPECT_EQ(RunText("replace", {I(123123), I(1), I(9)}), "923923");
  EXPECT_EQ(RunText("replace", {S("aaa"), S("aa"), S("b")}), "ba");  // left to right, no overlap
  EXPECT_EQ(RunText("replace", {S("abc"), S("x"), S("y")}), "abc");
  EXPECT_EQ(RunText("replace", {S("abc"), S("b"), S("")}), "ac");
  EXPECT_EQ(RunText("replace", {S("abc"), S(""), S("-")}), "-a-b-c-");  // as Java
  EXPECT_EQ(RunText("replace", {S("€€"), S(""), S("|")}), "|€|€|");
  EXPECT_EQ(RunText("replace", {S(""), S(""), S("x")}), "x");
  EXPECT_EQ(RunText("replace", {S("a.b"), S("."), S("$1")}), "a$1b");  // literal, not a regex
  EXPECT_EQ(RunText("replace", {S("abc"), N(), S("x")}), "<undefined>");
  EXPECT_EQ(RunText("replace", {S("abc"), S("b"), U()}), "<undefined>");
  EXPECT_EQ(RunText("replace", {U(), S("b"), S("x")}), "<undefined>");
}

TEST_F(StringFnTest, ReplaceResultIsBounded) {
  std::string big(100000, 'a');
  std::string rep(1000, 'b');
  EXPECT_EQ(RunText("replace", {S(big), S("a"), S(rep)}), "<undefined>");  // 100 MB
  EXPECT_EQ(RunText("replace", {S(big), S(""), S(rep)}), "<undefined>");
  EXPECT_EQ(RunText("replace", {S(big), S("a"), S("bb")}).size(), 200000u);
}

TEST_F(StringFnTest, Substring) {
  EXPECT_EQ(RunText("substring", {S("012345"), I(0)}), "012345");
  EXPECT_EQ(RunText("substring", {S("012345"), I(2)}), "2345");
  EXPECT_EQ(RunText("substring", {S("012345"), D("2.745")}), "2345");
  EXPECT_EQ(RunText("substring", {I(123), I(2)}), "3");
  EXPECT_EQ(RunText("substring", {S("012345"), I(-1)}), "012345");
  EXPECT_EQ(RunText("substring", {B(true), D("1.2")}), "rue");
  EXPECT_EQ(RunText("substring", {B(false), D("-2.411E247")}), "false");
  EXPECT_EQ(RunText("substring", {S("012345"), I(1), I(3)}), "12");
  EXPECT_EQ(RunText("substring", {S("012345"), I(-50), I(50)}), "012345");
  EXPECT_EQ(RunText("substring", {S("012345"), I(3), I(1)}), "");
  EXPECT_EQ(RunText("substring", {S("012345"), I(3), I(3)}), "");
  EXPECT_EQ(RunText("substring", {S("012345"), I(10)}), "");
  EXPECT_EQ(RunText("substring", {S("012345"), I(6)}), "");
  EXPECT_EQ(RunText("substring", {S("012345"), I(-5), I(-1)}), "");
  EXPECT_EQ(RunText("substring", {S("012345"), S("5E0")}), "5");
  EXPECT_EQ(RunText("substring", {S("012345"), D("1E40")}), "");
  EXPECT_EQ(RunText("substring", {S("012345"), I(0), D("1E40")}), "012345");
  EXPECT_EQ(RunText("substring", {S("012345"), S("x")}), "<undefined>");
  EXPECT_EQ(RunText("substring", {S("012345"), I(1), S("x")}), "<undefined>");
  EXPECT_EQ(RunText("substring", {S("012345"), N()}), "<undefined>");
  EXPECT_EQ(RunText("substring", {S("012345"), I(1), B(true)}), "<undefined>");
  EXPECT_EQ(RunText("substring", {N(), I(1)}), "<undefined>");
  EXPECT_EQ(RunText("substring", {S(""), I(0)}), "");
  // Code points, not bytes.
  EXPECT_EQ(RunText("substring", {S("a€b😀c"), I(1), I(4)}), "€b😀");
  EXPECT_EQ(RunText("substring", {S("a€b😀c"), I(4)}), "c");
  EXPECT_EQ(RunText("substring", {Arr({I(1), I(2)}), I(1), I(4)}), "1,2");
}

TEST_F(StringFnTest, BothVersions) {
  // The string functions behave the same in 2015-10-08 (numbers print the same way).
  ctx_.version = SqlVersion::k2015_10_08;
  EXPECT_EQ(RunText("concat", {S("a"), S("b")}), "ab");
  EXPECT_EQ(RunText("upper", {S("red")}), "RED");
  EXPECT_EQ(RunText("substring", {D("10.0"), I(1)}), "0.0");
  EXPECT_EQ(RunText("lpad", {D("1.0"), I(1)}), " 1.0");
}

}  // namespace
}  // namespace iotsql
