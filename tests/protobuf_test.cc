// decode(v, 'proto', ...): descriptor sets, the proto3 JSON mapping, hostile bytes, and the
// local provider. The schema is the example's (examples/descriptors/schemas/device.{proto,desc});
// tests/data/protobuf/device.bin is device.txtpb encoded by protoc.
#include "iotsql/protobuf.h"

#include <fstream>
#include <sstream>
#include <string>

#include "functions/protobuf_descriptor.h"
#include "functions/protobuf_json.h"
#include "gtest/gtest.h"
#include "iotsql/iotsql.h"

namespace iotsql {
namespace {

std::string ReadFile(const std::string& name) {
  std::ifstream in(std::string(IOTSQL_TEST_DATA_DIR) + "/protobuf/" + name, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

const protobuf::DescriptorPool& Pool() {
  static const protobuf::DescriptorPool* pool = [] {
    std::ifstream in(std::string(IOTSQL_SOURCE_DIR) + "/examples/descriptors/schemas/device.desc",
                     std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    auto parsed = protobuf::ParseDescriptorSet(bytes.str());
    EXPECT_TRUE(parsed.ok()) << parsed.status();
    return parsed.ok() ? parsed->release() : new protobuf::DescriptorPool;
  }();
  return *pool;
}

std::string Json(std::string_view bytes, const char* type = "Device", int max_depth = 100) {
  absl::StatusOr<const protobuf::MessageInfo*> message = Pool().FindMessage("device", type);
  if (!message.ok()) return std::string(message.status().message());
  std::string out;
  absl::Status st = protobuf::MessageToJson(bytes, **message, Pool(), max_depth, &out);
  return st.ok() ? out : "error: " + std::string(st.message());
}

constexpr const char* kDeviceJson =
    R"({"deviceId":"dev-7","temp":-12,"seq":"9007199254740993","battery":87,"online":true,)"
    R"("humidity":61.5,"pressure":1013.25,"blob":"AQL/","status":"FAULT","codes":[1,-2,300],)"
    R"("readings":[{"name":"a","value":1.5},{"name":"b","value":-0.25}],)"
    R"("counters":{"x":1,"y":2},"delta":-5,"serial":"18446744073709551615","offset":-1,)"
    R"("level":0,"loc":{"lat":47.6,"lon":-122.3},"tags":["t1",")" "\u00e9t\u00e9" R"("],)"
    R"("big":"12345678901234567890","drift":"-9223372036854775808"})";

// protobuf/field_name_not_utf8 (fuzz finding): a descriptor set's names become JSON text, so a
// field or enum value name that is not UTF-8 makes the set malformed.
TEST(Protobuf, NamesMustBeUtf8) {
  auto set = [](const std::string& field_name) {
    const std::string field = "\x0a" + std::string(1, static_cast<char>(field_name.size())) +
                              field_name + std::string("\x18\x01\x28\x05", 4);
    const std::string message = "\x0a\x01M\x12" + std::string(1, static_cast<char>(field.size())) +
                                field;
    const std::string file = "\x0a\x07" "f.proto" "\x22" +
                             std::string(1, static_cast<char>(message.size())) + message;
    return "\x0a" + std::string(1, static_cast<char>(file.size())) + file;
  };
  EXPECT_TRUE(protobuf::ParseDescriptorSet(set("val")).ok());
  absl::StatusOr<std::unique_ptr<const protobuf::DescriptorPool>> bad =
      protobuf::ParseDescriptorSet(set("val\x8b\x9a"));
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("not UTF-8"), std::string::npos) << bad.status();
}

TEST(Protobuf, DescriptorSet) {
  const protobuf::DescriptorPool& pool = Pool();
  ASSERT_EQ(pool.files.size(), 1u);
  EXPECT_EQ(pool.files[0].name, "device.proto");
  EXPECT_EQ(pool.files[0].package, "iot.demo");
  for (auto [file, type] : {std::pair{"device", "Device"}, {"device.proto", "iot.demo.Device"},
                            {"device", "Device.Location"}, {"device.proto", "Reading"}}) {
    EXPECT_TRUE(pool.FindMessage(file, type).ok()) << file << " " << type;
  }
  EXPECT_FALSE(pool.FindMessage("other", "Device").ok());
  EXPECT_FALSE(pool.FindMessage("device", "Nope").ok());
  const protobuf::MessageInfo* device = *pool.FindMessage("device", "Device");
  EXPECT_EQ(device->Find(1)->json_name, "deviceId");
  EXPECT_FALSE(device->Find(2)->has_presence);  // proto3 singular scalar
  EXPECT_TRUE(device->Find(16)->has_presence);  // proto3 optional
  EXPECT_TRUE(device->Find(12)->message->map_entry);

  for (std::string bad : {std::string("\x0a\x05\x0a\x01", 4), std::string("\x0a"),
                          std::string("\x0f"), std::string("\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff")}) {
    EXPECT_FALSE(protobuf::ParseDescriptorSet(bad).ok());
  }
}

// What protoc encoded from device.txtpb, as JsonFormat prints it.
TEST(Protobuf, TheProto3JsonMapping) {
  EXPECT_EQ(Json(ReadFile("device.bin")), kDeviceJson);
  EXPECT_EQ(Json(""), "{}");
}

TEST(Protobuf, FieldsWithoutPresenceAreLeftOutAtTheirDefault) {
  // temp = 0, online = false, status = 0, device_id = "", then level = 0 (optional: kept).
  const std::string explicit_defaults("\x10\x00\x28\x00\x48\x00\x0a\x00\x80\x01\x00", 11);
  EXPECT_EQ(Json(explicit_defaults), R"({"level":0})");
}

TEST(Protobuf, WireDetails) {
  // codes unpacked (three varints) and packed (one run) read the same.
  EXPECT_EQ(Json(std::string("\x50\x01\x50\x02\x52\x02\x03\x04", 8)), R"({"codes":[1,2,3,4]})");
  // A later singular value wins; an unknown field (99) and a wrong wire type (temp as fixed32)
  // are dropped; a map's later entry for a key replaces the earlier one.
  EXPECT_EQ(Json(std::string("\x10\x01\x10\x02\x98\x06\x07\x15\x01\x02\x03\x04", 12)),
            R"({"temp":2})");
  EXPECT_EQ(Json(std::string("\x62\x05\x0a\x01x\x10\x01\x62\x05\x0a\x01x\x10\x09", 14)),
            R"({"counters":{"x":9}})");
  // A message field twice: merged.
  EXPECT_EQ(Json(std::string("\x8a\x01\x09\x09\x00\x00\x00\x00\x00\x00\xf0\x3f"
                             "\x8a\x01\x09\x11\x00\x00\x00\x00\x00\x00\x00\x40", 24)),
            R"({"loc":{"lat":1,"lon":2}})");
  // Floats: NaN and infinities are strings.
  EXPECT_EQ(Json(std::string("\x35\x00\x00\xc0\x7f\x39\x00\x00\x00\x00\x00\x00\xf0\xff", 14)),
            R"({"humidity":"NaN","pressure":"-Infinity"})");
  // An enum number with no name prints as the number.
  EXPECT_EQ(Json(std::string("\x48\x07", 2)), R"({"status":7})");
}

TEST(Protobuf, HostileBytesAreErrorsNotCrashes) {
  const std::string good = ReadFile("device.bin");
  for (size_t cut = 0; cut < good.size(); ++cut) {
    std::string out = Json(good.substr(0, cut));
    EXPECT_TRUE(out == "{}" || out[0] == '{' || out.rfind("error: ", 0) == 0) << cut;
  }
  EXPECT_EQ(Json(std::string("\x0a\x02\xff\xfe", 4)).rfind("error: ", 0), 0u);  // not UTF-8
  EXPECT_EQ(Json(std::string("\x0a\x7f", 2)).rfind("error: ", 0), 0u);          // too long
  EXPECT_EQ(Json(std::string("\x00", 1)).rfind("error: ", 0), 0u);              // field 0
  // Node nests itself: depth is bounded.
  std::string node;
  for (int i = 0; i < 50; ++i) {
    node = std::string("\x0a", 1) + static_cast<char>(node.size()) + node;
    if (node.size() > 120) break;
  }
  EXPECT_EQ(Json(node, "Node", 5).rfind("error: ", 0), 0u) << Json(node, "Node", 5);
  EXPECT_EQ(Json(node, "Node", 100).rfind("error: ", 0), std::string::npos);
}

// The well-known types in their JsonFormat forms (tests/data/protobuf/wkt.{proto,txtpb}).
TEST(Protobuf, WellKnownTypes) {
  auto pool = protobuf::ParseDescriptorSet(ReadFile("wkt.desc"));
  ASSERT_TRUE(pool.ok()) << pool.status();
  auto event = (*pool)->FindMessage("wkt", "Event");
  ASSERT_TRUE(event.ok()) << event.status();
  std::string json;
  absl::Status st = protobuf::MessageToJson(ReadFile("wkt.bin"), **event, **pool, 100, &json);
  ASSERT_TRUE(st.ok()) << st;
  EXPECT_EQ(json,
            R"({"at":"2023-11-14T22:13:20.123Z","took":"-1.500s","count":"42","label":"hi",)"
            R"("flag":false,"attributes":{"k":"v","n":2.5},"anything":[true,null],)"
            R"("list":[1,{}],"payload":{"@type":"type.googleapis.com/iot.wkt.Reading",)"
            R"("name":"r","value":1.5},"mask":"deviceId,loc.latDeg","nothing":{},)"
            R"("wrapped":{"@type":"type.googleapis.com/google.protobuf.Int32Value","value":7},)"
            R"("zero":0})");
  // Out of range, or an Any of a type the set lacks: errors.
  // (A Timestamp in the year 10000; a Duration of 1 s and -1 ns; an Any of x/Y.)
  for (const std::string& bad :
       {std::string("\x0a\x07\x08\x80\x83\xd1\xff\xaf\x07", 9),
        std::string("\x12\x0d\x08\x01\x10\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", 15),
        std::string("\x4a\x05\x0a\x03x/Y", 7)}) {
    json.clear();
    EXPECT_FALSE(protobuf::MessageToJson(bad, **event, **pool, 100, &json).ok()) << json;
  }
}

TEST(Protobuf, LocalProviderInARule) {
  // The directory stands in for S3: bucket "schemas", key "device.desc".
  std::unique_ptr<ExternalProvider> provider =
      NewLocalProtobufProvider(IOTSQL_SOURCE_DIR "/examples/descriptors");
  absl::StatusOr<Rule> rule = Rule::Compile(
      "SELECT VALUE decode(*, 'proto', 'schemas', 'device.desc', 'device', 'Device') "
      "FROM 'dev/+'", SqlVersion::k2016_03_23);
  ASSERT_TRUE(rule.ok()) << rule.status();
  Evaluator evaluator;
  evaluator.set_provider(provider.get());
  MessageContext context;
  context.topic = "dev/7";
  absl::StatusOr<EvalResult> out = evaluator.Evaluate(*rule, ReadFile("device.bin"), context);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->payload, kDeviceJson);

  // Missing descriptor sets, paths out of the directory, other functions: errors.
  for (const char* sql :
       {"SELECT VALUE decode(*, 'proto', 'schemas', 'nope.desc', 'device', 'Device') FROM 't'",
        "SELECT VALUE decode(*, 'proto', 'schemas', '../schemas/device.desc', 'device', "
        "'Device') FROM 't'",
        "SELECT VALUE decode(*, 'proto', 'schemas', 'device.desc', 'device', 'Nope') FROM 't'",
        "SELECT VALUE get_secret('a', 'b', 'c', 'arn') FROM 't'"}) {
    absl::StatusOr<Rule> r = Rule::Compile(sql, SqlVersion::k2016_03_23);
    ASSERT_TRUE(r.ok()) << sql;
    context.topic = "t";
    out = evaluator.Evaluate(*r, ReadFile("device.bin"), context);
    ASSERT_TRUE(out.ok());
    EXPECT_EQ(out->payload, "") << sql;  // Undefined: nothing
  }
}

}  // namespace
}  // namespace iotsql
