#include "functions/protobuf_descriptor.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "simdjson.h"

namespace iotsql::protobuf {

// Debian's Abseil has its own string_view.
inline absl::string_view Av(std::string_view s) { return absl::string_view(s.data(), s.size()); }

bool WireReader::ReadVarint(uint64_t* v) {
  uint64_t result = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (p_ == end_) return false;
    const uint8_t byte = *p_++;
    result |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) {
      *v = result;
      return true;
    }
  }
  return false;  // more than 10 bytes
}

bool WireReader::ReadFixed32(uint32_t* v) {
  if (end_ - p_ < 4) return false;
  *v = 0;
  for (int i = 3; i >= 0; --i) *v = (*v << 8) | p_[i];
  p_ += 4;
  return true;
}

bool WireReader::ReadFixed64(uint64_t* v) {
  if (end_ - p_ < 8) return false;
  *v = 0;
  for (int i = 7; i >= 0; --i) *v = (*v << 8) | p_[i];
  p_ += 8;
  return true;
}

bool WireReader::ReadBytes(std::string_view* v) {
  uint64_t n;
  if (!ReadVarint(&n) || n > static_cast<uint64_t>(end_ - p_)) return false;
  *v = std::string_view(reinterpret_cast<const char*>(p_), static_cast<size_t>(n));
  p_ += n;
  return true;
}

bool WireReader::ReadTag(uint32_t* field, WireType* type) {
  uint64_t key;
  if (!ReadVarint(&key)) return false;
  const uint64_t number = key >> 3;
  const uint32_t wire = static_cast<uint32_t>(key & 7);
  if (number == 0 || number > 0x1fffffff || wire > 5) return false;
  *field = static_cast<uint32_t>(number);
  *type = static_cast<WireType>(wire);
  return true;
}

bool WireReader::Skip(WireType type, int depth) {
  uint64_t u64;
  uint32_t u32;
  std::string_view bytes;
  switch (type) {
    case kVarint: return ReadVarint(&u64);
    case kFixed64: return ReadFixed64(&u64);
    case kFixed32: return ReadFixed32(&u32);
    case kLengthDelimited: return ReadBytes(&bytes);
    case kStartGroup: {
      if (depth >= 64) return false;
      uint32_t field;
      WireType inner;
      while (ReadTag(&field, &inner)) {
        if (inner == kEndGroup) return true;
        if (!Skip(inner, depth + 1)) return false;
      }
      return false;
    }
    case kEndGroup: return false;
  }
  return false;
}

const FieldInfo* MessageInfo::Find(uint32_t number) const {
  auto it = std::lower_bound(fields.begin(), fields.end(), number,
                             [](const FieldInfo& f, uint32_t n) { return f.number < n; });
  return it != fields.end() && it->number == number ? &*it : nullptr;
}

namespace {

// protoc's default JSON name: lowerCamelCase of the field name.
std::string JsonName(std::string_view name) {
  std::string out;
  bool upper = false;
  for (char c : name) {
    if (c == '_') {
      upper = true;
    } else {
      out.push_back(upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
      upper = false;
    }
  }
  return out;
}

absl::Status Malformed(std::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("malformed descriptor set (", Av(what), ")"));
}

struct Reader {
  DescriptorPool* pool;
  bool proto3 = false;

  absl::Status Field(std::string_view bytes, FieldInfo* f) {
    WireReader r(bytes);
    uint32_t number;
    WireType type;
    bool proto3_optional = false, in_oneof = false;
    int label = 1;
    while (!r.done()) {
      if (!r.ReadTag(&number, &type)) return Malformed("field");
      std::string_view text;
      uint64_t v;
      if (type == kLengthDelimited && (number == 1 || number == 6 || number == 10)) {
        if (!r.ReadBytes(&text)) return Malformed("field");
        (number == 1 ? f->name : number == 6 ? f->type_name : f->json_name) = std::string(text);
      } else if (type == kVarint && (number == 3 || number == 4 || number == 5 || number == 9 ||
                                     number == 17)) {
        if (!r.ReadVarint(&v)) return Malformed("field");
        if (number == 3) f->number = static_cast<uint32_t>(v);
        if (number == 4) label = static_cast<int>(v);
        if (number == 5) f->type = static_cast<int>(v);
        if (number == 9) in_oneof = true;
        if (number == 17) proto3_optional = v != 0;
      } else if (!r.Skip(type)) {
        return Malformed("field");
      }
    }
    if (f->name.empty() || f->number == 0 || f->type < kDouble || f->type > kSint64) {
      return Malformed("a field without a name, number or type");
    }
    if (f->json_name.empty()) f->json_name = JsonName(f->name);
    // Names become JSON text.
    if (!simdjson::validate_utf8(f->json_name.data(), f->json_name.size())) {
      return Malformed("a field name that is not UTF-8");
    }
    f->repeated = label == 3;
    f->has_presence = !proto3 || f->repeated || f->type == kMessage || f->type == kGroup ||
                      proto3_optional || in_oneof;
    return absl::OkStatus();
  }

