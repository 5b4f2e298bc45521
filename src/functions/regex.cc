// regexp_matches, regexp_replace, regexp_substr (spec §15.4) on RE2, so matching is linear in
// the input whatever the pattern. AWS evaluates java.util.regex patterns: the translator below
// rewrites the Java-only syntax that has an RE2 equivalent and rejects what RE2 cannot run
// (back-references, look-around, atomic groups, possessive quantifiers, class intersection);
// such patterns, and invalid ones, make the call Undefined with a reason in ctx.error.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/utf8.h"
#include "functions/args.h"
#include "functions/registry.h"
#include "re2/re2.h"

namespace iotsql {
namespace {

constexpr SqlVersion k2015 = SqlVersion::k2015_10_08;
// Per compiled pattern (program plus DFA cache); RE2 falls back to its NFA when the DFA budget
// runs out, and rejects patterns whose program alone would not fit.
constexpr int64_t kMaxRegexMem = int64_t{4} << 20;
constexpr size_t kCacheSize = 32;
// regexp_replace can multiply its input; past this the result is Undefined (see string.cc).
constexpr size_t kMaxResultBytes = size_t{8} << 20;

bool IsHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
int HexVal(char c) {
  return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

void AppendHex(uint32_t cp, std::string* out) {
  static const char kDigits[] = "0123456789ABCDEF";
  char buf[8];
  int n = 0;
  do {
    buf[n++] = kDigits[cp & 0xF];
    cp >>= 4;
  } while (cp != 0);
  out->append("\\x{");
  while (n > 0) out->push_back(buf[--n]);
  out->push_back('}');
}

// Java's line terminators and \h / \v sets, as class bodies.
constexpr const char* kJavaSpace = "\\t\\n\\x0B\\f\\r ";
constexpr const char* kHorizSpace =
    " \\t\\x{A0}\\x{1680}\\x{180E}\\x{2000}-\\x{200A}\\x{202F}\\x{205F}\\x{3000}";
constexpr const char* kVertSpace = "\\n\\x0B\\f\\r\\x{85}\\x{2028}\\x{2029}";
constexpr const char* kWhiteSpace =
    "\\t-\\r\\x1C-\\x1F \\x{85}\\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}"
    "\\x{202F}\\x{205F}\\x{3000}";

// Java pattern -> RE2 pattern.
class Translator {
 public:
  explicit Translator(std::string_view in) : in_(in) {}

  bool Run(std::string* out, std::string* error) {
    out_ = out;
    while (pos_ < in_.size()) {
      if (SkipComments()) continue;
      char c = in_[pos_];
      bool ok = true;
      switch (c) {
        case '\\': ok = Escape(/*in_class=*/false); break;
        case '[': ok = Class(); break;
        case '(': ok = GroupOpen(); break;
        case ')':
          ++pos_;
          out_->push_back(')');
          if (!stack_.empty()) {
            flags_ = stack_.back();
            stack_.pop_back();
          }
          break;
        case '*': case '+': case '?':
          ++pos_;
          out_->push_back(c);
          ok = QuantifierSuffix();
          break;
        case '{': ok = Repetition(); break;
        case '.':
          ++pos_;
          // Java's dot also stops at \r, U+0085, U+2028, U+2029 unless UNIX_LINES.
          if (flags_.dotall) {
            out_->append("(?s:.)");
          } else if (flags_.unix_lines) {
            out_->append("[^\\n]");
          } else {
            out_->append("[^\\n\\r\\x{85}\\x{2028}\\x{2029}]");
          }
          break;
        default: CopyChar(); break;
      }
      if (!ok) {
        *error = error_;
        return false;
      }
    }
    return true;
  }

 private:
  struct Flags {
    bool comments = false;
    bool dotall = false;
    bool unix_lines = false;
  };

  bool Fail(const char* why) {
    error_ = why;
    return false;
  }

  void CopyChar() {
    size_t n = Utf8CharLength(in_, pos_);
    out_->append(in_.data() + pos_, n);
    pos_ += n;
  }

  // COMMENTS mode (?x): white space and #-comments are ignored, inside classes too.
  bool SkipComments() {
    if (!flags_.comments || pos_ >= in_.size()) return false;
    char c = in_[pos_];
    if (c == ' ' || (c >= '\t' && c <= '\r')) {
      ++pos_;
      return true;
    }
    if (c == '#') {
      while (pos_ < in_.size() && in_[pos_] != '\n' && in_[pos_] != '\r') ++pos_;
      return true;
    }
    return false;
  }

  bool QuantifierSuffix() {
    while (SkipComments()) {}
    if (pos_ < in_.size() && in_[pos_] == '?') {
      ++pos_;
      out_->push_back('?');
    } else if (pos_ < in_.size() && in_[pos_] == '+') {
      return Fail("possessive quantifiers are not supported");
    }
    return true;
  }

  // {n}, {n,}, {n,m}; Java rejects any other use of '{' outside a class.
  bool Repetition() {
    size_t p = pos_ + 1;
    size_t digits = p;
    while (p < in_.size() && IsDigit(in_[p])) ++p;
    if (p == digits) return Fail("illegal repetition");
    if (p < in_.size() && in_[p] == ',') {
      ++p;
      while (p < in_.size() && IsDigit(in_[p])) ++p;
    }
    if (p >= in_.size() || in_[p] != '}') return Fail("illegal repetition");
    out_->append(in_.data() + pos_, p + 1 - pos_);
    pos_ = p + 1;
    return QuantifierSuffix();
  }

  bool GroupOpen() {
    ++pos_;
    if (pos_ >= in_.size() || in_[pos_] != '?') {
      out_->push_back('(');
      stack_.push_back(flags_);
      return true;
    }
    ++pos_;
    if (pos_ >= in_.size()) return Fail("unterminated group");
    char c = in_[pos_];
    if (c == ':') {
      ++pos_;
      out_->append("(?:");
      stack_.push_back(flags_);
      return true;
    }
    if (c == '=' || c == '!') return Fail("look-ahead is not supported");
    if (c == '>') return Fail("atomic groups are not supported");
    if (c == '<') {
      if (pos_ + 1 < in_.size() && (in_[pos_ + 1] == '=' || in_[pos_ + 1] == '!')) {
        return Fail("look-behind is not supported");
      }
      size_t p = pos_ + 1;
      size_t start = p;
      while (p < in_.size() && (IsAlpha(in_[p]) || IsDigit(in_[p]))) ++p;
      if (p == start || IsDigit(in_[start]) || p >= in_.size() || in_[p] != '>') {
        return Fail("invalid group name");
      }
      out_->append("(?P<");
      out_->append(in_.data() + start, p - start);
      out_->push_back('>');
      pos_ = p + 1;
      stack_.push_back(flags_);
      return true;
    }
    // Inline flags (?idmsuxU-idmsuxU) or (?flags:...). RE2 knows i, m, s; x, s and d are also
    // tracked here because the translation of '.' and white space depends on them; u and U
    // (Unicode case / classes) have no RE2 switch and are dropped.
    std::string on, off;
    Flags next = flags_;
    bool neg = false;
    for (; pos_ < in_.size(); ++pos_) {
      char f = in_[pos_];
      if (f == ')' || f == ':') break;
      switch (f) {
        case '-': neg = true; break;
        case 'i': case 'm': case 's':
          (neg ? off : on).push_back(f);
          if (f == 's') next.dotall = !neg;
          break;
        case 'x': next.comments = !neg; break;
        case 'd': next.unix_lines = !neg; break;
        case 'u': case 'U': break;
        default: return Fail("unknown inline flag");
      }
    }
    if (pos_ >= in_.size()) return Fail("unterminated group");
    std::string f = on;
    if (!off.empty()) f += "-" + off;
    if (in_[pos_] == ')') {
      ++pos_;
      if (!f.empty()) out_->append("(?" + f + ")");
      flags_ = next;  // until the end of the enclosing group, as in Java
      return true;
    }
    ++pos_;  // ':'
    out_->append(f.empty() ? "(?:" : "(?" + f + ":");
    stack_.push_back(flags_);
    flags_ = next;
    return true;
  }

  bool Class() {
    ++pos_;
    out_->push_back('[');
    bool negated = false;
    if (pos_ < in_.size() && in_[pos_] == '^') {
      negated = true;
      ++pos_;
      out_->push_back('^');
    }
    size_t body = out_->size();
    if (!ClassBody(negated)) return false;
    if (out_->size() == body) return Fail("empty character class");
    out_->push_back(']');
    return true;
  }

  // Reads up to and including the closing ']'. Nested classes (Java union) are flattened.
  bool ClassBody(bool negated) {
    bool first = true;
    for (;;) {
      if (pos_ >= in_.size()) return Fail("unclosed character class");
      if (SkipComments()) continue;
      char c = in_[pos_];
      if (c == ']' && !first) {
        ++pos_;
        return true;
      }
      first = false;
      if (c == '[') {
        if (negated) return Fail("nested class inside a negated class is not supported");
        ++pos_;
        if (pos_ < in_.size() && in_[pos_] == '^') {
          return Fail("negated nested class is not supported");
        }
        if (!ClassBody(false)) return false;
        continue;
      }
      if (c == '&' && pos_ + 1 < in_.size() && in_[pos_ + 1] == '&') {
        return Fail("class intersection (&&) is not supported");
      }
      if (c == '\\') {
        if (!Escape(/*in_class=*/true)) return false;
        continue;
      }
      if (c == ']' || c == '^' || c == '[') {
        // A literal here (']' first in the class); keep RE2 from reading it as syntax.
        ++pos_;
        out_->push_back('\\');
        out_->push_back(c);
        continue;
      }
      CopyChar();
    }
  }

  // Emits a class body `body` as an atom (outside a class) or as part of the enclosing class.
  bool EmitSet(const char* body, bool negated, bool in_class) {
    if (!in_class) {
      out_->append(negated ? "[^" : "[");
      out_->append(body);
      out_->push_back(']');
      return true;
    }
    if (negated) return Fail("this negated escape is not supported inside a class");
    out_->append(body);
    return true;
  }

  // A literal code point, safe inside and outside classes.
  void EmitLiteral(uint32_t cp) { AppendHex(cp, out_); }

  bool Escape(bool in_class) {
    ++pos_;
    if (pos_ >= in_.size()) return Fail("trailing backslash");
    char e = in_[pos_];
    if (static_cast<unsigned char>(e) >= 0x80) {  // \é is é
      CopyChar();
      return true;
    }
    ++pos_;
    switch (e) {
      case '0': {
        // \0n, \0nn, \0mnn (m <= 3)
        int v = 0, digits = 0;
        while (pos_ < in_.size() && digits < 3 && in_[pos_] >= '0' && in_[pos_] <= '7') {
          int nv = v * 8 + (in_[pos_] - '0');
          if (nv > 0377) break;
          v = nv;
          ++digits;
          ++pos_;
        }
        if (digits == 0) return Fail("illegal octal escape");
        EmitLiteral(static_cast<uint32_t>(v));
        return true;
      }
      case '1': case '2': case '3': case '4': case '5': case '6': case '7': case '8': case '9':
      case 'k':
        return Fail("back-references are not supported");
      case 'u': {
        uint32_t cp;
        if (!Hex4(&cp)) return Fail("illegal unicode escape");
        if (cp >= 0xD800 && cp <= 0xDBFF && pos_ + 1 < in_.size() && in_[pos_] == '\\' &&
            in_[pos_ + 1] == 'u') {
          size_t save = pos_;
          pos_ += 2;
          uint32_t lo;
          if (Hex4(&lo) && lo >= 0xDC00 && lo <= 0xDFFF) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          } else {
            pos_ = save;
          }
        }
        if (cp >= 0xD800 && cp <= 0xDFFF) return Fail("lone surrogate escape");
        EmitLiteral(cp);
        return true;
      }
      case 'x': {
        uint32_t v = 0;
        if (pos_ < in_.size() && in_[pos_] == '{') {
          size_t p = pos_ + 1;
          while (p < in_.size() && IsHex(in_[p]) && v <= 0x10FFFF) {
            v = v * 16 + static_cast<uint32_t>(HexVal(in_[p++]));
          }
          if (p == pos_ + 1 || p >= in_.size() || in_[p] != '}' || v > 0x10FFFF) {
            return Fail("illegal hexadecimal escape");
          }
          pos_ = p + 1;
        } else {
          if (pos_ + 2 > in_.size() || !IsHex(in_[pos_]) || !IsHex(in_[pos_ + 1])) {
            return Fail("illegal hexadecimal escape");
          }
          v = static_cast<uint32_t>(HexVal(in_[pos_]) * 16 + HexVal(in_[pos_ + 1]));
          pos_ += 2;
        }
        if (v >= 0xD800 && v <= 0xDFFF) return Fail("surrogate escape");
        EmitLiteral(v);
        return true;
      }
      case 'e': EmitLiteral(0x1B); return true;
      case 'a': EmitLiteral(0x07); return true;
      case 'c': {
        if (pos_ >= in_.size()) return Fail("illegal control escape");
        EmitLiteral(static_cast<unsigned char>(in_[pos_++]) ^ 64u);
        return true;
      }
      case 't': case 'n': case 'r': case 'f': case 'd': case 'D': case 'w': case 'W':
        out_->push_back('\\');
        out_->push_back(e);
        return true;
      case 's': return EmitSet(kJavaSpace, false, in_class);
      case 'S':
        if (in_class) {
          out_->append("\\S");  // RE2's \S also matches \x0B, Java's does not
          return true;
        }
        return EmitSet(kJavaSpace, true, false);
      case 'h': return EmitSet(kHorizSpace, false, in_class);
      case 'H': return EmitSet(kHorizSpace, true, in_class);
      case 'v': return EmitSet(kVertSpace, false, in_class);
      case 'V': return EmitSet(kVertSpace, true, in_class);
      case 'R':
        if (in_class) return Fail("\\R inside a class");
        out_->append("(?:\\r\\n|[\\n\\x0B\\f\\r\\x{85}\\x{2028}\\x{2029}])");
        return true;
      case 'Z':
        // Java: end of input, or before a final line terminator. RE2 has no look-ahead, so the
        // terminator becomes part of the match.
        if (in_class) return Fail("\\Z inside a class");
        out_->append("(?:(?:\\r\\n|[\\n\\r\\x{85}\\x{2028}\\x{2029}])?\\z)");
        return true;
      case 'A': case 'z': case 'b': case 'B':
        if (in_class) return Fail("anchor inside a class");
        out_->push_back('\\');
        out_->push_back(e);
        return true;
      case 'G': return Fail("\\G is not supported");
      case 'X': return Fail("\\X is not supported");
      case 'N': return Fail("\\N{name} is not supported");
      case 'C': return Fail("illegal escape \\C");
      case 'p': case 'P': return Property(e == 'P', in_class);
      case 'Q': {
        size_t end = in_.find("\\E", pos_);
        std::string_view lit = in_.substr(pos_, end == std::string_view::npos ? end : end - pos_);
        for (size_t i = 0; i < lit.size();) {
          unsigned char c = static_cast<unsigned char>(lit[i]);
          if (c < 0x80 && !IsAlpha(lit[i]) && !IsDigit(lit[i])) {
            EmitLiteral(c);
            ++i;
          } else {
            size_t n = Utf8CharLength(lit, i);
            out_->append(lit.data() + i, n);
            i += n;
          }
        }
        pos_ = end == std::string_view::npos ? in_.size() : end + 2;
        return true;
      }
      case 'E': return true;  // a stray \E is ignored, as in Java
      default:
        if (IsAlpha(e)) return Fail("unknown escape");
        EmitLiteral(static_cast<unsigned char>(e));  // \. \\ \$ \  ... are literals
        return true;
    }
  }

  bool Hex4(uint32_t* cp) {
    if (pos_ + 4 > in_.size()) return false;
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      char h = in_[pos_ + i];
      if (!IsHex(h)) return false;
      v = v * 16 + static_cast<uint32_t>(HexVal(h));
    }
    pos_ += 4;
    *cp = v;
    return true;
  }

