// Append-only NDJSON files under one root. Each line goes out in a single write(2) on an
// O_APPEND descriptor, so concurrent writers (threads or processes) never interleave inside a
// line, and a reader (tail -f, jq) never sees half of one from a live writer.
#ifndef IOTSQL_ACTIONS_APPEND_LOG_H_
#define IOTSQL_ACTIONS_APPEND_LOG_H_

#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace iotsql::actions {

class AppendLog {
 public:
  explicit AppendLog(std::string root) : root_(std::move(root)) {}
  ~AppendLog();
  AppendLog(const AppendLog&) = delete;
  AppendLog& operator=(const AppendLog&) = delete;

  // Appends `line` and a newline to root/relative_path (a checked path: at most one directory
  // level, created on first use).
  absl::Status Append(const std::string& relative_path, std::string_view line);

 private:
  static constexpr size_t kMaxOpenFiles = 256;
  std::string root_;
  std::mutex mu_;
  std::map<std::string, int> fds_;
};

// Creates `path` and its missing parents (mode 0755).
absl::Status MakeDirs(const std::string& path);
// Writes `line` + '\n' to `fd` in one write (retrying short writes).
absl::Status WriteLine(int fd, std::string_view line, const std::string& path_for_errors);
// The current time as the local lines carry it: 2024-05-01T12:00:00.123Z.
std::string NowIso8601();

}  // namespace iotsql::actions

#endif  // IOTSQL_ACTIONS_APPEND_LOG_H_
