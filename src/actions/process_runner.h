// Runs a local command for the Lambda action: `sh -c COMMAND` with the event on stdin.
#ifndef IOTSQL_ACTIONS_PROCESS_RUNNER_H_
#define IOTSQL_ACTIONS_PROCESS_RUNNER_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"

namespace iotsql::actions {

// The child gets `input` on stdin, stdout and stderr appended to `output_path`, the environment
// plus `extra_env` ("NAME=value"), and its own process group so that a timeout kills the whole
// pipeline. OK on exit status 0; UNAVAILABLE on another status or a signal (retryable, as Lambda
// retries failed asynchronous invocations); DEADLINE_EXCEEDED after `timeout_ms`.
absl::Status RunCommand(const std::string& command, std::string_view input,
                        const std::vector<std::string>& extra_env, const std::string& output_path,
                        int timeout_ms);

}  // namespace iotsql::actions

#endif  // IOTSQL_ACTIONS_PROCESS_RUNNER_H_
