// A small JSON tree with byte offsets, for documents people write by hand (rule files, NDJSON
// message lines) and for the action adapters: errors must say line and column, and a number's
// exact text must be kept (a payload's `10.0` stays `10.0`; DynamoDB's N type must carry the 34
// digits a rule produced, which a double would not). Message payloads themselves go through the
// VM's simdjson reader, not this.
#ifndef IOTSQL_VALUE_JSON_DOC_H_
#define IOTSQL_VALUE_JSON_DOC_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

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
  bool is_object() const { return type == Type::kObject; }
  bool is_string() const { return type == Type::kString; }
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

struct JsonDocOptions {
  int max_depth = 128;
  // For text from other programs and services rather than people: a lone UTF-16 surrogate
  // escape and ill-formed UTF-8 become U+FFFD instead of an error, as Jackson reads them.
  bool replace_invalid_text = false;
};

// Documents from other programs and services: the action adapters' payloads and answers.
inline constexpr JsonDocOptions kServiceJson{128, /*replace_invalid_text=*/true};

// Parses exactly one JSON document (surrounding whitespace allowed). On failure returns false
// and says what and where.
bool ParseJsonDoc(std::string_view text, JsonNode* out, JsonError* error,
                  const JsonDocOptions& options = {});
// The same, with the error as INVALID_ARGUMENT "invalid JSON at offset N: ...".
absl::StatusOr<JsonNode> ParseJsonDoc(std::string_view text, const JsonDocOptions& options);

// The members of an object as Jackson, and so AWS, reads a document that repeats a name: each
// name once, at its last occurrence, in document order. Linear in the members.
std::vector<const JsonMember*> LastOfEachName(const JsonNode& object);

// Compact JSON text of a node (numbers as written, strings re-escaped).
void AppendJsonDoc(const JsonNode& node, std::string* out);

// "line:column" (1-based, column in bytes) of an offset in `text`.
std::string LineColumn(std::string_view text, uint32_t offset);

}  // namespace iotsql

#endif  // IOTSQL_VALUE_JSON_DOC_H_
