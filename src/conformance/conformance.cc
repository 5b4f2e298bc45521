#include "conformance/conformance.h"

#include <cmath>
#include <fstream>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/arena.h"
#include "value/convert.h"
#include "value/json_parse.h"

namespace iotsql {

namespace {

std::string Str(const Value* v) {
  if (v == nullptr || !v->is_string()) return "";
  return std::string(v->as_string());
}

std::string Json(const Value& v) {
  std::string out;
  AppendJson(v, &out);
  return out;
}

bool Base64Decode(std::string_view in, std::string* out) {
  return absl::Base64Unescape(absl::string_view(in.data(), in.size()), out);
}

// Answers external function calls from the vector's `context.mocks`.
class MockProvider : public ExternalProvider {
 public:
  explicit MockProvider(const Value* mocks) : mocks_(mocks) {}
  absl::StatusOr<std::string> Call(std::string_view function,
                                   const std::vector<std::string>& json_args) override {
    if (mocks_ == nullptr || !mocks_->is_array()) {
      return absl::NotFoundError("no mocks in this vector");
    }
    Arena arena;
    for (uint32_t i = 0; i < mocks_->size(); ++i) {
      const Value& mock = mocks_->items()[i];
      if (Str(mock.Find("function")) != function) continue;
      const Value* args = mock.Find("args");
      if (args == nullptr || !args->is_array() || args->size() != json_args.size()) continue;
      bool same = true;
      for (size_t j = 0; j < json_args.size() && same; ++j) {
        Value got;
        same = ParseJsonValue(json_args[j], false, &arena, &got) &&
               ValuesEqual(got, args->items()[j]);
      }
      if (same) {
        const Value* returns = mock.Find("returns");
        return returns ? Json(*returns) : std::string("null");
      }
    }
    return absl::NotFoundError(absl::StrCat("no mock for ", absl::string_view(function.data(),
                                                                              function.size())));
  }

 private:
  const Value* mocks_;
};

bool IsUuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    char c = s[i];
    if (dash != (c == '-')) return false;
    if (!dash && !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
      return false;
    }
  }
  return true;
}

bool NumbersMatch(const Value& want, const Value& got) {
  if (Decimal::Compare(want.as_decimal(), got.as_decimal()) == 0) return true;
  // Double-precision function results: relative tolerance 1e-15 (spec §21).
  double a = want.as_decimal().ToDouble(), b = got.as_decimal().ToDouble();
  return std::fabs(a - b) <= 1e-15 * std::max(std::fabs(a), std::fabs(b));
}

bool ShapeMatches(std::string_view placeholder, const Value& got) {
  if (placeholder == "<uuid>") return got.is_string() && IsUuid(got.as_string());
  if (placeholder == "<epoch_millis>") {
    return got.is_int() && !got.is_big_int() && got.as_int() > 1000000000000LL;
  }
  if (placeholder == "<unit_interval>") {
    if (!got.is_number()) return false;
    double d = got.as_decimal().ToDouble();
    return d >= 0.0 && d < 1.0;
  }
  return false;
}

// Objects regardless of key order, numbers by value, shape placeholders when `shape`.
bool Matches(const Value& want, const Value& got, bool shape) {
  if (shape && want.is_string() && !want.as_string().empty() && want.as_string()[0] == '<') {
    return ShapeMatches(want.as_string(), got);
  }
  if (want.is_number() && got.is_number()) return NumbersMatch(want, got);
  if (want.kind() != got.kind()) return false;
  switch (want.kind()) {
    case Kind::kArray:
      if (want.size() != got.size()) return false;
      for (uint32_t i = 0; i < want.size(); ++i) {
        if (!Matches(want.items()[i], got.items()[i], shape)) return false;
      }
      return true;
    case Kind::kObject: {
      if (want.size() != got.size()) return false;
      for (uint32_t i = 0; i < want.size(); ++i) {
        const Value* g = got.Find(want.members()[i].key);
        if (g == nullptr || !Matches(want.members()[i].value, *g, shape)) return false;
      }
      return true;
    }
    default:
      return ValuesEqual(want, got);
  }
}

bool Gated(const Value& c) {
  std::string confidence = Str(c.Find("confidence"));
  return confidence != "unverified" && confidence != "disputed";
}

}  // namespace

