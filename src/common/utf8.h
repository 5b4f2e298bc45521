// UTF-8 helpers shared by the parser, the JSON reader and the string functions.
#ifndef IOTSQL_COMMON_UTF8_H_
#define IOTSQL_COMMON_UTF8_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace iotsql {

// Appends the UTF-8 encoding of a code point (at most U+10FFFF).
void AppendUtf8(uint32_t code_point, std::string* out);

// Byte length of the character starting at s[i]; a malformed byte counts as a one-byte
// character, so that counting and indexing never fail on bad input.
size_t Utf8CharLength(std::string_view s, size_t i);

// The code point of the `length`-byte character at s[i] (as Utf8CharLength measured it).
uint32_t DecodeUtf8(std::string_view s, size_t i, size_t length);

// Byte length (1 to 4) of the well-formed UTF-8 sequence at s[i], or 0 when it is ill-formed:
// a continuation or F5..FF lead byte, an overlong form, a surrogate, above U+10FFFF, or cut
// short. The one definition of well-formed (Unicode table 3-7) for every reader of untrusted
// text.
size_t WellFormedUtf8Length(std::string_view s, size_t i);

// Byte length (at least 1) of the maximal ill-formed subpart at s[i], where
// WellFormedUtf8Length is 0: each such subpart is one U+FFFD when decoding replaces errors the
// way Java and Unicode do.
size_t IllFormedUtf8Length(std::string_view s, size_t i);

// Bytes at the start of s that are well-formed UTF-8 (s.size() when all of it is).
size_t WellFormedUtf8Prefix(std::string_view s);

// False, leaving *out alone, when s is well-formed UTF-8; otherwise true, with *out set to s
// after AppendReplacingInvalidUtf8 (below).
bool ReplaceInvalidUtf8(std::string_view s, std::string* out);

// Appends s with each maximal ill-formed subpart replaced by U+FFFD, as Java's decoder does:
// text from outside (payload bytes, files, names) made fit for strict JSON readers.
void AppendReplacingInvalidUtf8(std::string_view s, std::string* out);

}  // namespace iotsql

#endif  // IOTSQL_COMMON_UTF8_H_
