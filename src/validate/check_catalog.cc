#include "validate/check_catalog.h"

namespace iotsql::validate {

const std::vector<CheckInfo>& AllChecks() {
  static const std::vector<CheckInfo>* checks = new std::vector<CheckInfo>{
      // The file.
      {"io", "error", "the file cannot be read"},
      {"json-syntax", "error", "the file is not valid JSON"},
      {"yaml-syntax", "error", "the file is not valid YAML"},
      {"not-a-rule-file", "error", "the file is not a rule file validate knows"},
      {"no-rules", "warning", "a CloudFormation template without AWS::IoT::TopicRule resources"},
      // The CreateTopicRule API shape.
      {"missing-member", "error", "a required member is missing"},
      {"unknown-member", "error", "a member the API (or CloudFormation) does not define"},
      {"duplicate-member", "warning", "a member written twice in one object"},
      {"type", "error", "a value of the wrong JSON type"},
      {"enum", "error", "a value outside the allowed set (awsIotSqlVersion, cannedAcl, ...)"},
      {"length", "error", "too short or too long (at most 10 actions)"},
      {"range", "error", "a number outside its range"},
      {"pattern", "error", "a value that does not match the API's pattern"},
      {"rule-name", "error", "a rule name that is not 1 to 128 letters, digits and _"},
      {"file-name", "warning", "a payload file whose name is not a valid rule name"},
      {"action-kind", "error", "an action with no kind or with more than one"},
      {"arn", "error", "a malformed role, Lambda function or SNS topic ARN"},
      // The SQL and templates (the compiler's checks).
      {"syntax", "error", "SQL syntax"},
      {"unknown-function", "error", "a function AWS IoT SQL does not have"},
      {"arity", "error", "a function called with the wrong number of arguments"},
      {"constant-argument", "error", "a mode argument that must be a string literal"},
      {"cast-type", "error", "an unknown cast type"},
      {"sql-version", "error", "a feature the rule's awsIotSqlVersion does not have"},
      {"topic-filter", "error", "a malformed FROM topic filter"},
      {"wildcard", "error", "* where it is not allowed"},
      {"alias", "error", "a missing or invalid alias"},
      {"variable", "error", "an undefined or repeated SET variable"},
      {"external-limit", "error", "too many calls of an external function"},
      {"external-in-error-action", "error", "an external function in an error action template"},
      {"external-in-template", "error", "protobuf decode() in a substitution template"},
      {"template", "error", "a malformed ${...} substitution template"},
      {"internal", "error", "a compiler fault (please report)"},
      {"no-from", "warning", "a statement without FROM (Basic Ingest only)"},
      // Legal but almost certainly wrong.
      {"always-undefined", "warning", "an operator that is Undefined for every message"},
      {"string-number-compare", "warning", "= or <> between a String and a number"},
      {"binary-select-star", "warning", "SELECT * with other items next to encode(*, ...)"},
      {"constant-where", "warning", "a WHERE clause that does not read the message"},
      {"where-alias", "warning", "WHERE reading a SELECT alias"},
      {"template-alias", "warning", "a template reading a SELECT alias"},
      {"template-not-supported", "warning", "${...} in a parameter AWS takes literally"},
      {"republish-loop", "warning", "a republish action whose topic the rule's FROM matches"},
      {"republish-dollar", "warning", "a republish topic starting with a single $"},
      {"sql-version-beta", "warning", "awsIotSqlVersion beta"},
      {"disabled-rule", "warning", "a disabled rule"},
      {"no-actions", "warning", "a rule without actions"},
      {"no-error-action", "warning", "a rule without an errorAction"},
  };
  return *checks;
}

const CheckInfo* FindCheck(std::string_view name) {
  for (const CheckInfo& c : AllChecks()) {
    if (name == c.name) return &c;
  }
  return nullptr;
}

}  // namespace iotsql::validate
