// Type handling (§15.5: isNull, isUndefined, get, get_or_default, cast) and transform (§15.9).
#include <cstdint>
#include <optional>
#include <string_view>

#include "common/string_view.h"
#include "functions/args.h"
#include "common/utf8.h"
#include "functions/registry.h"
#include "value/convert.h"

namespace iotsql {
namespace {

constexpr SqlVersion k2015 = SqlVersion::k2015_10_08;
constexpr SqlVersion k2016 = SqlVersion::k2016_03_23;


Value IsNull(CallContext&, const Value* args, int) { return Value::Bool(args[0].is_null()); }

Value IsUndefined(CallContext&, const Value* args, int) {
  return Value::Bool(args[0].is_undefined());
}

Value Get(CallContext&, const Value* args, int) {
  const Value& c = args[0];
  const Value& k = args[1];
  if (c.is_object()) {
    if (!k.is_string()) return Value::Undefined();
    const Value* v = c.Find(k.as_string());
    return v ? *v : Value::Undefined();
  }
  if (!c.is_array() && !c.is_string()) return Value::Undefined();
  int64_t index;
  if (!IntdArg(k, &index) || index < 0) return Value::Undefined();
  if (c.is_array()) {
    if (index >= static_cast<int64_t>(c.size())) return Value::Undefined();
    return c.items()[index];
  }
  // String: the index counts code points, the result points into the argument's text.
  std::string_view s = c.as_string();
  size_t pos = 0;
  for (int64_t i = 0; pos < s.size(); ++i) {
    size_t len = Utf8CharLength(s, pos);
    if (i == index) return Value::String(s.substr(pos, len));
    pos += len;
  }
  return Value::Undefined();
}

// Only Undefined selects the default: Null is a value (open question 46).
Value GetOrDefault(CallContext&, const Value* args, int) {
  return args[0].is_undefined() ? args[1] : args[0];
}

// transform("enrichArray", obj, arr): each element object of `arr` plus the members of `obj`;
// on a shared key `obj` wins (open question 42). A non-object element or a wrong-typed argument
// makes the whole call Undefined ("invalid arguments").
Value Transform(CallContext& ctx, const Value* args, int) {
  if (!args[0].is_string() || args[0].as_string() != "enrichArray") return Value::Undefined();
  const Value& obj = args[1];
  const Value& arr = args[2];
  if (!obj.is_object() || !arr.is_array()) return Value::Undefined();
  Value* items = ctx.arena->AllocateArray<Value>(arr.size());
  for (uint32_t i = 0; i < arr.size(); ++i) {
    const Value& e = arr.items()[i];
    if (!e.is_object()) return Value::Undefined();
    Member* members = ctx.arena->AllocateArray<Member>(e.size() + obj.size());
    uint32_t n = 0;
    for (uint32_t j = 0; j < e.size(); ++j) {
      const Member& m = e.members()[j];
      if (obj.Find(m.key) == nullptr) members[n++] = m;
    }
    for (uint32_t j = 0; j < obj.size(); ++j) members[n++] = obj.members()[j];
    items[i] = Value::Object(members, n);
  }
  return Value::Array(items, arr.size());
}

Value FromBool(bool b, CastType type, bool v2) {
  switch (type) {
    case CastType::kInt: return Value::Int(b ? 1 : 0);
    case CastType::kDecimal:
    case CastType::kDouble: return MakeNumber(Decimal::FromParts(b ? 10 : 0, -1), v2);  // 1.0
    case CastType::kBoolean: return Value::Bool(b);
    case CastType::kString: break;
  }
  return Value::Undefined();
}

}  // namespace

bool ResolveCastType(std::string_view keyword, CastType* type, bool* needs_v2) {
  // Decimal is documented as 2016-03-23, but rules run on AWS show cast(... AS Decimal) working
  // in 2015-10-08 (open-questions.md, "Settled"): only Bool/Boolean are gated.
  static constexpr struct {
    const char* name;
    CastType type;
    bool v2;
  } kTypes[] = {
      {"string", CastType::kString, false},   {"nvarchar", CastType::kString, false},
      {"text", CastType::kString, false},     {"ntext", CastType::kString, false},
      {"varchar", CastType::kString, false},  {"int", CastType::kInt, false},
      {"integer", CastType::kInt, false},     {"double", CastType::kDouble, false},
      {"decimal", CastType::kDecimal, false},  {"bool", CastType::kBoolean, true},
      {"boolean", CastType::kBoolean, true},
  };
  for (const auto& t : kTypes) {
    if (EqualsIgnoreCase(keyword, t.name)) {
      *type = t.type;
      *needs_v2 = t.v2;
      return true;
    }
  }
  return false;
}

Value Cast(CallContext& ctx, const Value& v, CastType type) {
  if (type == CastType::kString) return ToStringValue(v, ctx.arena);
  if (v.is_bool()) return FromBool(v.as_bool(), type, ctx.v2());
  // Strings become Booleans by their text ("true"/"false"), not as numbers.
  if (type == CastType::kBoolean) {
    return v.is_number() ? Value::Bool(!v.as_decimal().IsZero()) : ToBoolean(v);
  }
  // Every other target needs a number; Strings parse with the §9.2 regex.
  Value n;
  if (!NumArg(v, &n)) return Value::Undefined();
  switch (type) {
    case CastType::kInt: {
      if (n.is_int()) return n.AsPlainInt();
      std::optional<Decimal> f = n.as_decimal().Floor();
      return f ? MakeIntFromDecimal(*f) : Value::Undefined();
    }
    case CastType::kDecimal:
      return n.is_int() ? n : MakeNumber(n.as_decimal(), ctx.v2());
    case CastType::kDouble: {
      double d;
      if (!DblArg(n, &d)) return Value::Undefined();
      return MakeDouble(ctx, d);
    }
    case CastType::kBoolean:
    case CastType::kString: break;  // handled above
  }
  return Value::Undefined();
}

void RegisterTypeFunctions(FunctionTable* t) {
  using C = FunctionCategory;
  t->Add({"isNull", 1, 1, k2015, C::kPure, IsNull});
  t->Add({"isUndefined", 1, 1, k2016, C::kPure, IsUndefined});
  t->Add({"get", 2, 2, k2015, C::kPure, Get});
  // Version not documented; accepted in both.
  t->Add({"get_or_default", 2, 2, k2015, C::kPure, GetOrDefault});
  t->Add({"transform", 3, 3, k2016, C::kPure, Transform, /*constant_args=*/1u << 0});
}

}  // namespace iotsql
