// Runs conformance vectors (spec §21): SQL, topic, payload and context in, expected output out.
#ifndef IOTSQL_CONFORMANCE_CONFORMANCE_H_
#define IOTSQL_CONFORMANCE_CONFORMANCE_H_

#include <string>
#include <string_view>
#include <vector>

#include "iotsql/iotsql.h"
#include "value/value.h"

namespace iotsql {

struct ConformanceResult {
  int passed = 0;
  int failed = 0;   // gated cases that failed
  int skipped = 0;  // cases that are not gated and failed, or not applicable
  std::vector<std::string> lines;  // one per failing or skipped case
};

// Runs every case of a JSON-lines file. Malformed lines count as failures.
ConformanceResult RunConformanceFile(const std::string& path);
// Runs one case given as a JSON object line; appends to *result.
void RunConformanceCase(std::string_view line, int line_number, ConformanceResult* result);

// Message context from a JSON object with the vector format's `context` members (timestamp,
// clientid, principal, accountid, traceid, sourceip, newuuid, rule_name, protocol, mqtt5).
// Returns false with *error set for a member of the wrong type.
bool ContextFromJson(const Value& object, MessageContext* context, std::string* error);

}  // namespace iotsql

#endif  // IOTSQL_CONFORMANCE_CONFORMANCE_H_