  absl::Status Enum(std::string_view bytes, const std::string& scope) {
    WireReader r(bytes);
    EnumInfo info;
    std::string name;
    std::vector<std::pair<int32_t, std::string>> values;
    uint32_t number;
    WireType type;
    while (!r.done()) {
      if (!r.ReadTag(&number, &type)) return Malformed("enum");
      std::string_view text;
      if (number == 1 && type == kLengthDelimited) {
        if (!r.ReadBytes(&text)) return Malformed("enum");
        name = std::string(text);
      } else if (number == 2 && type == kLengthDelimited) {
        if (!r.ReadBytes(&text)) return Malformed("enum");
        WireReader value(text);
        std::string value_name;
        int32_t value_number = 0;
        uint32_t vf;
        WireType vt;
        while (!value.done()) {
          if (!value.ReadTag(&vf, &vt)) return Malformed("enum value");
          std::string_view vtext;
          uint64_t v;
          if (vf == 1 && vt == kLengthDelimited) {
            if (!value.ReadBytes(&vtext)) return Malformed("enum value");
            value_name = std::string(vtext);
          } else if (vf == 2 && vt == kVarint) {
            if (!value.ReadVarint(&v)) return Malformed("enum value");
            value_number = static_cast<int32_t>(v);
          } else if (!value.Skip(vt)) {
            return Malformed("enum value");
          }
        }
        if (!simdjson::validate_utf8(value_name.data(), value_name.size())) {
          return Malformed("an enum value name that is not UTF-8");
        }
        info.names.emplace(value_number, value_name);  // the first name of a number stays
      } else if (!r.Skip(type)) {
        return Malformed("enum");
      }
    }
    info.full_name = scope.empty() ? name : absl::StrCat(scope, ".", name);
    pool->enums[info.full_name] = std::move(info);
    return absl::OkStatus();
  }

  absl::Status Message(std::string_view bytes, const std::string& scope, int depth) {
    if (depth > 32) return Malformed("messages nested too deeply");
    WireReader r(bytes);
    MessageInfo info;
    std::string name;
    std::vector<std::string_view> nested, enums;
    uint32_t number;
    WireType type;
    while (!r.done()) {
      if (!r.ReadTag(&number, &type)) return Malformed("message");
      std::string_view text;
      if (type != kLengthDelimited) {
        if (!r.Skip(type)) return Malformed("message");
        continue;
      }
      if (!r.ReadBytes(&text)) return Malformed("message");
      if (number == 1) {
        name = std::string(text);
      } else if (number == 2) {
        info.fields.emplace_back();
        if (auto st = Field(text, &info.fields.back()); !st.ok()) return st;
      } else if (number == 3) {
        nested.push_back(text);
      } else if (number == 4) {
        enums.push_back(text);
      } else if (number == 7) {  // MessageOptions: map_entry = 7
        WireReader options(text);
        uint32_t of;
        WireType ot;
        while (!options.done()) {
          uint64_t v;
          if (!options.ReadTag(&of, &ot)) return Malformed("message options");
          if (of == 7 && ot == kVarint) {
            if (!options.ReadVarint(&v)) return Malformed("message options");
            info.map_entry = v != 0;
          } else if (!options.Skip(ot)) {
            return Malformed("message options");
          }
        }
      }
    }
    if (name.empty()) return Malformed("a message without a name");
    info.full_name = scope.empty() ? name : absl::StrCat(scope, ".", name);
    std::sort(info.fields.begin(), info.fields.end(),
              [](const FieldInfo& a, const FieldInfo& b) { return a.number < b.number; });
    for (std::string_view e : enums) {
      if (auto st = Enum(e, info.full_name); !st.ok()) return st;
    }
    for (std::string_view m : nested) {
      if (auto st = Message(m, info.full_name, depth + 1); !st.ok()) return st;
    }
    const std::string full_name = info.full_name;
    pool->messages[full_name] = std::move(info);
    return absl::OkStatus();
  }

