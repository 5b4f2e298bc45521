#include <future>

#include "iotsql/sinks.h"

namespace iotsql {

bool IsRetryableDeliveryError(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kDeadlineExceeded:
    case absl::StatusCode::kResourceExhausted:
      return true;
    default:
      return false;
  }
}

absl::Status AsyncActionSink::Deliver(const ActionRequest& request) {
  auto promise = std::make_shared<std::promise<absl::Status>>();
  std::future<absl::Status> outcome = promise->get_future();
  DeliverAsync(request, [promise](absl::Status s) { promise->set_value(std::move(s)); });
  return outcome.get();
}

}  // namespace iotsql
