#include "value/json_doc.h"

#include <algorithm>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "common/diagnostic.h"
#include "common/utf8.h"
#include "value/convert.h"

namespace iotsql {

namespace {

class Parser {
 public:
  Parser(std::string_view text, JsonError* error, const JsonDocOptions& options)
      : s_(text), error_(error), max_depth_(options.max_depth),
        replace_invalid_text_(options.replace_invalid_text) {}

  bool Document(JsonNode* out) {
    SkipSpace();
    if (!Value(out, 0)) return false;
    SkipSpace();
    if (pos_ != s_.size()) return Fail("unexpected text after the JSON document");
    return true;
  }

 private:
  bool Fail(std::string message) { return FailAt(std::move(message), pos_); }
  bool FailAt(std::string message, size_t offset) {
    error_->message = std::move(message);
    error_->offset = static_cast<uint32_t>(offset);
    return false;
  }

  void SkipSpace() {
    while (pos_ < s_.size() &&
           (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r')) {
      ++pos_;
    }
  }

  bool Value(JsonNode* out, int depth) {
    if (depth > max_depth_) return Fail("the document nests too deeply");
    if (pos_ >= s_.size()) return Fail("unexpected end of the document: a value is missing");
    out->begin = static_cast<uint32_t>(pos_);
    bool ok;
    switch (s_[pos_]) {
      case '{':
        ok = Object(out, depth);
        break;
      case '[':
        ok = Array(out, depth);
        break;
      case '"':
        out->type = JsonNode::Type::kString;
        ok = String(&out->text);
        break;
      case 't':
        ok = Word("true", out, JsonNode::Type::kBool, true);
        break;
      case 'f':
        ok = Word("false", out, JsonNode::Type::kBool, false);
        break;
      case 'n':
        ok = Word("null", out, JsonNode::Type::kNull, false);
        break;
      default:
        ok = Number(out);
        break;
    }
    out->end = static_cast<uint32_t>(pos_);
    return ok;
  }

  bool Word(std::string_view word, JsonNode* out, JsonNode::Type type, bool value) {
    if (s_.substr(pos_, word.size()) != word) return Fail("invalid literal (expected a value)");
    pos_ += word.size();
    out->type = type;
    out->boolean = value;
    return true;
  }

  bool Number(JsonNode* out) {
    size_t start = pos_;
    auto digits = [&] {
      size_t n = 0;
      while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_, ++n;
      return n;
    };
    if (pos_ < s_.size() && s_[pos_] == '-') ++pos_;
    if (pos_ >= s_.size() || s_[pos_] < '0' || s_[pos_] > '9') {
      return FailAt("expected a value (string, number, object, array, true, false or null)", start);
    }
    if (s_[pos_] == '0') {
      ++pos_;
      if (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') {
        return Fail("numbers may not have leading zeros");
      }
    } else {
      digits();
    }
    if (pos_ < s_.size() && s_[pos_] == '.') {
      ++pos_;
      if (digits() == 0) return Fail("a digit must follow the decimal point");
    }
    if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) ++pos_;
      if (digits() == 0) return Fail("a digit must follow the exponent");
    }
    out->type = JsonNode::Type::kNumber;
    out->text.assign(s_.substr(start, pos_ - start));
    return true;
  }

  bool Hex4(uint32_t* out) {
    if (pos_ + 4 > s_.size()) return Fail("\\u needs four hex digits");
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      char c = s_[pos_ + i];
      v <<= 4;
      if (c >= '0' && c <= '9')
        v |= c - '0';
      else if (c >= 'a' && c <= 'f')
        v |= c - 'a' + 10;
      else if (c >= 'A' && c <= 'F')
        v |= c - 'A' + 10;
      else
        return FailAt("\\u needs four hex digits", pos_ + i);
    }
    pos_ += 4;
    *out = v;
    return true;
  }

