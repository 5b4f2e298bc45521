#include "functions/protobuf_json.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <vector>

#include "absl/strings/str_cat.h"
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
  Printer(int max_depth, std::string* out) : max_depth_(max_depth), out_(out) {}

  absl::Status Message(std::string_view bytes, const MessageInfo& message, int depth) {
    if (depth > max_depth_) return Malformed("nested too deeply");
    std::vector<Occurrence> found;
    WireReader r(bytes);
    while (!r.done()) {
      uint32_t number;
      WireType wire;
      if (!r.ReadTag(&number, &wire)) return Malformed("a field key");
      Occurrence o{message.Find(number), wire, 0, {}};
      bool ok = true;
      uint32_t u32 = 0;
      switch (wire) {
        case kVarint: ok = r.ReadVarint(&o.number); break;
        case kFixed64: ok = r.ReadFixed64(&o.number); break;
        case kFixed32: ok = r.ReadFixed32(&u32); o.number = u32; break;
        case kLengthDelimited: ok = r.ReadBytes(&o.bytes); break;
        default: ok = r.Skip(wire); o.field = nullptr; break;
      }
      if (!ok) return Malformed("a truncated field");
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
        uint32_t u32 = 0;
        bool ok = true;
        if (target == nullptr) {
          ok = r.Skip(wire);
        } else if (wire == kLengthDelimited) {
          ok = r.ReadBytes(&target->bytes);
        } else if (wire == kFixed32) {
          ok = r.ReadFixed32(&u32);
          target->number = u32;
        } else if (wire == kFixed64) {
          ok = r.ReadFixed64(&target->number);
        } else {
          ok = r.ReadVarint(&target->number);
        }
        if (!ok) return Malformed("a map entry");
        if (target == &value) have_value = true;
      }
      Printer key_printer(max_depth_, &key_text);
      if (auto st = key_printer.Scalar(*key_field, key.number, key.bytes); !st.ok()) return st;
      if (key_text.empty() || key_text[0] != '"') key_text = absl::StrCat("\"", key_text, "\"");
      Printer value_printer(max_depth_, &value_text);
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
  int max_depth_;
  std::string* out_;
};

}  // namespace

absl::Status MessageToJson(std::string_view bytes, const MessageInfo& message, int max_depth,
                           std::string* out) {
  return Printer(max_depth, out).Message(bytes, message, 1);
}

}  // namespace iotsql::protobuf
