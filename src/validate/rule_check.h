// Everything `validate` checks about one rule: the API shape of its document, its SQL (through
// the compiler, positions carried back into the file), every substitution template of its
// actions and error action, and the warnings for legal but almost certainly wrong rules.
#ifndef IOTSQL_VALIDATE_RULE_CHECK_H_
#define IOTSQL_VALIDATE_RULE_CHECK_H_

#include <vector>

#include "validate/finding.h"
#include "validate/rule_sites.h"

namespace iotsql::validate {

void CheckRule(const RuleSite& site, std::vector<Finding>* out);

}  // namespace iotsql::validate

#endif  // IOTSQL_VALIDATE_RULE_CHECK_H_
