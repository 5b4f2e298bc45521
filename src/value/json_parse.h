// JSON text -> Value, for values that are not the message payload (decode(), provider results,
// conformance files). The message payload itself is read by src/vm/payload_reader.
#ifndef IOTSQL_VALUE_JSON_PARSE_H_
#define IOTSQL_VALUE_JSON_PARSE_H_

#include <string_view>

#include "common/arena.h"
#include "value/value.h"

namespace iotsql {

// Parses a whole JSON document (any value, surrounding whitespace allowed) into `arena`.
// Numbers follow MakeNumber(…, v2). Returns false (and leaves *out Undefined) when `text` is not
// exactly one valid JSON document, or nests deeper than `max_depth`.
bool ParseJsonValue(std::string_view text, bool v2, Arena* arena, Value* out,
                    int max_depth = 256);

}  // namespace iotsql

#endif  // IOTSQL_VALUE_JSON_PARSE_H_
