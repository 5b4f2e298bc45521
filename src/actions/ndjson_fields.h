// Members shared by the local backends' NDJSON lines.
#ifndef IOTSQL_ACTIONS_NDJSON_FIELDS_H_
#define IOTSQL_ACTIONS_NDJSON_FIELDS_H_

#include <string>
#include <string_view>

#include "iotsql/engine.h"

namespace iotsql::actions {

// `{"time":"...","ruleName":"...","sourceTopic":"..."` (no closing brace).
std::string BeginLine(const ActionRequest& request);
// `,"<name>":<payload as compact JSON>` for JSON output, `,"<name>Base64":"..."` otherwise
// (binary output, or text that is not JSON). Compact: a pretty-printed payload passed through by
// SELECT * must not break the one-line-per-record format.
void AppendPayloadMember(std::string* line, std::string_view name, std::string_view payload,
                         bool binary);

}  // namespace iotsql::actions

#endif  // IOTSQL_ACTIONS_NDJSON_FIELDS_H_
