#include "value/decimal.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <random>
#include <string>

namespace iotsql {
namespace {

Decimal D(std::string_view text) {
  std::optional<Decimal> d = Decimal::Parse(text, /*json_grammar=*/true);
  EXPECT_TRUE(d.has_value()) << text;
  return d.value_or(Decimal());
}

// Parse (AWS grammar) then print.
std::string RoundTrip(std::string_view text) {
  std::optional<Decimal> d = Decimal::Parse(text);
  return d ? d->ToString() : "<nullopt>";
}

std::string Str(const std::optional<Decimal>& d) { return d ? d->ToString() : "<nullopt>"; }

TEST(Decimal, ParsePrintPlain) {
  EXPECT_EQ(RoundTrip("57.23"), "57.23");
  EXPECT_EQ(RoundTrip("12345"), "12345");
  EXPECT_EQ(RoundTrip("-0.5"), "-0.5");
  EXPECT_EQ(RoundTrip("0"), "0");
  EXPECT_EQ(RoundTrip("-0"), "0");  // BigDecimal has no negative zero
  EXPECT_EQ(RoundTrip("0.00"), "0.00");
  EXPECT_EQ(RoundTrip("100"), "100");
  EXPECT_EQ(RoundTrip("007"), "7");
  EXPECT_EQ(RoundTrip("0.000001"), "0.000001");
  EXPECT_EQ(RoundTrip("0.0000010"), "0.0000010");
  EXPECT_EQ(RoundTrip("12.5E-1"), "1.25");
  EXPECT_EQ(RoundTrip("123e-2"), "1.23");
}

TEST(Decimal, ParsePrintScientific) {
  EXPECT_EQ(RoundTrip("0.0000001"), "1E-7");
  EXPECT_EQ(RoundTrip("-0.00000015"), "-1.5E-7");
  EXPECT_EQ(RoundTrip("1E2"), "1E+2");
  EXPECT_EQ(RoundTrip("1e2"), "1E+2");
  EXPECT_EQ(RoundTrip("1.23E5"), "1.23E+5");
  EXPECT_EQ(RoundTrip("5E-12"), "5E-12");
  EXPECT_EQ(RoundTrip("-1.5E-7"), "-1.5E-7");
  EXPECT_EQ(RoundTrip("10E1"), "1.0E+2");
  EXPECT_EQ(RoundTrip("0E3"), "0E+3");
  EXPECT_EQ(RoundTrip("0E-10"), "0E-10");
  EXPECT_EQ(RoundTrip("0E-6"), "0.000000");
  EXPECT_EQ(RoundTrip("1E0"), "1");
}

TEST(Decimal, ParseFastPathBits) {
  Decimal d = D("57.23");
  EXPECT_EQ(d.low(), 5723u);
  EXPECT_EQ(d.high(), uint64_t{6174} << 49);
  Decimal n = D("-12345");
  EXPECT_EQ(n.low(), 12345u);
  EXPECT_EQ(n.high(), (uint64_t{1} << 63) | (uint64_t{6176} << 49));
  Decimal h = D("100");
  EXPECT_EQ(h.low(), 100u);
  EXPECT_EQ(h.high(), 0x3040000000000000ULL);  // exponent 0, not 1E+2
  Decimal p = Decimal::FromParts(5723, -2);
  EXPECT_EQ(p.low(), d.low());
  EXPECT_EQ(p.high(), d.high());
  EXPECT_EQ(Decimal::FromParts(-5, -1).ToString(), "-0.5");
  EXPECT_EQ(Decimal::FromParts(0, -2).ToString(), "0.00");
}

TEST(Decimal, ParseLongInputs) {
  EXPECT_EQ(RoundTrip("1234567890123456789012345678901234"), "1234567890123456789012345678901234");
  EXPECT_EQ(RoundTrip("-0.1234567890123456789012345678901234"),
            "-0.1234567890123456789012345678901234");
  EXPECT_EQ(RoundTrip("12345678901234567890"), "12345678901234567890");
  // 40 digits: 34 kept, the rest rounds half-even.
  EXPECT_EQ(RoundTrip("1234567890123456789012345678901234567890"),
            "1.234567890123456789012345678901235E+39");
  EXPECT_EQ(RoundTrip("12345678901234567890123456789012345"),
            "1.234567890123456789012345678901234E+34");  // tie, even stays
  EXPECT_EQ(RoundTrip("12345678901234567890123456789012355"),
            "1.234567890123456789012345678901236E+34");  // tie, odd goes up
  EXPECT_EQ(RoundTrip("123456789012345678901234567890123450001"),
            "1.234567890123456789012345678901235E+38");  // above the tie
  EXPECT_EQ(RoundTrip("9999999999999999999999999999999999.5"),
            "1.000000000000000000000000000000000E+34");
  EXPECT_EQ(RoundTrip("0.00000000000000000000000000000000000000000012"), "1.2E-43");
}

TEST(Decimal, ParseRejects) {
  for (const char* bad : {"", "-", "+5", ".5", "5.", " 5", "5 ", "1E+2", "1e", "1e-", "--1",
                          "0x10", "1.2.3", "1,5", "NaN", "Infinity", "1E2.5", "-.5", "e5"}) {
    EXPECT_FALSE(Decimal::Parse(bad).has_value()) << bad;
  }
}

TEST(Decimal, ParseJsonGrammar) {
  EXPECT_EQ(Str(Decimal::Parse("1E+2", true)), "1E+2");
  EXPECT_EQ(Str(Decimal::Parse("1e-2", true)), "0.01");
  EXPECT_FALSE(Decimal::Parse("01", true).has_value());
  EXPECT_FALSE(Decimal::Parse("+1", true).has_value());
  EXPECT_EQ(Str(Decimal::Parse("0.5", true)), "0.5");
}

TEST(Decimal, ParseRange) {
  EXPECT_EQ(RoundTrip("1E999"), "1E+999");
  EXPECT_EQ(RoundTrip("9.9E999"), "9.9E+999");
  EXPECT_EQ(RoundTrip("1E-999"), "1E-999");
  EXPECT_EQ(RoundTrip("0.1E-998"), "1E-999");
  EXPECT_EQ(RoundTrip("1000E996"), "1.000E+999");
  EXPECT_EQ(RoundTrip("1E1000"), "<nullopt>");
  EXPECT_EQ(RoundTrip("10E999"), "<nullopt>");
  EXPECT_EQ(RoundTrip("1E-1000"), "<nullopt>");
  EXPECT_EQ(RoundTrip("1E99999999999999999999"), "<nullopt>");
  EXPECT_EQ(RoundTrip("1E-99999999999999999999"), "<nullopt>");
  // Rounding to 34 digits can carry past the range.
  EXPECT_EQ(RoundTrip("9.9999999999999999999999999999999999E999"), "<nullopt>");
  // Zero has no magnitude, so any exponent is fine.
  std::optional<Decimal> z = Decimal::Parse("0E-5000");
  ASSERT_TRUE(z.has_value());
  EXPECT_TRUE(z->IsZero());
}

TEST(Decimal, FromInt64) {
  EXPECT_EQ(Decimal::FromInt64(0).ToString(), "0");
  EXPECT_EQ(Decimal::FromInt64(-42).ToString(), "-42");
  EXPECT_EQ(Decimal::FromInt64(std::numeric_limits<int64_t>::min()).ToString(),
            "-9223372036854775808");
  EXPECT_EQ(Decimal::FromInt64(std::numeric_limits<int64_t>::max()).ToString(),
            "9223372036854775807");
  Decimal d = Decimal::FromInt64(12345);
  EXPECT_EQ(d.high(), 0x3040000000000000ULL);
  EXPECT_EQ(d.low(), 12345u);
}

TEST(Decimal, QuantumPreservingArithmetic) {
  EXPECT_EQ(Str(Decimal::Add(D("1.5"), D("1.5"))), "3.0");
  EXPECT_EQ(Str(Decimal::Add(D("0.1"), D("0.2"))), "0.3");
  EXPECT_EQ(Str(Decimal::Add(D("1"), D("0.25"))), "1.25");
  EXPECT_EQ(Str(Decimal::Sub(D("1"), D("1.0"))), "0.0");
  EXPECT_EQ(Str(Decimal::Add(D("-1"), D("1"))), "0");
  EXPECT_EQ(Str(Decimal::Sub(D("5"), D("7.5"))), "-2.5");
  EXPECT_EQ(Str(Decimal::Mul(D("1.00"), D("2.0"))), "2.000");
  EXPECT_EQ(Str(Decimal::Mul(D("0"), D("-1"))), "0");
  EXPECT_EQ(Str(Decimal::Mul(D("-1.5"), D("2"))), "-3.0");
  EXPECT_EQ(Str(Decimal::Div(D("10.0"), D("4"))), "2.5");
  EXPECT_EQ(Str(Decimal::Div(D("1"), D("4"))), "0.25");
  EXPECT_EQ(Str(Decimal::Div(D("6"), D("2"))), "3");
  EXPECT_EQ(Str(Decimal::Div(D("1E+2"), D("4"))), "25");
  EXPECT_EQ(Str(Decimal::Div(D("100"), D("0.5"))), "2.0E+2");
  EXPECT_EQ(Str(Decimal::Div(D("-7"), D("2"))), "-3.5");
}

TEST(Decimal, InexactDivisionRoundsTo34Digits) {
  EXPECT_EQ(Str(Decimal::Div(D("1"), D("3"))), "0." + std::string(34, '3'));
  EXPECT_EQ(Str(Decimal::Div(D("2"), D("3"))), "0.6666666666666666666666666666666667");
  EXPECT_EQ(Str(Decimal::Div(D("-2"), D("3"))), "-0.6666666666666666666666666666666667");
}

TEST(Decimal, LargeArithmetic) {
  EXPECT_EQ(Str(Decimal::Add(D("99999999999999999999"), D("1"))), "100000000000000000000");
  EXPECT_EQ(Str(Decimal::Mul(D("12345678901234567890"), D("98765432109876543210"))),
            "1.219326311370217952237463801111264E+39");
  EXPECT_EQ(Str(Decimal::Add(D("1E+30"), D("1"))), "1000000000000000000000000000001");
  EXPECT_EQ(Str(Decimal::Add(D("1E+40"), D("1"))), "1.000000000000000000000000000000000E+40");
  EXPECT_EQ(Str(Decimal::Add(D("12345678901234567890123456789"), D("0.000001"))),
            "12345678901234567890123456789.00000");
  EXPECT_EQ(Str(Decimal::Sub(D("12345678901234567890123456789"),
                             D("12345678901234567890123456789"))),
            "0");
}

TEST(Decimal, OverflowAndDivisionByZero) {
  EXPECT_FALSE(Decimal::Div(D("1"), D("0")).has_value());
  EXPECT_FALSE(Decimal::Div(D("0"), D("0")).has_value());
  EXPECT_FALSE(Decimal::Div(D("1"), D("0.000")).has_value());
  EXPECT_FALSE(Decimal::Rem(D("5"), D("0")).has_value());
  EXPECT_FALSE(Decimal::Mul(D("9E999"), D("10")).has_value());
  EXPECT_FALSE(Decimal::Mul(D("1E999"), D("1E999")).has_value());
  EXPECT_FALSE(Decimal::Add(D("9E999"), D("1E999")).has_value());
  EXPECT_FALSE(Decimal::Div(D("1E-999"), D("10")).has_value());
  EXPECT_FALSE(Decimal::Div(D("1E999"), D("0.1")).has_value());
  EXPECT_EQ(Str(Decimal::Mul(D("1E500"), D("1E499"))), "1E+999");
}

TEST(Decimal, RemainderHasDividendSign) {
  EXPECT_EQ(Str(Decimal::Rem(D("-7"), D("3"))), "-1");
  EXPECT_EQ(Str(Decimal::Rem(D("7"), D("-3"))), "1");
  EXPECT_EQ(Str(Decimal::Rem(D("7"), D("3"))), "1");
  EXPECT_EQ(Str(Decimal::Rem(D("10.5"), D("3"))), "1.5");
  EXPECT_EQ(Str(Decimal::Rem(D("10"), D("3.0"))), "1.0");
  EXPECT_EQ(Str(Decimal::Rem(D("-6"), D("3"))), "0");
  EXPECT_EQ(Str(Decimal::Rem(D("5"), D("7"))), "5");
}

TEST(Decimal, NegateAbs) {
  EXPECT_EQ(D("1.5").Negate().ToString(), "-1.5");
  EXPECT_EQ(D("-1.5").Negate().ToString(), "1.5");
  EXPECT_EQ(D("0").Negate().ToString(), "0");
  EXPECT_FALSE(D("0").Negate().IsNegative());
  EXPECT_EQ(D("-2.50").Abs().ToString(), "2.50");
}

TEST(Decimal, Compare) {
  EXPECT_EQ(Decimal::Compare(D("1"), D("1.0")), 0);
  EXPECT_EQ(Decimal::Compare(D("1E+2"), D("100.00")), 0);
  EXPECT_EQ(Decimal::Compare(D("2"), D("10")), -1);
  EXPECT_EQ(Decimal::Compare(D("1.5"), D("1.49")), 1);
  EXPECT_EQ(Decimal::Compare(D("-1"), D("1")), -1);
  EXPECT_EQ(Decimal::Compare(D("-2"), D("-1")), -1);
  EXPECT_EQ(Decimal::Compare(D("-0.5"), D("-0.50")), 0);
  EXPECT_EQ(Decimal::Compare(D("0"), D("-0.0")), 0);
  EXPECT_EQ(Decimal::Compare(D("0"), D("0E+5")), 0);
  EXPECT_EQ(Decimal::Compare(D("1E-30"), D("0")), 1);
  EXPECT_EQ(Decimal::Compare(D("0"), D("-1E-30")), 1);
  EXPECT_EQ(Decimal::Compare(D("1E+20"), D("99999999999999999999")), 1);
  EXPECT_EQ(Decimal::Compare(D("1E+40"), D("9")), 1);
  EXPECT_EQ(Decimal::Compare(D("9"), D("1E+40")), -1);
  EXPECT_EQ(Decimal::Compare(D("1E-40"), D("1E-39")), -1);
  EXPECT_EQ(Decimal::Compare(D("12345678901234567890123456789"),
                             D("12345678901234567890123456790")),
            -1);
  EXPECT_EQ(Decimal::Compare(D("-12345678901234567890123456789"),
                             D("12345678901234567890123456789")),
            -1);
  EXPECT_EQ(Decimal::Compare(D("12345678901234567890123456789.0"),
                             D("12345678901234567890123456789")),
            0);
  EXPECT_EQ(Decimal::Compare(D("18446744073709551616"), D("18446744073709551615")), 1);
}

// Compare agrees with the sign of the (exact or correctly rounded) difference.
TEST(Decimal, CompareMatchesSubtraction) {
  std::mt19937_64 rng(7);
  for (int i = 0; i < 20000; ++i) {
    auto make = [&]() {
      int64_t c = static_cast<int64_t>(rng() >> (rng() % 64));
      if (rng() % 2) c = -c;
      int32_t e = static_cast<int32_t>(rng() % 41) - 20;
      return Decimal::FromParts(c, e);
    };
    Decimal a = make();
    Decimal b = rng() % 4 == 0 ? *Decimal::Mul(a, D("1.00")) : make();
    std::optional<Decimal> diff = Decimal::Sub(a, b);
    ASSERT_TRUE(diff.has_value());
    int expected = diff->IsZero() ? 0 : (diff->IsNegative() ? -1 : 1);
    ASSERT_EQ(Decimal::Compare(a, b), expected) << a.ToString() << " vs " << b.ToString();
  }
}

TEST(Decimal, Predicates) {
  EXPECT_TRUE(D("10.0").IsIntegral());
  EXPECT_TRUE(D("1E+2").IsIntegral());
  EXPECT_TRUE(D("0.00").IsIntegral());
  EXPECT_TRUE(D("-3").IsIntegral());
  EXPECT_FALSE(D("1.5").IsIntegral());
  EXPECT_FALSE(D("1E-40").IsIntegral());
  EXPECT_TRUE(D("1234567890123456789012345678901234E-10").IsIntegral() == false);
  EXPECT_TRUE(D("1234567890123456789012300000000000E-10").IsIntegral());
  EXPECT_TRUE(D("0.000").IsZero());
  EXPECT_FALSE(D("0.001").IsZero());
  EXPECT_TRUE(D("-0.001").IsNegative());
  EXPECT_FALSE(D("-0.000").IsNegative());

  EXPECT_EQ(D("0").IntegerDigits(), 1);
  EXPECT_EQ(D("10.0").IntegerDigits(), 2);
  EXPECT_EQ(D("0.5").IntegerDigits(), 1);
  EXPECT_EQ(D("123.45").IntegerDigits(), 3);
  EXPECT_EQ(D("1E+40").IntegerDigits(), 41);
  EXPECT_EQ(D("1234567890123456789012345678901234").IntegerDigits(), 34);
}

TEST(Decimal, IntegerRounding) {
  EXPECT_EQ(Str(D("-1.5").RoundHalfAwayFromZero()), "-2");
  EXPECT_EQ(Str(D("1.5").RoundHalfAwayFromZero()), "2");
  EXPECT_EQ(Str(D("2.5").RoundHalfAwayFromZero()), "3");
  EXPECT_EQ(Str(D("1.7").RoundHalfAwayFromZero()), "2");
  EXPECT_EQ(Str(D("-1.49").RoundHalfAwayFromZero()), "-1");
  EXPECT_EQ(Str(D("-0.4").RoundHalfAwayFromZero()), "0");
  EXPECT_EQ(Str(D("-1.2").Floor()), "-2");
  EXPECT_EQ(Str(D("-1.2").Ceil()), "-1");
  EXPECT_EQ(Str(D("1.2").Floor()), "1");
  EXPECT_EQ(Str(D("1.2").Ceil()), "2");
  EXPECT_EQ(Str(D("-0.5").Ceil()), "0");
  EXPECT_EQ(Str(D("-2.0").Floor()), "-2");
  EXPECT_EQ(Str(D("-2.7").Truncate()), "-2");
  EXPECT_EQ(Str(D("1E-40").Floor()), "0");
  EXPECT_EQ(Str(D("1E-40").Ceil()), "1");
  EXPECT_EQ(Str(D("-1E-40").Floor()), "-1");
  EXPECT_EQ(Str(D("1E+2").Floor()), "100");  // exponent 0
  EXPECT_EQ(Str(D("1E+33").Floor()), "1" + std::string(33, '0'));
  EXPECT_FALSE(D("1E+34").Floor().has_value());  // 35 digits
  EXPECT_EQ(Str(D("123456789012345678901234567890.5").RoundHalfAwayFromZero()),
            "123456789012345678901234567891");
}

TEST(Decimal, TruncatePlacesAndStrip) {
  EXPECT_EQ(D("2.3123").TruncatePlaces(2).ToString(), "2.31");
  EXPECT_EQ(D("2.00").TruncatePlaces(5).ToString(), "2");
  EXPECT_EQ(D("-2.3199").TruncatePlaces(2).ToString(), "-2.31");
  EXPECT_EQ(D("2.5").TruncatePlaces(0).ToString(), "2");
  EXPECT_EQ(D("-0.001").TruncatePlaces(2).ToString(), "0");
  EXPECT_EQ(D("1E-40").TruncatePlaces(34).ToString(), "0");
  EXPECT_EQ(D("100").TruncatePlaces(2).ToString(), "100");
  EXPECT_EQ(D("2.500").StripTrailingZeros().ToString(), "2.5");
  EXPECT_EQ(D("2.00").StripTrailingZeros().ToString(), "2");
  EXPECT_EQ(D("100").StripTrailingZeros().ToString(), "100");
  EXPECT_EQ(D("0.000").StripTrailingZeros().ToString(), "0");
  EXPECT_EQ(D("1E+2").StripTrailingZeros().ToString(), "1E+2");
  EXPECT_EQ(D("1234567890123456789012345678900000E-5").StripTrailingZeros().ToString(),
            "12345678901234567890123456789");
}

TEST(Decimal, ToInt64) {
  EXPECT_EQ(D("10.0").ToInt64(), std::optional<int64_t>(10));
  EXPECT_EQ(D("-1E+3").ToInt64(), std::optional<int64_t>(-1000));
  EXPECT_EQ(D("0.00").ToInt64(), std::optional<int64_t>(0));
  EXPECT_FALSE(D("1.5").ToInt64().has_value());
  EXPECT_EQ(D("9223372036854775807").ToInt64(), std::optional<int64_t>(INT64_MAX));
  EXPECT_EQ(D("-9223372036854775808").ToInt64(), std::optional<int64_t>(INT64_MIN));
  EXPECT_FALSE(D("9223372036854775808").ToInt64().has_value());
  EXPECT_FALSE(D("-9223372036854775809").ToInt64().has_value());
  EXPECT_EQ(D("1E+18").ToInt64(), std::optional<int64_t>(1000000000000000000));
  EXPECT_FALSE(D("1E+19").ToInt64().has_value());
  EXPECT_FALSE(D("1E+40").ToInt64().has_value());
}

TEST(Decimal, ToIntegerString) {
  EXPECT_EQ(D("1E+2").ToIntegerString(), "100");
  EXPECT_EQ(D("-12.0").ToIntegerString(), "-12");
  EXPECT_EQ(D("0.00").ToIntegerString(), "0");
  EXPECT_EQ(D("1234567890123456789012345678901234").ToIntegerString(),
            "1234567890123456789012345678901234");
  EXPECT_EQ(D("1.2E+35").ToIntegerString(), "12" + std::string(34, '0'));
}

TEST(Decimal, FromDouble) {
  EXPECT_EQ(Str(Decimal::FromDouble(32.0)), "32.0");
  std::optional<Decimal> d = Decimal::FromDouble(32.0);
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->low(), 320u);
  EXPECT_EQ(d->high(), uint64_t{6175} << 49);
  EXPECT_EQ(Str(Decimal::FromDouble(1.5707963267948966)), "1.5707963267948966");
  EXPECT_EQ(Str(Decimal::FromDouble(0.1)), "0.1");
  EXPECT_EQ(Str(Decimal::FromDouble(-2.5)), "-2.5");
  EXPECT_EQ(Str(Decimal::FromDouble(0.0)), "0.0");
  EXPECT_EQ(Str(Decimal::FromDouble(-0.0)), "0.0");
  // Java: Double.toString(1e-5) = "1.0E-5"; new BigDecimal("1.0E-5").toString() = "0.000010".
  EXPECT_EQ(Str(Decimal::FromDouble(1e-5)), "0.000010");
  EXPECT_EQ(Str(Decimal::FromDouble(1e-4)), "0.00010");
  EXPECT_EQ(Str(Decimal::FromDouble(0.001)), "0.001");
  EXPECT_EQ(Str(Decimal::FromDouble(1e10)), "1.0E+10");
  EXPECT_EQ(Str(Decimal::FromDouble(1e7)), "1.0E+7");
  EXPECT_EQ(Str(Decimal::FromDouble(9999999.0)), "9999999.0");
  EXPECT_EQ(Str(Decimal::FromDouble(123456789.0)), "123456789");  // "1.23456789E8"
  EXPECT_EQ(Str(Decimal::FromDouble(1.2345e-7)), "1.2345E-7");
  EXPECT_EQ(Str(Decimal::FromDouble(1e21)), "1.0E+21");
  EXPECT_EQ(Str(Decimal::FromDouble(-1e300)), "-1.0E+300");
  EXPECT_EQ(Str(Decimal::FromDouble(5e-324)), "4.9E-324");
  EXPECT_EQ(Str(Decimal::FromDouble(1e-323)), "9.9E-324");  // closest of 1E-323 and 9.9E-324
  EXPECT_EQ(Str(Decimal::FromDouble(2e-323)), "2.0E-323");
  EXPECT_FALSE(Decimal::FromDouble(std::nan("")).has_value());
  EXPECT_FALSE(Decimal::FromDouble(INFINITY).has_value());
  EXPECT_FALSE(Decimal::FromDouble(-INFINITY).has_value());
}

TEST(Decimal, ToDouble) {
  EXPECT_EQ(D("0.1").ToDouble(), 0.1);
  EXPECT_EQ(D("1.5707963267948966").ToDouble(), 1.5707963267948966);
  EXPECT_EQ(D("-2.5").ToDouble(), -2.5);
  EXPECT_EQ(D("1E+300").ToDouble(), 1e300);
  EXPECT_EQ(D("1E-300").ToDouble(), 1e-300);
  EXPECT_EQ(D("123456789012345678901234567890").ToDouble(), 1.2345678901234568e29);
  EXPECT_EQ(D("9007199254740993").ToDouble(), 9007199254740992.0);  // tie to even
  EXPECT_EQ(D("1E+999").ToDouble(), INFINITY);
  EXPECT_EQ(D("0").ToDouble(), 0.0);
}

TEST(Decimal, DoubleRoundTrips) {
  std::mt19937_64 rng(42);
  for (int i = 0; i < 20000; ++i) {
    uint64_t bits = rng();
    double x;
    std::memcpy(&x, &bits, sizeof x);
    if (!std::isfinite(x)) continue;
    std::optional<Decimal> d = Decimal::FromDouble(x);
    ASSERT_TRUE(d.has_value()) << x;
    ASSERT_EQ(d->ToDouble(), x) << d->ToString();
  }
}

TEST(Decimal, ToDoubleMatchesStrtod) {
  std::mt19937_64 rng(1);
  for (int i = 0; i < 20000; ++i) {
    std::string text = std::to_string(rng() % 9 + 1);
    int n = static_cast<int>(rng() % 34);
    for (int j = 0; j < n; ++j) text.push_back(static_cast<char>('0' + rng() % 10));
    text += "E" + std::to_string(static_cast<int>(rng() % 640) - 340);
    Decimal d = D(text);
    ASSERT_EQ(d.ToDouble(), std::strtod(text.c_str(), nullptr)) << text;
  }
}

TEST(Decimal, ToStringReparsesToSameBits) {
  std::mt19937_64 rng(3);
  for (int i = 0; i < 20000; ++i) {
    std::string text = rng() % 2 ? "-" : "";
    int n = static_cast<int>(rng() % 34) + 1;
    for (int j = 0; j < n; ++j) text.push_back(static_cast<char>('0' + rng() % 10));
    text += "E" + std::to_string(static_cast<int>(rng() % 200) - 100);
    std::optional<Decimal> parsed = Decimal::Parse(text);
    ASSERT_TRUE(parsed.has_value()) << text;
    Decimal d = *parsed;
    std::string printed = d.ToString();
    Decimal back = D(printed);
    ASSERT_EQ(back.low(), d.low()) << text << " -> " << printed;
    ASSERT_EQ(back.high(), d.high()) << text << " -> " << printed;
  }
}

}  // namespace
}  // namespace iotsql
