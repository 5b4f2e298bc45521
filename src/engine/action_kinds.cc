#include "engine/action_kinds.h"

#include <algorithm>

#include "common/edit_distance.h"

namespace iotsql {

const std::vector<std::string>& KnownActionKinds() {
  static const std::vector<std::string> kinds = {"cloudwatchAlarm",
                                                 "cloudwatchLogs",
                                                 "cloudwatchMetric",
                                                 "dynamoDB",
                                                 "dynamoDBv2",
                                                 "elasticsearch",
                                                 "firehose",
                                                 "http",
                                                 "influxDB",
                                                 "iotAnalytics",
                                                 "iotEvents",
                                                 "iotSiteWise",
                                                 "kafka",
                                                 "kinesis",
                                                 "lambda",
                                                 "location",
                                                 "openSearch",
                                                 "republish",
                                                 "s3",
                                                 "salesforce",
                                                 "sns",
                                                 "sqs",
                                                 "stepFunctions",
                                                 "timestream"};
  return kinds;
}

bool IsKnownActionKind(std::string_view kind) {
  const auto& kinds = KnownActionKinds();
  return std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
}

bool IsTemplateParameter(std::string_view kind, std::string_view path) {
  auto any_of = [&](std::initializer_list<std::string_view> names) {
    return std::find(names.begin(), names.end(), path) != names.end();
  };
  // The kinds spec §18 documents: exactly the parameters it marks "yes" or "API/CLI only".
  if (kind == "s3") return any_of({"bucketName", "key"});
  if (kind == "lambda") return any_of({"functionArn"});
  if (kind == "sns") return any_of({"targetArn"});
  if (kind == "dynamoDB") {
    return any_of({"tableName", "hashKeyField", "hashKeyValue", "hashKeyType", "rangeKeyField",
                   "rangeKeyValue", "rangeKeyType", "payloadField", "operation"});
  }
  if (kind == "dynamoDBv2") return any_of({"putItem.tableName"});
  if (kind == "republish") return path == "topic" || path.substr(0, 8) == "headers.";
  // Kinds the spec does not detail: every string but the role, which AWS never templates.
  return path != "roleArn" && path.substr(path.rfind('.') + 1) != "roleArn";
}

std::string FailedActionName(std::string_view kind) {
  std::string name(kind);
  if (!name.empty()) name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
  return name + "Action";
}

std::string_view FailedResourceParameter(std::string_view kind) {
  static const std::pair<std::string_view, std::string_view> kTable[] = {
      {"s3", "bucketName"},
      {"lambda", "functionArn"},
      {"sns", "targetArn"},
      {"sqs", "queueUrl"},
      {"dynamoDB", "tableName"},
      {"dynamoDBv2", "putItem.tableName"},
      {"republish", "topic"},
      {"kinesis", "streamName"},
      {"firehose", "deliveryStreamName"},
      {"stepFunctions", "stateMachineName"},
      {"http", "url"},
      {"iotAnalytics", "channelName"},
      {"iotEvents", "inputName"},
      {"cloudwatchLogs", "logGroupName"},
      {"cloudwatchMetric", "metricName"},
      {"cloudwatchAlarm", "alarmName"},
      {"timestream", "tableName"},
      {"kafka", "destinationArn"},
      {"location", "trackerName"},
      {"elasticsearch", "endpoint"},
      {"openSearch", "endpoint"},
      {"salesforce", "url"},
  };
  for (const auto& [k, parameter] : kTable) {
    if (k == kind) return parameter;
  }
  return "";
}

std::string Closest(std::string_view word, const std::vector<std::string>& candidates) {
  return std::string(ClosestName(word, std::max<size_t>(2, word.size() / 3), [&](auto offer) {
    for (const std::string& c : candidates) offer(c);
  }));
}

}  // namespace iotsql
