#include "validate/api_model.h"

namespace iotsql::validate {

namespace {
#include "validate/api_model_data.inc"
}  // namespace

const ShapeDef* FindShape(std::string_view name) {
  for (const ShapeDef& s : kShapeTable) {
    if (name == s.name) return &s;
  }
  return nullptr;
}

const ShapeDef& ShapeAt(int index) { return kShapeTable[index]; }

const MemberDef* FindMember(const ShapeDef& shape, std::string_view name, bool cfn) {
  for (int i = 0; i < shape.member_count; ++i) {
    const char* n = MemberName(shape.members[i], cfn);
    if (n != nullptr && name == n) return &shape.members[i];
  }
  return nullptr;
}

}  // namespace iotsql::validate
