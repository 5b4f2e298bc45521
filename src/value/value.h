// The value model of AWS IoT SQL (spec §9): Int, Decimal, String, Boolean, Array, Object,
// Null, Undefined, plus Binary for the raw bytes of a non-JSON payload (spec §16).
//
// An Object never holds the same key twice (readers and constructors keep the last value at the
// first position, as a JSON object read into a map would).
//
// A Value is 24 bytes and never owns memory: strings, arrays and objects point into the
// evaluation's Arena, the payload buffer, or a program's constant pool.
#ifndef IOTSQL_VALUE_VALUE_H_
#define IOTSQL_VALUE_VALUE_H_

#include <cstdint>
#include <string_view>

#include "value/decimal.h"

namespace iotsql {

enum class Kind : uint8_t {
  kUndefined,
  kNull,
  kBool,
  kInt,
  kDecimal,
  kString,
  kArray,
  kObject,
  kBinary,
};

const char* KindName(Kind k);

struct Member;

class Value {
 public:
  Value() : kind_(Kind::kUndefined), big_(false), whole_decimal_(false), size_(0), i_(0) {}

  static Value Undefined() { return Value(); }
  static Value Null() { Value v; v.kind_ = Kind::kNull; return v; }
  static Value Bool(bool b) { Value v; v.kind_ = Kind::kBool; v.b_ = b; return v; }
  static Value Int(int64_t i) { Value v; v.kind_ = Kind::kInt; v.i_ = i; return v; }
  // An Int beyond int64 (at most 34 digits), held as an integral Decimal with exponent 0.
  static Value BigInt(const Decimal& d) {
    Value v; v.kind_ = Kind::kInt; v.big_ = true; v.d_ = d; return v;
  }
  static Value Dec(const Decimal& d) { Value v; v.kind_ = Kind::kDecimal; v.d_ = d; return v; }
  static Value String(std::string_view s) {
    Value v; v.kind_ = Kind::kString; v.s_ = s.data(); v.size_ = static_cast<uint32_t>(s.size());
    return v;
  }
  static Value Binary(std::string_view s) {
    Value v = String(s); v.kind_ = Kind::kBinary; return v;
  }
  static Value Array(const Value* items, uint32_t n) {
    Value v; v.kind_ = Kind::kArray; v.items_ = items; v.size_ = n; return v;
  }
  static Value Object(const Member* members, uint32_t n) {
    Value v; v.kind_ = Kind::kObject; v.members_ = members; v.size_ = n; return v;
  }

  Kind kind() const { return kind_; }
  bool is_undefined() const { return kind_ == Kind::kUndefined; }
  bool is_null() const { return kind_ == Kind::kNull; }
  bool is_bool() const { return kind_ == Kind::kBool; }
  bool is_int() const { return kind_ == Kind::kInt; }
  bool is_decimal() const { return kind_ == Kind::kDecimal; }
  bool is_number() const { return kind_ == Kind::kInt || kind_ == Kind::kDecimal; }
  bool is_string() const { return kind_ == Kind::kString; }
  bool is_array() const { return kind_ == Kind::kArray; }
  bool is_object() const { return kind_ == Kind::kObject; }
  bool is_binary() const { return kind_ == Kind::kBinary; }
  bool is_true() const { return kind_ == Kind::kBool && b_; }

  bool as_bool() const { return b_; }
  // Int: whether the value lives in the Decimal (beyond int64).
  bool is_big_int() const { return big_; }
  // Int: the whole-valued result of a Decimal operation in 2016-03-23. It is written as an Int
  // (`92`), but it is still a Decimal to the operators: `(50.4 - 32) * 5 / 9` divides 92.0 by 9
  // as Decimals, not as Ints. (Whole decimals read from a payload or a literal are plain Ints.)
  bool is_whole_decimal() const { return whole_decimal_; }
  Value AsWholeDecimal() const {
    Value v = *this;
    v.whole_decimal_ = kind_ == Kind::kInt;
    return v;
  }
  // The same number as a plain Int (cast to Int, round, ...).
  Value AsPlainInt() const {
    Value v = *this;
    v.whole_decimal_ = false;
    return v;
  }
  int64_t as_int() const { return i_; }
  // Int or Decimal as a Decimal (exact).
  Decimal as_decimal() const {
    if (kind_ == Kind::kInt && !big_) return Decimal::FromInt64(i_);
    return d_;
  }
  const Decimal& decimal_bits() const { return d_; }
  std::string_view as_string() const { return std::string_view(s_, size_); }
  const Value* items() const { return items_; }
  const Member* members() const { return members_; }
  uint32_t size() const { return size_; }

  // Object member lookup; nullptr when missing or not an object.
  const Value* Find(std::string_view key) const;

 private:
  Kind kind_;
  bool big_;
  bool whole_decimal_;
  uint32_t size_;
  union {
    bool b_;
    int64_t i_;
    const char* s_;
    const Value* items_;
    const Member* members_;
    Decimal d_;
  };
};

struct Member {
  std::string_view key;
  Value value;
};

}  // namespace iotsql

#endif  // IOTSQL_VALUE_VALUE_H_
