// Rule names: 1 to 128 characters of [a-zA-Z0-9_] (CreateTopicRule API).
#ifndef IOTSQL_ENGINE_RULE_NAME_H_
#define IOTSQL_ENGINE_RULE_NAME_H_

#include <string>
#include <string_view>

namespace iotsql {

// Why `name` is not a valid rule name, or "" when it is.
std::string RuleNameError(std::string_view name);
// A valid name close to `name` ("high-temp" -> "high_temp").
std::string SuggestRuleName(std::string_view name);

}  // namespace iotsql

#endif  // IOTSQL_ENGINE_RULE_NAME_H_
