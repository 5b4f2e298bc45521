#include "actions/safe_path.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "actions/append_log.h"

namespace iotsql::actions {
namespace {

class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  void reset(int fd) {
    if (fd_ >= 0) close(fd_);
    fd_ = fd;
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

absl::Status Errno(const char* what, std::string_view path, int err) {
  std::string text = absl::StrCat(what, " ", absl::string_view(path.data(), path.size()), ": ",
                                  strerror(err));
  if (err == ENOTDIR || err == EISDIR || err == EEXIST || err == ELOOP || err == ENAMETOOLONG) {
    return absl::FailedPreconditionError(
        absl::StrCat(text, " (the path conflicts with an existing file or directory)"));
  }
  return absl::InternalError(text);
}

}  // namespace

absl::Status CheckRelativePath(std::string_view relative, std::string_view what) {
  absl::string_view w(what.data(), what.size());
  absl::string_view r(relative.data(), relative.size());
  if (relative.empty() || relative.size() > 1024) {
    return absl::InvalidArgumentError(absl::StrCat(w, " must be 1 to 1024 bytes"));
  }
  if (relative.find('\0') != std::string_view::npos) {
    return absl::InvalidArgumentError(absl::StrCat(w, " contains a NUL byte"));
  }
  for (absl::string_view segment : absl::StrSplit(r, '/')) {
    if (segment.empty() || segment == "." || segment == "..") {
      return absl::InvalidArgumentError(absl::StrCat(
          w, " \"", r, "\" cannot be stored as a local file: empty, \".\" and \"..\" path segments "
          "are not allowed"));
    }
    if (segment.size() > 255) {
      return absl::InvalidArgumentError(
          absl::StrCat(w, " \"", r, "\" has a path segment longer than 255 bytes"));
    }
  }
  return absl::OkStatus();
}

absl::Status WriteFileAtomically(const std::string& root, std::string_view relative,
                                 std::string_view data) {
  absl::Status s = CheckRelativePath(relative, "path");
  if (!s.ok()) return s;
  s = MakeDirs(root);
  if (!s.ok()) return s;
  Fd dir(open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir.get() < 0) return Errno("cannot open", root, errno);
  std::vector<std::string> segments =
      absl::StrSplit(absl::string_view(relative.data(), relative.size()), '/');
  for (size_t i = 0; i + 1 < segments.size(); ++i) {
    const char* name = segments[i].c_str();
    if (mkdirat(dir.get(), name, 0755) != 0 && errno != EEXIST) {
      return Errno("cannot create directory", relative, errno);
    }
    int next = openat(dir.get(), name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (next < 0) return Errno("cannot open directory for", relative, errno);
    dir.reset(next);
  }
  static std::atomic<uint64_t> counter{0};
  std::string temp = absl::StrCat(".iotsql-tmp-", getpid(), "-", counter++);
  Fd file(openat(dir.get(), temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                 0644));
  if (file.get() < 0) return Errno("cannot create", relative, errno);
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = write(file.get(), data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      unlinkat(dir.get(), temp.c_str(), 0);
      return Errno("cannot write", relative, err);
    }
    done += static_cast<size_t>(n);
  }
  if (renameat(dir.get(), temp.c_str(), dir.get(), segments.back().c_str()) != 0) {
    int err = errno;
    unlinkat(dir.get(), temp.c_str(), 0);
    return Errno("cannot store", relative, err);
  }
  return absl::OkStatus();
}

}  // namespace iotsql::actions
