#include "validate/rule_sites.h"

#include <initializer_list>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "validate/json_document.h"

namespace iotsql::validate {

namespace {

bool HasKeyIgnoringCase(const Node& n, std::initializer_list<const char*> keys) {
  for (const Member& m : n.members) {
    std::string lower = absl::AsciiStrToLower(m.key);
    for (const char* k : keys) {
      if (lower == k) return true;
    }
  }
  return false;
}

const Node* ObjectMember(const Node& n, const std::string& key) {
  const Node* v = n.Find(key);
  return v != nullptr && v->is_object() ? v : nullptr;
}

void CloudFormation(const Node& root, std::vector<RuleSite>* sites) {
  const Node* resources = ObjectMember(root, "Resources");
  if (resources == nullptr) return;
  for (const Member& r : resources->members) {
    if (!r.value.is_object()) continue;
    const Node* type = r.value.Find("Type");
    if (type == nullptr || !type->is_string() || type->text != "AWS::IoT::TopicRule") continue;
    RuleSite site;
    site.cfn = true;
    site.name = r.key;
    site.anchor_begin = r.key_begin;
    site.anchor_end = r.key_end;
    site.path = absl::StrCat("Resources.", r.key, ".Properties");
    site.payload_path = absl::StrCat(site.path, ".TopicRulePayload");
    site.shape = FindShape("CfnTopicRuleProperties");
    const Member* props = r.value.FindMember("Properties");
    if (props != nullptr) {
      site.envelope = &props->value;
      site.anchor_begin = props->key_begin;
      site.anchor_end = props->key_end;
      if (props->value.is_object()) {
        const Node* name = props->value.Find("RuleName");
        if (name != nullptr && name->is_string()) site.name = name->text;
        site.payload = ObjectMember(props->value, "TopicRulePayload");
        const Member* p = props->value.FindMember("TopicRulePayload");
        if (p != nullptr) {
          site.anchor_begin = p->key_begin;
          site.anchor_end = p->key_end;
        }
      }
    } else {
      // The shape check reports the missing Properties on an empty stand-in.
      site.envelope = nullptr;
    }
    sites->push_back(std::move(site));
  }
}

}  // namespace

const char* InputKindName(InputKind kind) {
  switch (kind) {
    case InputKind::kUnknown: return "unknown";
    case InputKind::kPayload: return "topic-rule-payload";
    case InputKind::kCliInput: return "cli-input";
    case InputKind::kGetTopicRule: return "get-topic-rule";
    case InputKind::kCloudFormation: return "cloudformation";
  }
  return "unknown";
}

InputKind FindRules(Node* root, std::string_view stem, std::vector<RuleSite>* sites) {
  if (!root->is_object()) return InputKind::kUnknown;
  if (root->Find("Resources") != nullptr || root->Find("AWSTemplateFormatVersion") != nullptr) {
    MarkJsonIntrinsics(root);
    CloudFormation(*root, sites);
    return InputKind::kCloudFormation;
  }
  RuleSite site;
  site.envelope = root;
  site.anchor_begin = root->begin;
  site.anchor_end = root->begin + 1;
  const Node* rule = ObjectMember(*root, "rule");
  if (rule != nullptr && root->Find("sql") == nullptr) {
    site.shape = FindShape("GetTopicRuleDocument");
    site.root_name = "the get-topic-rule document";
    site.payload = rule;
    site.payload_path = "rule";
    const Node* name = rule->Find("ruleName");
    if (name != nullptr && name->is_string()) site.name = name->text;
    const Member* m = root->FindMember("rule");
    site.anchor_begin = m->key_begin;
    site.anchor_end = m->key_end;
    sites->push_back(std::move(site));
    return InputKind::kGetTopicRule;
  }
  if (root->Find("topicRulePayload") != nullptr) {
    site.shape = FindShape("CreateTopicRuleDocument");
    site.root_name = "the create-topic-rule input";
    site.payload = ObjectMember(*root, "topicRulePayload");
    site.payload_path = "topicRulePayload";
    const Node* name = root->Find("ruleName");
    if (name != nullptr && name->is_string()) site.name = name->text;
    const Member* m = root->FindMember("topicRulePayload");
    site.anchor_begin = m->key_begin;
    site.anchor_end = m->key_end;
    sites->push_back(std::move(site));
    return InputKind::kCliInput;
  }
  if (HasKeyIgnoringCase(*root, {"sql", "actions", "awsiotsqlversion", "ruledisabled",
                                 "erroraction"})) {
    site.shape = FindShape("TopicRulePayload");
    site.root_name = "the TopicRulePayload";
    site.payload = root;
    site.name = std::string(stem);
    site.name_from_file = true;
    sites->push_back(std::move(site));
    return InputKind::kPayload;
  }
  return InputKind::kUnknown;
}

}  // namespace iotsql::validate
