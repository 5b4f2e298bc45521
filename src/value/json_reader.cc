#include "value/json_reader.h"

#include "common/string_view.h"
#include "common/utf8.h"

#include <cstring>

#include "absl/container/flat_hash_map.h"
#include "simdjson.h"
#include "value/convert.h"
#include "value/json_parse.h"

namespace iotsql {

namespace od = simdjson::ondemand;

namespace {

constexpr int64_t kPow10[] = {1LL,
                              10LL,
                              100LL,
                              1000LL,
                              10000LL,
                              100000LL,
                              1000000LL,
                              10000000LL,
                              100000000LL,
                              1000000000LL,
                              10000000000LL,
                              100000000000LL,
                              1000000000000LL,
                              10000000000000LL,
                              100000000000000LL,
                              1000000000000000LL,
                              10000000000000000LL,
                              100000000000000000LL,
                              1000000000000000000LL};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

bool ParseJsonNumber(std::string_view token, bool v2, Value* out) {
  // One pass over the JSON number grammar; at most 18 significant digits and a small exponent
  // take the fast path, anything else goes through Decimal::Parse.
  size_t i = 0, n = token.size();
  bool negative = i < n && token[i] == '-';
  if (negative) ++i;
  if (i == n || !IsDigit(token[i])) return false;
  if (token[i] == '0' && i + 1 < n && IsDigit(token[i + 1])) return false;  // leading zero
  uint64_t coefficient = 0;
  int digits = 0;
  int32_t exponent = 0;
  bool integer_syntax = true;
  for (; i < n && IsDigit(token[i]); ++i) {
    if (digits < 18) {
      coefficient = coefficient * 10 + static_cast<uint64_t>(token[i] - '0');
      if (coefficient != 0) ++digits;
    } else {
      digits = 99;  // too long for the fast path
    }
  }
  if (i < n && token[i] == '.') {
    integer_syntax = false;
    ++i;
    if (i == n || !IsDigit(token[i])) return false;
    for (; i < n && IsDigit(token[i]); ++i) {
      if (digits < 18) {
        coefficient = coefficient * 10 + static_cast<uint64_t>(token[i] - '0');
        if (coefficient != 0) ++digits;
        --exponent;
      } else {
        digits = 99;
      }
    }
  }
  if (i < n && (token[i] == 'e' || token[i] == 'E')) {
    integer_syntax = false;
    digits = 99;  // rare: let Decimal::Parse handle exponents
    ++i;
    if (i < n && (token[i] == '+' || token[i] == '-')) ++i;
    if (i == n || !IsDigit(token[i])) return false;
    while (i < n && IsDigit(token[i])) ++i;
  }
  if (i != n) return false;
  if (digits > 18 || exponent < -18) {
    std::optional<Decimal> d = Decimal::Parse(token, /*json_grammar=*/true);
    if (!d) return false;
    // An integer past the 34 digits of an Int stays a number: a Decimal rounded to 34 digits.
    bool as_int = integer_syntax && d->IntegerDigits() <= 34;
    *out = as_int ? MakeIntFromDecimal(*d) : MakeNumber(*d, v2);
    return !out->is_undefined();
  }
  int64_t signed_coefficient = negative ? -static_cast<int64_t>(coefficient)
                                        : static_cast<int64_t>(coefficient);
  if (integer_syntax) {
    *out = Value::Int(signed_coefficient);
    return true;
  }
  // 2016-03-23: a whole-number Decimal (10.0) is an Int.
  if (v2 && coefficient % static_cast<uint64_t>(kPow10[-exponent]) == 0) {
    *out = Value::Int(signed_coefficient / kPow10[-exponent]);
    return true;
  }
  *out = Value::Dec(Decimal::FromParts(signed_coefficient, exponent));
  return true;
}

// JSON string escapes of a raw key (without its quotes) into *out; false when malformed.
bool UnescapeJsonString(std::string_view raw, std::string* out) {
  out->clear();
  for (size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c != '\\') {
      out->push_back(c);
      continue;
    }
    if (++i == raw.size()) return false;
    switch (raw[i]) {
      case '"': out->push_back('"'); break;
      case '\\': out->push_back('\\'); break;
      case '/': out->push_back('/'); break;
      case 'b': out->push_back('\b'); break;
      case 'f': out->push_back('\f'); break;
      case 'n': out->push_back('\n'); break;
      case 'r': out->push_back('\r'); break;
      case 't': out->push_back('\t'); break;
      case 'u': {
        auto hex4 = [&](size_t at, uint32_t* v) {
          if (at + 4 > raw.size()) return false;
          *v = 0;
          for (size_t k = at; k < at + 4; ++k) {
            char h = raw[k];
            int d = (h >= '0' && h <= '9') ? h - '0'
                    : (h >= 'a' && h <= 'f') ? h - 'a' + 10
                    : (h >= 'A' && h <= 'F') ? h - 'A' + 10 : -1;
            if (d < 0) return false;
            *v = *v * 16 + static_cast<uint32_t>(d);
          }
          return true;
        };
        uint32_t cp;
        if (!hex4(i + 1, &cp)) return false;
        i += 4;
        if (cp >= 0xD800 && cp < 0xDC00) {
          uint32_t low;
          if (i + 2 >= raw.size() || raw[i + 1] != '\\' || raw[i + 2] != 'u' ||
              !hex4(i + 3, &low) || low < 0xDC00 || low > 0xDFFF) {
            return false;
          }
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          i += 6;
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
          return false;
        }
        AppendUtf8(cp, out);
        break;
      }
      default:
        return false;
    }
  }
  return true;
}

struct JsonReader::Impl {
  od::parser parser;
  std::string buffer;  // payload + simdjson padding, reused
  std::string key;     // an escaped key, unescaped
  std::vector<Value> item_stack;
  std::vector<Member> member_stack;
  bool v2 = false;
  Arena* arena = nullptr;
  int max_depth = 256;

