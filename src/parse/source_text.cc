#include "parse/source_text.h"

#include "common/utf8.h"

namespace iotsql::parse {

SourceText::SourceText(std::string_view text) : text_(text) {
  bool ascii = true;
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) {
      ascii = false;
      break;
    }
  }
  code_points_.reserve(text.size());
  if (ascii) {
    for (char c : text) code_points_.push_back(static_cast<unsigned char>(c));
    return;
  }
  byte_of_.reserve(text.size() + 1);
  for (size_t i = 0; i < text.size();) {
    size_t n = WellFormedUtf8Length(text, i);
    char32_t cp = 0xFFFD;
    if (n == 0) {
      if (invalid_at_ == std::string_view::npos) invalid_at_ = i;
      n = 1;
    } else {
      cp = DecodeUtf8(text, i, n);
    }
    code_points_.push_back(cp);
    byte_of_.push_back(static_cast<uint32_t>(i));
    i += n;
  }
  byte_of_.push_back(static_cast<uint32_t>(text.size()));
}

uint32_t SourceText::ByteOffset(size_t index) const {
  if (byte_of_.empty()) {
    return static_cast<uint32_t>(index < text_.size() ? index : text_.size());
  }
  return index < byte_of_.size() ? byte_of_[index] : static_cast<uint32_t>(text_.size());
}

}  // namespace iotsql::parse
