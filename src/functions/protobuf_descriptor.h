// The protobuf wire format, and a FileDescriptorSet read into the little that decoding needs:
// messages with their fields, and enums. Both parse untrusted bytes: every length is checked.
#ifndef IOTSQL_FUNCTIONS_PROTOBUF_DESCRIPTOR_H_
#define IOTSQL_FUNCTIONS_PROTOBUF_DESCRIPTOR_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace iotsql::protobuf {

enum WireType : uint32_t { kVarint = 0, kFixed64 = 1, kLengthDelimited = 2, kStartGroup = 3,
                           kEndGroup = 4, kFixed32 = 5 };

class WireReader {
 public:
  explicit WireReader(std::string_view bytes)
      : p_(reinterpret_cast<const uint8_t*>(bytes.data())), end_(p_ + bytes.size()) {}
  bool done() const { return p_ == end_; }
  bool ReadVarint(uint64_t* v);
  bool ReadFixed32(uint32_t* v);
  bool ReadFixed64(uint64_t* v);
  bool ReadBytes(std::string_view* v);
  // A field's key; false at the end or on a malformed key (field number 0, wire type 6 or 7).
  bool ReadTag(uint32_t* field, WireType* type);
  // Skips a value of `type` (groups included, to a bounded depth).
  bool Skip(WireType type, int depth = 0);

 private:
  const uint8_t* p_;
  const uint8_t* end_;
};

// FieldDescriptorProto.Type
enum FieldType : int {
  kDouble = 1, kFloat = 2, kInt64 = 3, kUint64 = 4, kInt32 = 5, kFixed64Type = 6,
  kFixed32Type = 7, kBool = 8, kString = 9, kGroup = 10, kMessage = 11, kBytes = 12, kUint32 = 13,
  kEnum = 14, kSfixed32 = 15, kSfixed64 = 16, kSint32 = 17, kSint64 = 18
};

struct MessageInfo;
struct EnumInfo;

struct FieldInfo {
  std::string name;
  std::string json_name;
  uint32_t number = 0;
  int type = 0;
  bool repeated = false;
  bool has_presence = true;  // false: proto3 singular scalar, left out at its default
  std::string type_name;     // ".pkg.Message" for messages and enums
  const MessageInfo* message = nullptr;
  const EnumInfo* enumeration = nullptr;
};

struct MessageInfo {
  std::string full_name;  // "pkg.Outer.Inner"
  std::vector<FieldInfo> fields;  // by number
  bool map_entry = false;
  const FieldInfo* Find(uint32_t number) const;
};

struct EnumInfo {
  std::string full_name;
  std::map<int32_t, std::string> names;  // the first name of each number
};

struct FileInfo {
  std::string name;     // "device.proto"
  std::string package;  // "iot.demo"
};

struct DescriptorPool {
  std::vector<FileInfo> files;
  std::map<std::string, MessageInfo, std::less<>> messages;  // by full name
  std::map<std::string, EnumInfo, std::less<>> enums;

  // messageType within `file` (with or without ".proto"): its name relative to the file's
  // package, or its full name.
  absl::StatusOr<const MessageInfo*> FindMessage(std::string_view file,
                                                 std::string_view message_type) const;
};

// Reads a FileDescriptorSet; fails on malformed bytes or an unresolved field type. (Fields point
// at the pool's messages and enums: the pool stays where it is made.)
absl::StatusOr<std::unique_ptr<const DescriptorPool>> ParseDescriptorSet(std::string_view bytes);

}  // namespace iotsql::protobuf

#endif  // IOTSQL_FUNCTIONS_PROTOBUF_DESCRIPTOR_H_
