#include "validate/json_document.h"

#include <algorithm>
#include <cctype>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/utf8.h"

namespace iotsql::validate {

namespace {

constexpr int kMaxDepth = 512;  // deeper is not a rule file, and recursion must stay bounded

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

class JsonParser {
 public:
  explicit JsonParser(std::string_view text) : t_(text) {}

  bool Parse(Node* root) {
    // A UTF-8 byte order mark is harmless; editors on Windows write one.
    if (t_.substr(0, 3) == "\xEF\xBB\xBF") p_ = 3;
    SkipSpace();
    if (p_ >= t_.size()) return Fail(p_, p_, "the file is empty: expected a JSON object", "");
    if (!Value(root, 0)) return false;
    SkipSpace();
    if (p_ < t_.size()) {
      return Fail(p_, p_ + 1, "unexpected text after the JSON value",
                  "a file holds one JSON document");
    }
    return true;
  }

  std::string message;
  std::string hint;
  uint32_t error_begin = 0;
  uint32_t error_end = 0;

 private:
  bool Fail(size_t begin, size_t end, std::string msg, std::string h) {
    error_begin = static_cast<uint32_t>(begin);
    error_end = static_cast<uint32_t>(std::max(end, begin + 1));
    message = std::move(msg);
    hint = std::move(h);
    return false;
  }

  void SkipSpace() {
    while (p_ < t_.size() && IsSpace(t_[p_])) ++p_;
  }

  // What the byte at p_ looks like, for messages ("'x'", "end of file").
  std::string Describe() const {
    if (p_ >= t_.size()) return "end of file";
    char c = t_[p_];
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7F) {
      return absl::StrFormat("byte 0x%02X", static_cast<unsigned char>(c));
    }
    return absl::StrCat("'", std::string(1, c), "'");
  }

  // The usual non-JSON things people write, with what to write instead.
  bool FailUnexpected(const std::string& expected) {
    if (p_ < t_.size()) {
      char c = t_[p_];
      if (c == '/' && p_ + 1 < t_.size() && (t_[p_ + 1] == '/' || t_[p_ + 1] == '*')) {
        return Fail(p_, p_ + 2, "comments are not allowed in JSON",
                    "remove the comment, or write the rule in YAML");
      }
      if (c == '\'') {
        return Fail(p_, p_ + 1, "JSON strings are written in double quotes",
                    "replace the single quotes with \" (single quotes belong inside the SQL)");
      }
    }
    return Fail(p_, p_ + 1, absl::StrCat("expected ", expected, ", found ", Describe()), "");
  }

  bool Value(Node* out, int depth) {
    if (depth > kMaxDepth) return Fail(p_, p_ + 1, "JSON nested too deeply", "");
    if (p_ >= t_.size()) return FailUnexpected("a value");
    out->begin = static_cast<uint32_t>(p_);
    char c = t_[p_];
    bool ok;
    switch (c) {
      case '{':
        ok = Object(out, depth);
        break;
      case '[':
        ok = Array(out, depth);
        break;
      case '"':
        out->kind = NodeKind::kString;
        ok = String(&out->text, &out->map);
        break;
      case 't':
      case 'f':
      case 'n':
        ok = Literal(out);
        break;
      default:
        if (c == '-' || IsDigit(c)) {
          ok = Number(out);
        } else if (std::isalpha(static_cast<unsigned char>(c))) {
          ok = Literal(out);  // True, None, NaN, an unquoted word: named in the message
        } else {
          ok = FailUnexpected("a value (object, array, string, number, true, false or null)");
        }
    }
    out->end = static_cast<uint32_t>(p_);
    return ok;
  }

  bool Literal(Node* out) {
    static constexpr std::string_view kWords[] = {"true", "false", "null"};
    for (std::string_view w : kWords) {
      if (t_.substr(p_, w.size()) == w) {
        size_t after = p_ + w.size();
        if (after < t_.size() && (std::isalnum(static_cast<unsigned char>(t_[after])) ||
                                  t_[after] == '_')) {
          break;
        }
        out->kind = w == "null" ? NodeKind::kNull : NodeKind::kBool;
        out->text = std::string(w == "null" ? "" : w);
        p_ = after;
        return true;
      }
    }
    size_t end = p_;
    while (end < t_.size() && (std::isalnum(static_cast<unsigned char>(t_[end])) || t_[end] == '_'))
      ++end;
    std::string word(t_.substr(p_, end - p_));
    std::string h;
    if (word == "True" || word == "False" || word == "TRUE" || word == "FALSE") {
      h = "JSON booleans are lower case: true, false";
    } else if (word == "None" || word == "NULL" || word == "Null") {
      h = "JSON writes null in lower case";
    }
    return Fail(p_, end, absl::StrCat("'", word, "' is not a JSON value"), h);
  }