  // \p{Name}, \pL, \P{...}: POSIX-style ASCII classes, java.lang.Character classes, general
  // categories (with or without "Is"), binary properties (IsAlphabetic), scripts (IsLatin,
  // script=Latin). Unicode blocks (InGreek) have no RE2 counterpart.
  bool Property(bool negated, bool in_class) {
    std::string_view name;
    if (pos_ < in_.size() && in_[pos_] == '{') {
      size_t end = in_.find('}', pos_);
      if (end == std::string_view::npos) return Fail("unclosed property name");
      name = in_.substr(pos_ + 1, end - pos_ - 1);
      pos_ = end + 1;
    } else if (pos_ < in_.size()) {
      name = in_.substr(pos_, 1);
      ++pos_;
    } else {
      return Fail("missing property name");
    }
    std::string body;
    if (!PropertyBody(name, &body)) return false;
    if (in_class) {
      if (!negated) {
        out_->append(body);
        return true;
      }
      // Only a lone \p{X} or [:x:] can be negated inside a class.
      if (body.size() > 4 && body.compare(0, 3, "\\p{") == 0 &&
          body.find('\\', 1) == std::string::npos) {
        out_->append("\\P" + body.substr(2));
        return true;
      }
      if (body.size() > 4 && body.compare(0, 2, "[:") == 0) {
        out_->append("[:^" + body.substr(2));
        return true;
      }
      return Fail("this negated property is not supported inside a class");
    }
    out_->append(negated ? "[^" : "[");
    out_->append(body);
    out_->push_back(']');
    return true;
  }

