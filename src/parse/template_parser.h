// Splits a substitution template ("${topic()}/${timestamp()}") into literal text and parsed
// expressions (spec §17). `$$` is a literal `$`.
#ifndef IOTSQL_PARSE_TEMPLATE_PARSER_H_
#define IOTSQL_PARSE_TEMPLATE_PARSER_H_

#include <string_view>
#include <vector>

#include "bytecode/codegen.h"
#include "common/diagnostic.h"

namespace iotsql {

// Appends errors (spans relative to `text`) and returns false when the template is malformed.
bool ParseTemplate(std::string_view text, std::vector<TemplatePart>* parts,
                   std::vector<Diagnostic>* diagnostics);

}  // namespace iotsql

#endif  // IOTSQL_PARSE_TEMPLATE_PARSER_H_
