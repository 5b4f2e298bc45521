// The payload's shape as the CreateTopicRule API defines it: required and unknown members,
// types, enum values, lengths and ranges, patterns (the rule name), at most 10 actions, exactly
// one kind per action, and the ARN formats of roleArn, lambda functionArn and sns targetArn.
#ifndef IOTSQL_VALIDATE_SHAPE_CHECK_H_
#define IOTSQL_VALIDATE_SHAPE_CHECK_H_

#include <string>
#include <vector>

#include "validate/api_model.h"
#include "validate/document.h"
#include "validate/finding.h"

namespace iotsql::validate {

struct ShapeCheckOptions {
  // CloudFormation: PascalCase member names, and scalars CloudFormation converts ("true" for a
  // boolean, 5 for a string) accepted.
  bool cfn = false;
  std::string rule;           // rule name, copied into findings
  std::string path;           // where `node` is, for messages ("Resources.R.Properties")
  std::string root_name = "the document";  // what to call `node` itself when `path` is empty
};

// Checks `node` against `shape`; appends errors (and warnings for duplicate members). Intrinsic
// functions are skipped: their values are only known when the stack is deployed.
void CheckShape(const Node& node, const ShapeDef& shape, const ShapeCheckOptions& options,
                std::vector<Finding>* out);

// The shape check names, for tests and the botocore agreement test.
bool IsShapeCheck(const std::string& check);

// The closest name among `candidates` (case-insensitive, small edit distance), or "".
std::string ClosestName(const std::string& name, const std::vector<std::string>& candidates);

}  // namespace iotsql::validate

#endif  // IOTSQL_VALIDATE_SHAPE_CHECK_H_
