#include "actions/params.h"

#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/string_view.h"
#include "value/json_doc.h"

namespace iotsql::actions {
namespace {

absl::StatusOr<JsonNode> ParseObject(std::string_view kind, std::string_view params_json) {
  absl::StatusOr<JsonNode> params = ParseJsonDoc(params_json, kServiceJson);
  if (!params.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(ToAbsl(kind), " action: parameters are not JSON: ", params.status().message()));
  }
  if (!params->is_object()) {
    return absl::InvalidArgumentError(
        absl::StrCat(ToAbsl(kind), " action: parameters must be a JSON object"));
  }
  return params;
}

// A string parameter; numbers and booleans are accepted as their text because a hand-written
// rule file may say "qos": 1 where the API says a string.
absl::Status Get(std::string_view kind, const JsonNode& params, std::string_view name,
                 bool required, std::string* out) {
  const JsonNode* v = params.Find(name);
  if (v == nullptr || v->type == JsonNode::Type::kNull) {
    if (required) {
      return absl::InvalidArgumentError(
          absl::StrCat(ToAbsl(kind), " action: ", ToAbsl(name), " is required"));
    }
    return absl::OkStatus();
  }
  switch (v->type) {
    case JsonNode::Type::kString:
    case JsonNode::Type::kNumber: *out = v->text; break;
    case JsonNode::Type::kBool: *out = v->boolean ? "true" : "false"; break;
    default:
      return absl::InvalidArgumentError(
          absl::StrCat(ToAbsl(kind), " action: ", ToAbsl(name), " must be a string"));
  }
  if (required && out->empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(ToAbsl(kind), " action: ", ToAbsl(name), " is empty"));
  }
  return absl::OkStatus();
}

absl::StatusOr<KeyType> ParseKeyType(std::string_view name, const std::string& text) {
  std::string upper = absl::AsciiStrToUpper(text);
  if (upper.empty() || upper == "STRING") return KeyType::kString;
  if (upper == "NUMBER") return KeyType::kNumber;
  return absl::InvalidArgumentError(absl::StrCat("dynamoDB action: ", ToAbsl(name), " is \"", text,
                                                 "\"; expected STRING or NUMBER"));
}

}  // namespace

absl::StatusOr<S3Params> ParseS3Params(std::string_view params_json) {
  absl::StatusOr<JsonNode> p = ParseObject("s3", params_json);
  if (!p.ok()) return p.status();
  S3Params out;
  absl::Status s = Get("s3", *p, "bucketName", true, &out.bucket);
  if (s.ok()) s = Get("s3", *p, "key", true, &out.key);
  if (s.ok()) s = Get("s3", *p, "cannedAcl", false, &out.canned_acl);
  if (!s.ok()) return s;
  static const char* const kAcls[] = {"private", "public-read", "public-read-write",
                                      "aws-exec-read", "authenticated-read", "bucket-owner-read",
                                      "bucket-owner-full-control", "log-delivery-write"};
  if (!out.canned_acl.empty()) {
    bool known = false;
    for (const char* acl : kAcls) known = known || out.canned_acl == acl;
    if (!known) {
      return absl::InvalidArgumentError(
          absl::StrCat("s3 action: cannedAcl \"", out.canned_acl, "\" is not a canned ACL"));
    }
  }
  return out;
}

absl::StatusOr<LambdaParams> ParseLambdaParams(std::string_view params_json) {
  absl::StatusOr<JsonNode> p = ParseObject("lambda", params_json);
  if (!p.ok()) return p.status();
  LambdaParams out;
  absl::Status s = Get("lambda", *p, "functionArn", true, &out.function_arn);
  if (!s.ok()) return s;
  // Forms Lambda accepts: name, name:qualifier, account:function:name[:qualifier],
  // arn:partition:lambda:region:account:function:name[:qualifier].
  std::vector<std::string> parts = absl::StrSplit(out.function_arn, ':');
  size_t name_at = 0;
  if (parts.size() >= 7 && parts[0] == "arn" && parts[5] == "function") {
    name_at = 6;
  } else if (parts.size() >= 3 && parts[1] == "function") {
    name_at = 2;
  }
  if (parts.size() > name_at + 2) {
    return absl::InvalidArgumentError(
        absl::StrCat("lambda action: functionArn \"", out.function_arn, "\" is not a function ARN"));
  }
  out.function_name = parts[name_at];
  if (parts.size() == name_at + 2) out.qualifier = parts[name_at + 1];
  for (char c : out.function_name) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') {
      return absl::InvalidArgumentError(absl::StrCat(
          "lambda action: function name \"", out.function_name, "\" has characters Lambda does not allow"));
    }
  }
  if (out.function_name.empty()) {
    return absl::InvalidArgumentError("lambda action: functionArn names no function");
  }
  return out;
}

