// The SQL text as ANTLR sees it. ANTLR counts code points and its own UTF-8 decoder throws on
// bad bytes; we decode ourselves, reject invalid UTF-8 with a position, and map ANTLR's
// code-point indices back to the byte offsets that spans use.
#ifndef IOTSQL_PARSE_SOURCE_TEXT_H_
#define IOTSQL_PARSE_SOURCE_TEXT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ANTLRInputStream.h"

namespace iotsql::parse {

class SourceText {
 public:
  explicit SourceText(std::string_view text);

  // Byte offset of the first invalid UTF-8 sequence, or npos when the text is valid.
  size_t invalid_utf8_at() const { return invalid_at_; }

  // Byte offset of code point `index`; indices past the end (and ANTLR's invalid index for
  // conjured tokens) map to the end of the text.
  uint32_t ByteOffset(size_t index) const;

  std::string_view text() const { return text_; }
  const std::u32string& code_points() const { return code_points_; }

 private:
  std::string_view text_;
  std::u32string code_points_;
  std::vector<uint32_t> byte_of_;   // empty for pure ASCII (index == byte offset)
  size_t invalid_at_ = std::string_view::npos;
};

// An ANTLR char stream over already-decoded code points (skips the runtime's UTF-8 decoder).
class CodePointStream : public antlr4::ANTLRInputStream {
 public:
  explicit CodePointStream(const std::u32string& code_points) {
    _data = code_points;
    p = 0;
  }
};

}  // namespace iotsql::parse

#endif  // IOTSQL_PARSE_SOURCE_TEXT_H_