bool ContextFromJson(const Value& object, MessageContext* context, std::string* error) {
  if (!object.is_object()) {
    *error = "context must be a JSON object";
    return false;
  }
  for (uint32_t i = 0; i < object.size(); ++i) {
    std::string_view key = object.members()[i].key;
    const Value& v = object.members()[i].value;
    auto need_string = [&](std::string* out) {
      if (!v.is_string()) {
        *error = absl::StrCat("context.", absl::string_view(key.data(), key.size()),
                              " must be a string");
        return false;
      }
      *out = std::string(v.as_string());
      return true;
    };
    std::string s;
    if (key == "timestamp") {
      if (!v.is_int() || v.is_big_int()) {
        *error = "context.timestamp must be an integer (epoch milliseconds)";
        return false;
      }
      context->timestamp_ms = v.as_int();
    } else if (key == "clientid") {
      if (!need_string(&context->clientid)) return false;
    } else if (key == "principal") {
      if (!need_string(&context->principal)) return false;
    } else if (key == "accountid") {
      if (!need_string(&context->accountid)) return false;
    } else if (key == "traceid") {
      if (!need_string(&s)) return false;
      context->traceid = s;
    } else if (key == "sourceip") {
      if (!need_string(&s)) return false;
      context->sourceip = s;
    } else if (key == "newuuid") {
      if (!need_string(&s)) return false;
      context->newuuid = s;
    } else if (key == "rule_name") {
      if (!need_string(&context->rule_name)) return false;
    } else if (key == "topic") {
      if (!need_string(&context->topic)) return false;
    } else if (key == "protocol") {
      if (!need_string(&s)) return false;
      context->mqtt = s != "http";
    } else if (key == "mqtt5") {
      if (!v.is_object()) {
        *error = "context.mqtt5 must be an object";
        return false;
      }
      if (const Value* ct = v.Find("content_type"); ct && ct->is_string()) {
        context->content_type = std::string(ct->as_string());
      }
      if (const Value* pf = v.Find("payload_format_indicator"); pf && pf->is_int()) {
        context->payload_format_indicator = static_cast<int>(pf->as_int());
      }
      if (const Value* rt = v.Find("response_topic"); rt && rt->is_string()) {
        context->response_topic = std::string(rt->as_string());
      }
      if (const Value* cd = v.Find("correlation_data_base64"); cd && cd->is_string()) {
        std::string bytes;
        if (!Base64Decode(cd->as_string(), &bytes)) {
          *error = "context.mqtt5.correlation_data_base64 is not base64";
          return false;
        }
        context->correlation_data = bytes;
      }
      if (const Value* up = v.Find("user_properties"); up && up->is_array()) {
        for (uint32_t j = 0; j < up->size(); ++j) {
          const Value& pair = up->items()[j];
          if (!pair.is_array() || pair.size() != 2 || !pair.items()[0].is_string() ||
              !pair.items()[1].is_string()) {
            *error = "context.mqtt5.user_properties must hold [key, value] string pairs";
            return false;
          }
          context->user_properties.emplace_back(std::string(pair.items()[0].as_string()),
                                                std::string(pair.items()[1].as_string()));
        }
      }
    }
    // Unknown members (mocks, ...) are read by the caller.
  }
  return true;
}

