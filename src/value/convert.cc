#include "value/convert.h"

#include <charconv>
#include <new>
#include <utility>

#include "common/string_view.h"
#include "common/utf8.h"

namespace iotsql {
namespace {

void AppendBase64(std::string_view s, std::string* out) {
  static const char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t n = s.size();
  size_t i = 0;
  for (; i + 3 <= n; i += 3) {
    uint32_t v = (p[i] << 16) | (p[i + 1] << 8) | p[i + 2];
    out->push_back(kAlphabet[v >> 18]);
    out->push_back(kAlphabet[(v >> 12) & 63]);
    out->push_back(kAlphabet[(v >> 6) & 63]);
    out->push_back(kAlphabet[v & 63]);
  }
  if (i < n) {
    uint32_t v = p[i] << 16;
    if (i + 1 < n) v |= p[i + 1] << 8;
    out->push_back(kAlphabet[v >> 18]);
    out->push_back(kAlphabet[(v >> 12) & 63]);
    out->push_back(i + 1 < n ? kAlphabet[(v >> 6) & 63] : '=');
    out->push_back('=');
  }
}

uint32_t CountDefinedMembers(const Value& obj) {
  uint32_t count = 0;
  for (uint32_t i = 0; i < obj.size(); ++i) count += !obj.members()[i].value.is_undefined();
  return count;
}

}  // namespace

std::optional<Decimal> ParseNumericString(std::string_view s) { return Decimal::Parse(s, false); }

Value MakeIntFromDecimal(const Decimal& d) {
  if (d.IntegerDigits() > 34) return Value::Undefined();
  if (auto i = d.ToInt64()) return Value::Int(*i);
  std::optional<Decimal> t = d.Truncate();
  if (!t) return Value::Undefined();
  if (auto i = t->ToInt64()) return Value::Int(*i);
  return Value::BigInt(*t);
}

Value MakeNumber(const Decimal& d, bool v2) {
  // Whole numbers past 34 digits (1E+40) are not Ints; they stay Decimals.
  if (v2 && d.IsIntegral() && d.IntegerDigits() <= 34) return MakeIntFromDecimal(d);
  return Value::Dec(d);
}

Value MakeDecimalResult(const Decimal& d, bool v2) {
  Value v = MakeNumber(d, v2);
  return v.is_int() ? v.AsWholeDecimal() : v;
}

Value ToNumeric(const Value& v) {
  switch (v.kind()) {
    case Kind::kInt:
    case Kind::kDecimal:
    case Kind::kNull:
      return v;
    case Kind::kString:
      if (auto d = ParseNumericString(v.as_string())) return Value::Dec(*d);
      return Value::Undefined();
    default:
      return Value::Undefined();
  }
}

Value ToBoolean(const Value& v) {
  if (v.is_bool()) return v;
  if (v.is_string()) {
    std::string_view s = v.as_string();
    if (EqualsIgnoreCase(s, "true")) return Value::Bool(true);
    if (EqualsIgnoreCase(s, "false")) return Value::Bool(false);
  }
  return Value::Undefined();
}

size_t JsonSizeLowerBound(const Value& v, size_t stop) {
  switch (v.kind()) {
    case Kind::kUndefined:
      return 0;
    case Kind::kNull:
    case Kind::kBool:
      return 4;
    case Kind::kInt:
    case Kind::kDecimal:
      return 1;
    case Kind::kString:
      return v.size() + 2;
    case Kind::kBinary:
      return v.size() / 3 * 4 + 2;  // written as base64 text
    case Kind::kArray: {
      size_t n = 2;
      for (uint32_t i = 0; i < v.size() && n < stop; ++i) {
        const Value& item = v.items()[i];
        n += (i > 0 ? 1 : 0) + (item.is_undefined() ? 4 : JsonSizeLowerBound(item, stop - n));
      }
      return n;
    }
    case Kind::kObject: {
      size_t n = 2;
      bool first = true;
      for (uint32_t i = 0; i < v.size() && n < stop; ++i) {
        const Member& m = v.members()[i];
        if (m.value.is_undefined()) continue;
        n += (first ? 0 : 1) + m.key.size() + 3 + JsonSizeLowerBound(m.value, stop - n);
        first = false;
      }
      return n;
    }
  }
  return 0;
}

Value ToStringValue(const Value& v, Arena* arena) {
  switch (v.kind()) {
    case Kind::kString:
      return v;
    case Kind::kBool:
      return Value::String(v.as_bool() ? "true" : "false");
    case Kind::kInt:
      if (!v.is_big_int()) {
        char buf[24];
        auto end = std::to_chars(buf, buf + sizeof buf, v.as_int()).ptr;
        return Value::String(arena->CopyString(std::string_view(buf, end - buf)));
      }
      [[fallthrough]];
    case Kind::kDecimal:
    case Kind::kArray:
    case Kind::kObject: {
      if (JsonSizeLowerBound(v, kMaxJsonTextBytes + 1) > kMaxJsonTextBytes) {
        return Value::Undefined();
      }
      // Reused per thread so steady-state conversions do not touch the heap.
      thread_local std::string scratch;
      scratch.clear();
      AppendJson(v, &scratch);
      return Value::String(arena->CopyString(scratch));
    }
    default:
      return Value::Undefined();
  }
}

void AppendJsonString(std::string_view s, std::string* out) {
  static const char kHex[] = "0123456789ABCDEF";  // Jackson writes upper-case \u00XX
  out->push_back('"');
  size_t run = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out->append(s.data() + run, i - run);
    run = i + 1;
    out->push_back('\\');
    switch (c) {
      case '"': out->push_back('"'); break;
      case '\\': out->push_back('\\'); break;
      case '\n': out->push_back('n'); break;
      case '\t': out->push_back('t'); break;
      case '\r': out->push_back('r'); break;
      case '\b': out->push_back('b'); break;
      case '\f': out->push_back('f'); break;
      default:
        out->append("u00");
        out->push_back(kHex[c >> 4]);
        out->push_back(kHex[c & 15]);
    }
  }
  out->append(s.data() + run, s.size() - run);
  out->push_back('"');
}

