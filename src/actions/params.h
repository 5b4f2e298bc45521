// The parameters of each supported action kind, read from ActionRequest::params_json (templates
// already rendered by the engine). Names are the API's (spec §18); a missing required parameter
// or a value outside its documented set is an InvalidArgument error (never retried).
#ifndef IOTSQL_ACTIONS_PARAMS_H_
#define IOTSQL_ACTIONS_PARAMS_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace iotsql::actions {

struct S3Params {
  std::string bucket;       // bucketName
  std::string key;
  std::string canned_acl;   // cannedAcl; empty: the bucket's default
};

struct LambdaParams {
  std::string function_arn;  // as written: an ARN (optionally qualified) or a function name
  std::string function_name; // the name alone ("my-function")
  std::string qualifier;     // version or alias, empty when unqualified
};

struct SnsParams {
  std::string target_arn;
  bool json_format = false;  // messageFormat JSON (else RAW)
  std::string topic_name;    // the ARN's last part
  bool is_topic = true;      // false for platform-endpoint ARNs (sent as TargetArn)
};

enum class KeyType { kString, kNumber };

struct DynamoDbParams {
  std::string table;
  std::string hash_key_field;
  std::string hash_key_value;
  KeyType hash_key_type = KeyType::kString;   // AWS's default is undocumented; STRING is its console's
  std::string range_key_field;                // empty: the table has no sort key
  std::string range_key_value;
  KeyType range_key_type = KeyType::kString;
  std::string payload_field = "payload";
  enum class Operation { kInsert, kUpdate, kDelete } operation = Operation::kInsert;
};

struct DynamoDbV2Params {
  std::string table;  // putItem.tableName
};

struct RepublishParams {
  std::string topic;
  int qos = 0;
};

absl::StatusOr<S3Params> ParseS3Params(std::string_view params_json);
absl::StatusOr<LambdaParams> ParseLambdaParams(std::string_view params_json);
absl::StatusOr<SnsParams> ParseSnsParams(std::string_view params_json);
absl::StatusOr<DynamoDbParams> ParseDynamoDbParams(std::string_view params_json);
absl::StatusOr<DynamoDbV2Params> ParseDynamoDbV2Params(std::string_view params_json);
absl::StatusOr<RepublishParams> ParseRepublishParams(std::string_view params_json);

}  // namespace iotsql::actions

#endif  // IOTSQL_ACTIONS_PARAMS_H_
