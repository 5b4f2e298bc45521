// One line per check name, for `validate --list-checks` and SARIF rule descriptions.
#ifndef IOTSQL_VALIDATE_CHECK_CATALOG_H_
#define IOTSQL_VALIDATE_CHECK_CATALOG_H_

#include <string_view>
#include <vector>

namespace iotsql::validate {

struct CheckInfo {
  const char* name;
  const char* severity;     // "error" or "warning" (as reported without --werror)
  const char* description;
};

const std::vector<CheckInfo>& AllChecks();
// nullptr for a name not in the catalog.
const CheckInfo* FindCheck(std::string_view name);

}  // namespace iotsql::validate

#endif  // IOTSQL_VALIDATE_CHECK_CATALOG_H_
