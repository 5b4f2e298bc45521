#include "value/value.h"

namespace iotsql {

const char* KindName(Kind k) {
  switch (k) {
    case Kind::kUndefined: return "Undefined";
    case Kind::kNull: return "Null";
    case Kind::kBool: return "Boolean";
    case Kind::kInt: return "Int";
    case Kind::kDecimal: return "Decimal";
    case Kind::kString: return "String";
    case Kind::kArray: return "Array";
    case Kind::kObject: return "Object";
    case Kind::kBinary: return "Binary";
  }
  return "?";
}

const Value* Value::Find(std::string_view key) const {
  if (kind_ != Kind::kObject) return nullptr;
  for (uint32_t i = size_; i > 0; --i) {
    if (members_[i - 1].key == key) return &members_[i - 1].value;
  }
  return nullptr;
}

}  // namespace iotsql
