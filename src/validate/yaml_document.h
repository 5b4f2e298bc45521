// YAML rule files (CloudFormation templates, --cli-input-yaml) through Debian's yaml-cpp, into
// the same position-aware tree as JSON. yaml-cpp and its exceptions stay inside this file.
//
// Scalars are typed as YAML 1.2's core schema types them (plain true/false, null/~, numbers;
// quoted scalars are strings). CloudFormation's short-form tags (!Ref, !Sub, !GetAtt, ...)
// become kIntrinsic nodes named like their long forms ("Ref", "Fn::Sub", "Fn::GetAtt").
//
// Limits (yaml-cpp reports only where a node starts): a string's byte map comes from
// yaml_scalar.h and degrades to the scalar's first byte when it cannot be aligned; the end of a
// non-string node is approximated by its start; merge keys (<<) are kept as ordinary members.
#ifndef IOTSQL_VALIDATE_YAML_DOCUMENT_H_
#define IOTSQL_VALIDATE_YAML_DOCUMENT_H_

#include <string_view>
#include <vector>

#include "validate/document.h"
#include "validate/finding.h"

namespace iotsql::validate {

// Parses every document of the stream (normally one). On a syntax error appends one finding
// (check "yaml-syntax") and returns false.
bool ParseYamlDocuments(std::string_view text, std::vector<Node>* roots,
                        std::vector<Finding>* findings);

}  // namespace iotsql::validate

#endif  // IOTSQL_VALIDATE_YAML_DOCUMENT_H_
