#include "value/json_reader.h"

#include <cstring>

#include "simdjson.h"
#include "value/convert.h"
#include "value/json_parse.h"

namespace iotsql {

namespace od = simdjson::ondemand;

bool ParseJsonNumber(std::string_view token, bool v2, Value* out) {
  // Fast path: an integer of at most 18 digits.
  size_t i = 0;
  bool negative = false;
  if (i < token.size() && token[i] == '-') {
    negative = true;
    ++i;
  }
  size_t digits_begin = i;
  uint64_t magnitude = 0;
  while (i < token.size() && token[i] >= '0' && token[i] <= '9' && i - digits_begin < 18) {
    magnitude = magnitude * 10 + static_cast<uint64_t>(token[i] - '0');
    ++i;
  }
  size_t digits = i - digits_begin;
  if (i == token.size() && digits > 0 && !(digits > 1 && token[digits_begin] == '0')) {
    int64_t v = static_cast<int64_t>(magnitude);
    *out = Value::Int(negative ? -v : v);
    return true;
  }
  std::optional<Decimal> d = Decimal::Parse(token, /*json_grammar=*/true);
  if (!d) return false;
  bool integer_syntax = token.find_first_of(".eE") == std::string_view::npos;
  *out = integer_syntax ? MakeIntFromDecimal(*d) : MakeNumber(*d, v2);
  return !out->is_undefined();
}

struct JsonReader::Impl {
  od::parser parser;
  std::string buffer;  // payload + simdjson padding, reused
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
        size_t n = member_stack.size() - start;
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
        bool b;
        if (v.get_bool().get(b)) return false;
        *out = Value::Bool(b);
        return true;
      }
      case od::json_type::null: {
        bool is_null = false;
        if (v.is_null().get(is_null) || !is_null) return false;
        *out = Value::Null();
        return true;
      }
    }
    return false;
  }

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

  // Nothing but whitespace may follow the document.
  static bool AtEnd(od::document& doc) {
    const char* location;
    return doc.current_location().get(location) != simdjson::SUCCESS;
  }
};

JsonReader::JsonReader() : impl_(new Impl) {}
JsonReader::~JsonReader() = default;

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

  m.buffer.assign(payload.data(), payload.size());
  m.buffer.append(simdjson::SIMDJSON_PADDING, '\0');
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
        ok = lead != std::string_view::npos && Impl::TrimRight(raw) == all.substr(lead);
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
  for (auto field_result : object) {
    od::field field;
    std::string_view key;
    if (std::move(field_result).get(field) || field.unescaped_key().get(key)) {
      for (size_t i = 0; i < fields.size(); ++i) roots[i] = Value::Undefined();
      return view;
    }
    for (size_t i = 0; i < fields.size(); ++i) {
      if (fields[i] != key) continue;
      od::value child = field.value();
      if (!m.Materialize(child, 2, &roots[i])) {
        for (size_t j = 0; j < fields.size(); ++j) roots[j] = Value::Undefined();
        return view;
      }
      break;
    }
  }
  if (!Impl::AtEnd(doc)) {
    for (size_t i = 0; i < fields.size(); ++i) roots[i] = Value::Undefined();
    return view;
  }
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