  static bool IsCategory(std::string_view n) {
    static const char* const kCats[] = {
        "L",  "Lu", "Ll", "Lt", "Lm", "Lo", "M",  "Mn", "Mc", "Me", "N",  "Nd",
        "Nl", "No", "P",  "Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "S",  "Sm",
        "Sc", "Sk", "So", "Z",  "Zs", "Zl", "Zp", "C",  "Cc", "Cf", "Co", "Cs"};
    for (const char* c : kCats) {
      if (n == c) return true;
    }
    return false;
  }

  static std::string Upper(std::string_view s) {
    std::string u(s);
    for (char& c : u) {
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
    }
    return u;
  }

  bool PropertyBody(std::string_view name, std::string* body) {
    static const std::pair<const char*, const char*> kNamed[] = {
        {"Lower", "[:lower:]"},   {"Upper", "[:upper:]"},   {"ASCII", "[:ascii:]"},
        {"Alpha", "[:alpha:]"},   {"Digit", "[:digit:]"},   {"Alnum", "[:alnum:]"},
        {"Punct", "[:punct:]"},   {"Graph", "[:graph:]"},   {"Print", "[:print:]"},
        {"Blank", "[:blank:]"},   {"Cntrl", "[:cntrl:]"},   {"XDigit", "[:xdigit:]"},
        {"Space", "[:space:]"},   {"all", "\\x00-\\x{10FFFF}"},
        {"L1", "\\x00-\\x{FF}"},  {"LC", "\\p{Lu}\\p{Ll}\\p{Lt}"},
        {"LD", "\\p{L}\\p{Nd}"},
        {"javaLowerCase", "\\p{Ll}"},          {"javaUpperCase", "\\p{Lu}"},
        {"javaTitleCase", "\\p{Lt}"},          {"javaDigit", "\\p{Nd}"},
        {"javaLetter", "\\p{L}"},              {"javaLetterOrDigit", "\\p{L}\\p{Nd}"},
        {"javaAlphabetic", "\\p{L}\\p{Nl}"},   {"javaSpaceChar", "\\p{Z}"},
        {"javaWhitespace", kWhiteSpace},       {"javaISOControl", "\\x00-\\x1F\\x7F-\\x{9F}"},
    };
    // Binary properties after "Is", matched case-insensitively as Java does.
    static const std::pair<const char*, const char*> kBinary[] = {
        {"ALPHABETIC", "\\p{L}\\p{Nl}"}, {"LETTER", "\\p{L}"},     {"LOWERCASE", "\\p{Ll}"},
        {"UPPERCASE", "\\p{Lu}"},        {"TITLECASE", "\\p{Lt}"}, {"PUNCTUATION", "\\p{P}"},
        {"CONTROL", "\\p{Cc}"},          {"DIGIT", "\\p{Nd}"},     {"WHITE_SPACE", kWhiteSpace},
        {"WHITESPACE", kWhiteSpace},     {"IDEOGRAPHIC", "\\p{Han}"},
        {"HEX_DIGIT", "0-9A-Fa-f\\x{FF10}-\\x{FF19}\\x{FF21}-\\x{FF26}\\x{FF41}-\\x{FF46}"},
        {"HEXDIGIT", "0-9A-Fa-f\\x{FF10}-\\x{FF19}\\x{FF21}-\\x{FF26}\\x{FF41}-\\x{FF46}"},
    };
    auto strip = [&name](std::string_view prefix) {
      if (name.substr(0, prefix.size()) != prefix) return false;
      name.remove_prefix(prefix.size());
      return true;
    };
    if (strip("In") || strip("block=") || strip("blk=")) {
      return Fail("Unicode blocks are not supported");
    }
    bool script = strip("script=") || strip("sc=");
    bool is = !script && strip("Is");
    if (!script && (strip("general_category=") || strip("gc="))) {
      if (!IsCategory(name)) return Fail("unknown property");
      *body = "\\p{" + std::string(name) + "}";
      return true;
    }
    if (!script) {
      if (IsCategory(name)) {
        *body = "\\p{" + std::string(name) + "}";
        return true;
      }
      if (is) {
        std::string u = Upper(name);
        for (const auto& b : kBinary) {
          if (u == b.first) {
            *body = b.second;
            return true;
          }
        }
      } else {
        for (const auto& n : kNamed) {
          if (name == n.first) {
            *body = n.second;
            return true;
          }
        }
      }
    }
    // A script: Java ignores case, RE2 wants "Latin", "Old_Italic".
    if (name.empty()) return Fail("unknown property");
    std::string s;
    bool word_start = true;
    for (char c : name) {
      if (!IsAlpha(c) && c != '_') return Fail("unknown property");
      s.push_back(word_start && c >= 'a' && c <= 'z' ? static_cast<char>(c - 32)
                  : !word_start && c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32)
                                                        : c);
      word_start = c == '_';
    }
    *body = "\\p{" + s + "}";
    return true;
  }

