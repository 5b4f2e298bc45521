// Message and rule context functions (§15.8). All read CallContext/MessageContext; none
// converts its input except topic(n) (NUM) and the property names (STR).
#include <cstdint>
#include <random>
#include <string_view>

#include "functions/args.h"
#include "functions/registry.h"

namespace iotsql {
namespace {

constexpr SqlVersion k2015 = SqlVersion::k2015_10_08;

std::string_view TopicOf(const CallContext& ctx) {
  if (ctx.topic.data() == nullptr && ctx.message != nullptr) return ctx.message->topic;
  return ctx.topic;
}

bool IsMqtt(const CallContext& ctx) { return ctx.message != nullptr && ctx.message->mqtt; }

Value Topic(CallContext& ctx, const Value* args, int argc) {
  std::string_view topic = TopicOf(ctx);
  if (argc == 0) return Value::String(topic);
  int64_t n;
  if (!IntdArg(args[0], &n) || n < 1) return Value::Undefined();
  // Levels are split on every '/', so empty levels ("a//b") count.
  size_t start = 0;
  for (int64_t level = 1;; ++level) {
    size_t end = topic.find('/', start);
    if (level == n) {
      return Value::String(topic.substr(start, end == std::string_view::npos ? end : end - start));
    }
    if (end == std::string_view::npos) return Value::Undefined();
    start = end + 1;
  }
}

Value ClientId(CallContext& ctx, const Value*, int) {
  if (!IsMqtt(ctx) || ctx.message->clientid.empty()) return Value::String("n/a");
  return Value::String(ctx.message->clientid);
}

Value Principal(CallContext& ctx, const Value*, int) {
  return ctx.message ? Value::String(ctx.message->principal) : Value::Undefined();
}

Value AccountId(CallContext& ctx, const Value*, int) {
  return ctx.message ? Value::String(ctx.message->accountid) : Value::Undefined();
}

Value TraceId(CallContext& ctx, const Value*, int) {
  if (!IsMqtt(ctx) || !ctx.message->traceid) return Value::Undefined();
  return Value::String(*ctx.message->traceid);
}

Value SourceIp(CallContext& ctx, const Value*, int) {
  if (ctx.message == nullptr || !ctx.message->sourceip) return Value::Undefined();
  return Value::String(*ctx.message->sourceip);
}

Value SqlVersionFn(CallContext& ctx, const Value*, int) {
  return Value::String(ctx.v2() ? "2016-03-23" : "2015-10-08");
}

Value NewUuid(CallContext& ctx, const Value*, int) {
  if (ctx.message != nullptr && ctx.message->newuuid) return Value::String(*ctx.message->newuuid);
  thread_local std::mt19937_64 gen{std::random_device{}()};
  uint8_t b[16];
  for (int i = 0; i < 16; i += 8) {
    uint64_t r = gen();
    for (int k = 0; k < 8; ++k) b[i + k] = static_cast<uint8_t>(r >> (8 * k));
  }
  b[6] = static_cast<uint8_t>((b[6] & 0x0F) | 0x40);  // version 4
  b[8] = static_cast<uint8_t>((b[8] & 0x3F) | 0x80);  // RFC 4122 variant
  static constexpr char kHex[] = "0123456789abcdef";
  char* out = static_cast<char*>(ctx.arena->Allocate(36, 1));
  int o = 0;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out[o++] = '-';
    out[o++] = kHex[b[i] >> 4];
    out[o++] = kHex[b[i] & 0xF];
  }
  return Value::String(std::string_view(out, 36));
}

std::string_view Base64(CallContext& ctx, std::string_view in) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  size_t n = (in.size() + 2) / 3 * 4;
  if (n == 0) return std::string_view("", 0);
  char* out = static_cast<char*>(ctx.arena->Allocate(n, 1));
  size_t o = 0;
  for (size_t i = 0; i < in.size(); i += 3) {
    uint32_t v = static_cast<uint32_t>(static_cast<uint8_t>(in[i])) << 16;
    if (i + 1 < in.size()) v |= static_cast<uint32_t>(static_cast<uint8_t>(in[i + 1])) << 8;
    if (i + 2 < in.size()) v |= static_cast<uint8_t>(in[i + 2]);
    out[o++] = kAlphabet[(v >> 18) & 63];
    out[o++] = kAlphabet[(v >> 12) & 63];
    out[o++] = i + 1 < in.size() ? kAlphabet[(v >> 6) & 63] : '=';
    out[o++] = i + 2 < in.size() ? kAlphabet[v & 63] : '=';
  }
  return std::string_view(out, n);
}