  // One UTF-8 sequence starting at pos_ (already known to be >= 0x80); checked, then copied.
  bool Utf8(std::string* out) {
    size_t n = WellFormedUtf8Length(s_, pos_);
    if (n == 0 && replace_invalid_text_) {
      AppendUtf8(0xFFFD, out);  // one for each maximal ill-formed subpart, as Java decodes
      pos_ += IllFormedUtf8Length(s_, pos_);
      return true;
    }
    if (n == 0) return Fail("invalid UTF-8 in a string");
    out->append(s_.substr(pos_, n));
    pos_ += n;
    return true;
  }

  bool String(std::string* out) {
    size_t open = pos_++;
    out->clear();
    while (true) {
      if (pos_ >= s_.size()) return FailAt("unterminated string", open);
      char c = s_[pos_];
      if (c == '"') {
        ++pos_;
        return true;
      }
      if (static_cast<unsigned char>(c) < 0x20) {
        return Fail(c == '\n' ? "unterminated string (a newline must be written \\n)"
                              : "control character in a string (escape it)");
      }
      if (static_cast<unsigned char>(c) >= 0x80) {
        if (!Utf8(out)) return false;
        continue;
      }
      if (c != '\\') {
        out->push_back(c);
        ++pos_;
        continue;
      }
      if (++pos_ >= s_.size()) return FailAt("unterminated string", open);
      char e = s_[pos_++];
      switch (e) {
        case '"':
          out->push_back('"');
          break;
        case '\\':
          out->push_back('\\');
          break;
        case '/':
          out->push_back('/');
          break;
        case 'b':
          out->push_back('\b');
          break;
        case 'f':
          out->push_back('\f');
          break;
        case 'n':
          out->push_back('\n');
          break;
        case 'r':
          out->push_back('\r');
          break;
        case 't':
          out->push_back('\t');
          break;
        case 'u': {
          uint32_t cp;
          if (!Hex4(&cp)) return false;
          if (cp >= 0xD800 && cp <= 0xDBFF && s_.substr(pos_, 2) == "\\u") {
            const size_t high_end = pos_;
            pos_ += 2;
            uint32_t lo;
            if (!Hex4(&lo)) return false;
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
              cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            } else {
              pos_ = high_end;  // the next escape is read on its own
              cp = 0xD800;      // unpaired
            }
          }
          if (cp >= 0xD800 && cp <= 0xDFFF) {
            // A lone surrogate has no UTF-8 form.
            if (!replace_invalid_text_) return Fail("unpaired UTF-16 surrogate in \\u escape");
            cp = 0xFFFD;
          }
          AppendUtf8(cp, out);
          break;
        }
        default:
          return FailAt(absl::StrCat("invalid escape \\", std::string(1, e), " in a string"),
                        pos_ - 2);
      }
    }
  }

  bool Object(JsonNode* out, int depth) {
    out->type = JsonNode::Type::kObject;
    ++pos_;
    SkipSpace();
    if (pos_ < s_.size() && s_[pos_] == '}') {
      ++pos_;
      return true;
    }
    while (true) {
      SkipSpace();
      if (pos_ >= s_.size()) return Fail("unexpected end of the document inside an object");
      if (s_[pos_] != '"') {
        return Fail(s_[pos_] == '}' ? "trailing comma before }"
                                    : "expected a member name in double quotes");
      }
      JsonMember m;
      m.key_offset = static_cast<uint32_t>(pos_);
      if (!String(&m.key)) return false;
      SkipSpace();
      if (pos_ >= s_.size() || s_[pos_] != ':') return Fail("expected : after the member name");
      ++pos_;
      SkipSpace();
      if (!Value(&m.value, depth + 1)) return false;
      out->members.push_back(std::move(m));
      SkipSpace();
      if (pos_ >= s_.size()) return Fail("unexpected end of the document inside an object");
      if (s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (s_[pos_] == '}') {
        ++pos_;
        return true;
      }
      return Fail("expected , or } after an object member");
    }
  }

  bool Array(JsonNode* out, int depth) {
    out->type = JsonNode::Type::kArray;
    ++pos_;
    SkipSpace();
    if (pos_ < s_.size() && s_[pos_] == ']') {
      ++pos_;
      return true;
    }
    while (true) {
      SkipSpace();
      if (pos_ < s_.size() && s_[pos_] == ']') return Fail("trailing comma before ]");
      JsonNode item;
      if (!Value(&item, depth + 1)) return false;
      out->items.push_back(std::move(item));
      SkipSpace();
      if (pos_ >= s_.size()) return Fail("unexpected end of the document inside an array");
      if (s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (s_[pos_] == ']') {
        ++pos_;
        return true;
      }
      return Fail("expected , or ] after an array item");
    }
  }

  std::string_view s_;
  size_t pos_ = 0;
  JsonError* error_;
  int max_depth_;
  bool replace_invalid_text_;
};

}  // namespace

