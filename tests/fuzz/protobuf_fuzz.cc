// decode(v, 'proto', ...) on any bytes. The first byte picks: even, the rest is a message of the
// example schema (examples/descriptors/schemas/device.proto: Device, Reading or the recursive
// Node) or of tests/data/protobuf/wkt.proto (Event: every well-known type) to turn
// into JSON; odd, the rest is a descriptor set (from S3: semi-trusted) whose every message type
// then decodes a fixed message. Whatever decodes must be a JSON document.
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>

#include "functions/protobuf_descriptor.h"
#include "functions/protobuf_json.h"
#include "fuzz/fuzz_util.h"

namespace {

using iotsql::protobuf::DescriptorPool;

const DescriptorPool* Load(const char* path) {
  std::ifstream in(std::string(IOTSQL_FUZZ_SOURCE_DIR) + "/" + path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  auto parsed = iotsql::protobuf::ParseDescriptorSet(bytes.str());
  IOTSQL_FUZZ_CHECK(parsed.ok(), std::string(path) + " does not parse");
  return parsed->release();
}

const DescriptorPool& TestSchema() {
  static const DescriptorPool* pool = Load("examples/descriptors/schemas/device.desc");
  return *pool;
}

// The well-known types (Timestamp, Any, Struct, ...).
const DescriptorPool& WellKnownSchema() {
  static const DescriptorPool* pool = Load("tests/data/protobuf/wkt.desc");
  return *pool;
}

void Decode(std::string_view bytes, const iotsql::protobuf::MessageInfo& type,
            const DescriptorPool& pool) {
  std::string json;
  if (iotsql::protobuf::MessageToJson(bytes, type, pool, 64, &json).ok()) {
    IOTSQL_FUZZ_CHECK(iotsql::fuzz::IsJsonDocument(json), iotsql::fuzz::Printable(json));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view rest = iotsql::fuzz::AsText(data + 1, size - 1);
  if ((data[0] & 1) == 0) {
    static const char* const kTypes[] = {"Device", "Reading", "Node", "Event"};
    const int pick = (data[0] >> 1) % 4;
    const DescriptorPool& pool = pick == 3 ? WellKnownSchema() : TestSchema();
    auto type = pool.FindMessage(pick == 3 ? "wkt" : "device", kTypes[pick]);
    IOTSQL_FUZZ_CHECK(type.ok(), "the test schema lacks a type");
    Decode(rest, **type, pool);
    return 0;
  }
  auto pool = iotsql::protobuf::ParseDescriptorSet(rest);
  if (!pool.ok()) return 0;
  // A message touching the low field numbers with each wire type.
  static const std::string kMessage("\x08\x01\x11\x02\x00\x00\x00\x00\x00\x00\x00\x1a\x03\x08\x02\x10"
                                    "\x25\x04\x00\x00\x00\x28\x7f\x32\x00",
                                    25);
  int decoded = 0;
  for (const auto& [name, message] : (*pool)->messages) {
    if (++decoded > 16) break;
    Decode(kMessage, message, **pool);
  }
  return 0;
}
