#include "validate/arn.h"

#include <vector>

#include "absl/strings/str_cat.h"

namespace iotsql::validate {

namespace {

constexpr char kTemplateMark = '\x01';  // stands for a ${...} template while checking

// Replaces each ${...} with one kTemplateMark.
std::string MaskTemplates(std::string_view value) {
  std::string out;
  for (size_t i = 0; i < value.size(); ++i) {
    if (value[i] == '$' && i + 1 < value.size() && value[i + 1] == '{') {
      size_t close = value.find('}', i + 2);
      if (close == std::string_view::npos) break;
      out += kTemplateMark;
      i = close;
      continue;
    }
    out += value[i];
  }
  return out;
}

bool HasTemplate(std::string_view part) { return part.find(kTemplateMark) != std::string::npos; }

bool AllOf(std::string_view s, bool (*pred)(char)) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!pred(c) && c != kTemplateMark) return false;
  }
  return true;
}

bool IsLowerOrDash(char c) { return (c >= 'a' && c <= 'z') || c == '-'; }
bool IsRegionChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; }
bool IsDigitChar(char c) { return c >= '0' && c <= '9'; }
bool IsNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '-' || c == '_';
}
bool IsSnsChar(char c) { return IsNameChar(c) || c == '/' || c == '.'; }
// IAM names and paths: alphanumerics and +=,.@_- (and / between path parts).
bool IsIamChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '+' || c == '=' || c == ',' || c == '.' || c == '@' || c == '_' || c == '-' ||
         c == '/';
}

}  // namespace

bool ArnKindOf(std::string_view shape, std::string_view member, ArnKind* kind) {
  if (member == "roleArn") {
    *kind = ArnKind::kIamRole;
    return true;
  }
  if (shape == "LambdaAction" && member == "functionArn") {
    *kind = ArnKind::kLambdaFunction;
    return true;
  }
  if (shape == "SnsAction" && member == "targetArn") {
    *kind = ArnKind::kSnsTopic;
    return true;
  }
  return false;
}

const char* ArnExample(ArnKind kind) {
  switch (kind) {
    case ArnKind::kIamRole: return "arn:aws:iam::123456789012:role/my-iot-role";
    case ArnKind::kLambdaFunction: return "arn:aws:lambda:us-east-1:123456789012:function:my-function";
    case ArnKind::kSnsTopic: return "arn:aws:sns:us-east-1:123456789012:my-topic";
  }
  return "";
}

std::string CheckArn(std::string_view raw, ArnKind kind) {
  if (kind == ArnKind::kIamRole && (raw.size() < 20 || raw.size() > 2048)) {
    return "a role ARN has 20 to 2048 characters";
  }
  std::string value = MaskTemplates(raw);
  // arn:partition:service:region:account:resource (the resource may hold more colons).
  std::vector<std::string_view> parts;
  std::string_view rest = value;
  for (int k = 0; k < 5; ++k) {
    size_t colon = rest.find(':');
    if (colon == std::string_view::npos) {
      return "not an ARN: expected arn:partition:service:region:account-id:resource";
    }
    parts.push_back(rest.substr(0, colon));
    rest = rest.substr(colon + 1);
  }
  parts.push_back(rest);
  if (parts[0] != "arn") return "an ARN starts with 'arn:'";
  if (!(parts[1] == "aws" || (parts[1].substr(0, 4) == "aws-" && AllOf(parts[1], IsLowerOrDash))) &&
      !HasTemplate(parts[1])) {
    return absl::StrCat("unknown partition '", std::string(parts[1]),
                        "' (aws, aws-cn, aws-us-gov, ...)");
  }
  const char* service = kind == ArnKind::kIamRole ? "iam"
                        : kind == ArnKind::kLambdaFunction ? "lambda" : "sns";
  if (parts[2] != service && !HasTemplate(parts[2])) {
    return absl::StrCat("expected an ", service, " ARN, not ", std::string(parts[2]));
  }
  if (kind == ArnKind::kIamRole) {
    if (!parts[3].empty()) return "IAM ARNs have no region: arn:aws:iam::<account-id>:role/<name>";
  } else if (!AllOf(parts[3], IsRegionChar)) {
    return parts[3].empty() ? "the region is missing"
                            : absl::StrCat("'", std::string(parts[3]), "' is not a region");
  }
  if (!HasTemplate(parts[4]) && (parts[4].size() != 12 || !AllOf(parts[4], IsDigitChar))) {
    return "the account id must be 12 digits";
  }
  std::string_view resource = parts[5];
  switch (kind) {
    case ArnKind::kIamRole:
      if (resource.substr(0, 5) != "role/" || resource.size() == 5 ||
          !AllOf(resource.substr(5), IsIamChar)) {
        return "the resource of a role ARN is role/<name> (letters, digits and +=,.@_-)";
      }
      break;
    case ArnKind::kLambdaFunction: {
      if (resource.substr(0, 9) != "function:") {
        return "the resource of a function ARN is function:<name>[:<version or alias>]";
      }
      std::string_view name = resource.substr(9);
      size_t colon = name.find(':');
      std::string_view qualifier;
      if (colon != std::string_view::npos) {
        qualifier = name.substr(colon + 1);
        name = name.substr(0, colon);
        if (!(qualifier == "$LATEST" || AllOf(qualifier, IsNameChar))) {
          return "a function qualifier is a version number, an alias or $LATEST";
        }
      }
      if (!AllOf(name, IsNameChar) || name.size() > 64) {
        return "a function name has 1 to 64 letters, digits, - and _";
      }
      break;
    }
    case ArnKind::kSnsTopic:
      if (resource.empty()) return "the topic name is missing";
      // Topic names (letters, digits, - and _) or platform endpoints (endpoint/APNS/app/id).
      if (!AllOf(resource, IsSnsChar)) {
        return "a topic name has letters, digits, - and _";
      }
      break;
  }
  return "";
}

}  // namespace iotsql::validate
