// MakeLocalSink: routes each request to its family's local backend.
#include <atomic>
#include <memory>
#include <mutex>

#include "absl/strings/str_cat.h"
#include "actions/append_log.h"
#include "actions/delivery_counts.h"
#include "actions/dynamodb_item.h"
#include "actions/local_backends.h"
#include "actions/params.h"
#include "iotsql/sinks.h"

namespace iotsql {
namespace {

using actions::AppendLog;

class LocalSink : public AsyncActionSink {
 public:
  explicit LocalSink(const LocalSinkOptions& options)
      : options_(options), log_(options.out_dir) {}

  absl::Status Init() {
    absl::StatusOr<std::unique_ptr<actions::LambdaLocal>> lambda =
        actions::LambdaLocal::Create(options_, &log_);
    if (!lambda.ok()) return lambda.status();
    lambda_ = std::move(*lambda);
    return absl::OkStatus();
  }

  void DeliverAsync(const ActionRequest& request, DoneCallback done) override {
    absl::Status s = DeliverNow(request);
    counts_.Count(s);
    done(std::move(s));
  }

  SinkStats Stats() const override { return counts_.Stats(); }

 private:
  absl::Status DeliverNow(const ActionRequest& request) {
    const std::string& kind = request.kind;
    if (kind == "s3") return actions::DeliverS3Local(options_.out_dir, request);
    if (kind == "sns") return actions::DeliverSnsLocal(&log_, request);
    if (kind == "lambda") return lambda_->Deliver(request);
    if (kind == "republish") return actions::DeliverRepublishLocal(&log_, request);
    if (kind == "dynamoDB" || kind == "dynamoDBv2") {
      absl::StatusOr<actions::DynamoWrite> write = actions::BuildDynamoWrite(request);
      if (!write.ok()) return write.status();
      absl::StatusOr<actions::DynamoDbLocalStore*> store = Store();
      if (!store.ok()) return store.status();
      return (*store)->Apply(*write);
    }
    return absl::UnimplementedError(
        absl::StrCat("the local sink does not deliver \"", kind, "\" actions"));
  }

  // Opened on first use, so that rules without DynamoDB actions leave no database behind.
  absl::StatusOr<actions::DynamoDbLocalStore*> Store() {
    std::lock_guard<std::mutex> lock(store_mu_);
    if (store_ == nullptr) {
      absl::Status s = actions::MakeDirs(options_.out_dir);
      if (!s.ok()) return s;
      std::string path = options_.out_dir + "/dynamodb.sqlite";
      auto store = actions::DynamoDbLocalStore::Open(path, options_.dynamodb_keys);
      if (!store.ok()) return store.status();
      store_ = std::move(*store);
      if (options_.log) options_.log("local sink: DynamoDB tables in " + path);
    }
    return store_.get();
  }

  LocalSinkOptions options_;
  AppendLog log_;
  std::unique_ptr<actions::LambdaLocal> lambda_;
  std::mutex store_mu_;
  std::unique_ptr<actions::DynamoDbLocalStore> store_;
  actions::DeliveryCounts counts_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<AsyncActionSink>> MakeLocalSink(const LocalSinkOptions& options) {
  if (options.out_dir.empty()) return absl::InvalidArgumentError("local sink: out_dir is empty");
  absl::Status s = actions::MakeDirs(options.out_dir);
  if (!s.ok()) return s;
  auto sink = std::make_unique<LocalSink>(options);
  s = sink->Init();
  if (!s.ok()) return s;
  if (options.log) options.log("local sink: writing under " + options.out_dir);
  return std::unique_ptr<AsyncActionSink>(std::move(sink));
}

}  // namespace iotsql
