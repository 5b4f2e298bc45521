#include "actions/endpoint.h"

#include <cstdlib>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace iotsql::actions {

EnvLookup ProcessEnv() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (v == nullptr || *v == '\0') return std::nullopt;
    return std::string(v);
  };
}

namespace {

absl::StatusOr<Endpoint> Custom(std::string url, std::string_view from) {
  absl::string_view u(url);
  if (!absl::StartsWith(u, "http://") && !absl::StartsWith(u, "https://")) {
    return absl::InvalidArgumentError(absl::StrCat(
        "endpoint \"", url, "\" (", absl::string_view(from.data(), from.size()),
        ") must start with http:// or https://"));
  }
  while (absl::ConsumeSuffix(&u, "/")) {
  }
  Endpoint e;
  e.base_url = std::string(u);
  e.custom = true;
  e.dns_suffix = "amazonaws.com";
  return e;
}

}  // namespace

absl::StatusOr<Endpoint> ResolveEndpoint(std::string_view service, std::string_view region,
                                         std::string_view explicit_url, const EnvLookup& env) {
  if (!explicit_url.empty()) return Custom(std::string(explicit_url), "--endpoint-url");
  std::optional<std::string> ignore = env("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");
  if (!ignore || absl::AsciiStrToLower(*ignore) != "true") {
    std::string var = absl::StrCat("AWS_ENDPOINT_URL_",
                                   absl::AsciiStrToUpper(absl::string_view(service.data(), service.size())));
    if (std::optional<std::string> v = env(var)) return Custom(*v, var);
    if (std::optional<std::string> v = env("AWS_ENDPOINT_URL")) return Custom(*v, "AWS_ENDPOINT_URL");
  }
  if (region.empty()) return absl::InvalidArgumentError("no AWS region");
  Endpoint e;
  e.dns_suffix = absl::StartsWith(absl::string_view(region.data(), region.size()), "cn-")
                     ? "amazonaws.com.cn"
                     : "amazonaws.com";
  e.base_url = absl::StrCat("https://", absl::string_view(service.data(), service.size()), ".",
                            absl::string_view(region.data(), region.size()), ".", e.dns_suffix);
  return e;
}

}  // namespace iotsql::actions
