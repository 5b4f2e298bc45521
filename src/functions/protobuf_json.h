// A protobuf message (untrusted bytes) as JSON text, by the proto3 JSON mapping that protobuf's
// JsonFormat prints: field JSON names (lowerCamelCase), 64-bit integers as strings, enums by
// name (number when unknown), bytes in base64, NaN and infinities as strings, map fields as
// objects; fields without presence left out at their default, unknown fields dropped.
#ifndef IOTSQL_FUNCTIONS_PROTOBUF_JSON_H_
#define IOTSQL_FUNCTIONS_PROTOBUF_JSON_H_

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "functions/protobuf_descriptor.h"

namespace iotsql::protobuf {

// Appends the JSON of `bytes` read as `message` (of `pool`, which google.protobuf.Any's contents
// are looked up in) to *out; an error for malformed bytes, strings that are not UTF-8, or
// messages nested deeper than `max_depth`. The well-known types print in their JSON forms:
// Timestamp (RFC 3339), Duration ("1.5s"), the wrappers (their value), Struct, Value,
// ListValue, NullValue, FieldMask, Any ({"@type": ...}).
absl::Status MessageToJson(std::string_view bytes, const MessageInfo& message,
                           const DescriptorPool& pool, int max_depth, std::string* out);

}  // namespace iotsql::protobuf

#endif  // IOTSQL_FUNCTIONS_PROTOBUF_JSON_H_
