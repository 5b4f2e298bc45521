// Exact decimal numbers with AWS IoT SQL's model: 34 significant digits, exponent within
// [-999, 999] for the adjusted exponent (spec §9.1), i.e. IEEE 754 decimal128 / Java BigDecimal
// with MathContext.DECIMAL128. The quantum (scale) is kept like BigDecimal keeps it, so 1.5 + 1.5
// prints "3.0" and 10.0 / 4 prints "2.5".
#ifndef IOTSQL_VALUE_DECIMAL_H_
#define IOTSQL_VALUE_DECIMAL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace iotsql {

// A finite decimal128 in Intel's BID encoding. Trivially copyable, 16 bytes.
class Decimal {
 public:
  Decimal() : lo_(0), hi_(kZeroHigh) {}  // 0 (exponent 0)

  // Text in the AWS string-to-number grammar `-?\d+(\.\d+)?([eE]-?\d+)?` or, with
  // `json_grammar`, the JSON number grammar (also accepts `+` in the exponent). More than 34
  // digits round half-even. nullopt when the text does not match or the magnitude is out of range.
  static std::optional<Decimal> Parse(std::string_view text, bool json_grammar = false);
  static Decimal FromInt64(int64_t v);
  // coefficient * 10^exponent, exact (the coefficient has at most 19 digits).
  static Decimal FromParts(int64_t coefficient, int32_t exponent);
  // A double as Java's BigDecimal.valueOf(d) sees it: the shortest round-trip digits, with at
  // least one fractional digit for whole values (32.0 -> "32.0"). nullopt for NaN/Infinity.
  static std::optional<Decimal> FromDouble(double d);

  // Arithmetic at 34 digits, round half-even. nullopt on overflow, and for Div/Rem by zero.
  static std::optional<Decimal> Add(const Decimal& a, const Decimal& b);
  static std::optional<Decimal> Sub(const Decimal& a, const Decimal& b);
  static std::optional<Decimal> Mul(const Decimal& a, const Decimal& b);
  static std::optional<Decimal> Div(const Decimal& a, const Decimal& b);
  // Truncated remainder: the result has the dividend's sign (BigDecimal.remainder).
  static std::optional<Decimal> Rem(const Decimal& a, const Decimal& b);
  Decimal Negate() const;
  Decimal Abs() const;

  // Numeric comparison, ignoring the quantum: -1, 0, 1.
  static int Compare(const Decimal& a, const Decimal& b);

  bool IsZero() const;
  bool IsNegative() const;
  // True when the value has no fractional part (10.0, 1E+2, 0.00).
  bool IsIntegral() const;
  // Number of significant digits of the integral value (for the 34-digit Int cap).
  int IntegerDigits() const;

  // Rounding to an integral Decimal with exponent 0. nullopt when the result would need more
  // than 34 digits.
  std::optional<Decimal> Floor() const;
  std::optional<Decimal> Ceil() const;
  std::optional<Decimal> Truncate() const;
  std::optional<Decimal> RoundHalfAwayFromZero() const;
  // Truncates to `places` fractional digits (0..34) and strips trailing zeros (trunc()).
  Decimal TruncatePlaces(int places) const;
  // Removes trailing fractional zeros: 2.500 -> 2.5, 2.00 -> 2 (exponent never goes above 0).
  Decimal StripTrailingZeros() const;

  // The value as int64 when it is integral and fits; nullopt otherwise.
  std::optional<int64_t> ToInt64() const;
  double ToDouble() const;

  // Java BigDecimal.toString(): plain notation when the exponent is <= 0 and the adjusted
  // exponent is >= -6, else scientific "1.23E+5" / "5E-12".
  std::string ToString() const;
  // Appends ToString() to `out` without a temporary.
  void AppendTo(std::string* out) const;
  // Plain digits of an integral value, no exponent: 1E+2 -> "100" (Int printing).
  std::string ToIntegerString() const;

  // Raw BID128 words, for the VM and for tests.
  uint64_t low() const { return lo_; }
  uint64_t high() const { return hi_; }
  static Decimal FromBits(uint64_t lo, uint64_t hi) { return Decimal(lo, hi); }

 private:
  static constexpr uint64_t kZeroHigh = 0x3040000000000000ULL;  // biased exponent 6176, +0
  Decimal(uint64_t lo, uint64_t hi) : lo_(lo), hi_(hi) {}
  uint64_t lo_;
  uint64_t hi_;
};

}  // namespace iotsql

#endif  // IOTSQL_VALUE_DECIMAL_H_
