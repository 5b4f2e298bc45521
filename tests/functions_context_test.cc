// Context functions (§15.8) and external provider functions (§15.10).
#include <initializer_list>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "function_test_util.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/arena.h"
#include "functions/registry.h"
#include "gtest/gtest.h"
#include "iotsql/iotsql.h"
#include "value/convert.h"
#include "value/decimal.h"

namespace iotsql {
namespace {

// Records calls and answers with a fixed result.
class FakeProvider : public ExternalProvider {
 public:
  absl::StatusOr<std::string> Call(std::string_view function,
                                   const std::vector<std::string>& json_args) override {
    calls.emplace_back(std::string(function), json_args);
    return result;
  }
  std::vector<std::pair<std::string, std::vector<std::string>>> calls;
  absl::StatusOr<std::string> result = std::string("{}");
};

class ContextTest : public FunctionTest {
 protected:
  ContextTest() {
    message_.topic = "things/myThings/thingOne";
    message_.clientid = "my-client-01";
    message_.principal = "ba67293af50bf2506f5f93469686da660c7c844e7b3950bfb16813e0d31e9373";
    message_.accountid = "123456789012";
    message_.traceid = "12345678-1234-1234-1234-123456789012";
    message_.sourceip = "192.0.2.10";
    ctx_.topic = message_.topic;
  }
};

TEST_F(ContextTest, Categories) {
  for (const char* f : {"topic", "clientid", "principal", "accountid", "traceid", "sourceip",
                        "sql_version", "get_mqtt_property", "get_user_properties"}) {
    ASSERT_NE(LookupFunction(f), nullptr) << f;
    EXPECT_EQ(LookupFunction(f)->category, FunctionCategory::kContext) << f;
  }
  EXPECT_EQ(LookupFunction("newuuid")->category, FunctionCategory::kRandom);
  EXPECT_EQ(LookupFunction("topic")->min_args, 0);
  EXPECT_EQ(LookupFunction("topic")->max_args, 1);
  EXPECT_EQ(LookupFunction("ClientId"), LookupFunction("clientid"));
}

TEST_F(ContextTest, Topic) {
  EXPECT_EQ(Run("topic", {}), "\"things/myThings/thingOne\"");
  EXPECT_EQ(Run("topic", {I(1)}), "\"things\"");
  EXPECT_EQ(Run("topic", {I(2)}), "\"myThings\"");
  EXPECT_EQ(Run("topic", {I(3)}), "\"thingOne\"");
  EXPECT_EQ(Run("topic", {I(4)}), "undefined");
  EXPECT_EQ(Run("topic", {I(0)}), "undefined");
  EXPECT_EQ(Run("topic", {I(-1)}), "undefined");
  EXPECT_EQ(Run("topic", {I(INT64_MAX)}), "undefined");
  EXPECT_EQ(Run("topic", {I(INT64_MIN)}), "undefined");
  EXPECT_EQ(Run("topic", {D("1E+500")}), "undefined");
  EXPECT_EQ(Run("topic", {S("2")}), "\"myThings\"");
  EXPECT_EQ(Run("topic", {D("2.7")}), "\"myThings\"");
  EXPECT_EQ(Run("topic", {D("0.5")}), "undefined");
  for (const Value& bad : {S("x"), S(""), Value::Null(), Value::Undefined(), Value::Bool(true)}) {
    EXPECT_EQ(Run("topic", {bad}), "undefined") << KindName(bad.kind());
  }
}

TEST_F(ContextTest, TopicLevels) {
  std::string topic = "a//b/";
  ctx_.topic = topic;
  EXPECT_EQ(Run("topic", {I(1)}), "\"a\"");
  EXPECT_EQ(Run("topic", {I(2)}), "\"\"");
  EXPECT_EQ(Run("topic", {I(3)}), "\"b\"");
  EXPECT_EQ(Run("topic", {I(4)}), "\"\"");
  EXPECT_EQ(Run("topic", {I(5)}), "undefined");
  // CallContext::topic (Basic Ingest prefix removed) is what topic() sees.
  std::string ingest = "dev/1";
  ctx_.topic = ingest;
  EXPECT_EQ(Run("topic", {}), "\"dev/1\"");
  EXPECT_EQ(Run("topic", {I(2)}), "\"1\"");
  std::string empty;
  ctx_.topic = empty;
  EXPECT_EQ(Run("topic", {}), "\"\"");
  EXPECT_EQ(Run("topic", {I(1)}), "\"\"");
}

TEST_F(ContextTest, ClientId) {
  EXPECT_EQ(Run("clientid", {}), "\"my-client-01\"");
  message_.clientid.clear();
  EXPECT_EQ(Run("clientid", {}), "\"n/a\"");
  message_.clientid = "c";
  message_.mqtt = false;
  EXPECT_EQ(Run("clientid", {}), "\"n/a\"");
}

TEST_F(ContextTest, PrincipalAccountId) {
  EXPECT_EQ(Run("principal", {}),
            "\"ba67293af50bf2506f5f93469686da660c7c844e7b3950bfb16813e0d31e9373\"");
  EXPECT_EQ(Run("accountid", {}), "\"123456789012\"");
  message_.mqtt = false;
  EXPECT_EQ(Run("accountid", {}), "\"123456789012\"");
}

TEST_F(ContextTest, TraceIdAndSourceIp) {
  EXPECT_EQ(Run("traceid", {}), "\"12345678-1234-1234-1234-123456789012\"");
  EXPECT_EQ(Run("sourceip", {}), "\"192.0.2.10\"");
  message_.mqtt = false;
  EXPECT_EQ(Run("traceid", {}), "undefined");
  EXPECT_EQ(Run("sourceip", {}), "\"192.0.2.10\"");
  message_.mqtt = true;
  message_.traceid.reset();
  message_.sourceip.reset();
  EXPECT_EQ(Run("traceid", {}), "undefined");
  EXPECT_EQ(Run("sourceip", {}), "undefined");
  message_.sourceip = "2001:db8::1";
  EXPECT_EQ(Run("sourceip", {}), "\"2001:db8::1\"");
}

TEST_F(ContextTest, SqlVersion) {
  EXPECT_EQ(Run("sql_version", {}, kV2), "\"2016-03-23\"");
  EXPECT_EQ(Run("sql_version", {}, kV1), "\"2015-10-08\"");
}

TEST_F(ContextTest, NewUuidFixed) {
  message_.newuuid = "123e4567-e89b-12d3-a456-426614174000";
  EXPECT_EQ(Run("newuuid", {}), "\"123e4567-e89b-12d3-a456-426614174000\"");
}

TEST_F(ContextTest, NewUuidRandom) {
  std::set<std::string> seen;
  for (int i = 0; i < 50; ++i) {
    Value v = Call("newuuid", {});
    ASSERT_TRUE(v.is_string());
    std::string s(v.as_string());
    ASSERT_EQ(s.size(), 36u) << s;
    for (size_t k = 0; k < s.size(); ++k) {
      if (k == 8 || k == 13 || k == 18 || k == 23) {
        EXPECT_EQ(s[k], '-') << s;
      } else {
        EXPECT_TRUE((s[k] >= '0' && s[k] <= '9') || (s[k] >= 'a' && s[k] <= 'f')) << s;
      }
    }
    EXPECT_EQ(s[14], '4') << s;
    EXPECT_NE(std::string("89ab").find(s[19]), std::string::npos) << s;
    seen.insert(s);
  }
  EXPECT_EQ(seen.size(), 50u);
}

TEST_F(ContextTest, GetMqttProperty) {
  message_.content_type = "application/json";
  message_.payload_format_indicator = 1;
  message_.response_topic = "reply/here";
  message_.correlation_data = std::string("\x01\x02\x03", 3);
  EXPECT_EQ(Run("get_mqtt_property", {S("content_type")}), "\"application/json\"");
  EXPECT_EQ(Run("get_mqtt_property", {S("format_indicator")}), "\"UTF8_DATA\"");
  EXPECT_EQ(Run("get_mqtt_property", {S("response_topic")}), "\"reply/here\"");
  EXPECT_EQ(Run("get_mqtt_property", {S("correlation_data")}), "\"AQID\"");
  EXPECT_EQ(Run("get_mqtt_property", {S("Content_Type")}), "\"application/json\"");
  message_.payload_format_indicator = 0;
  EXPECT_EQ(Run("get_mqtt_property", {S("format_indicator")}), "\"UNSPECIFIED_BYTES\"");
  message_.payload_format_indicator = 7;
  EXPECT_EQ(Run("get_mqtt_property", {S("format_indicator")}), "undefined");
  message_.correlation_data = "ab";
  EXPECT_EQ(Run("get_mqtt_property", {S("correlation_data")}), "\"YWI=\"");
  message_.correlation_data = std::string("\xff\xfe\x00\x01", 4);
  EXPECT_EQ(Run("get_mqtt_property", {S("correlation_data")}), "\"//4AAQ==\"");
  message_.correlation_data = "";
  EXPECT_EQ(Run("get_mqtt_property", {S("correlation_data")}), "\"\"");
  EXPECT_EQ(Run("get_mqtt_property", {S("user_property")}), "undefined");
  EXPECT_EQ(Run("get_mqtt_property", {S("")}), "undefined");
  EXPECT_EQ(Run("get_mqtt_property", {I(1)}), "undefined");
  EXPECT_EQ(Run("get_mqtt_property", {Value::Null()}), "undefined");
  EXPECT_EQ(Run("get_mqtt_property", {Value::Undefined()}), "undefined");
  message_.mqtt = false;
  EXPECT_EQ(Run("get_mqtt_property", {S("content_type")}), "undefined");
}

TEST_F(ContextTest, GetMqttPropertyAbsent) {
  for (const char* name : {"content_type", "format_indicator", "response_topic",
                           "correlation_data"}) {
    EXPECT_EQ(Run("get_mqtt_property", {S(name)}), "undefined") << name;
  }
}

TEST_F(ContextTest, GetUserProperties) {
  message_.user_properties = {{"k", "v1"}, {"other", "x"}, {"k", "v2"}, {"1", "one"}};
  EXPECT_EQ(Run("get_user_properties", {S("k")}), "[\"v1\",\"v2\"]");
  EXPECT_EQ(Run("get_user_properties", {S("other")}), "[\"x\"]");
  EXPECT_EQ(Run("get_user_properties", {S("K")}), "undefined");  // keys are case-sensitive
  EXPECT_EQ(Run("get_user_properties", {S("missing")}), "undefined");
  EXPECT_EQ(Run("get_user_properties", {I(1)}), "[\"one\"]");  // STR conversion
  EXPECT_EQ(Run("get_user_properties", {Value::Null()}), "undefined");
  EXPECT_EQ(Run("get_user_properties", {Value::Undefined()}), "undefined");
  EXPECT_EQ(Run("get_user_properties", {}),
            "[{\"key\":\"k\",\"value\":\"v1\"},{\"key\":\"other\",\"value\":\"x\"},"
            "{\"key\":\"k\",\"value\":\"v2\"},{\"key\":\"1\",\"value\":\"one\"}]");
  message_.mqtt = false;
  EXPECT_EQ(Run("get_user_properties", {S("k")}), "undefined");
  message_.mqtt = true;
  message_.user_properties.clear();
  EXPECT_EQ(Run("get_user_properties", {}), "undefined");
  EXPECT_EQ(Run("get_user_properties", {S("k")}), "undefined");
}

// External functions.

TEST_F(ContextTest, ExternalRegistration) {
  struct Case {
    const char* name;
    int min, max;
    SqlVersion since;
  } cases[] = {
      {"aws_lambda", 2, 2, kV1},        {"get_dynamodb", 4, 6, kV2},
      {"get_thing_shadow", 2, 3, kV2},  {"get_secret", 3, 4, kV1},
      {"get_registry_data", 3, 3, kV1}, {"machinelearning_predict", 3, 3, kV1},
  };
  for (const Case& c : cases) {
    const FunctionInfo* f = LookupFunction(c.name);
    ASSERT_NE(f, nullptr) << c.name;
    EXPECT_EQ(f->category, FunctionCategory::kExternal) << c.name;
    EXPECT_EQ(f->min_args, c.min) << c.name;
    EXPECT_EQ(f->max_args, c.max) << c.name;
    EXPECT_EQ(f->since, c.since) << c.name;
  }
}

TEST_F(ContextTest, ExternalWithoutProviderIsUndefined) {
  EXPECT_EQ(Run("aws_lambda", {S("arn"), I(1)}), "undefined");
  EXPECT_NE(error_.find("provider"), std::string::npos) << error_;
}

TEST_F(ContextTest, ExternalSerialisesArguments) {
  FakeProvider p;
  ctx_.provider = &p;
  p.result = std::string(R"({"deviceId":"dev-1","location":"Seattle"})");
  Value v = Call("get_dynamodb", {S("InServiceDevices"), S("deviceId"), S("dev-1"),
                                  S("arn:aws:iam::12345678910:role/getdynamo")});
  ASSERT_TRUE(v.is_object());
  ASSERT_NE(v.Find("location"), nullptr);
  EXPECT_EQ(v.Find("location")->as_string(), "Seattle");
  ASSERT_EQ(p.calls.size(), 1u);
  EXPECT_EQ(p.calls[0].first, "get_dynamodb");
  EXPECT_EQ(p.calls[0].second,
            (std::vector<std::string>{"\"InServiceDevices\"", "\"deviceId\"", "\"dev-1\"",
                                      "\"arn:aws:iam::12345678910:role/getdynamo\""}));

  p.result = std::string("[1,2.5,\"x\",null,true]");
  EXPECT_EQ(Run("aws_lambda", {S("arn:aws:lambda:f"), Obj({{"a", I(1)}, {"b", D("2.50")}})}),
            "[1,2.5,\"x\",null,true]");
  ASSERT_EQ(p.calls.size(), 2u);
  EXPECT_EQ(p.calls[1].first, "aws_lambda");
  EXPECT_EQ(p.calls[1].second,
            (std::vector<std::string>{"\"arn:aws:lambda:f\"", "{\"a\":1,\"b\":2.50}"}));
}

// decode(v, 'proto', ...) reads a descriptor set from S3: the provider answers it, given the
// payload's bytes as base64 and the other arguments as they are.
TEST_F(ContextTest, ProtobufDecodeGoesToTheProvider) {
  FakeProvider p;
  ctx_.provider = &p;
  p.result = std::string(R"({"id":150,"name":"dev-1"})");
  Value v = Call("decode", {Value::Binary(std::string_view("\x08\x96\x01", 3)), S("proto"),
                            S("bucket"), S("schemas/device.desc"), S("device.proto"),
                            S("Device")});
  ASSERT_TRUE(v.is_object()) << error_;
  EXPECT_EQ(v.Find("id")->as_int(), 150);
  ASSERT_EQ(p.calls.size(), 1u);
  EXPECT_EQ(p.calls[0].first, "decode");
  EXPECT_EQ(p.calls[0].second,
            (std::vector<std::string>{"\"CJYB\"", "\"proto\"", "\"bucket\"",
                                      "\"schemas/device.desc\"", "\"device.proto\"",
                                      "\"Device\""}));
  p.result = absl::NotFoundError("no such key");
  EXPECT_EQ(Run("decode", {S("CJYB"), S("PROTO"), S("b"), S("k"), S("f"), S("T")}), "undefined");
  EXPECT_EQ(error_, "decode: no such key");
  // The base64 form stays pure: no call.
  EXPECT_EQ(Run("decode", {S("eyJhIjoxfQ=="), S("base64")}), "{\"a\":1}");
  EXPECT_EQ(p.calls.size(), 2u);
}

// In a statement, decode(*, 'proto', ...) gets the payload's bytes, is never folded, and follows
// AWS's rules for external calls.
TEST_F(ContextTest, ProtobufDecodeInStatements) {
  FakeProvider p;
  p.result = std::string(R"({"id":150})");
  absl::StatusOr<Rule> rule = Rule::Compile(
      "SELECT decode(*, 'proto', 'b', 'k', 'f.proto', 'T').id AS id, "
      "decode('CJYB', 'proto', 'b', 'k', 'f.proto', 'T') AS c FROM 't'", kV2);
  ASSERT_TRUE(rule.ok()) << rule.status();
  Evaluator evaluator;
  evaluator.set_provider(&p);
  MessageContext context;
  context.topic = "t";
  absl::StatusOr<EvalResult> out = evaluator.Evaluate(*rule, std::string("\x08\x96\x01", 3), context);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->payload, R"({"id":150,"c":{"id":150}})");
  ASSERT_EQ(p.calls.size(), 2u);
  EXPECT_EQ(p.calls[0].second[0], "\"CJYB\"");  // the bytes, not a JSON reading of them
  EXPECT_EQ(p.calls[1].second[0], "\"CJYB\"");

