// Signature Version 4 with OpenSSL, for the requests libcurl 7.88's CURLOPT_AWS_SIGV4 cannot sign
// correctly (Lambda: a path segment holding an ARN must be encoded twice in the canonical URI,
// and curl signs the path as sent). Also used by every request when AwsSinkOptions::signer is
// kOpenSsl. Signs the host and every header of the request.
#ifndef IOTSQL_ACTIONS_SIGV4_SIGNER_H_
#define IOTSQL_ACTIONS_SIGV4_SIGNER_H_

#include <string>
#include <string_view>

#include "absl/time/time.h"
#include "actions/http_request.h"
#include "iotsql/sinks.h"

namespace iotsql::actions {

std::string Sha256Hex(std::string_view data);

// The headers SigV4 needs besides Authorization: X-Amz-Date, X-Amz-Security-Token (session
// credentials) and, for S3, x-amz-content-sha256. Both signers rely on them being present.
void AddSigningHeaders(HttpRequest* request, const AwsCredentials& credentials, absl::Time now);

// The canonical request (SigV4 task 1) of a request that has its signing headers.
std::string CanonicalRequest(const HttpRequest& request, std::string* signed_headers);

// Adds the signing headers and Authorization.
void SignRequest(HttpRequest* request, const AwsCredentials& credentials, absl::Time now);

}  // namespace iotsql::actions

#endif  // IOTSQL_ACTIONS_SIGV4_SIGNER_H_
