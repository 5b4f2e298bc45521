// Reads JSON once, forward only, with simdjson On-Demand: just the top-level members a program
// names, or the whole document when it needs it. For a message payload that is not JSON
// (binary, spec §16) every member is Undefined and the document is the bytes.
#ifndef IOTSQL_VALUE_JSON_READER_H_
#define IOTSQL_VALUE_JSON_READER_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/arena.h"
#include "value/value.h"

namespace iotsql {

struct PayloadView {
  bool is_json = false;
  Value document;  // the whole payload (only when requested), or Binary for non-JSON bytes
};

class JsonReader {
 public:
  JsonReader();
  ~JsonReader();

  // `fields` are the top-level member names wanted; `roots` receives one value per name.
  // Values point into this reader's buffers and `arena` until the next Read.
  PayloadView Read(std::string_view payload, const std::vector<std::string>& fields,
                   bool whole_document, bool v2, Arena* arena, Value* roots);

  int max_depth = 256;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Parses a JSON number token (JSON grammar) into an Int or a Decimal as the SQL version sees it.
bool ParseJsonNumber(std::string_view token, bool v2, Value* out);

}  // namespace iotsql

#endif  // IOTSQL_VALUE_JSON_READER_H_
