#include "functions/protobuf_json.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "simdjson.h"
#include "value/convert.h"
#include "value/value.h"

namespace iotsql::protobuf {

// Debian's Abseil has its own string_view.
inline absl::string_view Av(std::string_view s) { return absl::string_view(s.data(), s.size()); }

namespace {

// One occurrence of a field on the wire.
struct Occurrence {
  const FieldInfo* field;
  WireType wire;
  uint64_t number;         // varint and fixed values
  std::string_view bytes;  // length-delimited values
};

absl::Status Malformed(std::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("malformed protobuf message (", Av(what), ")"));
}

WireType ExpectedWire(int type) {
  switch (type) {
    case kDouble: case kFixed64Type: case kSfixed64: return kFixed64;
    case kFloat: case kFixed32Type: case kSfixed32: return kFixed32;
    case kString: case kBytes: case kMessage: return kLengthDelimited;
    case kGroup: return kStartGroup;
    default: return kVarint;
  }
}

// Reads the value of a field of wire type `wire` into o->number or o->bytes. Groups are skipped
// (o->field becomes nullptr: they print as unknown fields).
bool ReadValue(WireReader* r, WireType wire, Occurrence* o) {
  uint32_t u32 = 0;
  switch (wire) {
    case kVarint: return r->ReadVarint(&o->number);
    case kFixed64: return r->ReadFixed64(&o->number);
    case kFixed32:
      if (!r->ReadFixed32(&u32)) return false;
      o->number = u32;
      return true;
    case kLengthDelimited: return r->ReadBytes(&o->bytes);
    default:
      o->field = nullptr;
      return r->Skip(wire);
  }
}

bool IsPackable(int type) {
  return type != kString && type != kBytes && type != kMessage && type != kGroup;
}

template <typename T>
void AppendShortest(T value, std::string* out) {
  if (std::isnan(value)) {
    out->append("\"NaN\"");
  } else if (std::isinf(value)) {
    out->append(value > 0 ? "\"Infinity\"" : "\"-Infinity\"");
  } else {
    char buffer[64];
    auto result = std::to_chars(buffer, buffer + sizeof(buffer), value);
    out->append(buffer, result.ptr);
  }
}

class Printer {
 public:
  Printer(const DescriptorPool& pool, int max_depth, std::string* out)
      : pool_(pool), max_depth_(max_depth), out_(out) {}

  absl::Status Message(std::string_view bytes, const MessageInfo& message, int depth) {
    if (depth > max_depth_) return Malformed("nested too deeply");
    if (message.full_name.rfind("google.protobuf.", 0) == 0) {
      bool special = false;
      absl::Status st = WellKnown(bytes, message, depth, &special);
      if (special) return st;
    }
    std::vector<Occurrence> found;
    WireReader r(bytes);
    while (!r.done()) {
      uint32_t number;
      WireType wire;
      if (!r.ReadTag(&number, &wire)) return Malformed("a field key");
      Occurrence o{message.Find(number), wire, 0, {}};
      if (!ReadValue(&r, wire, &o)) return Malformed("a truncated field");
      if (o.field == nullptr) continue;  // unknown fields are dropped
      const bool packed = wire == kLengthDelimited && o.field->repeated &&
                          IsPackable(o.field->type);
      if (wire != ExpectedWire(o.field->type) && !packed) continue;  // as unknown
      found.push_back(o);
    }
    std::stable_sort(found.begin(), found.end(), [](const Occurrence& a, const Occurrence& b) {
      return a.field->number < b.field->number;
    });
    out_->push_back('{');
    bool first = true;
    for (size_t i = 0; i < found.size();) {
      size_t j = i;
      while (j < found.size() && found[j].field == found[i].field) ++j;
      const FieldInfo& f = *found[i].field;
      const size_t mark = out_->size();
      if (!first) out_->push_back(',');
      AppendJsonString(f.json_name, out_);
      out_->push_back(':');
      bool written = true;
      absl::Status st;
      if (f.repeated && f.message != nullptr && f.message->map_entry) {
        st = Map(found, i, j, *f.message, depth);
      } else if (f.repeated) {
        st = Repeated(found, i, j, depth);
      } else {
        st = Singular(found, i, j, depth, &written);
      }
      if (!st.ok()) return st;
      if (written) {
        first = false;
      } else {
        out_->resize(mark);  // a field without presence at its default
      }
      i = j;
    }
    out_->push_back('}');
    return absl::OkStatus();
  }

 private:
  absl::Status Singular(const std::vector<Occurrence>& found, size_t begin, size_t end, int depth,
                        bool* written) {
    const FieldInfo& f = *found[begin].field;
    if (f.type == kMessage) {
      // Repeated occurrences of a message merge: their bytes read as one.
      std::string merged;
      for (size_t k = begin; k < end; ++k) merged.append(found[k].bytes);
      return Message(merged, *f.message, depth + 1);
    }
    const Occurrence& last = found[end - 1];
    if (!f.has_presence && IsDefault(f, last)) {
      *written = false;
      return absl::OkStatus();
    }
    return Scalar(f, last.number, last.bytes);
  }