  static std::string_view TrimRight(std::string_view s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\r' ||
                          s.back() == '\t')) {
      s.remove_suffix(1);
    }
    return s;
  }

  // Materializes any On-Demand value (od::value or od::document) into a Value.
  template <typename V>
  bool Materialize(V& v, int depth, Value* out) {
    if (depth > max_depth) return false;
    od::json_type type;
    if (v.type().get(type)) return false;
    switch (type) {
      case od::json_type::object: {
        od::object object;
        if (v.get_object().get(object)) return false;
        size_t start = member_stack.size();
        for (auto field_result : object) {
          od::field field;
          if (std::move(field_result).get(field)) return Unwind(start, false);
          std::string_view key;
          if (field.unescaped_key().get(key)) return Unwind(start, false);
          od::value child = field.value();
          Value cv;
          if (!Materialize(child, depth + 1, &cv)) return Unwind(start, false);
          member_stack.push_back({key, cv});
        }
        size_t n = DropDuplicateKeys(start);
        Member* members = arena->AllocateArray<Member>(n);
        for (size_t i = 0; i < n; ++i) members[i] = member_stack[start + i];
        member_stack.resize(start);
        *out = Value::Object(members, static_cast<uint32_t>(n));
        return true;
      }
      case od::json_type::array: {
        od::array array;
        if (v.get_array().get(array)) return false;
        size_t start = item_stack.size();
        for (auto item_result : array) {
          od::value item;
          if (std::move(item_result).get(item)) {
            item_stack.resize(start);
            return false;
          }
          Value iv;
          if (!Materialize(item, depth + 1, &iv)) {
            item_stack.resize(start);
            return false;
          }
          item_stack.push_back(iv);
        }
        size_t n = item_stack.size() - start;
        Value* items = arena->AllocateArray<Value>(n);
        for (size_t i = 0; i < n; ++i) items[i] = item_stack[start + i];
        item_stack.resize(start);
        *out = Value::Array(items, static_cast<uint32_t>(n));
        return true;
      }
      case od::json_type::string: {
        std::string_view s;
        if (v.get_string().get(s)) return false;
        *out = Value::String(s);
        return true;
      }
      case od::json_type::number: {
        std::string_view raw;
        if (!RawToken(v, &raw)) return false;
        return ParseJsonNumber(TrimRight(raw), v2, out);
      }
      case od::json_type::boolean: {
        // Not get_bool(): simdjson 3.0.1 copies a root atom with what follows it into a 6-byte
        // buffer, so `true` followed by a few spaces fails. The token itself decides.
        std::string_view raw;
        if (!RawToken(v, &raw)) return false;
        raw = TrimRight(raw);
        if (raw != "true" && raw != "false") return false;
        *out = Value::Bool(raw == "true");
        return true;
      }
      case od::json_type::null: {
        // Not is_null(), for the same reason as get_bool() ("null\n").
        std::string_view raw;
        if (!RawToken(v, &raw) || TrimRight(raw) != "null") return false;
        *out = Value::Null();
        return true;
      }
    }
    return false;
  }

  // Objects never hold a key twice: a repeated key's last value takes its first position, as a
  // JSON object read into a map would. Returns the number of members left from `start`.
  size_t DropDuplicateKeys(size_t start) {
    size_t end = member_stack.size();
    size_t kept = start;
    if (end - start > kLinearKeys) {
      // Large objects: a hash index instead of a quadratic scan.
      key_index.clear();
      for (size_t i = start; i < end; ++i) {
        auto [it, fresh] = key_index.try_emplace(ToAbsl(member_stack[i].key), kept);
        if (fresh) {
          member_stack[kept++] = member_stack[i];
        } else {
          member_stack[it->second].value = member_stack[i].value;
        }
      }
    } else {
      for (size_t i = start; i < end; ++i) {
        bool repeated = false;
        for (size_t j = start; j < kept; ++j) {
          if (member_stack[j].key == member_stack[i].key) {
            member_stack[j].value = member_stack[i].value;
            repeated = true;
            break;
          }
        }
        if (!repeated) member_stack[kept++] = member_stack[i];
      }
    }
    member_stack.resize(kept);
    return kept - start;
  }

  static constexpr size_t kLinearKeys = 16;
  absl::flat_hash_map<absl::string_view, size_t> key_index;

  // A value's raw token is a plain string_view; a document's comes with an error code.
  static bool RawToken(od::value& v, std::string_view* out) {
    *out = v.raw_json_token();
    return true;
  }
  static bool RawToken(od::document& d, std::string_view* out) {
    return d.raw_json_token().get(*out) == simdjson::SUCCESS;
  }

  bool Unwind(size_t start, bool result) {
    member_stack.resize(start);
    return result;
  }

  // A root scalar's raw token runs to the end of the input, and the atoms and strings take no
  // notice of what follows them when it is not whitespace or structure ("null\0\t", a NUL as
  // C strings end): the scalar's own text must be the whole token. (Numbers are: ParseJsonNumber
  // takes the whole token.)
  static bool WholeScalar(const Value& v, std::string_view token) {
    if (v.is_null()) return token == "null";
    if (v.is_bool()) return token == (v.as_bool() ? "true" : "false");
    if (!v.is_string()) return true;
    for (size_t i = 1; i < token.size(); ++i) {
      if (token[i] == '\\') {
        ++i;
      } else if (token[i] == '"') {
        return i + 1 == token.size();
      }
    }
    return false;
  }

  // Nothing but whitespace may follow the document.
  static bool AtEnd(od::document& doc) {
    const char* location;
    return doc.current_location().get(location) != simdjson::SUCCESS;
  }
};

