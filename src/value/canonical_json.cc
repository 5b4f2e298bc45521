#include "value/canonical_json.h"

#include <cstring>

#include "simdjson.h"
#include "value/convert.h"
#include "value/json_reader.h"

namespace iotsql {

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool IsNumberByte(char c) {
  return IsDigit(c) || c == '-' || c == '.' || c == '+' || c == 'e' || c == 'E';
}

// String bytes: 0 plain, 1 ends the plain run (quote, backslash, control), 2 past ASCII.
struct StringBytes {
  unsigned char kind[256] = {};
  constexpr StringBytes() {
    for (int c = 0; c < 0x20; ++c) kind[c] = 1;
    kind[static_cast<unsigned char>('"')] = 1;
    kind[static_cast<unsigned char>('\\')] = 1;
    for (int c = 0x80; c < 0x100; ++c) kind[c] = 2;
  }
};
constexpr StringBytes kStringBytes;

bool SameKey(std::string_view a, std::string_view b) {
  return a.size() == b.size() && (a.empty() || (a[0] == b[0] && std::memcmp(a.data(), b.data(), a.size()) == 0));
}

// More keys than this and the duplicate check would cost more than the general path saves.
constexpr size_t kMaxKeys = 32;

}  // namespace

bool IsCanonicalNumber(std::string_view token, bool v2) {
  size_t i = 0;
  const size_t n = token.size();
  const bool negative = i < n && token[i] == '-';
  if (negative) ++i;
  if (i == n || !IsDigit(token[i])) return false;
  const size_t int_start = i;
  const bool int_zero = token[i] == '0';
  if (int_zero) {
    ++i;
  } else {
    while (i < n && IsDigit(token[i])) ++i;
  }
  const size_t int_len = i - int_start;
  size_t frac_len = 0, leading_zeros = 0;
  if (i < n && token[i] == '.') {
    const size_t frac_start = ++i;
    while (i < n && IsDigit(token[i])) ++i;
    frac_len = i - frac_start;
    if (frac_len == 0) return false;
    while (leading_zeros < frac_len && token[frac_start + leading_zeros] == '0') ++leading_zeros;
  }
  if (i != n) return false;  // exponent, a second leading zero, junk
  // ParseJsonNumber's exact path: at most 18 significant digits and 18 decimals.
  const size_t significant = int_zero ? frac_len - leading_zeros : int_len + frac_len;
  if (significant > 18 || frac_len > 18) return false;
  if (frac_len == 0) return !(negative && int_zero);  // -0 prints as 0
  const bool whole = leading_zeros == frac_len;
  if (whole && v2) return false;  // 2016-03-23: 60.0 is the Int 60
  if (!int_zero) return true;
  // 0.x prints like BigDecimal: plain while the exponent of the first digit is at least -7.
  if (whole) return !negative && frac_len <= 6;  // 0.000000, then 0E-7; -0.0 prints as 0.0
  return leading_zeros <= 5;                     // 0.000001, then 1E-7
}

bool CanonicalJsonScanner::Scan(std::string_view payload, bool v2, int max_depth,
                                const std::vector<std::string>& fields, Value* roots,
                                bool* roots_read, std::string* out) {
  for (size_t i = 0; i < fields.size(); ++i) roots[i] = Value::Undefined();
  *roots_read = true;
  out->clear();
  p_ = copied_ = payload.data();
  end_ = p_ + payload.size();
  out_ = out;
  v2_ = v2;
  non_ascii_ = false;
  max_depth_ = max_depth;
  fields_ = &fields;
  roots_ = roots;
  roots_read_ = true;
  keys_.clear();
  SkipWhitespace();
  bool ok = ScanValue(1);
  SkipWhitespace();
  ok = ok && p_ == end_;
  // Bytes past ASCII can only be in strings; they are rare enough to validate afterwards.
  if (ok && non_ascii_) ok = simdjson::validate_utf8(payload.data(), payload.size());
  if (!ok) {
    for (size_t i = 0; i < fields.size(); ++i) roots[i] = Value::Undefined();
    out->clear();
    return false;
  }
  CopyUpTo(end_);
  *roots_read = roots_read_;
  return true;
}

void CanonicalJsonScanner::CopyUpTo(const char* at) {
  out_->append(copied_, static_cast<size_t>(at - copied_));
  copied_ = at;
}

