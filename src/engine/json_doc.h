// A small JSON tree with byte offsets, for documents people write by hand (rule files, NDJSON
// message lines): errors must say line and column, and a member's exact text must be
// recoverable (a payload's `10.0` stays `10.0`). Message payloads themselves go through the VM's
// simdjson reader, not this.
#ifndef IOTSQL_ENGINE_JSON_DOC_H_
#define IOTSQL_ENGINE_JSON_DOC_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace iotsql {

struct JsonMember;

struct JsonNode {
  enum class Type { kNull, kBool, kNumber, kString, kArray, kObject };
  Type type = Type::kNull;
  uint32_t begin = 0;  // byte range of the value's text in the document
  uint32_t end = 0;
  bool boolean = false;
  std::string text;                 // kString: decoded; kNumber: the token as written
  std::vector<JsonNode> items;      // kArray
  std::vector<JsonMember> members;  // kObject, in document order

  // The member's value, or nullptr (first occurrence).
  const JsonNode* Find(std::string_view key) const;
  const char* TypeName() const;
};

struct JsonMember {
  std::string key;
  uint32_t key_offset = 0;  // offset of the key's opening quote
  JsonNode value;
};

struct JsonError {
  std::string message;
  uint32_t offset = 0;
};

// Parses exactly one JSON document (surrounding whitespace allowed). On failure returns false
// and says what and where.
bool ParseJsonDoc(std::string_view text, JsonNode* out, JsonError* error, int max_depth = 128);

// Compact JSON text of a node (numbers as written, strings re-escaped).
void AppendJsonDoc(const JsonNode& node, std::string* out);

// "line:column" (1-based, column in bytes) of an offset in `text`.
std::string LineColumn(std::string_view text, uint32_t offset);

}  // namespace iotsql

#endif  // IOTSQL_ENGINE_JSON_DOC_H_
