// ARN formats of the members that name AWS resources (roleArn, lambda functionArn, sns
// targetArn). The API model types them as plain strings; AWS rejects malformed ones only when
// the rule is created (or, worse, when the action first runs).
#ifndef IOTSQL_VALIDATE_ARN_H_
#define IOTSQL_VALIDATE_ARN_H_

#include <string>
#include <string_view>

namespace iotsql::validate {

enum class ArnKind { kIamRole, kLambdaFunction, kSnsTopic };

// Which ARN a member holds, from its structure and member name (API spelling); false for
// members that are not checked.
bool ArnKindOf(std::string_view shape, std::string_view member, ArnKind* kind);

// Empty when `value` is a well-formed ARN of that kind; otherwise what is wrong. `${...}`
// substitution templates (allowed in functionArn and targetArn) are accepted in any part.
std::string CheckArn(std::string_view value, ArnKind kind);

// An example of a well-formed ARN of that kind, for hints.
const char* ArnExample(ArnKind kind);

}  // namespace iotsql::validate

#endif  // IOTSQL_VALIDATE_ARN_H_
