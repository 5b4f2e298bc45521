#include "validate/yaml_scalar.h"

#include <string>

namespace iotsql::validate {

namespace {

enum class Style { kPlain, kSingle, kDouble, kLiteral, kFolded };

bool IsBlank(char c) { return c == ' ' || c == '\t'; }
bool IsBreak(char c) { return c == '\n' || c == '\r'; }

int Hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string Utf8(uint32_t cp) {
  std::string out;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
  return out;
}

// A double-quoted escape at file[i] ('\\'): the bytes it stands for and its length in the
// file. False for an escaped line break (handled by the caller) or an unknown escape.
bool DecodeEscape(std::string_view file, size_t i, std::string* bytes, size_t* length) {
  if (i + 1 >= file.size()) return false;
  char e = file[i + 1];
  *length = 2;
  switch (e) {
    case '0': *bytes = std::string(1, '\0'); return true;
    case 'a': *bytes = "\a"; return true;
    case 'b': *bytes = "\b"; return true;
    case 't': case '\t': *bytes = "\t"; return true;
    case 'n': *bytes = "\n"; return true;
    case 'v': *bytes = "\v"; return true;
    case 'f': *bytes = "\f"; return true;
    case 'r': *bytes = "\r"; return true;
    case 'e': *bytes = "\x1B"; return true;
    case ' ': *bytes = " "; return true;
    case '"': *bytes = "\""; return true;
    case '/': *bytes = "/"; return true;
    case '\\': *bytes = "\\"; return true;
    case 'N': *bytes = Utf8(0x85); return true;
    case '_': *bytes = Utf8(0xA0); return true;
    case 'L': *bytes = Utf8(0x2028); return true;
    case 'P': *bytes = Utf8(0x2029); return true;
    case 'x': case 'u': case 'U': {
      size_t digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
      if (i + 2 + digits > file.size()) return false;
      uint32_t cp = 0;
      for (size_t k = 0; k < digits; ++k) {
        int h = Hex(file[i + 2 + k]);
        if (h < 0) return false;
        cp = cp * 16 + static_cast<uint32_t>(h);
      }
      *bytes = Utf8(cp);
      *length = 2 + digits;
      return true;
    }
    default:
      return false;
  }
}

size_t SkipBreak(std::string_view file, size_t s) {
  if (s < file.size() && file[s] == '\r') ++s;
  if (s < file.size() && file[s] == '\n') ++s;
  return s;
}

// From a node's mark to the first byte of its scalar text; sets the style.
size_t ContentStart(std::string_view file, size_t s, Style* style) {
  // Node properties: a tag (!Sub, !!str) and/or an anchor (&name), each followed by blanks or
  // a line break.
  while (s < file.size() && (file[s] == '!' || file[s] == '&')) {
    while (s < file.size() && !IsBlank(file[s]) && !IsBreak(file[s])) ++s;
    while (s < file.size() && (IsBlank(file[s]) || IsBreak(file[s]))) ++s;
  }
  if (s >= file.size()) {
    *style = Style::kPlain;
    return s;
  }
  switch (file[s]) {
    case '\'': *style = Style::kSingle; return s + 1;
    case '"': *style = Style::kDouble; return s + 1;
    case '|':
    case '>': {
      *style = file[s] == '|' ? Style::kLiteral : Style::kFolded;
      // The header (indicators, an optional comment) ends the line; content starts below.
      while (s < file.size() && !IsBreak(file[s])) ++s;
      return SkipBreak(file, s);
    }
    default:
      *style = Style::kPlain;
      return s;
  }
}

}  // namespace

ValueMap MapYamlScalar(std::string_view file, uint32_t node_begin, std::string_view value,
                       bool* exact) {
  Style style;
  size_t start = ContentStart(file, node_begin, &style);
  ValueMap map;
  size_t s = start;
  size_t i = 0;
  bool ok = true;
  std::string bytes;
  while (ok && i < value.size()) {
    if (s >= file.size()) {
      ok = false;
      break;
    }
    char c = file[s];
    char v = value[i];
    if (style == Style::kDouble && c == '\\') {
      if (s + 1 < file.size() && IsBreak(file[s + 1])) {
        // An escaped line break joins the lines without a space.
        s = SkipBreak(file, s + 1);
        while (s < file.size() && IsBlank(file[s])) ++s;
        continue;
      }
      size_t length;
      if (!DecodeEscape(file, s, &bytes, &length) || value.substr(i, bytes.size()) != bytes) {
        ok = false;
        break;
      }
      map.Add(static_cast<uint32_t>(i), static_cast<uint32_t>(s), false);
      i += bytes.size();
      s += length;
      continue;
    }
    if (style == Style::kSingle && c == '\'' && s + 1 < file.size() && file[s + 1] == '\'') {
      if (v != '\'') {
        ok = false;
        break;
      }
      map.Add(static_cast<uint32_t>(i), static_cast<uint32_t>(s), false);
      ++i;
      s += 2;
      continue;
    }
    if (c == v && !(style == Style::kDouble && c == '"') &&
        !(style == Style::kSingle && c == '\'')) {
      map.Add(static_cast<uint32_t>(i), static_cast<uint32_t>(s), true);
      ++i;
      ++s;
      continue;
    }
    if (IsBreak(c) && (v == ' ' || v == '\n')) {
      // Line folding: a line break read as a space (or one of several breaks kept as '\n').
      map.Add(static_cast<uint32_t>(i), static_cast<uint32_t>(s), false);
      ++i;
      s = SkipBreak(file, s);
      while (s < file.size() && IsBlank(file[s])) ++s;
      continue;
    }
    if (IsBlank(c) || IsBreak(c)) {
      // Indentation, trailing blanks, blank lines: not part of the value.
      ++s;
      continue;
    }
    ok = false;
  }
  *exact = ok;
  if (!ok) return ValueMap::Fixed(static_cast<uint32_t>(start));
  map.set_end(static_cast<uint32_t>(value.size()), static_cast<uint32_t>(s));
  return map;
}

}  // namespace iotsql::validate