  std::string_view in_;
  size_t pos_ = 0;
  std::string* out_ = nullptr;
  std::string error_;
  Flags flags_;
  std::vector<Flags> stack_;
};

// ---- compiled-pattern cache ----------------------------------------------------------------
// A constant pattern arrives on every call; compiling it once per thread keeps the per-message
// cost at matching only. Failures are cached too.

struct CacheEntry {
  std::string pattern;
  int64_t max_mem = 0;      // evaluators with other limits compile the pattern again
  std::unique_ptr<RE2> re;  // null: the pattern cannot be used
  std::string error;
  uint64_t last_use = 0;
};

const RE2* GetRegex(std::string_view pattern, int64_t max_mem, std::string* error) {
  thread_local std::vector<CacheEntry> cache;
  thread_local uint64_t tick = 0;
  ++tick;
  for (CacheEntry& e : cache) {
    if (e.pattern == pattern && e.max_mem == max_mem) {
      e.last_use = tick;
      *error = e.error;
      return e.re.get();
    }
  }
  CacheEntry* slot;
  if (cache.size() < kCacheSize) {
    cache.emplace_back();
    slot = &cache.back();
  } else {
    slot = &cache[0];
    for (CacheEntry& e : cache) {
      if (e.last_use < slot->last_use) slot = &e;
    }
  }
  slot->pattern.assign(pattern.data(), pattern.size());
  slot->max_mem = max_mem;
  slot->last_use = tick;
  slot->re.reset();
  slot->error.clear();
  std::string translated;
  if (!Translator(pattern).Run(&translated, &slot->error)) {
    slot->error = "regexp: " + slot->error;
  } else {
    RE2::Options opts;
    opts.set_log_errors(false);
    opts.set_max_mem(max_mem);
    auto re = std::make_unique<RE2>(translated, opts);
    if (re->ok()) {
      slot->re = std::move(re);
    } else {
      slot->error = "regexp: " + re->error();
    }
  }
  *error = slot->error;
  return slot->re.get();
}

