// Files named by message data (S3 keys rendered from templates) must stay under their root:
// keys are checked segment by segment, and files are opened relative to directory descriptors
// with O_NOFOLLOW, so neither "../" nor a planted symbolic link can lead outside.
#ifndef IOTSQL_ACTIONS_SAFE_PATH_H_
#define IOTSQL_ACTIONS_SAFE_PATH_H_

#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace iotsql::actions {

// InvalidArgument unless `relative` is 1..1024 bytes of '/'-separated segments, none empty, "."
// or "..", none longer than 255 bytes, no NUL. `what` names the value in the message.
absl::Status CheckRelativePath(std::string_view relative, std::string_view what);

// Writes root/relative (checked) atomically: a temporary file in the same directory renamed over
// the target, so a reader sees the old object or the new one, never a part. Missing directories
// are created; a path that needs a directory where a file is (or the reverse) is
// FailedPrecondition.
absl::Status WriteFileAtomically(const std::string& root, std::string_view relative,
                                 std::string_view data);

}  // namespace iotsql::actions

#endif  // IOTSQL_ACTIONS_SAFE_PATH_H_
