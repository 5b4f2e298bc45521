#include "actions/append_log.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace iotsql::actions {

absl::Status MakeDirs(const std::string& path) {
  for (size_t i = 1; i <= path.size(); ++i) {
    if (i < path.size() && path[i] != '/') continue;
    std::string prefix = path.substr(0, i);
    if (mkdir(prefix.c_str(), 0755) != 0 && errno != EEXIST) {
      return absl::InternalError(absl::StrCat("cannot create ", prefix, ": ", strerror(errno)));
    }
  }
  struct stat st;
  if (stat(path.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    return absl::FailedPreconditionError(absl::StrCat(path, " is not a directory"));
  }
  return absl::OkStatus();
}

absl::Status WriteLine(int fd, std::string_view line, const std::string& path_for_errors) {
  std::string buffer;
  buffer.reserve(line.size() + 1);
  buffer.append(line);
  buffer.push_back('\n');
  size_t done = 0;
  while (done < buffer.size()) {
    ssize_t n = write(fd, buffer.data() + done, buffer.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      return absl::InternalError(
          absl::StrCat("cannot write ", path_for_errors, ": ", strerror(errno)));
    }
    done += static_cast<size_t>(n);
  }
  return absl::OkStatus();
}

std::string NowIso8601() {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(), absl::UTCTimeZone());
}

AppendLog::~AppendLog() {
  for (const auto& [path, fd] : fds_) close(fd);
}

absl::Status AppendLog::Append(const std::string& relative_path, std::string_view line) {
  int fd;
  std::string full = absl::StrCat(root_, "/", relative_path);
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = fds_.find(relative_path);
    if (it == fds_.end()) {
      // Names come from templates (an SNS topic per device...): keep the descriptors bounded.
      if (fds_.size() >= kMaxOpenFiles) {
        for (const auto& [path, open_fd] : fds_) close(open_fd);
        fds_.clear();
      }
      size_t slash = full.rfind('/');
      absl::Status s = MakeDirs(full.substr(0, slash));
      if (!s.ok()) return s;
      fd = open(full.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0644);
      if (fd < 0) {
        return absl::InternalError(absl::StrCat("cannot open ", full, ": ", strerror(errno)));
      }
      fds_.emplace(relative_path, fd);
    } else {
      fd = it->second;
    }
  }
  return WriteLine(fd, line, full);
}

}  // namespace iotsql::actions