const RE2* Compile(CallContext& ctx, std::string_view pattern) {
  std::string error;
  const RE2* re =
      GetRegex(pattern, ctx.limits ? ctx.limits->max_regex_memory : kMaxRegexMem, &error);
  if (re == nullptr && ctx.error != nullptr) *ctx.error = error;
  return re;
}

bool Find(const RE2& re, std::string_view text, size_t from, re2::StringPiece* sub, int nsub) {
  return re.Match(text, from, text.size(), RE2::UNANCHORED, sub, nsub);
}

// ---- Java replacement strings --------------------------------------------------------------
// Matcher.appendReplacement syntax: `$n` (the longest digit run naming an existing group),
// `${name}`, `\x` for a literal x. Parsed at the first match, as Java only checks it then.

struct Piece {
  int group;              // -1: literal text
  std::string_view text;  // literal (points into the replacement)
};

bool ParseReplacement(const RE2& re, std::string_view rep, std::vector<Piece>* pieces,
                      std::string* error) {
  pieces->clear();
  int groups = re.NumberOfCapturingGroups();
  size_t lit = 0;
  auto flush = [&](size_t end) {
    if (end > lit) pieces->push_back({-1, rep.substr(lit, end - lit)});
  };
  for (size_t i = 0; i < rep.size();) {
    char c = rep[i];
    if (c == '\\') {
      flush(i);
      if (i + 1 >= rep.size()) {
        *error = "regexp_replace: character to be escaped is missing";
        return false;
      }
      size_t n = Utf8CharLength(rep, i + 1);
      pieces->push_back({-1, rep.substr(i + 1, n)});
      i += 1 + n;
      lit = i;
    } else if (c == '$') {
      flush(i);
      ++i;
      if (i >= rep.size()) {
        *error = "regexp_replace: group index is missing";
        return false;
      }
      int ref;
      if (rep[i] == '{') {
        size_t start = ++i;
        while (i < rep.size() && (IsAlpha(rep[i]) || IsDigit(rep[i]))) ++i;
        if (i == start || i >= rep.size() || rep[i] != '}' || IsDigit(rep[start])) {
          *error = "regexp_replace: invalid named group reference";
          return false;
        }
        auto it = re.NamedCapturingGroups().find(std::string(rep.substr(start, i - start)));
        if (it == re.NamedCapturingGroups().end()) {
          *error = "regexp_replace: no group with that name";
          return false;
        }
        ref = it->second;
        ++i;
      } else {
        if (!IsDigit(rep[i])) {
          *error = "regexp_replace: illegal group reference";
          return false;
        }
        ref = rep[i++] - '0';
        while (i < rep.size() && IsDigit(rep[i])) {
          int next = ref * 10 + (rep[i] - '0');
          if (next > groups) break;
          ref = next;
          ++i;
        }
        if (ref > groups) {
          *error = "regexp_replace: no such group";
          return false;
        }
      }
      pieces->push_back({ref, std::string_view()});
      lit = i;
    } else {
      ++i;
    }
  }
  flush(rep.size());
  return true;
}

