// The local backend's families (see include/iotsql/sinks.h for the layout under OUT).
#ifndef IOTSQL_ACTIONS_LOCAL_BACKENDS_H_
#define IOTSQL_ACTIONS_LOCAL_BACKENDS_H_

#include <memory>
#include <mutex>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "actions/append_log.h"
#include "actions/dynamodb_item.h"
#include "actions/http_client.h"
#include "iotsql/engine.h"
#include "iotsql/sinks.h"

struct sqlite3;

namespace iotsql::actions {

// OUT/s3/<bucket>/<key>, written atomically.
absl::Status DeliverS3Local(const std::string& out_dir, const ActionRequest& request);

// OUT/sns/<topic-name>.ndjson: {"time","ruleName","sourceTopic","targetArn","messageFormat",
// "message"} with the message as the text SNS would get ("messageBase64" for binary output).
// messageFormat JSON is checked as SNS checks it: an object with a string "default" member.
absl::Status DeliverSnsLocal(AppendLog* log, const ActionRequest& request);

// republish: a line in republish.ndjson {"time","ruleName","sourceTopic","topic","qos","payload"}.
absl::Status DeliverRepublishLocal(AppendLog* log, const ActionRequest& request);

// Lambda: the configured command or URL, else OUT/lambda/<function>.ndjson lines
// {"time","ruleName","sourceTopic","functionArn","invocationType":"Event","event"}.
class LambdaLocal {
 public:
  static absl::StatusOr<std::unique_ptr<LambdaLocal>> Create(const LocalSinkOptions& options,
                                                             AppendLog* log);
  absl::Status Deliver(const ActionRequest& request);

 private:
  LambdaLocal(const LocalSinkOptions& options, AppendLog* log) : options_(options), log_(log) {}
  LocalSinkOptions options_;
  AppendLog* log_;
  std::unique_ptr<HttpClient> http_;  // only when a URL is configured
};

// OUT/dynamodb.sqlite. Schema (README "Actions"):
//   _iotsql_tables(table_name PRIMARY KEY, hash_key, hash_type, range_key, range_type, source)
//   "<tableName>"(pk, sk, item, attributes, updated_at, PRIMARY KEY (pk, sk))
// pk/sk hold the key values as text (numbers canonical: "1.50" and "15e-1" are one key), sk is ''
// without a sort key; item is the item as plain JSON, attributes the same in DynamoDB JSON.
class DynamoDbLocalStore {
 public:
  static absl::StatusOr<std::unique_ptr<DynamoDbLocalStore>> Open(
      const std::string& path, const std::map<std::string, LocalSinkOptions::KeySchema>& keys);
  ~DynamoDbLocalStore();
  absl::Status Apply(const DynamoWrite& write);

 private:
  struct Schema;
  DynamoDbLocalStore(sqlite3* db, std::map<std::string, LocalSinkOptions::KeySchema> keys)
      : db_(db), configured_(std::move(keys)) {}
  absl::StatusOr<Schema> TableSchema(const DynamoWrite& write);
  absl::Status Exec(const std::string& sql);
  std::mutex mu_;
  sqlite3* db_;
  std::map<std::string, LocalSinkOptions::KeySchema> configured_;
};

}  // namespace iotsql::actions

#endif  // IOTSQL_ACTIONS_LOCAL_BACKENDS_H_
