// Where the bytes of a YAML scalar's value are in the file. yaml-cpp gives only the position
// where a node starts; this re-reads the scalar from there (plain, 'single', "double" with its
// escapes, | literal and > folded blocks, multi-line folding included) and aligns it with the
// value yaml-cpp decoded.
//
// The alignment is checked as it goes: every non-blank byte of the value must be found at the
// next non-blank position of the file (or be produced by an escape at that position). Blanks
// are matched loosely: a folded line break maps to the line break it replaced, and indentation
// and trailing spaces are skipped. When a scalar cannot be aligned (a style this reader does not
// know), every offset maps to the scalar's first byte: positions are then right to the line of
// the scalar's start, not to the character.
#ifndef IOTSQL_VALIDATE_YAML_SCALAR_H_
#define IOTSQL_VALIDATE_YAML_SCALAR_H_

#include <cstdint>
#include <string_view>

#include "validate/source_map.h"

namespace iotsql::validate {

// `node_begin` is yaml-cpp's mark for the node (at its tag or anchor, if it has one).
// Sets *exact to whether the alignment succeeded.
ValueMap MapYamlScalar(std::string_view file, uint32_t node_begin, std::string_view value,
                       bool* exact);

}  // namespace iotsql::validate

#endif  // IOTSQL_VALIDATE_YAML_SCALAR_H_