  absl::Status Repeated(const std::vector<Occurrence>& found, size_t begin, size_t end,
                        int depth) {
    const FieldInfo& f = *found[begin].field;
    out_->push_back('[');
    bool first = true;
    auto separator = [&] {
      if (!first) out_->push_back(',');
      first = false;
    };
    for (size_t k = begin; k < end; ++k) {
      const Occurrence& o = found[k];
      if (o.wire == kLengthDelimited && IsPackable(f.type)) {
        WireReader packed(o.bytes);
        while (!packed.done()) {
          uint64_t v = 0;
          uint32_t u32 = 0;
          bool ok = true;
          switch (ExpectedWire(f.type)) {
            case kFixed64: ok = packed.ReadFixed64(&v); break;
            case kFixed32: ok = packed.ReadFixed32(&u32); v = u32; break;
            default: ok = packed.ReadVarint(&v); break;
          }
          if (!ok) return Malformed("a packed field");
          separator();
          if (auto st = Scalar(f, v, {}); !st.ok()) return st;
        }
        continue;
      }
      separator();
      absl::Status st = f.type == kMessage ? Message(o.bytes, *f.message, depth + 1)
                                           : Scalar(f, o.number, o.bytes);
      if (!st.ok()) return st;
    }
    out_->push_back(']');
    return absl::OkStatus();
  }

  // map<K, V> travels as repeated entries {1: key, 2: value}; JSON keys are strings, and a later
  // entry for the same key replaces an earlier one.
  absl::Status Map(const std::vector<Occurrence>& found, size_t begin, size_t end,
                   const MessageInfo& entry, int depth) {
    const FieldInfo* key_field = entry.Find(1);
    const FieldInfo* value_field = entry.Find(2);
    if (key_field == nullptr || value_field == nullptr) return Malformed("a map entry type");
    std::vector<std::pair<std::string, std::string>> pairs;
    for (size_t k = begin; k < end; ++k) {
      std::string key_text, value_text;
      WireReader r(found[k].bytes);
      Occurrence key{key_field, ExpectedWire(key_field->type), 0, {}};
      Occurrence value{value_field, ExpectedWire(value_field->type), 0, {}};
      bool have_value = false;
      while (!r.done()) {
        uint32_t number;
        WireType wire;
        if (!r.ReadTag(&number, &wire)) return Malformed("a map entry");
        Occurrence* target = number == 1 && wire == key.wire     ? &key
                             : number == 2 && wire == value.wire ? &value
                                                                 : nullptr;
        Occurrence skipped{nullptr, wire, 0, {}};
        if (!ReadValue(&r, wire, target ? target : &skipped)) return Malformed("a map entry");
        if (target == &value) have_value = true;
      }
      Printer key_printer(pool_, max_depth_, &key_text);
      if (auto st = key_printer.Scalar(*key_field, key.number, key.bytes); !st.ok()) return st;
      if (key_text.empty() || key_text[0] != '"') key_text = absl::StrCat("\"", key_text, "\"");
      Printer value_printer(pool_, max_depth_, &value_text);
      absl::Status st = value_field->type == kMessage
                            ? value_printer.Message(have_value ? value.bytes : std::string_view(),
                                                    *value_field->message, depth + 1)
                            : value_printer.Scalar(*value_field, value.number, value.bytes);
      if (!st.ok()) return st;
      auto it = std::find_if(pairs.begin(), pairs.end(),
                             [&](const auto& p) { return p.first == key_text; });
      if (it != pairs.end()) {
        it->second = std::move(value_text);
      } else {
        pairs.emplace_back(std::move(key_text), std::move(value_text));
      }
    }
    out_->push_back('{');
    for (size_t k = 0; k < pairs.size(); ++k) {
      if (k > 0) out_->push_back(',');
      absl::StrAppend(out_, pairs[k].first, ":", pairs[k].second);
    }
    out_->push_back('}');
    return absl::OkStatus();
  }

