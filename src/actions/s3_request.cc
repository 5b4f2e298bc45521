#include "absl/strings/str_cat.h"
#include "actions/aws_requests.h"

namespace iotsql::actions {
namespace {

// Virtual-hosted addressing needs the bucket to be one DNS label that TLS wildcards cover.
bool VirtualHostable(const std::string& bucket) {
  if (bucket.size() < 3 || bucket.size() > 63) return false;
  for (char c : bucket) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return bucket.front() != '-' && bucket.back() != '-';
}

}  // namespace

HttpRequest BuildS3PutObject(const S3Params& params, const ActionRequest& request,
                             const Endpoint& endpoint, const std::string& region) {
  HttpRequest r;
  r.method = "PUT";
  r.service = "s3";
  r.region = region;
  r.s3_canonical_uri = true;
  r.operation = "S3 PutObject";
  std::string key = UriEncode(params.key, /*keep_slash=*/true);
  if (!endpoint.custom && VirtualHostable(params.bucket)) {
    r.url = absl::StrCat("https://", params.bucket, ".s3.", region, ".", endpoint.dns_suffix, "/",
                         key);
  } else {
    r.url = absl::StrCat(endpoint.base_url, "/", UriEncode(params.bucket, false), "/", key);
  }
  // A real Content-Type matters: some servers (moto's Werkzeug) swallow a body sent as a form.
  r.headers.emplace_back("Content-Type",
                         request.binary ? "application/octet-stream" : "application/json");
  if (!params.canned_acl.empty()) r.headers.emplace_back("x-amz-acl", params.canned_acl);
  r.body = request.payload;
  return r;
}

}  // namespace iotsql::actions
