#include "engine/topic_index.h"

#include "absl/container/flat_hash_map.h"
#include "absl/container/inlined_vector.h"
#include "absl/strings/string_view.h"

namespace iotsql {

struct TopicIndex::Node {
  // Literal child levels: most nodes have one, kept inline; the others in a map.
  std::string first_key;
  Node* first_child = nullptr;
  absl::flat_hash_map<std::string, Node*> more;
  Node* plus = nullptr;                   // the `+` level
  absl::InlinedVector<uint32_t, 2> here;  // filters that end at this node
  absl::InlinedVector<uint32_t, 2> hash;  // filters that continue with `/#` (or are `#`)

  Node* Child(std::string_view level) const {
    if (first_child != nullptr && first_key == level) return first_child;
    if (more.empty()) return nullptr;
    auto it = more.find(absl::string_view(level.data(), level.size()));
    return it == more.end() ? nullptr : it->second;
  }
};

TopicIndex::TopicIndex() : root_(NewNode()) {}
TopicIndex::~TopicIndex() = default;

TopicIndex::Node* TopicIndex::NewNode() {
  constexpr size_t kChunk = 256;
  if (chunks_.empty() || chunk_used_ == kChunk) {
    chunks_.push_back(std::make_unique<Node[]>(kChunk));
    chunk_used_ = 0;
  }
  ++nodes_;
  return &chunks_.back()[chunk_used_++];
}

void TopicIndex::Add(std::string_view filter, uint32_t value) {
  Node* node = root_;
  size_t start = 0;
  while (true) {
    size_t slash = filter.find('/', start);
    std::string_view level = filter.substr(
        start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (level == "#") {
      node->hash.push_back(value);
      break;
    }
    Node* next;
    if (level == "+") {
      if (node->plus == nullptr) node->plus = NewNode();
      next = node->plus;
    } else if ((next = node->Child(level)) == nullptr) {
      next = NewNode();
      if (node->first_child == nullptr) {
        node->first_key.assign(level.data(), level.size());
        node->first_child = next;
      } else {
        node->more.emplace(absl::string_view(level.data(), level.size()), next);
      }
    }
    node = next;
    if (slash == std::string_view::npos) {
      node->here.push_back(value);
      break;
    }
    start = slash + 1;
  }
  ++size_;
}

void TopicIndex::Match(std::string_view topic, Scratch* scratch, std::vector<uint32_t>* out) const {
  std::vector<std::string_view>& levels = scratch->levels;
  levels.clear();
  for (size_t start = 0;;) {
    size_t slash = topic.find('/', start);
    if (slash == std::string_view::npos) {
      levels.push_back(topic.substr(start));
      break;
    }
    levels.push_back(topic.substr(start, slash - start));
    start = slash + 1;
  }
  const uint32_t n = static_cast<uint32_t>(levels.size());
  // MQTT: a `$` topic is reached only through filters whose first level is literal.
  const bool reserved = !topic.empty() && topic[0] == '$';

  auto& pending = scratch->pending;
  pending.clear();
  pending.emplace_back(root_, 0);
  while (!pending.empty()) {
    auto [node, depth] = pending.back();
    pending.pop_back();
    if (depth == n) {
      out->insert(out->end(), node->here.begin(), node->here.end());
      continue;  // `#` needs at least one more level: `a/#` does not match `a`
    }
    bool wildcards = !(reserved && depth == 0);
    if (wildcards) out->insert(out->end(), node->hash.begin(), node->hash.end());
    if (wildcards && node->plus != nullptr) pending.emplace_back(node->plus, depth + 1);
    if (Node* child = node->Child(levels[depth])) pending.emplace_back(child, depth + 1);
  }
}

}  // namespace iotsql
