#include "absl/strings/str_cat.h"
#include "actions/local_backends.h"
#include "actions/params.h"
#include "actions/safe_path.h"

namespace iotsql::actions {

absl::Status DeliverS3Local(const std::string& out_dir, const ActionRequest& request) {
  absl::StatusOr<S3Params> params = ParseS3Params(request.params_json);
  if (!params.ok()) return params.status();
  absl::Status s = CheckRelativePath(params->bucket, "s3 action: bucketName");
  if (s.ok() && params->bucket.find('/') != std::string::npos) {
    s = absl::InvalidArgumentError(
        absl::StrCat("s3 action: bucketName \"", params->bucket, "\" contains '/'"));
  }
  if (s.ok()) s = CheckRelativePath(params->key, "s3 action: key");
  if (!s.ok()) return s;
  return WriteFileAtomically(absl::StrCat(out_dir, "/s3/", params->bucket), params->key,
                             request.payload);
}

}  // namespace iotsql::actions