const JsonNode* JsonNode::Find(std::string_view key) const {
  for (const JsonMember& m : members) {
    if (m.key == key) return &m.value;
  }
  return nullptr;
}

std::vector<const JsonMember*> LastOfEachName(const JsonNode& object) {
  std::vector<const JsonMember*> kept;
  absl::flat_hash_set<std::string_view> seen;
  for (auto m = object.members.rbegin(); m != object.members.rend(); ++m) {
    if (seen.insert(m->key).second) kept.push_back(&*m);
  }
  std::reverse(kept.begin(), kept.end());
  return kept;
}

const char* JsonNode::TypeName() const {
  switch (type) {
    case Type::kNull:
      return "null";
    case Type::kBool:
      return "a boolean";
    case Type::kNumber:
      return "a number";
    case Type::kString:
      return "a string";
    case Type::kArray:
      return "an array";
    case Type::kObject:
      return "an object";
  }
  return "?";
}

bool ParseJsonDoc(std::string_view text, JsonNode* out, JsonError* error,
                  const JsonDocOptions& options) {
  *out = JsonNode();
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") {
    // A byte-order mark from an editor: not JSON, but harmless; keep offsets true to the file.
    Parser parser(text.substr(3), error, options);
    if (parser.Document(out)) return true;
    error->offset += 3;
    return false;
  }
  return Parser(text, error, options).Document(out);
}

absl::StatusOr<JsonNode> ParseJsonDoc(std::string_view text, const JsonDocOptions& options) {
  JsonNode node;
  JsonError error;
  if (!ParseJsonDoc(text, &node, &error, options)) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid JSON at offset ", error.offset, ": ", error.message));
  }
  return node;
}

void AppendJsonDoc(const JsonNode& node, std::string* out) {
  switch (node.type) {
    case JsonNode::Type::kNull:
      out->append("null");
      break;
    case JsonNode::Type::kBool:
      out->append(node.boolean ? "true" : "false");
      break;
    case JsonNode::Type::kNumber:
      out->append(node.text);
      break;
    case JsonNode::Type::kString:
      AppendJsonStringOfBytes(node.text, out);  // nodes built in code may hold any bytes
      break;
    case JsonNode::Type::kArray:
      out->push_back('[');
      for (size_t i = 0; i < node.items.size(); ++i) {
        if (i) out->push_back(',');
        AppendJsonDoc(node.items[i], out);
      }
      out->push_back(']');
      break;
    case JsonNode::Type::kObject:
      out->push_back('{');
      for (size_t i = 0; i < node.members.size(); ++i) {
        if (i) out->push_back(',');
        AppendJsonStringOfBytes(node.members[i].key, out);
        out->push_back(':');
        AppendJsonDoc(node.members[i].value, out);
      }
      out->push_back('}');
      break;
  }
}

std::string LineColumn(std::string_view text, uint32_t offset) {
  Position p = PositionOf(text, offset);
  return absl::StrCat(p.line, ":", p.column);
}

}  // namespace iotsql
