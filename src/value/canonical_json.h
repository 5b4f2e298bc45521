// Writes a payload as the JSON text iotsql outputs for it, for `SELECT *`, without reading it
// into values: mostly its own bytes (devices send compact JSON), with whitespace cut and the
// few numbers that print differently rewritten. Conservative: escapes in strings, a key twice
// in an object, large objects are "no", and the caller reads the payload the general way.
#ifndef IOTSQL_VALUE_CANONICAL_JSON_H_
#define IOTSQL_VALUE_CANONICAL_JSON_H_

#include <string>
#include <string_view>
#include <vector>

#include "value/value.h"

namespace iotsql {

class CanonicalJsonScanner {
 public:
  // When `payload` is JSON (to `max_depth` levels) with no escapes in its strings and no key
  // twice in an object, writes the text AppendJson would write for it into *out and returns
  // true: its own bytes without the whitespace between tokens, numbers that print differently
  // (`60.0` in 2016-03-23, `1e2`) rewritten. Anything else is "no", for the general path.
  // `roots` receives the top-level members named in `fields` (Undefined when absent);
  // *roots_read says whether all could be read here: a wanted Object or Array member is left to
  // the JsonReader. Strings point into `payload`.
  bool Scan(std::string_view payload, bool v2, int max_depth,
            const std::vector<std::string>& fields, Value* roots, bool* roots_read,
            std::string* out);

 private:
  bool ScanValue(int depth);
  bool ScanObject(int depth);
  bool ScanArray(int depth);
  bool ScanString(std::string_view* text);
  bool ScanNumber();
  bool ScanLiteral(std::string_view word);
  bool ReadRoot(size_t field, const char* start, const char* end);
  void SkipWhitespace() {
    if (p_ != end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) CutWhitespace();
  }
  void CutWhitespace();
  void CopyUpTo(const char* at);

  const char* p_ = nullptr;
  const char* end_ = nullptr;
  const char* copied_ = nullptr;  // bytes before this are in *out_ (or cut)
  std::string* out_ = nullptr;
  bool v2_ = false;
  bool non_ascii_ = false;
  int max_depth_ = 0;
  const std::vector<std::string>* fields_ = nullptr;
  Value* roots_ = nullptr;
  bool roots_read_ = true;
  std::vector<std::string_view> keys_;  // keys of the objects open, for duplicates
};

// Whether a JSON number token prints back as itself once read (ParseJsonNumber, AppendJson) in
// the given SQL version. Conservative: false for exponents and more than 18 digits.
bool IsCanonicalNumber(std::string_view token, bool v2);

}  // namespace iotsql

#endif  // IOTSQL_VALUE_CANONICAL_JSON_H_
