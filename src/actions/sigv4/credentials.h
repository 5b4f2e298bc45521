// Credentials and region from the standard places (the AWS CLI's order, minus the sources that
// need a network: IMDS, ECS, SSO, web identity and credential_process are not supported).
#ifndef IOTSQL_ACTIONS_SIGV4_CREDENTIALS_H_
#define IOTSQL_ACTIONS_SIGV4_CREDENTIALS_H_

#include <map>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "actions/endpoint.h"
#include "iotsql/sinks.h"

namespace iotsql::actions {

// An INI file as ~/.aws/credentials and ~/.aws/config write it: section -> key -> value.
// Indented lines (nested settings such as "s3 =\n  addressing_style = path") are skipped.
using IniFile = std::map<std::string, std::map<std::string, std::string>>;
IniFile ParseIni(std::string_view text);

// `profile` empty: AWS_PROFILE, then "default". With an explicit profile the environment's keys
// are not used (as with `aws --profile`).
absl::StatusOr<AwsCredentials> ResolveCredentials(const std::string& profile, const EnvLookup& env);
// `explicit_region` wins; then AWS_REGION, AWS_DEFAULT_REGION, the profile's region.
absl::StatusOr<std::string> ResolveRegion(const std::string& explicit_region,
                                          const std::string& profile, const EnvLookup& env);

// "AKIA…WXYZ (environment)": enough to tell keys apart in logs, never the secret.
std::string DescribeCredentials(const AwsCredentials& c);

}  // namespace iotsql::actions

#endif  // IOTSQL_ACTIONS_SIGV4_CREDENTIALS_H_
