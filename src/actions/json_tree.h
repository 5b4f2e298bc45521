// A small JSON document tree for the action adapters. Unlike the VM's value model it keeps every
// number as its source text, because DynamoDB's N type and the local stores must carry the exact
// digits the rule produced (34-digit decimals do not survive a double).
#ifndef IOTSQL_ACTIONS_JSON_TREE_H_
#define IOTSQL_ACTIONS_JSON_TREE_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace iotsql::actions {

struct JsonValue {
  enum class Kind { kNull, kBool, kNumber, kString, kArray, kObject };
  Kind kind = Kind::kNull;
  bool boolean = false;
  std::string text;                                        // number source text, or string value
  std::vector<JsonValue> items;                            // kArray
  std::vector<std::pair<std::string, JsonValue>> members;  // kObject, in document order

  bool is_object() const { return kind == Kind::kObject; }
  bool is_string() const { return kind == Kind::kString; }
  // The member of that name (the last one when a document repeats it), or nullptr.
  const JsonValue* Find(std::string_view name) const;
};

// Parses exactly one JSON document (RFC 8259; surrounding whitespace allowed).
absl::StatusOr<JsonValue> ParseJson(std::string_view text, int max_depth = 128);

// Appends `s` as a JSON string literal (quotes included). Bytes that are not valid UTF-8 are
// replaced by U+FFFD so that the output is always valid JSON for strict readers (DynamoDB, SNS).
void AppendJsonString(std::string* out, std::string_view s);
std::string JsonString(std::string_view s);
// Compact JSON text of a tree (numbers as their source text).
void AppendJson(std::string* out, const JsonValue& v);

}  // namespace iotsql::actions

#endif  // IOTSQL_ACTIONS_JSON_TREE_H_
