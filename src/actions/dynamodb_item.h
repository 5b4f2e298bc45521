// What a dynamoDB / dynamoDBv2 action writes, independent of where it goes: the AWS backend turns
// it into a PutItem/UpdateItem/DeleteItem body, the local backend into an SQLite row.
//
// JSON → DynamoDB attribute types (spec §18.5, the standard mapping): String → S, number → N
// (its exact text), Boolean → BOOL, Null → NULL, Array → L, Object → M. A binary SELECT output
// (or text that is not JSON) is a B attribute in the dynamoDB action; dynamoDBv2 needs an object.
#ifndef IOTSQL_ACTIONS_DYNAMODB_ITEM_H_
#define IOTSQL_ACTIONS_DYNAMODB_ITEM_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "value/json_doc.h"
#include "actions/params.h"
#include "iotsql/engine.h"

namespace iotsql::actions {

struct DynamoAttribute {
  std::string name;
  std::string typed_json;  // DynamoDB JSON AttributeValue: {"S":"d1"}, {"M":{...}}
  std::string plain_json;  // the same value as plain JSON: "d1", {...} (B: its base64 text)
};

struct DynamoKeyPart {
  std::string name;
  KeyType type = KeyType::kString;
  std::string value;       // as rendered ("d1", "1700000000")
};

struct DynamoWrite {
  enum class Op { kPut, kUpdate, kDelete };
  Op op = Op::kPut;
  std::string table;
  // v1: the hash key and, when the action names one, the range key. v2: empty (the table's key
  // schema picks the key out of `attributes`).
  std::vector<DynamoKeyPart> key;
  // kPut: every attribute of the item, key attributes included. kUpdate: the attributes to SET.
  std::vector<DynamoAttribute> attributes;
};

absl::StatusOr<DynamoWrite> BuildDynamoDbWrite(const DynamoDbParams& params,
                                               const ActionRequest& request);
absl::StatusOr<DynamoWrite> BuildDynamoDbV2Write(const DynamoDbV2Params& params,
                                                 const ActionRequest& request);
// Either of the two, from a dynamoDB or dynamoDBv2 request's parameters.
absl::StatusOr<DynamoWrite> BuildDynamoWrite(const ActionRequest& request);

// The DynamoDB JSON AttributeValue of a JSON value.
void AppendAttributeValue(std::string* out, const JsonNode& v);
// The AttributeValue of a key part: {"S":"..."} or {"N":"..."}.
std::string KeyAttributeValue(const DynamoKeyPart& part);
// Whether `text` is a number DynamoDB accepts ([-]digits[.digits][e[+-]digits], leading '+' and
// surrounding spaces not allowed).
bool IsDynamoNumber(std::string_view text);
// DynamoDB compares numbers by value ("1.50" and "15e-1" are one key). The canonical text used by
// the local store: no exponent, no leading or trailing zeros, "-0" is "0".
std::string CanonicalNumber(std::string_view text);

}  // namespace iotsql::actions

#endif  // IOTSQL_ACTIONS_DYNAMODB_ITEM_H_
