#include "functions/registry.h"

#include <algorithm>
#include <string>

#include "absl/container/flat_hash_map.h"

namespace iotsql {

void FunctionTable::Add(const FunctionInfo& info) { entries_.push_back(info); }

namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

struct Registry {
  FunctionTable table;
  absl::flat_hash_map<std::string, const FunctionInfo*> by_name;  // lower-cased name
  std::vector<const FunctionInfo*> sorted;
};

const Registry* BuildRegistry() {
  auto* r = new Registry();
  RegisterMathFunctions(&r->table);
  RegisterStringFunctions(&r->table);
  RegisterRegexFunctions(&r->table);
  RegisterTypeFunctions(&r->table);
  RegisterEncodingFunctions(&r->table);
  RegisterTimeFunctions(&r->table);
  RegisterContextFunctions(&r->table);
  RegisterExternalFunctions(&r->table);
  // `entries()` no longer grows, so pointers into it stay valid. On a duplicate name lookup
  // finds the first registration; AllFunctions lists both so that tests catch it.
  for (const FunctionInfo& f : r->table.entries()) {
    r->by_name.emplace(Lower(f.name), &f);
    r->sorted.push_back(&f);
  }
  std::sort(r->sorted.begin(), r->sorted.end(),
            [](const FunctionInfo* a, const FunctionInfo* b) {
              // Lower-cased order, so "isNull" sorts among the i's.
              return Lower(a->name) < Lower(b->name);
            });
  return r;
}

// Built once, thread-safely (function-local static); never destroyed, so lookups stay valid
// during static destruction too.
const Registry& GetRegistry() {
  static const Registry* registry = BuildRegistry();
  return *registry;
}

}  // namespace

const FunctionInfo* LookupFunction(std::string_view name) {
  const Registry& r = GetRegistry();
  auto it = r.by_name.find(Lower(name));
  return it == r.by_name.end() ? nullptr : it->second;
}

const std::vector<const FunctionInfo*>& AllFunctions() { return GetRegistry().sorted; }

}  // namespace iotsql