void CanonicalJsonScanner::CutWhitespace() {
  CopyUpTo(p_);
  while (p_ != end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  copied_ = p_;  // cut
}

// `depth`: the value's level as the JsonReader counts it (the root is 1, scalars count too).
bool CanonicalJsonScanner::ScanValue(int depth) {
  if (p_ == end_ || depth > max_depth_) return false;
  switch (*p_) {
    case '{': return ScanObject(depth);
    case '[': return ScanArray(depth);
    case '"': {
      std::string_view text;
      return ScanString(&text);
    }
    case 't': return ScanLiteral("true");
    case 'f': return ScanLiteral("false");
    case 'n': return ScanLiteral("null");
    default: return ScanNumber();
  }
}

bool CanonicalJsonScanner::ScanObject(int depth) {
  ++p_;  // {
  SkipWhitespace();
  if (p_ != end_ && *p_ == '}') {
    ++p_;
    return true;
  }
  const size_t first_key = keys_.size();
  uint64_t seen = 0;  // a filter on (length, first byte) that spares most duplicate scans
  while (true) {
    std::string_view key;
    if (p_ == end_ || *p_ != '"' || !ScanString(&key)) return false;
    if (keys_.size() - first_key == kMaxKeys) return false;
    const uint64_t bit = uint64_t{1} << ((key.size() * 7 + (key.empty() ? 0 : key[0])) & 63);
    if (seen & bit) {
      for (size_t k = first_key; k < keys_.size(); ++k) {
        if (SameKey(keys_[k], key)) return false;  // the output keeps one of them
      }
    }
    seen |= bit;
    keys_.push_back(key);
    SkipWhitespace();
    if (p_ == end_ || *p_ != ':') return false;
    ++p_;
    SkipWhitespace();
    size_t field = fields_->size();
    if (depth == 1) {
      for (size_t f = 0; f < fields_->size(); ++f) {
        if (SameKey((*fields_)[f], key)) {
          field = f;
          break;
        }
      }
    }
    const char* start = p_;
    if (!ScanValue(depth + 1)) return false;
    if (field < fields_->size() && !ReadRoot(field, start, p_)) return false;
    SkipWhitespace();
    if (p_ == end_) return false;
    if (*p_ == '}') {
      ++p_;
      keys_.resize(first_key);
      return true;
    }
    if (*p_ != ',') return false;
    ++p_;
    SkipWhitespace();
  }
}

bool CanonicalJsonScanner::ScanArray(int depth) {
  ++p_;  // [
  SkipWhitespace();
  if (p_ != end_ && *p_ == ']') {
    ++p_;
    return true;
  }
  while (true) {
    if (!ScanValue(depth + 1)) return false;
    SkipWhitespace();
    if (p_ == end_) return false;
    if (*p_ == ']') {
      ++p_;
      return true;
    }
    if (*p_ != ',') return false;
    ++p_;
    SkipWhitespace();
  }
}

bool CanonicalJsonScanner::ScanString(std::string_view* text) {
  const char* start = ++p_;  // "
  while (p_ != end_) {
    const unsigned char kind = kStringBytes.kind[static_cast<unsigned char>(*p_)];
    if (kind == 0) {
      ++p_;
    } else if (kind == 2) {
      non_ascii_ = true;
      ++p_;
    } else if (*p_ == '"') {
      *text = std::string_view(start, static_cast<size_t>(p_ - start));
      ++p_;
      return true;
    } else {
      return false;  // escapes may print differently (\/, \u00e9); control bytes are not JSON
    }
  }
  return false;
}

bool CanonicalJsonScanner::ScanNumber() {
  const char* start = p_;
  // The common form in one pass: -?[1-9][0-9]*(\.[0-9]+)?, 18 digits at most.
  if (*p_ == '-') ++p_;
  if (p_ != end_ && *p_ >= '1' && *p_ <= '9') {
    const char* digits = p_;
    while (p_ != end_ && IsDigit(*p_)) ++p_;
    bool fraction_zero = true;
    const bool point = p_ != end_ && *p_ == '.';
    if (point) {
      const char* fraction = ++p_;
      while (p_ != end_ && IsDigit(*p_)) fraction_zero &= *p_++ == '0';
      if (p_ == fraction) return false;
    } else {
      fraction_zero = false;
    }
    if ((p_ == end_ || !IsNumberByte(*p_)) && p_ - digits - point <= 18 &&
        !(v2_ && fraction_zero)) {
      return true;
    }
  }
  p_ = start;
  while (p_ != end_ && IsNumberByte(*p_)) ++p_;
  const std::string_view token(start, static_cast<size_t>(p_ - start));
  if (IsCanonicalNumber(token, v2_)) return true;
  Value number;
  if (!ParseJsonNumber(token, v2_, &number)) return false;  // not JSON, or beyond a Decimal
  CopyUpTo(start);
  AppendNumber(number, out_);
  copied_ = p_;
  return true;
}

bool CanonicalJsonScanner::ScanLiteral(std::string_view word) {
  if (static_cast<size_t>(end_ - p_) < word.size() ||
      std::memcmp(p_, word.data(), word.size()) != 0) {
    return false;
  }
  p_ += word.size();
  return true;
}

bool CanonicalJsonScanner::ReadRoot(size_t field, const char* start, const char* end) {
  const std::string_view token(start, static_cast<size_t>(end - start));
  Value& out = roots_[field];
  switch (token[0]) {
    case '"': out = Value::String(token.substr(1, token.size() - 2)); return true;
    case 't': out = Value::Bool(true); return true;
    case 'f': out = Value::Bool(false); return true;
    case 'n': out = Value::Null(); return true;
    case '{':
    case '[': roots_read_ = false; return true;
    default: return ParseJsonNumber(token, v2_, &out);
  }
}

}  // namespace iotsql