  bool Number(Node* out) {
    size_t start = p_;
    if (t_[p_] == '-') ++p_;
    if (p_ >= t_.size() || !IsDigit(t_[p_])) {
      return Fail(start, p_ + 1, "a number needs digits after '-'", "");
    }
    if (t_[p_] == '0' && p_ + 1 < t_.size() && IsDigit(t_[p_ + 1])) {
      return Fail(p_, p_ + 2, "JSON numbers may not have leading zeros", "");
    }
    while (p_ < t_.size() && IsDigit(t_[p_])) ++p_;
    bool integral = true;
    if (p_ < t_.size() && t_[p_] == '.') {
      integral = false;
      ++p_;
      if (p_ >= t_.size() || !IsDigit(t_[p_])) {
        return Fail(p_, p_ + 1, "expected digits after the decimal point", "");
      }
      while (p_ < t_.size() && IsDigit(t_[p_])) ++p_;
    }
    if (p_ < t_.size() && (t_[p_] == 'e' || t_[p_] == 'E')) {
      integral = false;
      ++p_;
      if (p_ < t_.size() && (t_[p_] == '+' || t_[p_] == '-')) ++p_;
      if (p_ >= t_.size() || !IsDigit(t_[p_])) {
        return Fail(p_, p_ + 1, "expected digits in the exponent", "");
      }
      while (p_ < t_.size() && IsDigit(t_[p_])) ++p_;
    }
    out->kind = NodeKind::kNumber;
    out->integral = integral;
    out->text = std::string(t_.substr(start, p_ - start));
    return true;
  }

  bool FourHex(size_t at, uint32_t* cp) {
    if (at + 4 > t_.size()) return false;
    uint32_t v = 0;
    for (size_t k = 0; k < 4; ++k) {
      int h = HexValue(t_[at + k]);
      if (h < 0) return false;
      v = v * 16 + static_cast<uint32_t>(h);
    }
    *cp = v;
    return true;
  }

  // p_ at the opening quote. Decodes into *out and records where each decoded byte came from.
  bool String(std::string* out, ValueMap* map) {
    size_t open = p_++;
    out->clear();
    *map = ValueMap();
    map->Add(0, static_cast<uint32_t>(p_), true);
    while (true) {
      if (p_ >= t_.size()) {
        return Fail(open, p_, "unterminated string", "close it with \"");
      }
      unsigned char c = static_cast<unsigned char>(t_[p_]);
      if (c == '"') break;
      if (c == '\\') {
        size_t esc = p_;
        uint32_t value_at = static_cast<uint32_t>(out->size());
        if (p_ + 1 >= t_.size()) return Fail(esc, esc + 1, "unterminated string", "");
        char e = t_[p_ + 1];
        size_t len = 2;
        switch (e) {
          case '"': *out += '"'; break;
          case '\\': *out += '\\'; break;
          case '/': *out += '/'; break;
          case 'b': *out += '\b'; break;
          case 'f': *out += '\f'; break;
          case 'n': *out += '\n'; break;
          case 'r': *out += '\r'; break;
          case 't': *out += '\t'; break;
          case 'u': {
            uint32_t cp;
            if (!FourHex(p_ + 2, &cp)) {
              return Fail(esc, std::min(esc + 6, t_.size()),
                          "\\u must be followed by four hexadecimal digits", "");
            }
            len = 6;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
              uint32_t low;
              if (t_.substr(p_ + 6, 2) != "\\u" || !FourHex(p_ + 8, &low) || low < 0xDC00 ||
                  low > 0xDFFF) {
                return Fail(esc, esc + 6, "lone UTF-16 surrogate in \\u escape",
                            "a character above U+FFFF is written as a pair: \\uD83D\\uDE00");
              }
              cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
              len = 12;
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
              return Fail(esc, esc + 6, "lone UTF-16 surrogate in \\u escape", "");
            }
            AppendUtf8(cp, out);
            break;
          }
          default:
            return Fail(esc, esc + 2, absl::StrCat("invalid escape \\", std::string(1, e)),
                        e == '\'' ? "a single quote needs no escape in JSON"
                                  : "JSON escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX; "
                                    "write a backslash as \\\\");
        }
        map->Add(value_at, static_cast<uint32_t>(esc), false);
        p_ += len;
        map->Add(static_cast<uint32_t>(out->size()), static_cast<uint32_t>(p_), true);
        continue;
      }
      if (c < 0x20) {
        return Fail(p_, p_ + 1,
                    c == '\n' ? "line break inside a string" : "control character inside a string",
                    c == '\n' ? "write \\n, or keep the SQL on one line" : "escape it as \\uXXXX");
      }
      if (c < 0x80) {
        *out += static_cast<char>(c);
        ++p_;
        continue;
      }
      size_t n = WellFormedUtf8Length(t_, p_);
      if (n == 0) return Fail(p_, p_ + 1, "invalid UTF-8 in string", "save the file as UTF-8");
      out->append(t_.data() + p_, n);
      p_ += n;
    }
    map->set_end(static_cast<uint32_t>(out->size()), static_cast<uint32_t>(p_));
    ++p_;  // closing quote
    return true;
  }