void AppendJsonStringOfBytes(std::string_view s, std::string* out) {
  thread_local std::string replaced;
  AppendJsonString(ReplaceInvalidUtf8(s, &replaced) ? std::string_view(replaced) : s, out);
}

std::string JsonStringOfBytes(std::string_view s) {
  std::string out;
  AppendJsonStringOfBytes(s, &out);
  return out;
}

void AppendNumber(const Value& v, std::string* out) {
  if (v.is_decimal()) {
    v.decimal_bits().AppendTo(out);
  } else if (v.is_big_int()) {
    out->append(v.decimal_bits().ToIntegerString());
  } else {
    char buf[24];
    out->append(buf, std::to_chars(buf, buf + sizeof buf, v.as_int()).ptr - buf);
  }
}

void AppendJson(const Value& v, std::string* out) {
  switch (v.kind()) {
    case Kind::kUndefined:
      return;
    case Kind::kNull:
      out->append("null");
      return;
    case Kind::kBool:
      out->append(v.as_bool() ? "true" : "false");
      return;
    case Kind::kInt:
    case Kind::kDecimal:
      AppendNumber(v, out);
      return;
    case Kind::kString:
      AppendJsonString(v.as_string(), out);
      return;
    case Kind::kBinary:
      out->push_back('"');
      AppendBase64(v.as_string(), out);
      out->push_back('"');
      return;
    case Kind::kArray:
      out->push_back('[');
      for (uint32_t i = 0; i < v.size(); ++i) {
        if (i > 0) out->push_back(',');
        if (v.items()[i].is_undefined()) {
          out->append("null");
        } else {
          AppendJson(v.items()[i], out);
        }
      }
      out->push_back(']');
      return;
    case Kind::kObject: {
      out->push_back('{');
      bool first = true;
      for (uint32_t i = 0; i < v.size(); ++i) {
        const Value& item = v.members()[i].value;
        if (item.is_undefined()) continue;
        if (!first) out->push_back(',');
        first = false;
        AppendJsonString(v.members()[i].key, out);
        out->push_back(':');
        AppendJson(item, out);
      }
      out->push_back('}');
      return;
    }
  }
}

bool ValuesEqual(const Value& a, const Value& b) {
  if (a.is_number() && b.is_number()) {
    if (a.is_int() && b.is_int() && !a.is_big_int() && !b.is_big_int()) {
      return a.as_int() == b.as_int();
    }
    return Decimal::Compare(a.as_decimal(), b.as_decimal()) == 0;
  }
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case Kind::kUndefined:
    case Kind::kNull:
      return true;
    case Kind::kBool:
      return a.as_bool() == b.as_bool();
    case Kind::kString:
    case Kind::kBinary:
      return a.as_string() == b.as_string();
    case Kind::kArray:
      if (a.size() != b.size()) return false;
      for (uint32_t i = 0; i < a.size(); ++i) {
        if (!ValuesEqual(a.items()[i], b.items()[i])) return false;
      }
      return true;
    case Kind::kObject: {
      // Same defined keys (Undefined members do not exist) with equal values.
      uint32_t count = 0;
      for (uint32_t i = 0; i < a.size(); ++i) {
        const Value& av = a.members()[i].value;
        if (av.is_undefined()) continue;
        ++count;
        const Value* bv = b.Find(a.members()[i].key);
        if (bv == nullptr || bv->is_undefined() || !ValuesEqual(av, *bv)) return false;
      }
      return count == CountDefinedMembers(b);
    }
    default:
      return false;
  }
}

Value CopyValue(const Value& v, Arena* arena) {
  switch (v.kind()) {
    case Kind::kString:
      return Value::String(arena->CopyString(v.as_string()));
    case Kind::kBinary:
      return Value::Binary(arena->CopyString(v.as_string()));
    case Kind::kArray: {
      Value* items = arena->AllocateArray<Value>(v.size());
      for (uint32_t i = 0; i < v.size(); ++i) new (&items[i]) Value(CopyValue(v.items()[i], arena));
      return Value::Array(items, v.size());
    }
    case Kind::kObject: {
      Member* members = arena->AllocateArray<Member>(v.size());
      for (uint32_t i = 0; i < v.size(); ++i) {
        new (&members[i]) Member{arena->CopyString(v.members()[i].key),
                                 CopyValue(v.members()[i].value, arena)};
      }
      return Value::Object(members, v.size());
    }
    default:
      return v;
  }
}

}  // namespace iotsql