void RunConformanceCase(std::string_view line, int line_number, ConformanceResult* result) {
  Arena arena;
  Value c;
  if (!ParseJsonValue(line, /*v2=*/false, &arena, &c) || !c.is_object()) {
    ++result->failed;
    result->lines.push_back(absl::StrCat("FAIL line ", line_number, ": not a JSON object"));
    return;
  }
  std::string id = Str(c.Find("id"));
  if (id.empty()) id = absl::StrCat("line ", line_number);
  bool gated = Gated(c);
  auto report = [&](bool ok, const std::string& want, const std::string& got) {
    if (ok) {
      ++result->passed;
      return;
    }
    if (gated) {
      ++result->failed;
    } else {
      ++result->skipped;
    }
    result->lines.push_back(absl::StrCat(gated ? "FAIL " : "skip (not gated) ", id,
                                         ": expected ", want, ", got ", got));
  };

  const Value* expect = c.Find("expect");
  if (expect == nullptr) {
    report(false, "an \"expect\" member", "none");
    return;
  }
  std::string want_text = Json(*expect);
  const bool expect_error = expect->is_object() && expect->Find("error") != nullptr;
  absl::StatusOr<SqlVersion> version = ParseSqlVersion(
      c.Find("sql_version") ? Str(c.Find("sql_version")) : std::string("2015-10-08"));
  if (!version.ok()) {
    // A rule with an unknown awsIotSqlVersion does not compile: right when an error is expected.
    report(expect_error, want_text, std::string(version.status().message()));
    return;
  }
  MessageContext context;
  context.topic = Str(c.Find("topic"));
  const Value* mocks = nullptr;
  if (const Value* ctx = c.Find("context")) {
    std::string error;
    if (!ContextFromJson(*ctx, &context, &error)) {
      report(false, want_text, "bad context: " + error);
      return;
    }
    mocks = ctx->Find("mocks");
  }
  std::string payload;
  const Value* payload_value = c.Find("payload");
  if (Str(c.Find("payload_encoding")) == "base64") {
    const Value* b64 = payload_value ? payload_value->Find("base64") : nullptr;
    if (b64 == nullptr || !b64->is_string() || !Base64Decode(b64->as_string(), &payload)) {
      report(false, want_text, "a payload that is not base64");
      return;
    }
  } else if (payload_value != nullptr) {
    payload = Json(*payload_value);
  }

  const bool is_template = Str(c.Find("kind")) == "template";
  absl::StatusOr<Rule> rule = Rule::Compile(Str(c.Find("sql")), *version);
  if (expect_error) {
    // For a template case the error may be the template's (`${s`, an external call, ...).
    bool failed = !rule.ok() ||
                  (is_template && !Template::Compile(Str(c.Find("template")), *rule).ok());
    report(failed, want_text, failed ? "" : is_template ? "a compiled template" : "a compiled rule");
    return;
  }
  if (!rule.ok()) {
    report(false, want_text, absl::StrCat("compile error: ", rule.status().message()));
    return;
  }
  MockProvider provider(mocks);
  Evaluator evaluator;
  evaluator.set_provider(&provider);
  bool shape = Str(c.Find("check")) == "shape";

  if (is_template) {
    absl::StatusOr<Template> tpl = Template::Compile(Str(c.Find("template")), *rule);
    if (!tpl.ok()) {
      report(false, want_text, absl::StrCat("template error: ", tpl.status().message()));
      return;
    }
    absl::StatusOr<std::string_view> text = evaluator.Render(*tpl, payload, context);
    std::string got = text.ok() ? std::string(*text) : std::string(text.status().message());
    report(text.ok() && expect->is_string() && got == expect->as_string(), want_text,
           Json(Value::String(got)));
    return;
  }

  absl::StatusOr<EvalResult> out = evaluator.Evaluate(*rule, payload, context);
  if (!out.ok()) {
    report(false, want_text, std::string(out.status().message()));
    return;
  }
  if (expect->is_string() && expect->as_string() == "NO_MATCH") {
    report(!out->matched, want_text, out->matched ? std::string(out->payload) : "NO_MATCH");
    return;
  }
  if (!out->matched) {
    report(false, want_text, "NO_MATCH");
    return;
  }
  std::string got(out->payload);
  std::string expect_kind = Str(c.Find("expect_kind"));
  if (expect_kind == "empty") {
    report(got.empty() && !out->binary, "an empty payload", got);
    return;
  }
  if (expect_kind == "binary") {
    std::string bytes;
    const Value* b64 = expect->Find("base64");
    bool ok = b64 && b64->is_string() && Base64Decode(b64->as_string(), &bytes);
    report(ok && out->binary && got == bytes, want_text,
           absl::StrCat(out->binary ? "bytes " : "", absl::Base64Escape(got)));
    return;
  }
  if (const Value* raw = c.Find("expect_raw"); raw && raw->is_string()) {
    report(got == raw->as_string(), std::string(raw->as_string()), got);
    return;
  }
  Value got_value;
  if (!ParseJsonValue(got, /*v2=*/false, &arena, &got_value)) {
    report(false, want_text, absl::StrCat("unparsable output ", got));
    return;
  }
  bool ok = Matches(*expect, got_value, shape);
  if (ok && shape) {
    // `distinct`: these members must differ from each other.
    if (const Value* distinct = c.Find("distinct"); distinct && distinct->is_array()) {
      for (uint32_t i = 0; i < distinct->size() && ok; ++i) {
        for (uint32_t j = i + 1; j < distinct->size() && ok; ++j) {
          const Value* a = got_value.Find(Str(&distinct->items()[i]));
          const Value* b = got_value.Find(Str(&distinct->items()[j]));
          ok = a && b && !ValuesEqual(*a, *b);
        }
      }
    }
  }
  report(ok, want_text, got);
}

ConformanceResult RunConformanceFile(const std::string& path) {
  ConformanceResult result;
  std::ifstream in(path);
  if (!in) {
    ++result.failed;
    result.lines.push_back(absl::StrCat("FAIL ", path, ": cannot open"));
    return result;
  }
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    RunConformanceCase(line, number, &result);
  }
  return result;
}

}  // namespace iotsql
