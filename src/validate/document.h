// A JSON or YAML document as `validate` sees it: a tree of values that remember where in the
// file they were written. Both front ends (json_document.cc, yaml_document.cc) build it, and
// every later check reads only this tree.
#ifndef IOTSQL_VALIDATE_DOCUMENT_H_
#define IOTSQL_VALIDATE_DOCUMENT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "validate/source_map.h"

namespace iotsql::validate {

enum class NodeKind {
  kNull,
  kBool,
  kNumber,
  kString,
  kArray,
  kObject,
  // A CloudFormation intrinsic function ({"Ref": ...}, {"Fn::Sub": ...}, !Sub, !GetAtt, ...):
  // its value is only known at deployment, so checks that need a literal skip it.
  kIntrinsic,
};

struct Member;

struct Node {
  NodeKind kind = NodeKind::kNull;
  uint32_t begin = 0;          // file byte span of the value
  uint32_t end = 0;
  std::string text;            // kString: the decoded value; kNumber: as written;
                               // kBool: "true"/"false"; kIntrinsic: "Ref", "Fn::Sub", ...
  bool integral = false;       // kNumber without fraction or exponent
  ValueMap map;                // kString: value offsets -> file offsets
  std::vector<Node> items;     // kArray elements; kIntrinsic: its argument (one node)
  std::vector<Member> members; // kObject, in file order (duplicates kept)

  bool is_string() const { return kind == NodeKind::kString; }
  bool is_object() const { return kind == NodeKind::kObject; }
  // The last member of that name (the one JSON readers keep), or nullptr.
  const Node* Find(const std::string& key) const;
  const Member* FindMember(const std::string& key) const;
};

struct Member {
  std::string key;
  uint32_t key_begin = 0;      // file byte span of the key as written (quotes included)
  uint32_t key_end = 0;
  Node value;
};

inline const Member* Node::FindMember(const std::string& key) const {
  for (auto it = members.rbegin(); it != members.rend(); ++it) {
    if (it->key == key) return &*it;
  }
  return nullptr;
}

inline const Node* Node::Find(const std::string& key) const {
  const Member* m = FindMember(key);
  return m != nullptr ? &m->value : nullptr;
}


}  // namespace iotsql::validate

#endif  // IOTSQL_VALIDATE_DOCUMENT_H_
