// A strict JSON (RFC 8259) reader that keeps the file position of every value, member name and
// string byte, for diagnostics in the user's file. (simdjson, used for messages, reports no
// positions.)
#ifndef IOTSQL_VALIDATE_JSON_DOCUMENT_H_
#define IOTSQL_VALIDATE_JSON_DOCUMENT_H_

#include <string_view>
#include <vector>

#include "validate/document.h"
#include "validate/finding.h"

namespace iotsql::validate {

// Parses the whole file. On a syntax error appends one finding (check "json-syntax") at the
// offending byte, with a hint for the usual mistakes (comments, trailing commas, single
// quotes), and returns false.
bool ParseJsonDocument(std::string_view text, Node* root, std::vector<Finding>* findings);

// CloudFormation writes intrinsic functions as one-member objects ({"Ref": "X"},
// {"Fn::GetAtt": [...]}); turns those into kIntrinsic nodes.
void MarkJsonIntrinsics(Node* node);

}  // namespace iotsql::validate

#endif  // IOTSQL_VALIDATE_JSON_DOCUMENT_H_
