#include "actions/sigv4/credentials.h"

#include <fstream>
#include <sstream>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace iotsql::actions {
namespace {

std::string Trim(absl::string_view s) { return std::string(absl::StripAsciiWhitespace(s)); }

bool ReadFile(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  *out = buffer.str();
  return true;
}

std::string ProfileName(const std::string& profile, const EnvLookup& env) {
  if (!profile.empty()) return profile;
  if (auto p = env("AWS_PROFILE")) return *p;
  if (auto p = env("AWS_DEFAULT_PROFILE")) return *p;
  return "default";
}

std::string HomeFile(const EnvLookup& env, const char* override_var, const char* name) {
  if (auto p = env(override_var)) return *p;
  std::optional<std::string> home = env("HOME");
  return absl::StrCat(home ? *home : std::string("."), "/.aws/", name);
}

// The profile's settings: the credentials file's [name], then the config file's
// [profile name] ([default] for the default profile), the first file winning per key.
std::map<std::string, std::string> ProfileSettings(const std::string& name, const EnvLookup& env,
                                                   std::string* where) {
  std::map<std::string, std::string> settings;
  std::string text;
  std::string credentials_path = HomeFile(env, "AWS_SHARED_CREDENTIALS_FILE", "credentials");
  if (ReadFile(credentials_path, &text)) {
    IniFile ini = ParseIni(text);
    if (auto it = ini.find(name); it != ini.end()) {
      settings = it->second;
      *where = credentials_path;
    }
  }
  std::string config_path = HomeFile(env, "AWS_CONFIG_FILE", "config");
  if (ReadFile(config_path, &text)) {
    IniFile ini = ParseIni(text);
    auto it = ini.find(name == "default" ? name : absl::StrCat("profile ", name));
    if (it == ini.end() && name == "default") it = ini.find("profile default");
    if (it != ini.end()) {
      for (const auto& [k, v] : it->second) {
        if (settings.emplace(k, v).second && where->empty() && k == "aws_access_key_id") {
          *where = config_path;
        }
      }
    }
  }
  return settings;
}

}  // namespace

IniFile ParseIni(std::string_view text) {
  IniFile ini;
  std::map<std::string, std::string>* section = nullptr;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    absl::string_view raw(text.data() + start, end - start);
    start = end + 1;
    if (!raw.empty() && (raw[0] == ' ' || raw[0] == '\t')) continue;  // nested setting
    absl::string_view line = absl::StripAsciiWhitespace(raw);
    if (line.empty() || line[0] == '#' || line[0] == ';') continue;
    if (line.front() == '[' && line.back() == ']') {
      section = &ini[Trim(line.substr(1, line.size() - 2))];
      continue;
    }
    size_t eq = line.find('=');
    if (section == nullptr || eq == absl::string_view::npos) continue;
    (*section)[absl::AsciiStrToLower(Trim(line.substr(0, eq)))] = Trim(line.substr(eq + 1));
  }
  return ini;
}

absl::StatusOr<AwsCredentials> ResolveCredentials(const std::string& profile,
                                                  const EnvLookup& env) {
  AwsCredentials c;
  if (profile.empty()) {
    auto id = env("AWS_ACCESS_KEY_ID");
    auto secret = env("AWS_SECRET_ACCESS_KEY");
    if (id && secret) {
      c.access_key_id = *id;
      c.secret_access_key = *secret;
      if (auto token = env("AWS_SESSION_TOKEN")) c.session_token = *token;
      c.source = "environment";
      return c;
    }
  }
  std::string name = ProfileName(profile, env);
  std::string where;
  std::map<std::string, std::string> settings = ProfileSettings(name, env, &where);
  auto id = settings.find("aws_access_key_id");
  auto secret = settings.find("aws_secret_access_key");
  if (id != settings.end() && secret != settings.end() && !id->second.empty()) {
    c.access_key_id = id->second;
    c.secret_access_key = secret->second;
    if (auto t = settings.find("aws_session_token"); t != settings.end()) c.session_token = t->second;
    c.source = absl::StrCat("profile ", name, " in ", where);
    return c;
  }
  return absl::FailedPreconditionError(absl::StrCat(
      "no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or give profile \"",
      name, "\" aws_access_key_id and aws_secret_access_key in ",
      HomeFile(env, "AWS_SHARED_CREDENTIALS_FILE", "credentials"),
      " (instance roles, SSO and credential_process are not supported)"));
}

absl::StatusOr<std::string> ResolveRegion(const std::string& explicit_region,
                                          const std::string& profile, const EnvLookup& env) {
  if (!explicit_region.empty()) return explicit_region;
  if (auto r = env("AWS_REGION")) return *r;
  if (auto r = env("AWS_DEFAULT_REGION")) return *r;
  std::string name = ProfileName(profile, env);
  std::string where;
  std::map<std::string, std::string> settings = ProfileSettings(name, env, &where);
  if (auto it = settings.find("region"); it != settings.end() && !it->second.empty()) {
    return it->second;
  }
  return absl::FailedPreconditionError(absl::StrCat(
      "no AWS region: pass --region, set AWS_REGION, or give profile \"", name, "\" a region in ",
      HomeFile(env, "AWS_CONFIG_FILE", "config")));
}

std::string DescribeCredentials(const AwsCredentials& c) {
  std::string id = c.access_key_id;
  std::string shown = id.size() > 8 ? absl::StrCat(id.substr(0, 4), "…", id.substr(id.size() - 4))
                                    : std::string("…");
  return absl::StrCat(shown, c.session_token.empty() ? "" : " with a session token", " (",
                      c.source, ")");
}

}  // namespace iotsql::actions
