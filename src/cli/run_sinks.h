// Where `iotsql run` sends its actions: the local backend (files and SQLite under OUT), the
// AWS backend (real requests), or the NDJSON request log; plus the dead-letter file.
#ifndef IOTSQL_CLI_RUN_SINKS_H_
#define IOTSQL_CLI_RUN_SINKS_H_

#include <memory>
#include <ostream>
#include <string>

#include "absl/status/statusor.h"
#include "cli/ndjson_sink.h"
#include "iotsql/engine.h"
#include "iotsql/sinks.h"

namespace iotsql::cli {

struct RunSinkOptions {
  std::string kind = "local";  // local | aws | log
  std::string out_dir;         // "" only for log (lines on stdout)
  std::string endpoint_url;
  std::string region;
  std::string lambda_command;
  std::string lambda_url;
  int max_in_flight = 64;
};

// Owns the sink and the dead-letter writer; must outlive the engine that uses them.
class RunSinks {
 public:
  static absl::StatusOr<std::unique_ptr<RunSinks>> Open(const RunSinkOptions& options);

  ActionSink* sink() const;
  DeadLetterWriter* dead_letters() const { return dead_letters_.get(); }
  const std::string& dead_letter_path() const { return dead_letter_path_; }

  // The sink's own counters and what landed where, one indented line each.
  void Report(std::ostream& out) const;

 private:
  RunSinkOptions options_;
  std::unique_ptr<NdjsonSink> log_;
  std::unique_ptr<AsyncActionSink> backend_;
  std::unique_ptr<DeadLetterWriter> dead_letters_;
  std::string dead_letter_path_;
};

}  // namespace iotsql::cli

#endif  // IOTSQL_CLI_RUN_SINKS_H_
