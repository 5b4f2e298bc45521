// The shapes of the AWS IoT CreateTopicRule API (from botocore's service model, see
// scripts/gen-rule-model.py), as tables the shape check walks.
#ifndef IOTSQL_VALIDATE_API_MODEL_H_
#define IOTSQL_VALIDATE_API_MODEL_H_

#include <string_view>

namespace iotsql::validate {

enum class ShapeType { kStructure, kList, kMap, kString, kBoolean, kInteger, kDouble, kTimestamp,
                       kBlob };

struct MemberDef {
  const char* name;      // API spelling ("roleArn")
  const char* cfn_name;  // CloudFormation spelling ("RoleArn"); nullptr: not in CloudFormation
  int shape;
  bool required;
};

struct ShapeDef {
  const char* name;
  ShapeType type;
  long long min;                  // -1: none (length for strings and lists, value for numbers)
  long long max;                  // -1: none
  const char* pattern;            // a Java regular expression, or nullptr
  const char* const* enum_values; // nullptr-terminated, or nullptr
  const MemberDef* members;       // structures
  int member_count;
  int element;                    // list member or map value shape; -1 otherwise
};

// nullptr when there is no shape of that name.
const ShapeDef* FindShape(std::string_view name);
const ShapeDef& ShapeAt(int index);
// The structure member of that name in the given spelling, or nullptr.
const MemberDef* FindMember(const ShapeDef& shape, std::string_view name, bool cfn);
inline const char* MemberName(const MemberDef& m, bool cfn) { return cfn ? m.cfn_name : m.name; }

}  // namespace iotsql::validate

#endif  // IOTSQL_VALIDATE_API_MODEL_H_