  for (const char* bad : {
           "SELECT decode(*, 'proto', 'b', 'k', 'f') AS d FROM 't'",
           "SELECT decode(*, 'proto', 'b', 'k', 'f', 'T') AS a, decode(*, 'proto', 'b', 'k', "
           "'f', 'T') AS b, decode(*, 'proto', 'b', 'k', 'f', 'T') AS c FROM 't'",
       }) {
    EXPECT_FALSE(Rule::Compile(bad, kV2).ok()) << bad;
  }
  EXPECT_TRUE(Rule::Compile("SELECT decode(*, 'proto', 'b', 'k', 'f', 'T') AS a, decode(*, "
                            "'proto', 'b', 'k', 'f', 'T') AS b FROM 't'", kV2).ok());
  absl::StatusOr<Template> in_template =
      Template::Compile("${decode(*, 'proto', 'b', 'k', 'f', 'T')}", *rule);
  ASSERT_FALSE(in_template.ok());
  EXPECT_NE(in_template.status().message().find("substitution template"), std::string::npos)
      << in_template.status();
}

TEST_F(ContextTest, ExternalCanonicalNamesAndArity) {
  FakeProvider p;
  ctx_.provider = &p;
  p.result = std::string("\"s3cr3t\"");
  EXPECT_EQ(Run("GET_SECRET", {S("API_KEY"), S("SecretString"), S("API_KEY_VALUE"), S("role")}),
            "\"s3cr3t\"");
  EXPECT_EQ(Run("get_thing_shadow", {S("MyThing"), S("role")}), "\"s3cr3t\"");
  EXPECT_EQ(Run("get_thing_shadow", {S("MyThing"), S("Shadow"), S("role")}), "\"s3cr3t\"");
  EXPECT_EQ(Run("get_registry_data", {S("DescribeThing"), S("thing1"), S("role")}),
            "\"s3cr3t\"");
  EXPECT_EQ(Run("machinelearning_predict", {S("model"), S("role"), Obj({})}), "\"s3cr3t\"");
  EXPECT_EQ(Run("get_dynamodb", {S("t"), S("pk"), I(1), S("sk"), I(2), S("role")}),
            "\"s3cr3t\"");
  ASSERT_EQ(p.calls.size(), 6u);
  EXPECT_EQ(p.calls[0].first, "get_secret");
  EXPECT_EQ(p.calls[1].second.size(), 2u);
  EXPECT_EQ(p.calls[2].second.size(), 3u);
  EXPECT_EQ(p.calls[3].first, "get_registry_data");
  EXPECT_EQ(p.calls[4].first, "machinelearning_predict");
  EXPECT_EQ(p.calls[4].second[2], "{}");
  EXPECT_EQ(p.calls[5].second,
            (std::vector<std::string>{"\"t\"", "\"pk\"", "1", "\"sk\"", "2", "\"role\""}));

  // get_dynamodb takes 4 or 6 arguments, never 5.
  EXPECT_EQ(Run("get_dynamodb", {S("t"), S("pk"), I(1), S("sk"), S("role")}), "undefined");
  EXPECT_EQ(p.calls.size(), 6u);
  EXPECT_FALSE(error_.empty());
}

TEST_F(ContextTest, ExternalFailuresAreUndefined) {
  FakeProvider p;
  ctx_.provider = &p;
  p.result = absl::UnavailableError("throttled");
  EXPECT_EQ(Run("aws_lambda", {S("arn"), I(1)}), "undefined");
  EXPECT_NE(error_.find("throttled"), std::string::npos) << error_;
  error_.clear();
  p.result = std::string("not json");
  EXPECT_EQ(Run("aws_lambda", {S("arn"), I(1)}), "undefined");
  EXPECT_FALSE(error_.empty());
  error_.clear();
  p.result = std::string("");
  EXPECT_EQ(Run("aws_lambda", {S("arn"), I(1)}), "undefined");
  EXPECT_FALSE(error_.empty());
  // An Undefined argument is not sent.
  size_t calls = p.calls.size();
  EXPECT_EQ(Run("get_thing_shadow", {Value::Undefined(), S("role")}), "undefined");
  EXPECT_EQ(p.calls.size(), calls);
  // Null is a value and is sent.
  p.result = std::string("null");
  EXPECT_EQ(Run("aws_lambda", {S("arn"), Value::Null()}), "null");
  EXPECT_EQ(p.calls.back().second[1], "null");
}

TEST_F(ContextTest, ExternalResultNumbersFollowVersion) {
  FakeProvider p;
  ctx_.provider = &p;
  p.result = std::string(R"({"v":10.0})");
  EXPECT_EQ(Run("aws_lambda", {S("arn"), I(1)}, kV2), "{\"v\":10}");
  EXPECT_EQ(Run("aws_lambda", {S("arn"), I(1)}, kV1), "{\"v\":10.0}");
}

TEST_F(ContextTest, ExternalBinaryArgumentIsBase64) {
  FakeProvider p;
  ctx_.provider = &p;
  p.result = std::string("1");
  EXPECT_EQ(Run("aws_lambda", {S("arn"), Value::Binary(std::string_view("\x00\x01\x02\xff", 4))}),
            "1");
  EXPECT_EQ(p.calls.back().second[1], "\"AAEC/w==\"");
}

}  // namespace
}  // namespace iotsql
