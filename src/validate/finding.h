// One problem found in a rule file, located by byte offsets into the file.
#ifndef IOTSQL_VALIDATE_FINDING_H_
#define IOTSQL_VALIDATE_FINDING_H_

#include <cstdint>
#include <string>
#include <vector>

#include "common/diagnostic.h"

namespace iotsql::validate {

struct Finding {
  Severity severity = Severity::kError;
  uint32_t begin = 0;          // file byte offsets [begin, end)
  uint32_t end = 0;
  std::string message;         // one sentence, lower-case start, no trailing period
  std::string check;           // stable check name, e.g. "unknown-member", "syntax"
  std::string hint;            // optional
  std::string rule;            // the rule it belongs to, when known
};

inline void AddFinding(std::vector<Finding>* out, Severity severity, uint32_t begin,
                       uint32_t end, std::string message, std::string check,
                       std::string hint = "", std::string rule = "") {
  out->push_back({severity, begin, end, std::move(message), std::move(check), std::move(hint),
                  std::move(rule)});
}

}  // namespace iotsql::validate

#endif  // IOTSQL_VALIDATE_FINDING_H_
