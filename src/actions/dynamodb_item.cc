#include "actions/dynamodb_item.h"

#include <cstdlib>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "value/convert.h"

namespace iotsql::actions {
namespace {

// A decimal number as sign, significant digits and the position of the decimal point.
struct Decomposed {
  bool negative = false;
  std::string digits;   // no leading or trailing zeros; empty for zero
  long point = 0;       // value = 0.digits × 10^point
};

bool Decompose(std::string_view t, Decomposed* out) {
  size_t i = 0;
  if (i < t.size() && t[i] == '-') {
    out->negative = true;
    ++i;
  }
  std::string digits;
  long point = 0;
  bool any = false, seen_dot = false;
  for (; i < t.size(); ++i) {
    char c = t[i];
    if (c >= '0' && c <= '9') {
      any = true;
      digits.push_back(c);
      if (!seen_dot) ++point;
    } else if (c == '.' && !seen_dot) {
      seen_dot = true;
    } else {
      break;
    }
  }
  if (!any) return false;
  if (i < t.size()) {
    if (t[i] != 'e' && t[i] != 'E') return false;
    ++i;
    bool neg = false;
    if (i < t.size() && (t[i] == '+' || t[i] == '-')) neg = t[i++] == '-';
    if (i == t.size()) return false;
    long e = 0;
    for (; i < t.size(); ++i) {
      if (t[i] < '0' || t[i] > '9') return false;
      if (e < 100000) e = e * 10 + (t[i] - '0');
    }
    point += neg ? -e : e;
  }
  size_t lead = digits.find_first_not_of('0');
  if (lead == std::string::npos) {
    out->digits.clear();
    out->point = 0;
    out->negative = false;
    return true;
  }
  point -= static_cast<long>(lead);
  digits.erase(0, lead);
  digits.erase(digits.find_last_not_of('0') + 1);
  out->digits = std::move(digits);
  out->point = point;
  return true;
}

absl::Status KeyError(const DynamoKeyPart& part, std::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat(
      "One or more parameter values were invalid: key attribute ", part.name, " ",
      absl::string_view(why.data(), why.size())));
}

absl::Status CheckKey(const DynamoKeyPart& part) {
  if (part.value.empty()) return KeyError(part, "rendered an empty value");
  if (part.type == KeyType::kNumber && !IsDynamoNumber(part.value)) {
    return KeyError(part, absl::StrCat("is NUMBER but \"", part.value, "\" is not a number"));
  }
  return absl::OkStatus();
}

DynamoAttribute FromJson(std::string name, const JsonNode& v) {
  DynamoAttribute a;
  a.name = std::move(name);
  AppendAttributeValue(&a.typed_json, v);
  AppendJsonDoc(v, &a.plain_json);
  return a;
}

DynamoAttribute FromKey(const DynamoKeyPart& part) {
  DynamoAttribute a;
  a.name = part.name;
  a.typed_json = KeyAttributeValue(part);
  a.plain_json = part.type == KeyType::kNumber ? CanonicalNumber(part.value)
                                               : JsonStringOfBytes(part.value);
  return a;
}

}  // namespace

bool IsDynamoNumber(std::string_view text) {
  // The JSON number grammar, which is also what DynamoDB's N accepts.
  size_t i = 0;
  auto digits = [&] {
    size_t s = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
    return i > s;
  };
  if (i < text.size() && text[i] == '-') ++i;
  if (!digits()) return false;
  if (i < text.size() && text[i] == '.') {
    ++i;
    if (!digits()) return false;
  }
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    if (!digits()) return false;
  }
  if (i != text.size()) return false;
  Decomposed d;
  if (!Decompose(text, &d)) return false;
  // DynamoDB: up to 38 significant digits, magnitude 1E-130 to 9.99...E+125.
  return d.digits.empty() || (d.digits.size() <= 38 && d.point >= -129 && d.point <= 126);
}

std::string CanonicalNumber(std::string_view text) {
  Decomposed d;
  if (!Decompose(text, &d)) return std::string(text);
  if (d.digits.empty()) return "0";
  if (d.point > 200 || d.point < -200) return std::string(text);  // not a DynamoDB number anyway
  std::string out = d.negative ? "-" : "";
  long n = static_cast<long>(d.digits.size());
  if (d.point <= 0) {
    out += "0.";
    out.append(static_cast<size_t>(-d.point), '0');
    out += d.digits;
  } else if (d.point >= n) {
    out += d.digits;
    out.append(static_cast<size_t>(d.point - n), '0');
  } else {
    out += d.digits.substr(0, static_cast<size_t>(d.point));
    out += '.';
    out += d.digits.substr(static_cast<size_t>(d.point));
  }
  return out;
}