// ---- functions ----------------------------------------------------------------------------

Value RegexpMatches(CallContext& ctx, const Value* args, int) {
  std::string_view s, pattern;
  if (!StrArg(ctx, args[0], &s) || !StrArg(ctx, args[1], &pattern)) return Value::Undefined();
  const RE2* re = Compile(ctx, pattern);
  if (re == nullptr) return Value::Undefined();
  return Value::Bool(Find(*re, s, 0, nullptr, 0));
}

// The whole first match (possibly ""); no match -> Undefined (open question 40).
Value RegexpSubstr(CallContext& ctx, const Value* args, int) {
  std::string_view s, pattern;
  if (!StrArg(ctx, args[0], &s) || !StrArg(ctx, args[1], &pattern)) return Value::Undefined();
  const RE2* re = Compile(ctx, pattern);
  if (re == nullptr) return Value::Undefined();
  re2::StringPiece m;
  if (!Find(*re, s, 0, &m, 1)) return Value::Undefined();
  return Value::String(std::string_view(m.data(), m.size()));
}

// Every match, left to right, like Java's replaceAll: after an empty match the search resumes
// one character later, so "baaac" with a* and "x" gives "xbxxcx".
Value RegexpReplace(CallContext& ctx, const Value* args, int) {
  std::string_view s, pattern, rep;
  if (!StrArg(ctx, args[0], &s) || !StrArg(ctx, args[1], &pattern) ||
      !StrArg(ctx, args[2], &rep)) {
    return Value::Undefined();
  }
  const RE2* re = Compile(ctx, pattern);
  if (re == nullptr) return Value::Undefined();
  thread_local std::vector<re2::StringPiece> sub;
  thread_local std::vector<Piece> pieces;
  thread_local std::string buf;
  int nsub = 1 + re->NumberOfCapturingGroups();
  sub.assign(static_cast<size_t>(nsub), re2::StringPiece());
  buf.clear();
  bool parsed = false;
  size_t from = 0, copied = 0;
  while (from <= s.size() && Find(*re, s, from, sub.data(), nsub)) {
    if (!parsed) {
      std::string error;
      if (!ParseReplacement(*re, rep, &pieces, &error)) {
        if (ctx.error != nullptr) *ctx.error = error;
        return Value::Undefined();
      }
      parsed = true;
    }
    size_t start = static_cast<size_t>(sub[0].data() - s.data());
    size_t end = start + sub[0].size();
    buf.append(s.data() + copied, start - copied);
    for (const Piece& p : pieces) {
      if (p.group < 0) {
        buf.append(p.text.data(), p.text.size());
      } else if (sub[p.group].data() != nullptr) {
        buf.append(sub[p.group].data(), sub[p.group].size());
      }
    }
    if (buf.size() > kMaxResultBytes) return Value::Undefined();
    copied = end;
    if (end == start) {
      if (end >= s.size()) break;
      from = end + Utf8CharLength(s, end);
    } else {
      from = end;
    }
  }
  if (!parsed) return Value::String(s);  // no match: the input, unchanged
  buf.append(s.data() + copied, s.size() - copied);
  return MakeString(ctx, buf);
}

}  // namespace

void RegisterRegexFunctions(FunctionTable* t) {
  using C = FunctionCategory;
  t->Add({"regexp_matches", 2, 2, k2015, C::kPure, RegexpMatches});
  t->Add({"regexp_replace", 3, 3, k2015, C::kPure, RegexpReplace});
  t->Add({"regexp_substr", 2, 2, k2015, C::kPure, RegexpSubstr});
}

}  // namespace iotsql
