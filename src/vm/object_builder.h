// Builds SELECT output objects: items in order, dotted aliases as nested objects that merge,
// the last item winning a name (at the first item's position), Undefined items left out.
// Its node pool is reused from message to message.
#ifndef IOTSQL_VM_OBJECT_BUILDER_H_
#define IOTSQL_VM_OBJECT_BUILDER_H_

#include <string>
#include <string_view>
#include <vector>

#include "common/arena.h"
#include "value/value.h"

namespace iotsql {

class ObjectBuilder {
 public:
  void Reset();
  void Begin();
  void Set(const std::vector<std::string>& path, const Value& v);
  // `*`: the members of an Object; a non-JSON payload makes the whole output those bytes.
  void Spread(const Value& v);
  Value End(Arena* arena);

 private:
  struct Entry {
    std::string_view key;
    Value value;
    int child;  // node index of a nested object under construction, or -1
  };
  struct Node {
    std::vector<Entry> entries;
    bool has_binary = false;
    Value binary;
  };
  int NewNode();
  void SetKey(int node, std::string_view key, const Value& v);
  Value Materialize(int node, Arena* arena);

  std::vector<Node> nodes_;
  size_t used_ = 0;
  std::vector<int> roots_;
};

}  // namespace iotsql

#endif  // IOTSQL_VM_OBJECT_BUILDER_H_
