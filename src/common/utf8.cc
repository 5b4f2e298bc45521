#include "common/utf8.h"

namespace iotsql {

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

size_t Utf8CharLength(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
  if (i + n > s.size()) return 1;
  for (size_t k = 1; k < n; ++k) {
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 1;
  }
  return n;
}

uint32_t DecodeUtf8(std::string_view s, size_t i, size_t length) {
  const unsigned char* p = reinterpret_cast<const unsigned char*>(s.data() + i);
  switch (length) {
    case 2: return ((p[0] & 0x1Fu) << 6) | (p[1] & 0x3Fu);
    case 3: return ((p[0] & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
    case 4:
      return ((p[0] & 0x07u) << 18) | ((p[1] & 0x3Fu) << 12) | ((p[2] & 0x3Fu) << 6) |
             (p[3] & 0x3Fu);
    default: return p[0];
  }
}

namespace {

// Lead byte C2..F4: the sequence's length and the range of its second byte (table 3-7 of the
// Unicode standard excludes overlong forms, surrogates and code points above U+10FFFF there).
struct LeadByte {
  size_t length;
  int low, high;
};

LeadByte Lead(unsigned char c) {
  if (c >= 0xC2 && c <= 0xDF) return {2, 0x80, 0xBF};
  if (c >= 0xE0 && c <= 0xEF) return {3, c == 0xE0 ? 0xA0 : 0x80, c == 0xED ? 0x9F : 0xBF};
  if (c >= 0xF0 && c <= 0xF4) return {4, c == 0xF0 ? 0x90 : 0x80, c == 0xF4 ? 0x8F : 0xBF};
  return {0, 0, 0};
}

// Bytes of the sequence at s[i] that are in range, the lead byte included.
size_t MatchingPrefix(std::string_view s, size_t i, const LeadByte& lead) {
  int low = lead.low, high = lead.high;
  size_t k = 1;
  for (; k < lead.length && i + k < s.size(); ++k) {
    int d = static_cast<unsigned char>(s[i + k]);
    if (d < low || d > high) break;
    low = 0x80;
    high = 0xBF;
  }
  return k;
}

}  // namespace

size_t WellFormedUtf8Length(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return 1;
  LeadByte lead = Lead(c);
  if (lead.length == 0) return 0;
  return MatchingPrefix(s, i, lead) == lead.length ? lead.length : 0;
}

size_t IllFormedUtf8Length(std::string_view s, size_t i) {
  LeadByte lead = Lead(static_cast<unsigned char>(s[i]));
  return lead.length == 0 ? 1 : MatchingPrefix(s, i, lead);
}

size_t WellFormedUtf8Prefix(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    size_t n = WellFormedUtf8Length(s, i);
    if (n == 0) break;
    i += n;
  }
  return i;
}

bool ReplaceInvalidUtf8(std::string_view s, std::string* out) {
  const size_t valid = WellFormedUtf8Prefix(s);
  if (valid == s.size()) return false;
  out->assign(s.data(), valid);
  AppendReplacingInvalidUtf8(s.substr(valid), out);
  return true;
}

void AppendReplacingInvalidUtf8(std::string_view s, std::string* out) {
  for (size_t i = 0; i < s.size();) {
    size_t n = WellFormedUtf8Length(s, i);
    if (n > 0) {
      out->append(s.data() + i, n);
      i += n;
    } else {
      out->append("\xEF\xBF\xBD");
      i += IllFormedUtf8Length(s, i);
    }
  }
}

}  // namespace iotsql