  absl::Status File(std::string_view bytes) {
    WireReader r(bytes);
    FileInfo file;
    std::vector<std::string_view> messages, enums;
    uint32_t number;
    WireType type;
    proto3 = false;
    // The syntax (field 12) may come after the messages: collect first, read after.
    while (!r.done()) {
      if (!r.ReadTag(&number, &type)) return Malformed("file");
      std::string_view text;
      if (type != kLengthDelimited) {
        if (!r.Skip(type)) return Malformed("file");
        continue;
      }
      if (!r.ReadBytes(&text)) return Malformed("file");
      if (number == 1) file.name = std::string(text);
      if (number == 2) file.package = std::string(text);
      if (number == 4) messages.push_back(text);
      if (number == 5) enums.push_back(text);
      if (number == 12) proto3 = text == "proto3";
    }
    for (std::string_view e : enums) {
      if (auto st = Enum(e, file.package); !st.ok()) return st;
    }
    for (std::string_view m : messages) {
      if (auto st = Message(m, file.package, 0); !st.ok()) return st;
    }
    pool->files.push_back(std::move(file));
    return absl::OkStatus();
  }
};

}  // namespace

absl::StatusOr<std::unique_ptr<const DescriptorPool>> ParseDescriptorSet(std::string_view bytes) {
  auto pool = std::make_unique<DescriptorPool>();
  Reader reader{pool.get()};
  WireReader r(bytes);
  uint32_t number;
  WireType type;
  while (!r.done()) {
    if (!r.ReadTag(&number, &type)) return Malformed("set");
    std::string_view text;
    if (number == 1 && type == kLengthDelimited) {
      if (!r.ReadBytes(&text)) return Malformed("set");
      if (auto st = reader.File(text); !st.ok()) return st;
    } else if (!r.Skip(type)) {
      return Malformed("set");
    }
  }
  // Field types by name, now that every file is in.
  for (auto& [name, message] : pool->messages) {
    for (FieldInfo& f : message.fields) {
      if (f.type != kMessage && f.type != kEnum && f.type != kGroup) continue;
      std::string_view type_name = f.type_name;
      if (!type_name.empty() && type_name[0] == '.') type_name.remove_prefix(1);
      if (f.type == kEnum) {
        auto it = pool->enums.find(type_name);
        if (it == pool->enums.end()) return Malformed(absl::StrCat("no enum ", Av(type_name)));
        f.enumeration = &it->second;
      } else {
        auto it = pool->messages.find(type_name);
        if (it == pool->messages.end()) return Malformed(absl::StrCat("no message ", Av(type_name)));
        f.message = &it->second;
      }
    }
  }
  return std::unique_ptr<const DescriptorPool>(std::move(pool));
}

absl::StatusOr<const MessageInfo*> DescriptorPool::FindMessage(
    std::string_view file, std::string_view message_type) const {
  const FileInfo* found = nullptr;
  for (const FileInfo& f : files) {
    if (f.name == file || f.name == absl::StrCat(Av(file), ".proto") ||
        absl::EndsWith(f.name, absl::StrCat("/", Av(file))) ||
        absl::EndsWith(f.name, absl::StrCat("/", Av(file), ".proto"))) {
      found = &f;
      break;
    }
  }
  if (found == nullptr) {
    return absl::NotFoundError(absl::StrCat("no file ", Av(file), " in the descriptor set"));
  }
  for (const std::string& name :
       {found->package.empty() ? std::string(message_type)
                               : absl::StrCat(found->package, ".", Av(message_type)),
        std::string(message_type)}) {
    auto it = messages.find(name);
    if (it != messages.end()) return &it->second;
  }
  return absl::NotFoundError(
      absl::StrCat("no message type ", Av(message_type), " in ", found->name));
}

}  // namespace iotsql::protobuf