JsonReader::JsonReader() : impl_(new Impl) {}
JsonReader::~JsonReader() = default;

// A name with a quote or a backslash is written escaped in JSON: its bytes never match raw.
// Names are short: a plain loop (find_first_of calls memchr once per byte of the name).
static bool NeedsEscaping(std::string_view name) {
  for (char c : name) {
    if (c == '"' || c == '\\') return true;
  }
  return false;
}

// Not JSON after all: every member is Undefined and the document is the bytes.
static PayloadView Fail(size_t n, Value* roots, const PayloadView& view) {
  for (size_t i = 0; i < n; ++i) roots[i] = Value::Undefined();
  return view;
}

PayloadView JsonReader::Read(std::string_view payload, const std::vector<std::string>& fields,
                                bool whole_document, bool v2, Arena* arena, Value* roots) {
  Impl& m = *impl_;
  m.v2 = v2;
  m.arena = arena;
  m.max_depth = max_depth;
  for (size_t i = 0; i < fields.size(); ++i) roots[i] = Value::Undefined();
  PayloadView view;
  view.document = Value::Binary(payload);
  if (fields.empty() && !whole_document) {
    view.is_json = true;  // nothing to read; JSON-ness does not matter to the program
    return view;
  }

  // simdjson reads up to SIMDJSON_PADDING bytes past the end: copy into a buffer that has them.
  if (m.buffer.size() < payload.size() + simdjson::SIMDJSON_PADDING) {
    m.buffer.resize(payload.size() + simdjson::SIMDJSON_PADDING);
  }
  if (!payload.empty()) std::memcpy(&m.buffer[0], payload.data(), payload.size());
  od::document doc;
  if (m.parser.iterate(m.buffer.data(), payload.size(), m.buffer.size()).get(doc)) return view;

  if (whole_document) {
    Value document;
    od::json_type type;
    if (doc.type().get(type)) return view;
    bool ok;
    if (type == od::json_type::object || type == od::json_type::array) {
      ok = m.Materialize(doc, 1, &document) && Impl::AtEnd(doc);
    } else {
      // A scalar document: the raw token must be all there is.
      std::string_view raw;
      ok = m.Materialize(doc, 1, &document) && doc.raw_json_token().get(raw) == simdjson::SUCCESS;
      if (ok) {
        std::string_view all = Impl::TrimRight(payload);
        size_t lead = all.find_first_not_of(" \t\r\n");
        std::string_view token = Impl::TrimRight(raw);
        ok = lead != std::string_view::npos && token == all.substr(lead) &&
             Impl::WholeScalar(document, token);
      }
    }
    if (!ok) return view;
    view.is_json = true;
    view.document = document;
    for (size_t i = 0; i < fields.size(); ++i) {
      const Value* member = document.Find(fields[i]);
      if (member != nullptr) roots[i] = *member;
    }
    return view;
  }

  // Only the named top-level members: one forward pass, skipping everything else.
  od::json_type type;
  if (doc.type().get(type)) return view;
  if (type != od::json_type::object) {
    view.is_json = true;  // members of a non-object are Undefined either way
    view.document = Value::Undefined();
    return view;
  }
  od::object object;
  if (doc.get_object().get(object)) return view;
  const char* end = m.buffer.data() + payload.size();
  // Only a key with escapes can match without matching byte for byte; most payloads have none.
  const bool has_escapes = std::memchr(payload.data(), '\\', payload.size()) != nullptr;
  for (auto field_result : object) {
    // Used in place: moving it out into an od::field costs a store-forwarding stall per member.
    if (field_result.error()) return Fail(fields.size(), roots, view);
    od::field& field = field_result.value_unsafe();
    // Compare the key as it stands in the buffer; only a key with escapes is unescaped.
    const char* raw = field.key().raw();
    int match = -1;
    for (size_t i = 0; i < fields.size(); ++i) {
      const std::string& want = fields[i];
      // First byte, then the closing quote, then the rest: most keys fail the first test.
      if ((want.empty() || raw[0] == want[0]) && raw + want.size() < end &&
          raw[want.size()] == '"' &&
          std::memcmp(raw, want.data(), want.size()) == 0 && !NeedsEscaping(want)) {
        match = static_cast<int>(i);
        break;
      }
    }
    if (match < 0 && has_escapes) {
      const char* p = raw;
      while (*p != '"' && *p != '\\') ++p;
      if (*p == '\\') {
        const char* q = p;
        while (*q != '"') q += (*q == '\\') ? 2 : 1;
        if (!UnescapeJsonString(std::string_view(raw, static_cast<size_t>(q - raw)), &m.key)) {
          return Fail(fields.size(), roots, view);
        }
        for (size_t i = 0; i < fields.size(); ++i) {
          if (fields[i] == m.key) match = static_cast<int>(i);
        }
      }
    }
    if (match < 0) continue;  // the value is skipped by the next iteration
    od::value child = field.value();
    if (!m.Materialize(child, 2, &roots[match])) return Fail(fields.size(), roots, view);
  }
  if (!Impl::AtEnd(doc)) return Fail(fields.size(), roots, view);
  view.is_json = true;
  view.document = Value::Undefined();  // not read
  return view;
}

bool ParseJsonValue(std::string_view text, bool v2, Arena* arena, Value* out, int max_depth) {
  // Separate from any evaluator's reader: decode() runs while the payload's values are live.
  thread_local JsonReader reader;
  reader.max_depth = max_depth;
  PayloadView view = reader.Read(text, {}, /*whole_document=*/true, v2, arena, nullptr);
  if (!view.is_json) {
    *out = Value::Undefined();
    return false;
  }
  *out = CopyValue(view.document, arena);  // the reader's buffers are reused by the next call
  return true;
}

}  // namespace iotsql