  // The well-known types that JsonFormat prints in their own forms. *special is false for the
  // others (Empty, and types that merely live in the google.protobuf package).
  absl::Status WellKnown(std::string_view bytes, const MessageInfo& message, int depth,
                         bool* special) {
    const std::string_view name = std::string_view(message.full_name).substr(16);
    *special = true;
    // Every field of these types by number: the last value, and all values of repeated ones.
    std::vector<Occurrence> all;
    WireReader r(bytes);
    while (!r.done()) {
      uint32_t number;
      WireType wire;
      if (!r.ReadTag(&number, &wire)) return Malformed("a field key");
      Occurrence o{message.Find(number), wire, 0, {}};
      if (!ReadValue(&r, wire, &o)) return Malformed("a truncated field");
      if (o.field != nullptr && wire == ExpectedWire(o.field->type)) all.push_back(o);
    }
    auto last = [&](uint32_t number) -> const Occurrence* {
      const Occurrence* found = nullptr;
      for (const Occurrence& o : all) {
        if (o.field->number == number) found = &o;
      }
      return found;
    };
    auto number_of = [&](uint32_t field) { return last(field) ? last(field)->number : 0; };
    if (name == "Timestamp" || name == "Duration") {
      const int64_t seconds = static_cast<int64_t>(number_of(1));
      const int32_t nanos = static_cast<int32_t>(number_of(2));
      return name == "Timestamp" ? Timestamp(seconds, nanos) : Duration(seconds, nanos);
    }
    if (name == "DoubleValue" || name == "FloatValue" || name == "Int64Value" ||
        name == "UInt64Value" || name == "Int32Value" || name == "UInt32Value" ||
        name == "BoolValue" || name == "StringValue" || name == "BytesValue") {
      const FieldInfo* value = message.Find(1);
      if (value == nullptr) return Malformed("a wrapper without its value");
      const Occurrence* o = last(1);
      return Scalar(*value, o ? o->number : 0, o ? o->bytes : std::string_view());
    }
    if (name == "FieldMask") {
      std::string paths;
      for (const Occurrence& o : all) {
        if (o.field->number != 1) continue;
        if (!paths.empty()) paths.push_back(',');
        // snake_case paths print in lowerCamelCase.
        bool upper = false;
        for (char c : o.bytes) {
          if (c == '_') {
            upper = true;
            continue;
          }
          paths.push_back(upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
          upper = false;
        }
      }
      if (!simdjson::validate_utf8(paths.data(), paths.size())) return Malformed("a path");
      AppendJsonString(paths, out_);
      return absl::OkStatus();
    }
    if (name == "Struct") {
      const FieldInfo* fields = message.Find(1);
      if (fields == nullptr || fields->message == nullptr) return Malformed("a Struct type");
      std::vector<Occurrence> entries;
      for (const Occurrence& o : all) {
        if (o.field->number == 1) entries.push_back(o);
      }
      if (entries.empty()) {
        out_->append("{}");
        return absl::OkStatus();
      }
      return Map(entries, 0, entries.size(), *fields->message, depth);
    }
    if (name == "ListValue") {
      const FieldInfo* values = message.Find(1);
      if (values == nullptr || values->message == nullptr) return Malformed("a ListValue type");
      out_->push_back('[');
      bool first = true;
      for (const Occurrence& o : all) {
        if (o.field->number != 1) continue;
        if (!first) out_->push_back(',');
        first = false;
        if (auto st = Message(o.bytes, *values->message, depth + 1); !st.ok()) return st;
      }
      out_->push_back(']');
      return absl::OkStatus();
    }
    if (name == "Value") {
      // The oneof kind: the last one given wins.
      const Occurrence* kind = all.empty() ? nullptr : &all.back();
      if (kind == nullptr) return Malformed("a Value without a kind");
      const FieldInfo& f = *kind->field;
      if (f.number == 1) {
        out_->append("null");
        return absl::OkStatus();
      }
      if (f.type == kMessage) return Message(kind->bytes, *f.message, depth + 1);
      return Scalar(f, kind->number, kind->bytes);
    }
    if (name == "Any") {
      const Occurrence* url = last(1);
      const Occurrence* value = last(2);
      if (url == nullptr) {
        out_->append("{}");
        return absl::OkStatus();
      }
      const std::string_view type_url = url->bytes;
      const std::string_view type_name = type_url.substr(type_url.rfind('/') + 1);
      auto type = pool_.messages.find(type_name);
      if (type == pool_.messages.end()) {
        return Malformed(absl::StrCat("Any holds ", Av(type_name), ", which the set lacks"));
      }
      if (!simdjson::validate_utf8(type_url.data(), type_url.size())) return Malformed("a type URL");
      std::string inner;
      Printer printer(pool_, max_depth_, &inner);
      absl::Status st = printer.Message(value ? value->bytes : std::string_view(), type->second,
                                        depth + 1);
      if (!st.ok()) return st;
      out_->append("{\"@type\":");
      AppendJsonString(type_url, out_);
      if (inner.empty() || inner[0] != '{' || type->first.rfind("google.protobuf.", 0) == 0) {
        // A well-known type inside: its own form under "value" (Empty included: {}).
        absl::StrAppend(out_, ",\"value\":", inner, "}");
      } else if (inner != "{}") {
        out_->push_back(',');
        out_->append(inner, 1, std::string::npos);
      } else {
        out_->push_back('}');
      }
      return absl::OkStatus();
    }
    *special = false;
    return absl::OkStatus();
  }

  // RFC 3339 in UTC, with 0, 3, 6 or 9 fractional digits as JsonFormat writes them.
  absl::Status Timestamp(int64_t seconds, int32_t nanos) {
    if (seconds < -62135596800 || seconds > 253402300799 || nanos < 0 || nanos > 999999999) {
      return Malformed("a Timestamp out of range");
    }
    const absl::Time t = absl::FromUnixSeconds(seconds);
    out_->push_back('"');
    out_->append(absl::FormatTime("%Y-%m-%dT%H:%M:%S", t, absl::UTCTimeZone()));
    AppendNanos(nanos);
    out_->append("Z\"");
    return absl::OkStatus();
  }

  absl::Status Duration(int64_t seconds, int32_t nanos) {
    if (seconds < -315576000000 || seconds > 315576000000 || nanos < -999999999 ||
        nanos > 999999999 || (seconds > 0 && nanos < 0) || (seconds < 0 && nanos > 0)) {
      return Malformed("a Duration out of range");
    }
    out_->push_back('"');
    if (seconds < 0 || nanos < 0) out_->push_back('-');
    absl::StrAppend(out_, seconds < 0 ? -seconds : seconds);
    AppendNanos(nanos < 0 ? -nanos : nanos);
    out_->append("s\"");
    return absl::OkStatus();
  }

  void AppendNanos(int32_t nanos) {
    if (nanos == 0) return;
    char digits[16];
    if (nanos % 1000000 == 0) {
      std::snprintf(digits, sizeof(digits), ".%03d", nanos / 1000000);
    } else if (nanos % 1000 == 0) {
      std::snprintf(digits, sizeof(digits), ".%06d", nanos / 1000);
    } else {
      std::snprintf(digits, sizeof(digits), ".%09d", nanos);
    }
    out_->append(digits);
  }

  static bool IsDefault(const FieldInfo& f, const Occurrence& o) {
    if (f.type == kString || f.type == kBytes) return o.bytes.empty();
    return o.number == 0;
  }

 public:
  absl::Status Scalar(const FieldInfo& f, uint64_t v, std::string_view bytes) {
    switch (f.type) {
      case kInt32: absl::StrAppend(out_, static_cast<int32_t>(v)); break;
      case kSfixed32: absl::StrAppend(out_, static_cast<int32_t>(static_cast<uint32_t>(v))); break;
      case kUint32: case kFixed32Type: absl::StrAppend(out_, static_cast<uint32_t>(v)); break;
      case kSint32: {
        const uint32_t u = static_cast<uint32_t>(v);
        absl::StrAppend(out_, static_cast<int32_t>((u >> 1) ^ (~(u & 1) + 1)));
        break;
      }
      case kInt64: case kSfixed64:
        absl::StrAppend(out_, "\"", static_cast<int64_t>(v), "\"");
        break;
      case kUint64: case kFixed64Type: absl::StrAppend(out_, "\"", v, "\""); break;
      case kSint64:
        absl::StrAppend(out_, "\"", static_cast<int64_t>((v >> 1) ^ (~(v & 1) + 1)), "\"");
        break;
      case kBool: out_->append(v != 0 ? "true" : "false"); break;
      case kFloat: {
        float value;
        const uint32_t bits = static_cast<uint32_t>(v);
        std::memcpy(&value, &bits, sizeof(value));
        AppendShortest(value, out_);
        break;
      }
      case kDouble: {
        double value;
        std::memcpy(&value, &v, sizeof(value));
        AppendShortest(value, out_);
        break;
      }
      case kEnum: {
        const int32_t number = static_cast<int32_t>(v);
        if (f.enumeration->full_name == "google.protobuf.NullValue") {
          out_->append("null");
          break;
        }
        auto it = f.enumeration->names.find(number);
        if (it != f.enumeration->names.end()) {
          AppendJsonString(it->second, out_);
        } else {
          absl::StrAppend(out_, number);
        }
        break;
      }
      case kString:
        if (!simdjson::validate_utf8(bytes.data(), bytes.size())) {
          return Malformed(absl::StrCat("field ", f.name, " is not UTF-8"));
        }
        AppendJsonString(bytes, out_);
        break;
      case kBytes: AppendJson(Value::Binary(bytes), out_); break;
      default: return Malformed(absl::StrCat("field ", f.name, " has an unsupported type"));
    }
    return absl::OkStatus();
  }

 private:
  const DescriptorPool& pool_;
  int max_depth_;
  std::string* out_;
};

}  // namespace

absl::Status MessageToJson(std::string_view bytes, const MessageInfo& message,
                           const DescriptorPool& pool, int max_depth, std::string* out) {
  return Printer(pool, max_depth, out).Message(bytes, message, 1);
}

}  // namespace iotsql::protobuf