  bool Object(Node* out, int depth) {
    out->kind = NodeKind::kObject;
    ++p_;
    SkipSpace();
    if (p_ < t_.size() && t_[p_] == '}') {
      ++p_;
      return true;
    }
    while (true) {
      SkipSpace();
      if (p_ >= t_.size() || t_[p_] != '"') {
        if (p_ < t_.size() && t_[p_] == '}') {
          return Fail(last_comma_, last_comma_ + 1, "trailing comma before '}'",
                      "JSON allows no comma after the last member");
        }
        if (p_ < t_.size() && (std::isalpha(static_cast<unsigned char>(t_[p_])) || t_[p_] == '_')) {
          return Fail(p_, p_ + 1, "member names must be double-quoted strings", "");
        }
        return FailUnexpected("a member name in double quotes");
      }
      Member m;
      m.key_begin = static_cast<uint32_t>(p_);
      ValueMap unused;
      if (!String(&m.key, &unused)) return false;
      m.key_end = static_cast<uint32_t>(p_);
      SkipSpace();
      if (p_ >= t_.size() || t_[p_] != ':') return FailUnexpected("':' after the member name");
      ++p_;
      SkipSpace();
      out->members.push_back(std::move(m));
      if (!Value(&out->members.back().value, depth + 1)) return false;
      SkipSpace();
      if (p_ < t_.size() && t_[p_] == ',') {
        last_comma_ = p_++;
        continue;
      }
      if (p_ < t_.size() && t_[p_] == '}') {
        ++p_;
        return true;
      }
      if (p_ < t_.size() && t_[p_] == '"') {
        return Fail(p_, p_ + 1, "expected ',' between members", "add a comma after the previous value");
      }
      return FailUnexpected("',' or '}' after the member");
    }
  }

  bool Array(Node* out, int depth) {
    out->kind = NodeKind::kArray;
    ++p_;
    SkipSpace();
    if (p_ < t_.size() && t_[p_] == ']') {
      ++p_;
      return true;
    }
    while (true) {
      SkipSpace();
      if (p_ < t_.size() && t_[p_] == ']') {
        return Fail(last_comma_, last_comma_ + 1, "trailing comma before ']'",
                    "JSON allows no comma after the last element");
      }
      out->items.emplace_back();
      if (!Value(&out->items.back(), depth + 1)) return false;
      SkipSpace();
      if (p_ < t_.size() && t_[p_] == ',') {
        last_comma_ = p_++;
        continue;
      }
      if (p_ < t_.size() && t_[p_] == ']') {
        ++p_;
        return true;
      }
      if (p_ < t_.size() && (t_[p_] == '{' || t_[p_] == '"' || t_[p_] == '[')) {
        return Fail(p_, p_ + 1, "expected ',' between elements",
                    "add a comma after the previous element");
      }
      return FailUnexpected("',' or ']' after the element");
    }
  }

  std::string_view t_;
  size_t p_ = 0;
  size_t last_comma_ = 0;
};

bool IsIntrinsicName(const std::string& key) {
  return key == "Ref" || key == "Condition" || key.rfind("Fn::", 0) == 0;
}

}  // namespace

bool ParseJsonDocument(std::string_view text, Node* root, std::vector<Finding>* findings) {
  JsonParser parser(text);
  if (parser.Parse(root)) return true;
  AddFinding(findings, Severity::kError, parser.error_begin, parser.error_end,
             parser.message, "json-syntax", parser.hint);
  return false;
}

void MarkJsonIntrinsics(Node* node) {
  if (node->kind == NodeKind::kObject && node->members.size() == 1 &&
      IsIntrinsicName(node->members[0].key)) {
    Node argument = std::move(node->members[0].value);
    MarkJsonIntrinsics(&argument);
    node->kind = NodeKind::kIntrinsic;
    node->text = node->members[0].key;
    node->members.clear();
    node->items.clear();
    node->items.push_back(std::move(argument));
    return;
  }
  for (Node& item : node->items) MarkJsonIntrinsics(&item);
  for (Member& m : node->members) MarkJsonIntrinsics(&m.value);
}

}  // namespace iotsql::validate
