// A trie over topic levels, so that finding the rules a message triggers costs the number of
// its levels and matching filters, not the number of rules (spec §6 semantics, identical to
// TopicMatches: `+` one level, `#` one or more trailing levels — `a/#` does not match `a` —
// and filters starting with a wildcard do not match `$` topics).
#ifndef IOTSQL_ENGINE_TOPIC_INDEX_H_
#define IOTSQL_ENGINE_TOPIC_INDEX_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace iotsql {

class TopicIndex {
 public:
  struct Node;
  // Per-caller working memory for Match, reused from message to message.
  struct Scratch {
    std::vector<std::string_view> levels;
    std::vector<std::pair<const Node*, uint32_t>> pending;
  };

  TopicIndex();
  ~TopicIndex();
  TopicIndex(const TopicIndex&) = delete;
  TopicIndex& operator=(const TopicIndex&) = delete;

  // Registers `value` under a valid topic filter (checked by the compiler).
  void Add(std::string_view filter, uint32_t value);
  // Appends the value of every filter that matches `topic`, in no particular order. Safe to
  // call from many threads at once (each with its own scratch).
  void Match(std::string_view topic, Scratch* scratch, std::vector<uint32_t>* out) const;

  size_t size() const { return size_; }
  size_t node_count() const { return nodes_; }

 private:
  Node* NewNode();

  // Nodes in creation order, so that the levels of one filter sit next to each other in memory:
  // with thousands of rules, most of a message's path through the trie is not in the cache.
  std::vector<std::unique_ptr<Node[]>> chunks_;
  size_t chunk_used_ = 0;
  size_t nodes_ = 0;
  Node* root_;
  size_t size_ = 0;
};

}  // namespace iotsql

#endif  // IOTSQL_ENGINE_TOPIC_INDEX_H_
