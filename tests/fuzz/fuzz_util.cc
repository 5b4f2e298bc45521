#include "fuzz/fuzz_util.h"

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "bytecode/verifier.h"

namespace iotsql::fuzz {

void Fail(std::string_view what, std::string_view detail) {
  std::fprintf(stderr, "iotsql fuzz: %.*s\n", static_cast<int>(what.size()), what.data());
  if (!detail.empty()) {
    std::fprintf(stderr, "  %.*s\n", static_cast<int>(detail.size()), detail.data());
  }
  std::fflush(stderr);
  std::abort();
}

namespace {

// Length of the well-formed UTF-8 sequence at s[i], or 0.
size_t Utf8Sequence(std::string_view s, size_t i) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  size_t n = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3
           : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  uint32_t cp = n == 1 ? c : n == 2 ? c & 0x1Fu : n == 3 ? c & 0x0Fu : c & 0x07u;
  for (size_t k = 1; k < n; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) return 0;
    cp = cp << 6 | (b(i + k) & 0x3Fu);
  }
  if ((n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
      (n == 4 && (cp < 0x10000 || cp > 0x10FFFF))) {
    return 0;
  }
  return n;
}

// RFC 8259, without limits on numbers or nesting (an explicit stack, not recursion).
class JsonChecker {
 public:
  explicit JsonChecker(std::string_view s) : s_(s) {}

  bool Document() {
    Space();
    if (!Value()) return false;
    Space();
    return i_ == s_.size();
  }

 private:
  bool Value() {
    std::vector<char> open;  // '[' or '{' per level still open
    while (true) {
      Space();
      if (i_ >= s_.size()) return false;
      char c = s_[i_];
      if (c == '[' || c == '{') {
        ++i_;
        Space();
        char close = c == '[' ? ']' : '}';
        if (i_ < s_.size() && s_[i_] == close) {
          ++i_;
        } else {
          open.push_back(c);
          if (c == '{' && !Key()) return false;
          continue;
        }
      } else if (!Scalar()) {
        return false;
      }
      // After a value: close levels, or a comma and the next member or item.
      while (true) {
        if (open.empty()) return true;
        Space();
        if (i_ >= s_.size()) return false;
        char close = open.back() == '[' ? ']' : '}';
        if (s_[i_] == close) {
          ++i_;
          open.pop_back();
          continue;
        }
        if (s_[i_] != ',') return false;
        ++i_;
        if (open.back() == '{' && !Key()) return false;
        break;
      }
    }
  }

  bool Key() {
    Space();
    if (!String()) return false;
    Space();
    if (i_ >= s_.size() || s_[i_] != ':') return false;
    ++i_;
    return true;
  }

  bool Scalar() {
    char c = s_[i_];
    if (c == '"') return String();
    for (std::string_view word : {"true", "false", "null"}) {
      if (s_.substr(i_, word.size()) == word) {
        i_ += word.size();
        return true;
      }
    }
    return Number();
  }

  bool Digits() {
    size_t start = i_;
    while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
    return i_ > start;
  }

  bool Number() {
    if (i_ < s_.size() && s_[i_] == '-') ++i_;
    if (i_ < s_.size() && s_[i_] == '0') {
      ++i_;
    } else if (!Digits()) {
      return false;
    }
    if (i_ < s_.size() && s_[i_] == '.') {
      ++i_;
      if (!Digits()) return false;
    }
    if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
      ++i_;
      if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-')) ++i_;
      if (!Digits()) return false;
    }
    return true;
  }

  bool String() {
    if (i_ >= s_.size() || s_[i_] != '"') return false;
    ++i_;
    while (i_ < s_.size()) {
      unsigned char c = static_cast<unsigned char>(s_[i_]);
      if (c == '"') {
        ++i_;
        return true;
      }
      if (c < 0x20) return false;
      if (c == '\\') {
        if (++i_ >= s_.size()) return false;
        char e = s_[i_];
        if (e == 'u') {
          for (int k = 1; k <= 4; ++k) {
            if (i_ + k >= s_.size() || !std::isxdigit(static_cast<unsigned char>(s_[i_ + k]))) {
              return false;
            }
          }
          i_ += 5;
          continue;
        }
        if (std::string_view("\"\\/bfnrt").find(e) == std::string_view::npos) return false;
        ++i_;
        continue;
      }
      size_t n = Utf8Sequence(s_, i_);
      if (n == 0) return false;
      i_ += n;
    }
    return false;
  }

  void Space() {
    while (i_ < s_.size() &&
           (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) {
      ++i_;
    }
  }

  std::string_view s_;
  size_t i_ = 0;
};

}  // namespace

bool IsJsonDocument(std::string_view text) { return JsonChecker(text).Document(); }

void ReverifyProgram(const Program& program) {
  // A copy of the fields the verifier reads, so that the program under test stays untouched.
  Program copy;
  copy.version = program.version;
  copy.is_template = program.is_template;
  copy.rule = program.rule;
  copy.prelude_end = program.prelude_end;
  copy.code = program.code;
  copy.constants = program.constants;
  copy.names = program.names;
  copy.root_fields = program.root_fields;
  copy.functions = program.functions;
  copy.paths = program.paths;
  copy.key_lists = program.key_lists;
  copy.texts = program.texts;
  copy.variables = program.variables;
  copy.max_iter_depth = program.max_iter_depth;
  copy.max_obj_depth = program.max_obj_depth;
  absl::Status status = VerifyProgram(&copy);
  if (!status.ok()) {
    Fail("a compiled program fails the bytecode verifier",
         std::string(status.message().data(), status.message().size()));
  }
  if (copy.max_stack != program.max_stack) Fail("the verifier's stack bound changed");
}

std::string TopicFor(std::string_view filter) {
  if (filter.empty()) return "a/b/c";
  std::string topic;
  size_t start = 0;
  while (true) {
    size_t slash = filter.find('/', start);
    std::string_view level = filter.substr(start, slash == std::string_view::npos
                                                      ? std::string_view::npos
                                                      : slash - start);
    if (level == "+" || level == "#") {
      topic += "x";
    } else {
      topic.append(level.data(), level.size());
    }
    if (slash == std::string_view::npos) break;
    topic += '/';
    start = slash + 1;
  }
  return topic;
}

std::string Printable(std::string_view bytes, size_t max) {
  std::string out;
  for (size_t i = 0; i < bytes.size() && i < max; ++i) {
    unsigned char c = static_cast<unsigned char>(bytes[i]);
    if (c >= 0x20 && c < 0x7f && c != '\\') {
      out.push_back(static_cast<char>(c));
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    }
  }
  if (bytes.size() > max) out += "...";
  return out;
}

}  // namespace iotsql::fuzz
