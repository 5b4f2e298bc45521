#include "vm/object_builder.h"

namespace iotsql {

void ObjectBuilder::Reset() {
  used_ = 0;
  roots_.clear();
}

int ObjectBuilder::NewNode() {
  if (used_ == nodes_.size()) nodes_.emplace_back();
  Node& n = nodes_[used_];
  n.entries.clear();
  n.has_binary = false;
  return static_cast<int>(used_++);
}

void ObjectBuilder::Begin() { roots_.push_back(NewNode()); }

void ObjectBuilder::SetKey(int node, std::string_view key, const Value& v) {
  std::vector<Entry>& entries = nodes_[node].entries;
  for (Entry& e : entries) {
    if (e.key == key) {
      e.value = v;
      e.child = -1;
      return;
    }
  }
  entries.push_back({key, v, -1});
}

void ObjectBuilder::Set(const std::vector<std::string>& path, const Value& v) {
  if (v.is_undefined()) return;
  int node = roots_.back();
  for (size_t i = 0; i + 1 < path.size(); ++i) {
    std::string_view key = path[i];
    int child = -1;
    for (Entry& e : nodes_[node].entries) {
      if (e.key != key) continue;
      if (e.child < 0) {
        // An Object already there (from `*` or an earlier item) is extended, not replaced:
        // `SELECT *, 5 AS c.new` keeps the payload's c members (open question 27).
        const Value existing = e.value;
        int fresh = NewNode();  // may move nodes_: re-find the entry below
        for (Entry& again : nodes_[node].entries) {
          if (again.key == key) again.child = fresh;
        }
        if (existing.is_object()) {
          for (uint32_t m = 0; m < existing.size(); ++m) {
            const Member& member = existing.members()[m];
            if (!member.value.is_undefined()) {
              nodes_[fresh].entries.push_back({member.key, member.value, -1});
            }
          }
        }
        child = fresh;
      } else {
        child = e.child;
      }
      break;
    }
    if (child < 0) {
      child = NewNode();
      nodes_[node].entries.push_back({key, Value::Undefined(), child});
    }
    node = child;
  }
  SetKey(node, path.back(), v);
}

void ObjectBuilder::Spread(const Value& v) {
  int node = roots_.back();
  if (v.is_binary()) {
    nodes_[node].has_binary = true;
    nodes_[node].binary = v;
    return;
  }
  if (!v.is_object()) return;
  // An Object's keys are unique, so each member is looked up only among the entries that were
  // there before (none in the usual `SELECT *, ...`).
  std::vector<Entry>& entries = nodes_[node].entries;
  const size_t existing = entries.size();
  for (uint32_t i = 0; i < v.size(); ++i) {
    const Member& m = v.members()[i];
    if (m.value.is_undefined()) continue;
    size_t at = 0;
    while (at < existing && entries[at].key != m.key) ++at;
    if (at < existing) {
      entries[at].value = m.value;
      entries[at].child = -1;
    } else {
      entries.push_back({m.key, m.value, -1});
    }
  }
}

Value ObjectBuilder::Materialize(int node, Arena* arena) {
  const std::vector<Entry>& entries = nodes_[node].entries;
  Member* members = arena->AllocateArray<Member>(entries.size());
  uint32_t n = 0;
  for (size_t i = 0; i < entries.size(); ++i) {
    const Entry& e = nodes_[node].entries[i];  // nodes_ is stable here: no NewNode calls
    Value v = e.child >= 0 ? Materialize(e.child, arena) : e.value;
    members[n].key = e.key;
    members[n].value = v;
    ++n;
  }
  return Value::Object(members, n);
}

Value ObjectBuilder::End(Arena* arena) {
  int node = roots_.back();
  roots_.pop_back();
  if (nodes_[node].has_binary) return nodes_[node].binary;
  return Materialize(node, arena);
}

}  // namespace iotsql