absl::StatusOr<SnsParams> ParseSnsParams(std::string_view params_json) {
  absl::StatusOr<JsonNode> p = ParseObject("sns", params_json);
  if (!p.ok()) return p.status();
  SnsParams out;
  std::string format;
  absl::Status s = Get("sns", *p, "targetArn", true, &out.target_arn);
  if (s.ok()) s = Get("sns", *p, "messageFormat", false, &format);
  if (!s.ok()) return s;
  format = absl::AsciiStrToUpper(format);
  if (format == "JSON") {
    out.json_format = true;
  } else if (!format.empty() && format != "RAW") {
    return absl::InvalidArgumentError(
        absl::StrCat("sns action: messageFormat \"", format, "\"; expected RAW or JSON"));
  }
  std::vector<std::string> parts = absl::StrSplit(out.target_arn, ':');
  if (parts.size() < 6 || parts[0] != "arn" || parts[2] != "sns") {
    return absl::InvalidArgumentError(
        absl::StrCat("sns action: targetArn \"", out.target_arn, "\" is not an SNS ARN"));
  }
  // Platform endpoints are arn:aws:sns:region:account:endpoint/PLATFORM/app/id.
  out.is_topic = parts[5].rfind("endpoint/", 0) != 0;
  out.topic_name = parts[5];
  return out;
}

absl::StatusOr<DynamoDbParams> ParseDynamoDbParams(std::string_view params_json) {
  absl::StatusOr<JsonNode> p = ParseObject("dynamoDB", params_json);
  if (!p.ok()) return p.status();
  DynamoDbParams out;
  std::string hash_type, range_type, operation, payload_field;
  const char* k = "dynamoDB";
  absl::Status s = Get(k, *p, "tableName", true, &out.table);
  if (s.ok()) s = Get(k, *p, "hashKeyField", true, &out.hash_key_field);
  if (s.ok()) s = Get(k, *p, "hashKeyValue", true, &out.hash_key_value);
  if (s.ok()) s = Get(k, *p, "hashKeyType", false, &hash_type);
  if (s.ok()) s = Get(k, *p, "rangeKeyField", false, &out.range_key_field);
  if (s.ok()) s = Get(k, *p, "rangeKeyValue", false, &out.range_key_value);
  if (s.ok()) s = Get(k, *p, "rangeKeyType", false, &range_type);
  if (s.ok()) s = Get(k, *p, "payloadField", false, &payload_field);
  if (s.ok()) s = Get(k, *p, "operation", false, &operation);
  if (!s.ok()) return s;
  absl::StatusOr<KeyType> t = ParseKeyType("hashKeyType", hash_type);
  if (!t.ok()) return t.status();
  out.hash_key_type = *t;
  t = ParseKeyType("rangeKeyType", range_type);
  if (!t.ok()) return t.status();
  out.range_key_type = *t;
  if (!out.range_key_field.empty() && out.range_key_value.empty()) {
    return absl::InvalidArgumentError(
        "dynamoDB action: rangeKeyField is set but rangeKeyValue rendered empty");
  }
  if (!payload_field.empty()) out.payload_field = payload_field;
  // A templated operation must render to one of the three words (spec §18.4).
  std::string op = absl::AsciiStrToUpper(operation);
  if (op.empty() || op == "INSERT") {
    out.operation = DynamoDbParams::Operation::kInsert;
  } else if (op == "UPDATE") {
    out.operation = DynamoDbParams::Operation::kUpdate;
  } else if (op == "DELETE") {
    out.operation = DynamoDbParams::Operation::kDelete;
  } else {
    return absl::InvalidArgumentError(absl::StrCat(
        "dynamoDB action: operation \"", operation, "\"; expected INSERT, UPDATE or DELETE"));
  }
  return out;
}

absl::StatusOr<DynamoDbV2Params> ParseDynamoDbV2Params(std::string_view params_json) {
  absl::StatusOr<JsonNode> p = ParseObject("dynamoDBv2", params_json);
  if (!p.ok()) return p.status();
  const JsonNode* put = p->Find("putItem");
  if (put == nullptr || !put->is_object()) {
    return absl::InvalidArgumentError("dynamoDBv2 action: putItem is required");
  }
  DynamoDbV2Params out;
  absl::Status s = Get("dynamoDBv2", *put, "tableName", true, &out.table);
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<RepublishParams> ParseRepublishParams(std::string_view params_json) {
  absl::StatusOr<JsonNode> p = ParseObject("republish", params_json);
  if (!p.ok()) return p.status();
  RepublishParams out;
  std::string qos;
  absl::Status s = Get("republish", *p, "topic", true, &out.topic);
  if (s.ok()) s = Get("republish", *p, "qos", false, &qos);
  if (!s.ok()) return s;
  if (qos == "1") {
    out.qos = 1;
  } else if (!qos.empty() && qos != "0") {
    return absl::InvalidArgumentError("republish action: qos must be 0 or 1");
  }
  return out;
}

}  // namespace iotsql::actions
