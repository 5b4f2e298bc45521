// The default sink of `iotsql run` until the action adapters exist: every action request as
// one NDJSON line, in DIR/actions/<kind>.ndjson (or on stdout).
#ifndef IOTSQL_CLI_NDJSON_SINK_H_
#define IOTSQL_CLI_NDJSON_SINK_H_

#include <cstdio>
#include <map>
#include <mutex>
#include <string>

#include "iotsql/engine.h"

namespace iotsql::cli {

class NdjsonSink : public ActionSink {
 public:
  // `dir` empty: lines go to stdout. Otherwise DIR/actions is created and emptied of earlier
  // runs' *.ndjson files.
  static absl::StatusOr<std::unique_ptr<NdjsonSink>> Open(const std::string& dir);
  ~NdjsonSink() override;

  absl::Status Deliver(const ActionRequest& request) override;

  // Lines written per file, for the summary.
  std::map<std::string, uint64_t> counts() const;

  // {"rule":..., "action":0 | "error", "kind":..., "topic":..., "clientid":..., "params":{...},
  //  "payload": <JSON> | "payload_base64": "...", "error": "..." (error actions)}
  static std::string Line(const ActionRequest& request);

 private:
  explicit NdjsonSink(std::string dir) : dir_(std::move(dir)) {}
  std::string dir_;
  mutable std::mutex mu_;
  std::map<std::string, FILE*> files_;  // by kind
  std::map<std::string, uint64_t> counts_;
};

}  // namespace iotsql::cli

#endif  // IOTSQL_CLI_NDJSON_SINK_H_
