// String functions (spec §15.4, except the regexp_* family in regex.cc).
//
// Characters are Unicode code points of the UTF-8 text (length("€") = 1); numbytes counts bytes.
// Invalid UTF-8 never fails a call: a byte that does not start a well-formed sequence counts as
// one character and is kept as is (the same rule as get() in types.cc), so indices stay
// consistent across functions and no valid sequence is ever split.
//
// Results that are a slice of an argument (substring, trim, ...) point into the argument's
// text; new text is built in ctx.arena.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "functions/args.h"
#include "common/utf8.h"
#include "functions/registry.h"
#include "value/convert.h"

namespace iotsql {
namespace {

constexpr SqlVersion k2015 = SqlVersion::k2015_10_08;
constexpr SqlVersion k2016 = SqlVersion::k2016_03_23;

// replace() can multiply its input (every char replaced by a long text); past this size the
// result is Undefined rather than an unbounded allocation. AWS payloads are at most 128 KiB.
constexpr size_t kMaxResultBytes = size_t{8} << 20;
constexpr int64_t kMaxPad = 1000;

int64_t CountChars(std::string_view s) {
  int64_t n = 0;
  for (size_t i = 0; i < s.size(); i += Utf8CharLength(s, i)) ++n;
  return n;
}

// Byte offset of character `index` (0 <= index <= CountChars(s)).
size_t ByteOffset(std::string_view s, int64_t index) {
  size_t i = 0;
  for (int64_t k = 0; k < index && i < s.size(); ++k) i += Utf8CharLength(s, i);
  return i;
}

char* Alloc(CallContext& ctx, size_t n) { return ctx.arena->AllocateArray<char>(n); }

// ---- case mapping -------------------------------------------------------------------------
// ASCII, Latin-1, Latin Extended-A, the Greek and Cyrillic base letters, plus Java's one-to-many
// specials that are cheap (ß -> SS, İ -> i̇). Everything else is unchanged; no context rules
// (Greek final sigma).



bool In(uint32_t c, uint32_t lo, uint32_t hi) { return c >= lo && c <= hi; }
bool Even(uint32_t c) { return (c & 1) == 0; }

// Returns the mapped code point; 0 means "one-to-many", written to `out` by the caller.
uint32_t LowerCp(uint32_t c) {
  if (In(c, 'A', 'Z')) return c + 32;
  if (c < 0xC0) return c;
  if (In(c, 0xC0, 0xDE) && c != 0xD7) return c + 32;
  if (c == 0x130) return 0;  // İ -> "i̇"
  if ((In(c, 0x100, 0x137) || In(c, 0x14A, 0x177)) && Even(c)) return c + 1;
  if ((In(c, 0x139, 0x148) || In(c, 0x179, 0x17E)) && !Even(c)) return c + 1;
  if (c == 0x178) return 0xFF;
  if (In(c, 0x391, 0x3A9) && c != 0x3A2) return c + 32;
  if (c == 0x386) return 0x3AC;
  if (In(c, 0x388, 0x38A)) return c + 37;
  if (c == 0x38C) return 0x3CC;
  if (In(c, 0x38E, 0x38F)) return c + 63;
  if (In(c, 0x410, 0x42F)) return c + 32;
  if (In(c, 0x400, 0x40F)) return c + 80;
  if ((In(c, 0x460, 0x481) || In(c, 0x48A, 0x4BF)) && Even(c)) return c + 1;
  return c;
}

uint32_t UpperCp(uint32_t c) {
  if (In(c, 'a', 'z')) return c - 32;
  if (c < 0xB5) return c;
  if (c == 0xB5) return 0x39C;  // µ -> Μ, as Java
  if (c == 0xDF) return 0;      // ß -> "SS"
  if (In(c, 0xE0, 0xFE) && c != 0xF7) return c - 32;
  if (c == 0xFF) return 0x178;
  if (c == 0x131) return 'I';
  if (c == 0x17F) return 'S';
  if ((In(c, 0x101, 0x137) || In(c, 0x14B, 0x177)) && !Even(c)) return c - 1;
  if ((In(c, 0x13A, 0x148) || In(c, 0x17A, 0x17E)) && Even(c)) return c - 1;
  if (c == 0x3C2) return 0x3A3;  // final sigma
  if (In(c, 0x3B1, 0x3C9)) return c - 32;
  if (c == 0x3AC) return 0x386;
  if (In(c, 0x3AD, 0x3AF)) return c - 37;
  if (c == 0x3CC) return 0x38C;
  if (In(c, 0x3CD, 0x3CE)) return c - 63;
  if (In(c, 0x430, 0x44F)) return c - 32;
  if (In(c, 0x450, 0x45F)) return c - 80;
  if ((In(c, 0x461, 0x481) || In(c, 0x48B, 0x4BF)) && !Even(c)) return c - 1;
  return c;
}

Value MapCase(CallContext& ctx, std::string_view s, bool upper) {
  // Scratch reused across calls so steady-state evaluation does not hit the heap.
  thread_local std::string buf;
  buf.clear();
  bool changed = false;
  for (size_t i = 0; i < s.size();) {
    size_t len = Utf8CharLength(s, i);
    uint32_t c = len == 1 ? static_cast<unsigned char>(s[i]) : DecodeUtf8(s, i, len);
    // A lone malformed byte (>= 0x80, len 1) is not a Latin-1 character: keep it.
    bool malformed = len == 1 && c >= 0x80;
    uint32_t m = malformed ? c : (upper ? UpperCp(c) : LowerCp(c));
    if (m == c) {
      buf.append(s.data() + i, len);
    } else {
      changed = true;
      if (m != 0) {
        AppendUtf8(m, &buf);
      } else if (upper) {
        buf.append("SS");
      } else {
        buf.append("i\xCC\x87");
      }
    }
    i += len;
  }
  if (!changed) return Value::String(s);
  return MakeString(ctx, buf);
}

// ---- functions ----------------------------------------------------------------------------

Value Chr(CallContext&, const Value* args, int) {
  static const char kAscii[129] =
      "\0\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f"
      "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f"
      " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`"
      "abcdefghijklmnopqrstuvwxyz{|}~\x7f";
  int64_t n;
  if (!IntdArg(args[0], &n) || n < 0 || n > 127) return Value::Undefined();  // open question 39
  return Value::String(std::string_view(kAscii + n, 1));
}

// Arrays are spliced and other values appended when any argument is an Array; otherwise the
// String forms are concatenated (concat(1, 2) = "12", open question 41). Undefined, Null or a
// raw Binary payload anywhere makes the call Undefined.
Value Concat(CallContext& ctx, const Value* args, int argc) {
  if (argc == 0) return Value::Undefined();
  bool any_array = false;
  size_t count = 0;
  for (int i = 0; i < argc; ++i) {
    const Value& a = args[i];
    if (a.is_undefined() || a.is_null() || a.is_binary()) return Value::Undefined();
    any_array |= a.is_array();
    count += a.is_array() ? a.size() : 1;
  }
  if (any_array) {
    if (count > UINT32_MAX) return Value::Undefined();
    Value* items = ctx.arena->AllocateArray<Value>(count);
    size_t n = 0;
    for (int i = 0; i < argc; ++i) {
      if (args[i].is_array()) {
        std::copy(args[i].items(), args[i].items() + args[i].size(), items + n);
        n += args[i].size();
      } else {
        items[n++] = args[i];
      }
    }
    return Value::Array(items, static_cast<uint32_t>(n));
  }
  if (argc == 1 && args[0].is_string()) return args[0];
  // Convert first (conversions allocate in the arena too), then copy once.
  thread_local std::vector<std::string_view> parts;
  parts.clear();
  size_t total = 0;
  for (int i = 0; i < argc; ++i) {
    std::string_view s;
    if (!StrArg(ctx, args[i], &s)) return Value::Undefined();
    parts.push_back(s);
    total += s.size();
  }
  if (total > kMaxResultBytes) return Value::Undefined();
  char* p = Alloc(ctx, total);
  size_t off = 0;
  for (std::string_view s : parts) {
    if (!s.empty()) std::memcpy(p + off, s.data(), s.size());
    off += s.size();
  }
  return Value::String(std::string_view(p, total));
}

bool TwoStrings(CallContext& ctx, const Value* args, std::string_view* a, std::string_view* b) {
  return StrArg(ctx, args[0], a) && StrArg(ctx, args[1], b);
}

Value EndsWith(CallContext& ctx, const Value* args, int) {
  std::string_view s, t;
  if (!TwoStrings(ctx, args, &s, &t)) return Value::Undefined();
  return Value::Bool(s.size() >= t.size() && s.substr(s.size() - t.size()) == t);
}

Value StartsWith(CallContext& ctx, const Value* args, int) {
  std::string_view s, t;
  if (!TwoStrings(ctx, args, &s, &t)) return Value::Undefined();
  return Value::Bool(s.substr(0, t.size()) == t);
}

// Character index of the first occurrence; -1 when absent (open question 40).
Value IndexOf(CallContext& ctx, const Value* args, int) {
  std::string_view s, t;
  if (!TwoStrings(ctx, args, &s, &t)) return Value::Undefined();
  size_t pos = s.find(t);
  if (pos == std::string_view::npos) return Value::Int(-1);
  int64_t index = 0;
  for (size_t i = 0; i < pos; i += Utf8CharLength(s, i)) ++index;
  return Value::Int(index);
}

Value Length(CallContext& ctx, const Value* args, int) {
  std::string_view s;
  if (!StrArg(ctx, args[0], &s)) return Value::Undefined();
  return Value::Int(CountChars(s));
}

Value NumBytes(CallContext& ctx, const Value* args, int) {
  std::string_view s;
  if (!StrArg(ctx, args[0], &s)) return Value::Undefined();
  return Value::Int(static_cast<int64_t>(s.size()));
}

Value Lower(CallContext& ctx, const Value* args, int) {
  std::string_view s;
  if (!StrArg(ctx, args[0], &s)) return Value::Undefined();
  return MapCase(ctx, s, /*upper=*/false);
}

Value Upper(CallContext& ctx, const Value* args, int) {
  std::string_view s;
  if (!StrArg(ctx, args[0], &s)) return Value::Undefined();
  return MapCase(ctx, s, /*upper=*/true);
}

Value Pad(CallContext& ctx, const Value* args, bool left) {
  std::string_view s;
  int64_t n;
  if (!StrArg(ctx, args[0], &s) || !IntdArg(args[1], &n)) return Value::Undefined();
  n = std::clamp<int64_t>(n, 0, kMaxPad);
  if (n == 0) return Value::String(s);
  size_t total = s.size() + static_cast<size_t>(n);
  char* p = Alloc(ctx, total);
  char* text = left ? p + n : p;
  std::memset(left ? p : p + s.size(), ' ', static_cast<size_t>(n));
  if (!s.empty()) std::memcpy(text, s.data(), s.size());
  return Value::String(std::string_view(p, total));
}

Value LPad(CallContext& ctx, const Value* args, int) { return Pad(ctx, args, true); }
Value RPad(CallContext& ctx, const Value* args, int) { return Pad(ctx, args, false); }

// White space is the ASCII set of Java's Character.isWhitespace: tab, LF, VT, FF, CR, the
// separators 0x1C-0x1F and space (the docs name spaces and tabs). Unicode spaces such as
// U+00A0 are kept.
bool IsTrimSpace(char c) {
  return c == ' ' || (c >= '\t' && c <= '\r') || (c >= '\x1c' && c <= '\x1f');
}

Value Trim(CallContext& ctx, const Value* args, bool left, bool right) {
  std::string_view s;
  if (!StrArg(ctx, args[0], &s)) return Value::Undefined();
  size_t b = 0, e = s.size();
  if (left) {
    while (b < e && IsTrimSpace(s[b])) ++b;
  }
  if (right) {
    while (e > b && IsTrimSpace(s[e - 1])) --e;
  }
  return Value::String(s.substr(b, e - b));
}

Value LTrim(CallContext& ctx, const Value* args, int) { return Trim(ctx, args, true, false); }
Value RTrim(CallContext& ctx, const Value* args, int) { return Trim(ctx, args, false, true); }
Value TrimBoth(CallContext& ctx, const Value* args, int) { return Trim(ctx, args, true, true); }

// Every literal occurrence of `a`, left to right, non-overlapping. An empty `a` inserts `b`
// before every character and at the end, as Java's String.replace does.
Value Replace(CallContext& ctx, const Value* args, int) {
  std::string_view s, a, b;
  if (!StrArg(ctx, args[0], &s) || !StrArg(ctx, args[1], &a) || !StrArg(ctx, args[2], &b)) {
    return Value::Undefined();
  }
  thread_local std::string buf;
  buf.clear();
  if (a.empty()) {
    if (b.empty()) return Value::String(s);
    if ((static_cast<size_t>(CountChars(s)) + 1) * b.size() + s.size() > kMaxResultBytes) {
      return Value::Undefined();
    }
    for (size_t i = 0; i < s.size();) {
      size_t len = Utf8CharLength(s, i);
      buf.append(b);
      buf.append(s.data() + i, len);
      i += len;
    }
    buf.append(b);
    return MakeString(ctx, buf);
  }
  size_t pos = s.find(a);
  if (pos == std::string_view::npos) return Value::String(s);
  size_t from = 0;
  while (pos != std::string_view::npos) {
    buf.append(s.data() + from, pos - from);
    buf.append(b);
    if (buf.size() > kMaxResultBytes) return Value::Undefined();
    from = pos + a.size();
    pos = s.find(a, from);
  }
  buf.append(s.data() + from, s.size() - from);
  return MakeString(ctx, buf);
}

// 0-based character indices, start inclusive, end exclusive; both clamped to [0, length];
// start >= end gives "".
Value Substring(CallContext& ctx, const Value* args, int argc) {
  std::string_view s;
  int64_t start;
  if (!StrArg(ctx, args[0], &s) || !IntdArg(args[1], &start)) return Value::Undefined();
  int64_t len = CountChars(s);
  int64_t end = len;
  if (argc > 2 && !IntdArg(args[2], &end)) return Value::Undefined();
  start = std::clamp<int64_t>(start, 0, len);
  end = std::clamp<int64_t>(end, 0, len);
  if (start >= end) return Value::String(std::string_view());
  size_t b = ByteOffset(s, start);
  size_t e = b + ByteOffset(s.substr(b), end - start);
  return Value::String(s.substr(b, e - b));
}

}  // namespace

void RegisterStringFunctions(FunctionTable* t) {
  using C = FunctionCategory;
  t->Add({"chr", 1, 1, k2015, C::kPure, Chr});
  t->Add({"concat", 0, -1, k2015, C::kPure, Concat});
  t->Add({"endswith", 2, 2, k2015, C::kPure, EndsWith});
  t->Add({"indexof", 2, 2, k2016, C::kPure, IndexOf});
  t->Add({"length", 1, 1, k2016, C::kPure, Length});
  t->Add({"lower", 1, 1, k2015, C::kPure, Lower});
  t->Add({"lpad", 2, 2, k2015, C::kPure, LPad});
  t->Add({"ltrim", 1, 1, k2015, C::kPure, LTrim});
  t->Add({"numbytes", 1, 1, k2016, C::kPure, NumBytes});
  t->Add({"replace", 3, 3, k2015, C::kPure, Replace});
  t->Add({"rpad", 2, 2, k2015, C::kPure, RPad});
  t->Add({"rtrim", 1, 1, k2015, C::kPure, RTrim});
  t->Add({"startswith", 2, 2, k2015, C::kPure, StartsWith});
  t->Add({"substring", 2, 3, k2015, C::kPure, Substring});
  t->Add({"trim", 1, 1, k2015, C::kPure, TrimBoth});
  t->Add({"upper", 1, 1, k2015, C::kPure, Upper});
}

}  // namespace iotsql
