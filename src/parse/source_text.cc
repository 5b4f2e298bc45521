#include "parse/source_text.h"

namespace iotsql::parse {

namespace {

// Decodes one UTF-8 sequence at s[i]. Returns its length, or 0 when it is invalid (overlong,
// surrogate, above U+10FFFF, truncated).
size_t DecodeUtf8(std::string_view s, size_t i, char32_t* cp) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
  unsigned char c = b(0);
  size_t n;
  char32_t v;
  if (c < 0x80) {
    *cp = c;
    return 1;
  } else if (c >= 0xC2 && c <= 0xDF) {
    n = 2, v = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3, v = c & 0x0F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4, v = c & 0x07;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((b(k) & 0xC0) != 0x80) return 0;
    v = (v << 6) | (b(k) & 0x3F);
  }
  if ((n == 3 && v < 0x800) || (n == 4 && v < 0x10000) || v > 0x10FFFF ||
      (v >= 0xD800 && v <= 0xDFFF)) {
    return 0;
  }
  *cp = v;
  return n;
}

}  // namespace

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
    char32_t cp = 0;
    size_t n = DecodeUtf8(text, i, &cp);
    if (n == 0) {
      if (invalid_at_ == std::string_view::npos) invalid_at_ = i;
      cp = 0xFFFD;
      n = 1;
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
