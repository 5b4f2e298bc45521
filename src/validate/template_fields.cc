#include "validate/template_fields.h"

namespace iotsql::validate {

namespace {

struct Entry {
  std::string_view shape;
  std::string_view member;
  TemplateSupport support;
};

constexpr TemplateSupport kYes = TemplateSupport::kYes;
constexpr TemplateSupport kNo = TemplateSupport::kNo;

// Spec §18.1-§18.6; every member of these structures is listed, so that anything else in them
// is a member the model added later (kUnknown).
constexpr Entry kTable[] = {
    {"S3Action", "bucketName", kYes},
    {"S3Action", "key", kYes},
    {"S3Action", "roleArn", kNo},
    {"S3Action", "cannedAcl", kNo},
    {"LambdaAction", "functionArn", kYes},
    {"SnsAction", "targetArn", kYes},
    {"SnsAction", "roleArn", kNo},
    {"SnsAction", "messageFormat", kNo},
    {"DynamoDBAction", "tableName", kYes},
    {"DynamoDBAction", "hashKeyField", kYes},
    {"DynamoDBAction", "hashKeyValue", kYes},
    {"DynamoDBAction", "hashKeyType", kYes},
    {"DynamoDBAction", "rangeKeyField", kYes},
    {"DynamoDBAction", "rangeKeyValue", kYes},
    {"DynamoDBAction", "rangeKeyType", kYes},
    {"DynamoDBAction", "payloadField", kYes},
    {"DynamoDBAction", "operation", kYes},
    {"DynamoDBAction", "roleArn", kNo},
    {"DynamoDBv2Action", "roleArn", kNo},
    {"PutItemInput", "tableName", kYes},
    {"RepublishAction", "topic", kYes},
    {"RepublishAction", "roleArn", kNo},
    {"MqttHeaders", "payloadFormatIndicator", kYes},
    {"MqttHeaders", "contentType", kYes},
    {"MqttHeaders", "responseTopic", kYes},
    {"MqttHeaders", "correlationData", kYes},
    {"MqttHeaders", "messageExpiry", kYes},
    {"UserProperty", "key", kYes},
    {"UserProperty", "value", kYes},
};

}  // namespace

TemplateSupport TemplateSupportOf(std::string_view shape, std::string_view member) {
  for (const Entry& e : kTable) {
    if (e.shape == shape && e.member == member) return e.support;
  }
  // Role ARNs are configuration, never rendered per message, in every action.
  if (member == "roleArn") return kNo;
  return TemplateSupport::kUnknown;
}

}  // namespace iotsql::validate
