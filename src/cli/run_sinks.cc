#include "cli/run_sinks.h"

#include <iostream>

#include "absl/strings/str_cat.h"

namespace iotsql::cli {

absl::StatusOr<std::unique_ptr<RunSinks>> RunSinks::Open(const RunSinkOptions& options) {
  auto sinks = std::make_unique<RunSinks>();
  sinks->options_ = options;
  auto log = [](const std::string& line) { std::cerr << "iotsql run: " << line << "\n"; };
  if (options.kind == "log") {
    absl::StatusOr<std::unique_ptr<NdjsonSink>> s = NdjsonSink::Open(options.out_dir);
    if (!s.ok()) return s.status();
    sinks->log_ = std::move(*s);
  } else if (options.kind == "local") {
    LocalSinkOptions local;
    local.out_dir = options.out_dir;
    local.lambda_command = options.lambda_command;
    local.lambda_url = options.lambda_url;
    absl::StatusOr<std::unique_ptr<AsyncActionSink>> s = MakeLocalSink(local);
    if (!s.ok()) return s.status();
    sinks->backend_ = std::move(*s);
  } else if (options.kind == "aws") {
    AwsSinkOptions aws;
    aws.region = options.region;
    aws.endpoint_url = options.endpoint_url;
    aws.max_in_flight = options.max_in_flight;
    // republish has no AWS call here; its lines stay local, next to the dead letters.
    aws.republish_dir = options.out_dir;
    aws.log = log;
    absl::StatusOr<std::unique_ptr<AsyncActionSink>> s = MakeAwsSink(aws);
    if (!s.ok()) return s.status();
    sinks->backend_ = std::move(*s);
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat("--sinks must be local, aws or log, not '", options.kind, "'"));
  }
  if (!options.out_dir.empty()) {
    sinks->dead_letter_path_ = options.out_dir + "/dead-letter.ndjson";
    absl::StatusOr<std::unique_ptr<DeadLetterWriter>> dead =
        DeadLetterWriter::Open(sinks->dead_letter_path_);
    if (!dead.ok()) return dead.status();
    sinks->dead_letters_ = std::move(*dead);
  }
  return sinks;
}

ActionSink* RunSinks::sink() const {
  if (log_ != nullptr) return log_.get();
  return backend_.get();
}

void RunSinks::Report(std::ostream& out) const {
  if (backend_ != nullptr) {
    SinkStats s = backend_->Stats();
    out << "  sink      " << options_.kind << ": " << s.delivered << " delivered, " << s.failed
        << " failed attempts (" << s.retryable_failures << " retryable)";
    if (options_.kind == "aws") {
      out << ", " << s.http_requests << " HTTP requests on " << s.new_connections
          << " new connections, at most " << s.max_in_flight_seen << " in flight";
    }
    out << "\n";
  }
  if (log_ != nullptr) {
    if (options_.out_dir.empty()) return;
    for (const auto& [path, count] : log_->counts()) {
      out << "  wrote     " << path << " (" << count << (count == 1 ? " line)\n" : " lines)\n");
    }
  } else if (options_.kind == "local") {
    for (const LocalOutputEntry& e : DescribeLocalOutput(options_.out_dir)) {
      // "1 object", "2 objects": the units are plurals of nouns that only take an s.
      std::string unit = e.count == 1 ? e.unit.substr(0, e.unit.size() - 1) : e.unit;
      out << "  landed    " << e.path << " (" << e.count << " " << unit << ")\n";
    }
    return;
  }
  if (dead_letters_ != nullptr && dead_letters_->count() > 0) {
    out << "  landed    " << dead_letter_path_ << " (" << dead_letters_->count()
        << " lines this run)\n";
  }
}

}  // namespace iotsql::cli
