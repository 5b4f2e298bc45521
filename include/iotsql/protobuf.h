// Protobuf decoding for decode(v, 'proto', bucket, key, protoFileName, messageType): AWS reads a
// FileDescriptorSet (protoc --descriptor_set_out --include_imports) from S3 and turns the
// message into JSON. iotsql does the decoding; where the descriptor sets come from is the
// embedder's choice (a function, or a local directory standing in for S3).
#ifndef IOTSQL_PROTOBUF_H_
#define IOTSQL_PROTOBUF_H_

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "iotsql/iotsql.h"

namespace iotsql {

// Decodes protobuf messages to JSON text as protobuf's JsonFormat prints them (proto3 JSON
// mapping: lowerCamelCase names, 64-bit integers as strings, enums by name, bytes in base64,
// fields without presence left out at their default). Descriptor sets are fetched once per
// bucket and key and kept. Thread-safe.
class ProtobufDecoder {
 public:
  using FetchDescriptorSet =
      std::function<absl::StatusOr<std::string>(std::string_view bucket, std::string_view key)>;
  explicit ProtobufDecoder(FetchDescriptorSet fetch);
  ~ProtobufDecoder();
  ProtobufDecoder(const ProtobufDecoder&) = delete;
  ProtobufDecoder& operator=(const ProtobufDecoder&) = delete;

  // `file` is the .proto file's name, with or without ".proto"; `message_type` a message of
  // that file, by name, or by its full name with the package.
  absl::StatusOr<std::string> DecodeToJson(std::string_view message, std::string_view bucket,
                                           std::string_view key, std::string_view file,
                                           std::string_view message_type);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// An ExternalProvider that answers decode(v, 'proto', bucket, key, ...) from descriptor sets at
// `directory`/bucket/key, and passes every other call to `next` (none: an error).
std::unique_ptr<ExternalProvider> NewLocalProtobufProvider(std::string directory,
                                                           ExternalProvider* next = nullptr);

}  // namespace iotsql

#endif  // IOTSQL_PROTOBUF_H_
