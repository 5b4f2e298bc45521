#include "absl/strings/str_cat.h"
#include "actions/aws_requests.h"
#include "value/convert.h"

namespace iotsql::actions {
namespace {

void AppendKey(std::string* body, const DynamoWrite& w) {
  body->append(",\"Key\":{");
  for (size_t i = 0; i < w.key.size(); ++i) {
    if (i) body->push_back(',');
    AppendJsonStringOfBytes(w.key[i].name, body);
    body->push_back(':');
    body->append(KeyAttributeValue(w.key[i]));
  }
  body->push_back('}');
}

}  // namespace

HttpRequest BuildDynamoDbRequest(const DynamoWrite& w, const Endpoint& endpoint,
                                 const std::string& region) {
  HttpRequest r;
  r.method = "POST";
  r.service = "dynamodb";
  r.region = region;
  r.url = endpoint.base_url + "/";
  const char* target = "PutItem";
  std::string& body = r.body;
  body = "{\"TableName\":";
  AppendJsonStringOfBytes(w.table, &body);
  switch (w.op) {
    case DynamoWrite::Op::kPut:
      body.append(",\"Item\":{");
      for (size_t i = 0; i < w.attributes.size(); ++i) {
        if (i) body.push_back(',');
        AppendJsonStringOfBytes(w.attributes[i].name, &body);
        body.push_back(':');
        body.append(w.attributes[i].typed_json);
      }
      body.push_back('}');
      break;
    case DynamoWrite::Op::kUpdate: {
      // Placeholders keep reserved words ("data", "timestamp"...) usable as attribute names.
      target = "UpdateItem";
      AppendKey(&body, w);
      std::string set, names, values;
      for (size_t i = 0; i < w.attributes.size(); ++i) {
        std::string n = absl::StrCat("#a", i), v = absl::StrCat(":v", i);
        absl::StrAppend(&set, i ? ", " : "SET ", n, " = ", v);
        absl::StrAppend(&names, i ? "," : "", "\"", n, "\":");
        AppendJsonStringOfBytes(w.attributes[i].name, &names);
        absl::StrAppend(&values, i ? "," : "", "\"", v, "\":", w.attributes[i].typed_json);
      }
      absl::StrAppend(&body, ",\"UpdateExpression\":\"", set, "\",\"ExpressionAttributeNames\":{",
                      names, "},\"ExpressionAttributeValues\":{", values, "}");
      break;
    }
    case DynamoWrite::Op::kDelete:
      target = "DeleteItem";
      AppendKey(&body, w);
      break;
  }
  body.push_back('}');
  r.operation = absl::StrCat("DynamoDB ", target);
  r.headers.emplace_back("Content-Type", "application/x-amz-json-1.0");
  r.headers.emplace_back("X-Amz-Target", absl::StrCat("DynamoDB_20120810.", target));
  return r;
}

}  // namespace iotsql::actions
