// What kind of rule file a document is, and where its rules are: a TopicRulePayload
// (create-topic-rule --topic-rule-payload), --cli-input-json/yaml ({"ruleName",
// "topicRulePayload"}), get-topic-rule output ({"rule": {...}}), or a CloudFormation template
// (every AWS::IoT::TopicRule resource).
#ifndef IOTSQL_VALIDATE_RULE_SITES_H_
#define IOTSQL_VALIDATE_RULE_SITES_H_

#include <string>
#include <string_view>
#include <vector>

#include "validate/api_model.h"
#include "validate/document.h"
#include "validate/finding.h"

namespace iotsql::validate {

enum class InputKind { kUnknown, kPayload, kCliInput, kGetTopicRule, kCloudFormation };
const char* InputKindName(InputKind kind);

struct RuleSite {
  std::string name;               // the rule's name ("" when it cannot be known)
  bool name_from_file = false;    // a bare payload: the name is the file's stem
  const Node* envelope = nullptr; // what the shape check walks
  const ShapeDef* shape = nullptr;
  std::string path;               // the envelope's place, for messages ("" for the root)
  std::string root_name;          // what messages call the envelope when `path` is empty
  const Node* payload = nullptr;  // the TopicRulePayload object, when there is one
  std::string payload_path;
  bool cfn = false;               // PascalCase members, CloudFormation scalar conversions
  uint32_t anchor_begin = 0;      // where rule-level findings point (the rule's key or start)
  uint32_t anchor_end = 0;
};

// Finds the rules of one document. `stem` is the file name without directory and extension.
// CloudFormation JSON intrinsics are marked in `root` (hence non-const).
InputKind FindRules(Node* root, std::string_view stem, std::vector<RuleSite>* sites);

}  // namespace iotsql::validate

#endif  // IOTSQL_VALIDATE_RULE_SITES_H_