// MQTT 5 publish properties by the names AWS documents (matched case-insensitively).
Value GetMqttProperty(CallContext& ctx, const Value* args, int) {
  std::string_view name;
  if (!args[0].is_string() || !IsMqtt(ctx)) return Value::Undefined();
  name = args[0].as_string();
  auto is = [name](std::string_view want) {
    if (name.size() != want.size()) return false;
    for (size_t i = 0; i < name.size(); ++i) {
      char c = name[i];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if (c != want[i]) return false;
    }
    return true;
  };
  const MessageContext& m = *ctx.message;
  if (is("content_type")) {
    return m.content_type ? Value::String(*m.content_type) : Value::Undefined();
  }
  if (is("format_indicator")) {
    if (!m.payload_format_indicator) return Value::Undefined();
    if (*m.payload_format_indicator == 0) return Value::String("UNSPECIFIED_BYTES");
    if (*m.payload_format_indicator == 1) return Value::String("UTF8_DATA");
    return Value::Undefined();
  }
  if (is("response_topic")) {
    return m.response_topic ? Value::String(*m.response_topic) : Value::Undefined();
  }
  if (is("correlation_data")) {
    return m.correlation_data ? Value::String(Base64(ctx, *m.correlation_data))
                              : Value::Undefined();
  }
  return Value::Undefined();
}

// get_user_properties(key): Array of that key's values in arrival order; Undefined when the key
// is absent. get_user_properties(): Array of {"key": k, "value": v} objects for every property in
// order (keeps duplicate keys, which an object could not); Undefined when there are none.
Value GetUserProperties(CallContext& ctx, const Value* args, int argc) {
  if (!IsMqtt(ctx)) return Value::Undefined();
  const auto& props = ctx.message->user_properties;
  if (argc == 1) {
    std::string_view key;
    if (!StrArg(ctx, args[0], &key)) return Value::Undefined();
    uint32_t count = 0;
    for (const auto& p : props) count += p.first == key ? 1 : 0;
    if (count == 0) return Value::Undefined();
    Value* items = ctx.arena->AllocateArray<Value>(count);
    uint32_t n = 0;
    for (const auto& p : props) {
      if (p.first == key) items[n++] = Value::String(p.second);
    }
    return Value::Array(items, n);
  }
  if (props.empty()) return Value::Undefined();
  uint32_t count = static_cast<uint32_t>(props.size());
  Value* items = ctx.arena->AllocateArray<Value>(count);
  for (uint32_t i = 0; i < count; ++i) {
    Member* m = ctx.arena->AllocateArray<Member>(2);
    m[0] = Member{"key", Value::String(props[i].first)};
    m[1] = Member{"value", Value::String(props[i].second)};
    items[i] = Value::Object(m, 2);
  }
  return Value::Array(items, count);
}

}  // namespace

void RegisterContextFunctions(FunctionTable* t) {
  using C = FunctionCategory;
  t->Add({"topic", 0, 1, k2015, C::kContext, Topic});
  t->Add({"clientid", 0, 0, k2015, C::kContext, ClientId});
  t->Add({"principal", 0, 0, k2015, C::kContext, Principal});
  t->Add({"accountid", 0, 0, k2015, C::kContext, AccountId});
  t->Add({"traceid", 0, 0, k2015, C::kContext, TraceId});
  t->Add({"sql_version", 0, 0, k2015, C::kContext, SqlVersionFn});
  t->Add({"newuuid", 0, 0, k2015, C::kRandom, NewUuid});
  // Versions of these are not documented; accepted in both.
  t->Add({"sourceip", 0, 0, k2015, C::kContext, SourceIp});
  t->Add({"get_mqtt_property", 1, 1, k2015, C::kContext, GetMqttProperty});
  t->Add({"get_user_properties", 0, 1, k2015, C::kContext, GetUserProperties});
}

}  // namespace iotsql
