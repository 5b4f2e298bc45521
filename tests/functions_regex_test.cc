// regexp_matches / regexp_replace / regexp_substr (spec §15.4): Java syntax on RE2.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "function_test_util.h"
#include "common/arena.h"
#include "functions/registry.h"
#include "gtest/gtest.h"
#include "value/convert.h"
#include "value/value.h"

namespace iotsql {
namespace {

class RegexFnTest : public FunctionTest {
 protected:
  // Shorthands with String arguments.
  std::string Matches(const std::string& s, const std::string& re) {
    return Text(Call("regexp_matches", {S(s), S(re)}));
  }
  std::string Substr(const std::string& s, const std::string& re) {
    return Text(Call("regexp_substr", {S(s), S(re)}));
  }
  std::string Replace(const std::string& s, const std::string& re, const std::string& rep) {
    return Text(Call("regexp_replace", {S(s), S(re), S(rep)}));
  }
};

TEST_F(RegexFnTest, Registration) {
  for (const char* name : {"regexp_matches", "regexp_replace", "regexp_substr"}) {
    const FunctionInfo* f = LookupFunction(name);
    ASSERT_NE(f, nullptr) << name;
    EXPECT_EQ(f->since, SqlVersion::k2015_10_08);
    EXPECT_EQ(f->category, FunctionCategory::kPure);
  }
}

TEST_F(RegexFnTest, MatchesFindsAnywhere) {
  EXPECT_EQ(Matches("aaaa", "a{2,}"), "true");
  EXPECT_EQ(Matches("aaaa", "b"), "false");
  EXPECT_EQ(Matches("xaay", "a{2}"), "true");
  EXPECT_EQ(Matches("xaay", "^a"), "false");
  EXPECT_EQ(Matches("", ""), "true");
  EXPECT_EQ(Matches("", "a"), "false");
  EXPECT_EQ(Text(Call("regexp_matches", {Value::Int(12345), Value::String("3")})), "true");
  EXPECT_EQ(Text(Call("regexp_matches", {Value::Int(12345), Value::Int(34)})), "true");
  EXPECT_EQ(Text(Call("regexp_matches", {Value::Null(), Value::String("a")})), "<undefined>");
  EXPECT_EQ(Text(Call("regexp_matches", {Value::String("a"), Value::Undefined()})),
            "<undefined>");
  EXPECT_EQ(Text(Call("regexp_matches", {Value::Bool(true), Value::String("^tr")})), "true");
}

TEST_F(RegexFnTest, InvalidPatternIsUndefined) {
  EXPECT_EQ(Matches("a", "("), "<undefined>");
  EXPECT_FALSE(error_.empty());
  EXPECT_EQ(Matches("a", "a{2"), "<undefined>");  // Java: illegal repetition
  EXPECT_EQ(Matches("a", "[a"), "<undefined>");
  EXPECT_EQ(Matches("a", "a\\"), "<undefined>");
  EXPECT_EQ(Matches("a", "*a"), "<undefined>");
  EXPECT_EQ(Matches("a", "\\y"), "<undefined>");
  EXPECT_EQ(Matches("a", "(?q)a"), "<undefined>");
  EXPECT_EQ(Matches("a", "\xFF"), "<undefined>");  // not UTF-8
  // Cached failures keep their message.
  EXPECT_EQ(Matches("a", "("), "<undefined>");
  EXPECT_FALSE(error_.empty());
  EXPECT_EQ(Substr("a", "("), "<undefined>");
  EXPECT_EQ(Replace("a", "(", "x"), "<undefined>");
}

TEST_F(RegexFnTest, UnsupportedJavaFeaturesAreUndefined) {
  struct Case {
    const char* pattern;
    const char* reason;
  } cases[] = {
      {"(a)\\1", "back-reference"}, {"(?<n>a)\\k<n>", "back-reference"},
      {"a(?=b)", "look-ahead"},     {"a(?!b)", "look-ahead"},
      {"(?<=a)b", "look-behind"},   {"(?<!a)b", "look-behind"},
      {"(?>a+)b", "atomic"},        {"a*+b", "possessive"},
      {"a++b", "possessive"},       {"a?+", "possessive"},
      {"a{2}+", "possessive"},      {"[a-z&&[^b]]", "intersection"},
      {"\\p{InGreek}", "block"},    {"\\Ga", "\\G"},
      {"[^a[b]]", "nested"},        {"\\X", "\\X"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Matches("aab", c.pattern), "<undefined>") << c.pattern;
    EXPECT_NE(error_.find(c.reason), std::string::npos) << c.pattern << ": " << error_;
  }
}

TEST_F(RegexFnTest, HostilePatternsAreLinear) {
  std::string as(10000, 'a');
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(Matches(as, "(a+)+$"), "true");
  EXPECT_EQ(Matches(as + "b", "(a+)+$"), "false");
  EXPECT_EQ(Matches(as + "!", "^(a+)+$"), "false");
  EXPECT_EQ(Matches(as + "!", "(a|aa)*c"), "false");
  EXPECT_EQ(Matches(as + "!", "(.*a){20}$"), "false");
  EXPECT_EQ(Replace(as, "(a*)*b", "x"), as);
  EXPECT_EQ(Substr(as + "!", "(a+)+!").size(), 10001u);
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_LT(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count(), 2000);
}

TEST_F(RegexFnTest, HugeProgramsAreRejected) {
  // Repetition counts past RE2's limit, or programs past max_mem, are Undefined, not a crash.
  EXPECT_EQ(Matches("a", "a{1001}"), "<undefined>");
  EXPECT_EQ(Matches("a", "((((a{100}){100}){100}){100})"), "<undefined>");
}

TEST_F(RegexFnTest, Substr) {
  EXPECT_EQ(Substr("hihihello", "hi"), "hi");
  EXPECT_EQ(Substr("hihihello", "(hi)*"), "hihi");
  EXPECT_EQ(Substr("hihihello", "x"), "<undefined>");
  EXPECT_EQ(Substr("abc", "x*"), "");  // an empty match is a match
  EXPECT_EQ(Substr("abc123def", "\\d+"), "123");
  EXPECT_EQ(Substr("price: 12.50 EUR", "[0-9]+(\\.[0-9]+)?"), "12.50");
  EXPECT_EQ(Substr("a1b22", "b(2)+"), "b22");
  EXPECT_EQ(Substr("aaa", "a+?"), "a");  // lazy
  EXPECT_EQ(Substr("€uro", "."), "€");
  EXPECT_EQ(Text(Call("regexp_substr", {Value::Int(1234), Value::String("2.")})), "23");
  EXPECT_EQ(Text(Call("regexp_substr", {Value::String("a"), Value::Null()})), "<undefined>");
}

TEST_F(RegexFnTest, ReplaceAllMatches) {
  EXPECT_EQ(Replace("abcd", "bc", "x"), "axd");
  EXPECT_EQ(Replace("abcd", "b(.*)d", "$1"), "ac");
  EXPECT_EQ(Replace("a.b.c", "\\.", "-"), "a-b-c");
  EXPECT_EQ(Replace("abc", "x", "y"), "abc");
  EXPECT_EQ(Replace("", "x", "y"), "");
  EXPECT_EQ(Replace("aaa", "^a", "x"), "xaa");        // ^ only at the start
  EXPECT_EQ(Replace("ab ab", "\\bab", "x"), "x x");    // \b sees the context
  EXPECT_EQ(Replace("2020-04-03", "(\\d+)-(\\d+)-(\\d+)", "$3/$2/$1"), "03/04/2020");
  EXPECT_EQ(Replace("ac", "a(b)?c", "[$1]"), "[]");   // unmatched group -> ""
  EXPECT_EQ(Replace("abc", "b", "$0$0"), "abbc");
  EXPECT_EQ(Text(Call("regexp_replace", {Value::Int(123123), Value::Int(1), Value::Int(9)})),
            "923923");
  EXPECT_EQ(Text(Call("regexp_replace",
                      {Value::String("a"), Value::String("a"), Value::Null()})),
            "<undefined>");
}

TEST_F(RegexFnTest, ReplaceEmptyMatchesLikeJava) {
  EXPECT_EQ(Replace("baaac", "a*", "x"), "xbxxcx");
  EXPECT_EQ(Replace("abc", "", "-"), "-a-b-c-");
  EXPECT_EQ(Replace("€€", "", "-"), "-€-€-");
  EXPECT_EQ(Replace("", "", "-"), "-");
  EXPECT_EQ(Replace("abc", "x*", "-"), "-a-b-c-");
}

TEST_F(RegexFnTest, JavaReplacementSyntax) {
  EXPECT_EQ(Replace("abc", "b", "\\$1"), "a$1c");
  EXPECT_EQ(Replace("abc", "b", "\\\\"), "a\\c");
  EXPECT_EQ(Replace("abc", "b", "\\x"), "axc");
  EXPECT_EQ(Replace("abc", "(b)", "$10"), "ab0c");   // longest existing group: 1, then "0"
  EXPECT_EQ(Replace("abcdefghijk", "(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)", "$11$10$1"), "kja");
  EXPECT_EQ(Replace("2020-04", "(?<year>\\d+)-(?<month>\\d+)", "${month}/${year}"),
            "04/2020");
  EXPECT_EQ(Replace("abc", "(b)", "$2"), "<undefined>");  // no such group
  EXPECT_EQ(Replace("abc", "b", "$"), "<undefined>");
  EXPECT_EQ(Replace("abc", "b", "$x"), "<undefined>");
  EXPECT_EQ(Replace("abc", "b", "x\\"), "<undefined>");
  EXPECT_EQ(Replace("abc", "(?<n>b)", "${m}"), "<undefined>");
  EXPECT_EQ(Replace("abc", "(?<n>b)", "${1}"), "<undefined>");
  EXPECT_EQ(Replace("abc", "b", "${n"), "<undefined>");
  // Java only reads the replacement when something matched.
  EXPECT_EQ(Replace("abc", "x", "$9"), "abc");
  EXPECT_EQ(Replace("abc", "b", "é\\€"), "aé€c");
}

TEST_F(RegexFnTest, ReplaceResultIsBounded) {
  std::string as(100000, 'a');
  EXPECT_EQ(Replace(as, "a", std::string(1000, 'b')), "<undefined>");
  EXPECT_EQ(Replace(as, "a", "bb").size(), 200000u);
}

TEST_F(RegexFnTest, JavaSyntaxTranslation) {
  EXPECT_EQ(Matches("HELLO", "(?i)hello"), "true");
  EXPECT_EQ(Matches("HELLO", "(?i:hel)LO"), "true");
  EXPECT_EQ(Matches("HELLO", "(?i:hel)lo"), "false");
  EXPECT_EQ(Matches("ab", "(?x) a  b # comment"), "true");
  EXPECT_EQ(Matches("ab", "(?x:a [ b ] )"), "true");
  EXPECT_EQ(Matches("a b", "(?x)a\\ b"), "true");
  EXPECT_EQ(Matches("a b", "(?x:a)( )b"), "true");  // x ends with its group
  EXPECT_EQ(Matches("a\nb", "a.b"), "false");
  EXPECT_EQ(Matches("a\rb", "a.b"), "false");      // Java's dot stops at \r too
  EXPECT_EQ(Matches("a\rb", "(?d)a.b"), "true");   // UNIX_LINES
  EXPECT_EQ(Matches("a\nb", "(?s)a.b"), "true");
  EXPECT_EQ(Matches("x\nab", "(?m)^ab$"), "true");
  EXPECT_EQ(Matches("\x0B", "\\s"), "true");        // Java's \s includes VT
  EXPECT_EQ(Matches("\x0B", "[\\s]"), "true");
  EXPECT_EQ(Matches("a", "\\S"), "true");
  EXPECT_EQ(Matches("\t", "\\h"), "true");
  EXPECT_EQ(Matches("\xE3\x80\x80", "\\h"), "true");  // U+3000
  EXPECT_EQ(Matches("a", "\\H"), "true");
  EXPECT_EQ(Matches("\r\n", "^\\R$"), "true");
  EXPECT_EQ(Matches("\xE2\x80\xA8", "\\v"), "true");  // U+2028
  EXPECT_EQ(Matches("abc\n", "c\\Z"), "true");
  EXPECT_EQ(Matches("abc", "c\\Z"), "true");
  EXPECT_EQ(Matches("abc\nd", "c\\Z"), "false");
  EXPECT_EQ(Matches("abc", "\\Aabc\\z"), "true");
  EXPECT_EQ(Matches("a.b", "\\Qa.b\\E"), "true");
  EXPECT_EQ(Matches("axb", "\\Qa.b\\E"), "false");
  EXPECT_EQ(Matches("a.b(", "\\Qa.b("), "true");    // \Q to the end
  EXPECT_EQ(Matches("€", "\\u20AC"), "true");
  EXPECT_EQ(Matches("😀", "\\uD83D\\uDE00"), "true");
  EXPECT_EQ(Matches("😀", "\\x{1F600}"), "true");
  EXPECT_EQ(Matches("A", "\\x41"), "true");
  EXPECT_EQ(Matches("A", "\\0101"), "true");
  EXPECT_EQ(Matches("\x1B", "\\e"), "true");
  EXPECT_EQ(Matches("\x01", "\\cA"), "true");
  EXPECT_EQ(Matches("é", "\\é"), "true");
  EXPECT_EQ(Matches("_", "\\_"), "true");  // a backslash before a non-letter: literal
}

TEST_F(RegexFnTest, FlagsAndLiterals) {
  EXPECT_EQ(Matches("A", "(?i)(?-i)a"), "false");
  EXPECT_EQ(Matches("aB", "(?i-s:a)B"), "true");
  EXPECT_EQ(Matches("a", "(?u)(?U)a"), "true");  // Unicode flags accepted (and dropped)
  EXPECT_EQ(Matches("a", "(?i)"), "true");
  EXPECT_EQ(Matches("a]", "a]"), "true");  // a lone ] or } is a literal, as in Java
  EXPECT_EQ(Matches("a}", "a}"), "true");
  EXPECT_EQ(Matches("#", "(?x)\\#"), "true");
  EXPECT_EQ(Matches("a", "(?x)a#comment\n"), "true");
  EXPECT_EQ(Matches("a b", "(?x)[a ]b"), "false");  // white space ignored inside classes too
  EXPECT_EQ(Matches("a", "a{,2}"), "<undefined>");  // Java: illegal repetition
  EXPECT_EQ(Matches("aaa", "^a{2,3}?$"), "true");
  EXPECT_EQ(Matches("\\", "\\\\"), "true");
}

TEST_F(RegexFnTest, CharacterClasses) {
  EXPECT_EQ(Substr("ABCdef", "\\p{Lower}+"), "def");
  EXPECT_EQ(Substr("abcDEF", "\\p{Upper}+"), "DEF");
  EXPECT_EQ(Substr("abc123", "\\p{Digit}+"), "123");
  EXPECT_EQ(Substr("abc123", "\\P{Alpha}+"), "123");
  EXPECT_EQ(Substr("abc123", "[\\p{Alpha}]+"), "abc");
  EXPECT_EQ(Substr("abc123", "[^\\p{Alpha}]+"), "123");
  EXPECT_EQ(Substr("abc123", "[\\P{Alpha}x]+"), "123");
  EXPECT_EQ(Substr("1 ΑΒΓ", "\\p{IsGreek}+"), "ΑΒΓ");
  EXPECT_EQ(Substr("1 ΑΒΓ", "\\p{script=GREEK}+"), "ΑΒΓ");
  EXPECT_EQ(Substr("1 ΑΒΓ", "\\p{L}+"), "ΑΒΓ");
  EXPECT_EQ(Substr("1 ΑΒΓ", "\\pL+"), "ΑΒΓ");
  EXPECT_EQ(Substr("1 ΑΒΓ", "\\p{IsL}+"), "ΑΒΓ");
  EXPECT_EQ(Substr("1 ΑΒΓ", "\\p{gc=Lu}+"), "ΑΒΓ");
  EXPECT_EQ(Substr("1 ΑΒΓ", "\\p{IsAlphabetic}+"), "ΑΒΓ");
  EXPECT_EQ(Substr("ab Cd", "\\p{javaUpperCase}\\p{javaLowerCase}"), "Cd");
  EXPECT_EQ(Substr("x\xC2\xA0y", "\\p{IsWhite_Space}"), "\xC2\xA0");
  EXPECT_EQ(Substr("a[b]c", "[\\[\\]]+"), "[");
  EXPECT_EQ(Substr("a]b", "[]a]+"), "a]");
  EXPECT_EQ(Substr("xcb", "[a[bc]]+"), "cb");  // nested union flattened
  EXPECT_EQ(Substr("x:y", "[[:x]]+"), "x:");  // Java has no POSIX brackets: a union
  EXPECT_EQ(Substr("a^b", "[b^]+"), "^b");
  EXPECT_EQ(Substr("a-b", "[a\\-]+"), "a-");
  EXPECT_EQ(Substr("tab\there", "[\\t]"), "\t");
  EXPECT_EQ(Substr("x1y", "[\\d]"), "1");
  EXPECT_EQ(Substr("€", "[\\u20AC]"), "€");
  EXPECT_EQ(Substr("b", "[\\x61-\\x63]"), "b");
}

TEST_F(RegexFnTest, InvalidUtf8Input) {
  std::string bad = "a\xFF" "b";
  EXPECT_EQ(Matches(bad, "a.b"), Matches(bad, "a.b"));  // no crash, deterministic
  EXPECT_EQ(Matches(bad, "b$"), "true");
  EXPECT_EQ(Replace(bad, "", "-").size(), 7u);
}

TEST_F(RegexFnTest, ManyPatternsThroughTheCache) {
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 100; ++i) {
      std::string re = "x" + std::to_string(i) + "y";
      EXPECT_EQ(Matches("ax" + std::to_string(i) + "yb", re), "true") << re;
      EXPECT_EQ(Matches("ax" + std::to_string(i + 1) + "yb", re), "false") << re;
    }
  }
}

TEST_F(RegexFnTest, BothVersions) {
  ctx_.version = SqlVersion::k2015_10_08;
  EXPECT_EQ(Matches("aaaa", "a{2,}"), "true");
  EXPECT_EQ(Replace("abcd", "b(.*)d", "$1"), "ac");
  EXPECT_EQ(Substr("hihihello", "(hi)*"), "hihi");
}

}  // namespace
}  // namespace iotsql