void AppendAttributeValue(std::string* out, const JsonNode& v) {
  switch (v.type) {
    case JsonNode::Type::kNull: out->append("{\"NULL\":true}"); break;
    case JsonNode::Type::kBool:
      out->append(v.boolean ? "{\"BOOL\":true}" : "{\"BOOL\":false}");
      break;
    case JsonNode::Type::kNumber:
      out->append("{\"N\":");
      AppendJsonStringOfBytes(v.text, out);
      out->push_back('}');
      break;
    case JsonNode::Type::kString:
      out->append("{\"S\":");
      AppendJsonStringOfBytes(v.text, out);
      out->push_back('}');
      break;
    case JsonNode::Type::kArray:
      out->append("{\"L\":[");
      for (size_t i = 0; i < v.items.size(); ++i) {
        if (i) out->push_back(',');
        AppendAttributeValue(out, v.items[i]);
      }
      out->append("]}");
      break;
    case JsonNode::Type::kObject: {
      // A map cannot repeat a name: the last occurrence wins, as in every JSON reader AWS uses.
      out->append("{\"M\":{");
      bool first = true;
      for (const JsonMember* m : LastOfEachName(v)) {
        if (!first) out->push_back(',');
        first = false;
        AppendJsonStringOfBytes(m->key, out);
        out->push_back(':');
        AppendAttributeValue(out, m->value);
      }
      out->append("}}");
      break;
    }
  }
}

std::string KeyAttributeValue(const DynamoKeyPart& part) {
  std::string out = part.type == KeyType::kNumber ? "{\"N\":" : "{\"S\":";
  AppendJsonStringOfBytes(part.value, &out);
  out.push_back('}');
  return out;
}

absl::StatusOr<DynamoWrite> BuildDynamoDbWrite(const DynamoDbParams& params,
                                               const ActionRequest& request) {
  DynamoWrite w;
  w.table = params.table;
  w.key.push_back({params.hash_key_field, params.hash_key_type, params.hash_key_value});
  if (!params.range_key_field.empty()) {
    w.key.push_back({params.range_key_field, params.range_key_type, params.range_key_value});
  }
  for (const DynamoKeyPart& part : w.key) {
    absl::Status s = CheckKey(part);
    if (!s.ok()) return s;
  }
  if (params.operation == DynamoDbParams::Operation::kDelete) {
    w.op = DynamoWrite::Op::kDelete;
    return w;
  }
  DynamoAttribute payload;
  absl::StatusOr<JsonNode> json = request.binary ? absl::InvalidArgumentError("binary")
                                                  : ParseJsonDoc(request.payload, kServiceJson);
  if (json.ok()) {
    payload = FromJson(params.payload_field, *json);
  } else {
    // Non-JSON output is stored as a binary attribute (spec §18.4).
    std::string b64;
    absl::Base64Escape(absl::string_view(request.payload.data(), request.payload.size()), &b64);
    payload.name = params.payload_field;
    payload.typed_json = absl::StrCat("{\"B\":\"", b64, "\"}");
    payload.plain_json = absl::StrCat("\"", b64, "\"");
  }
  if (params.operation == DynamoDbParams::Operation::kUpdate) {
    w.op = DynamoWrite::Op::kUpdate;
    w.attributes.push_back(std::move(payload));
    return w;
  }
  w.op = DynamoWrite::Op::kPut;
  for (const DynamoKeyPart& part : w.key) w.attributes.push_back(FromKey(part));
  // A payloadField that names a key attribute would replace the key: DynamoDB rejects that item.
  for (const DynamoKeyPart& part : w.key) {
    if (part.name == params.payload_field) {
      return absl::InvalidArgumentError(absl::StrCat(
          "dynamoDB action: payloadField \"", params.payload_field, "\" is a key attribute"));
    }
  }
  w.attributes.push_back(std::move(payload));
  return w;
}

absl::StatusOr<DynamoWrite> BuildDynamoDbV2Write(const DynamoDbV2Params& params,
                                                 const ActionRequest& request) {
  if (request.binary) {
    return absl::InvalidArgumentError(
        "dynamoDBv2 action: the rule's output is binary; PutItem needs a JSON object");
  }
  absl::StatusOr<JsonNode> json = ParseJsonDoc(request.payload, kServiceJson);
  if (!json.ok() || !json->is_object()) {
    return absl::InvalidArgumentError(
        "dynamoDBv2 action: the rule's output must be a JSON object (each member becomes an "
        "attribute)");
  }
  DynamoWrite w;
  w.op = DynamoWrite::Op::kPut;
  w.table = params.table;
  for (const JsonMember* m : LastOfEachName(*json)) {  // a repeated name: the last one wins
    if (m->key.empty()) {
      return absl::InvalidArgumentError("dynamoDBv2 action: an attribute name is empty");
    }
    w.attributes.push_back(FromJson(m->key, m->value));
  }
  return w;
}

absl::StatusOr<DynamoWrite> BuildDynamoWrite(const ActionRequest& request) {
  if (request.kind == "dynamoDB") {
    absl::StatusOr<DynamoDbParams> p = ParseDynamoDbParams(request.params_json);
    if (!p.ok()) return p.status();
    return BuildDynamoDbWrite(*p, request);
  }
  absl::StatusOr<DynamoDbV2Params> p = ParseDynamoDbV2Params(request.params_json);
  if (!p.ok()) return p.status();
  return BuildDynamoDbV2Write(*p, request);
}

}  // namespace iotsql::actions
