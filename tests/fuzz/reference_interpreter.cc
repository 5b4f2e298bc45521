#include "fuzz/reference_interpreter.h"

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "check/checker.h"
#include "common/arena.h"
#include "functions/registry.h"
#include "value/convert.h"
#include "value/json_parse.h"
#include "vm/operators.h"

namespace iotsql::reference {

namespace {

using ast::Expr;
using ast::ExprKind;

// A SELECT list's output object under construction: items in order, dotted aliases as nested
// objects that merge (with an Object already there too), a later item replacing an earlier
// one's value in its place, Undefined left out, and a binary `*` making the whole output those
// bytes.
struct OutNode {
  struct Entry {
    std::string key;
    Value value;
    std::unique_ptr<OutNode> child;
  };
  std::vector<Entry> entries;
  std::optional<Value> binary;

  Entry* FindEntry(std::string_view key) {
    for (Entry& e : entries) {
      if (e.key == key) return &e;
    }
    return nullptr;
  }

  void Set(const std::vector<std::string>& path, const Value& v) {
    if (v.is_undefined()) return;
    OutNode* node = this;
    for (size_t i = 0; i + 1 < path.size(); ++i) {
      Entry* e = node->FindEntry(path[i]);
      if (e == nullptr) {
        node->entries.push_back({path[i], Value::Undefined(), std::make_unique<OutNode>()});
        e = &node->entries.back();
      } else if (!e->child) {
        // A plain value becomes an object; an Object value is extended with the new member.
        e->child = std::make_unique<OutNode>();
        if (e->value.is_object()) e->child->Spread(e->value);
      }
      node = e->child.get();
    }
    Entry* e = node->FindEntry(path.back());
    if (e == nullptr) {
      node->entries.push_back({path.back(), v, nullptr});
    } else {
      e->value = v;
      e->child.reset();
    }
  }

  void Spread(const Value& v) {
    if (v.is_binary()) {
      binary = v;
      return;
    }
    if (!v.is_object()) return;
    for (uint32_t i = 0; i < v.size(); ++i) {
      const Member& m = v.members()[i];
      if (m.value.is_undefined()) continue;
      Entry* e = FindEntry(m.key);
      if (e == nullptr) {
        entries.push_back({std::string(m.key), m.value, nullptr});
      } else {
        e->value = m.value;
        e->child.reset();
      }
    }
  }

  Value Build(Arena* arena) const {
    if (binary) return *binary;
    Member* members = arena->AllocateArray<Member>(entries.size());
    for (size_t i = 0; i < entries.size(); ++i) {
      members[i].key = arena->CopyString(entries[i].key);
      members[i].value = entries[i].child ? entries[i].child->Build(arena) : entries[i].value;
    }
    return Value::Object(members, static_cast<uint32_t>(entries.size()));
  }
};

class Interpreter {
 public:
  Interpreter(SqlVersion version, std::string_view payload, std::string_view topic,
              const MessageContext& context)
      : v2_(version == SqlVersion::k2016_03_23), raw_payload_(payload) {
    call_.arena = &arena_;
    call_.message = &context;
    call_.version = version;
    call_.raw_payload = payload;
    call_.topic = topic;
    call_.timestamp_ms = context.timestamp_ms.value_or(0);
    call_.error = &error_;
    payload_is_json_ = ParseJsonValue(payload, v2_, &arena_, &document_);
    if (!payload_is_json_) document_ = Value::Binary(payload);
  }

  Outcome Run(const ast::Statement& s) {
    Outcome out;
    out.payload_is_json = payload_is_json_;
    for (const ast::Assignment& a : s.set) {
      Value v = Eval(*a.value);
      if (v.is_binary()) v = Value::Undefined();  // spec §8
      variables_[a.variable] = v;
      // Written out only when affordable: a value may repeat one large part many times.
      size_t size = JsonSizeLowerBound(v, kMaxJsonTextBytes + 1);
      if (size <= kMaxJsonTextBytes) {
        std::string text;
        AppendJson(v, &text);
        size = text.size();
      }
      out.largest_variable_bytes = std::max(out.largest_variable_bytes, size);
      out.variable_bytes += size;
    }
    const ast::Select& sel = s.select;
    if (sel.where && !Eval(*sel.where).is_true()) return out;
    out.matched = true;
    Value result = SelectResult(sel);
    if (result.is_binary()) {
      out.payload = std::string(result.as_string());
      out.binary = true;
    } else {
      AppendJson(result, &out.payload);
    }
    return out;
  }

 private:
  // The value of a SELECT list: one value (VALUE, or a lone un-aliased `*`) or an object.
  Value SelectResult(const ast::Select& sel) {
    if (sel.value || (sel.items.size() == 1 && sel.items[0].alias.empty() &&
                      sel.items[0].expr->kind == ExprKind::kWildcard)) {
      return Eval(*sel.items[0].expr);
    }
    OutNode node;
    for (const ast::SelectItem& item : sel.items) {
      if (item.alias.empty() && item.expr->kind == ExprKind::kWildcard) {
        node.Spread(Eval(*item.expr));
        continue;
      }
      std::vector<std::string> path = item.alias;
      if (path.empty()) path.push_back(ImplicitItemName(*item.expr));
      node.Set(path, Eval(*item.expr));
    }
    return node.Build(&arena_);
  }

  // The whole current document: the payload at the top, the element in a nested query.
  Value Current() const { return scopes_.empty() ? document_ : scopes_.back(); }

  Value Field(const Value& doc, const std::string& name) const {
    const Value* m = doc.Find(name);
    return m ? *m : Value::Undefined();
  }

  Value Eval(const Expr& e) {
    const OperatorEnv env{&arena_, v2_};
    switch (e.kind) {
      case ExprKind::kNull:
        return Value::Null();
      case ExprKind::kBool:
        return Value::Bool(e.bool_value);
      case ExprKind::kInt:
      case ExprKind::kDecimal: {
        std::string_view text = e.text;  // SQL allows leading zeros: 007
        while (text.size() > 1 && text[0] == '0' && text[1] >= '0' && text[1] <= '9') {
          text.remove_prefix(1);
        }
        std::optional<Decimal> d = Decimal::Parse(text, /*json_grammar=*/true);
        if (!d) return Value::Undefined();
        return e.kind == ExprKind::kInt ? MakeIntFromDecimal(*d) : MakeNumber(*d, v2_);
      }
      case ExprKind::kString:
        return Value::String(e.text);
      case ExprKind::kIdent:
        return Field(Current(), e.text);
      case ExprKind::kVariable: {
        auto it = variables_.find(e.text);
        return it == variables_.end() ? Value::Undefined() : it->second;
      }
      case ExprKind::kWildcard:
        return Current();
      case ExprKind::kMember:
        return Field(Eval(*e.children[0]), e.text);
      case ExprKind::kNegate:
        return OpNeg(Eval(*e.children[0]), env);
      case ExprKind::kNot:
        return OpNot(Eval(*e.children[0]));
      case ExprKind::kBinary: {
        // Both sides, always: AND and OR do not short-circuit.
        Value a = Eval(*e.children[0]);
        Value b = Eval(*e.children[1]);
        switch (e.op) {
          case ast::BinaryOp::kAnd: return OpAnd(a, b);
          case ast::BinaryOp::kOr: return OpOr(a, b);
          case ast::BinaryOp::kEq: return OpEq(a, b);
          case ast::BinaryOp::kNe: return OpNe(a, b);
          case ast::BinaryOp::kLt: return OpOrder(a, b, Ordering::kLt);
          case ast::BinaryOp::kLe: return OpOrder(a, b, Ordering::kLe);
          case ast::BinaryOp::kGt: return OpOrder(a, b, Ordering::kGt);
          case ast::BinaryOp::kGe: return OpOrder(a, b, Ordering::kGe);
          case ast::BinaryOp::kAdd: return OpAdd(a, b, env);
          case ast::BinaryOp::kSub: return OpSub(a, b, env);
          case ast::BinaryOp::kMul: return OpMul(a, b, env);
          case ast::BinaryOp::kDiv: return OpDiv(a, b, env);
          case ast::BinaryOp::kMod: return OpMod(a, b, env);
        }
        return Value::Undefined();
      }
      case ExprKind::kIn: {
        Value a = Eval(*e.children[0]);
        return OpIn(a, Eval(*e.children[1]));
      }
      case ExprKind::kCase: {
        Value subject = Eval(*e.children[0]);
        if (subject.is_undefined()) return subject;
        size_t pairs = (e.children.size() - 1 - (e.has_else ? 1 : 0)) / 2;
        for (size_t i = 0; i < pairs; ++i) {
          if (OpEq(subject, Eval(*e.children[1 + 2 * i])).is_true()) {
            return Eval(*e.children[2 + 2 * i]);
          }
        }
        return e.has_else ? Eval(*e.children.back()) : Value::Undefined();
      }
      case ExprKind::kCall: {
        const FunctionInfo* f = LookupFunction(e.text);
        if (f == nullptr) return Value::Undefined();
        const bool encode = absl::AsciiStrToLower(e.text) == "encode";
        std::vector<Value> args;
        for (const auto& c : e.children) {
          // encode(*, ...) encodes the bytes as sent, JSON or not.
          if (encode && c->kind == ExprKind::kWildcard && scopes_.empty()) {
            args.push_back(Value::Binary(raw_payload_));
          } else {
            args.push_back(Eval(*c));
          }
        }
        return f->fn(call_, args.data(), static_cast<int>(args.size()));
      }
      case ExprKind::kCast: {
        CastType type = CastType::kString;
        bool needs_v2 = false;
        ResolveCastType(e.text, &type, &needs_v2);
        return Cast(call_, Eval(*e.children[0]), type);
      }
      case ExprKind::kArray: {
        Value* items = arena_.AllocateArray<Value>(e.children.size());
        for (size_t i = 0; i < e.children.size(); ++i) items[i] = Eval(*e.children[i]);
        return Value::Array(items, static_cast<uint32_t>(e.children.size()));
      }
      case ExprKind::kObject: {
        OutNode node;
        for (size_t i = 0; i < e.children.size(); ++i) node.Set({e.keys[i]}, Eval(*e.children[i]));
        return node.Build(&arena_);
      }
      case ExprKind::kSubquery:
        return Subquery(*e.subquery);
    }
    return Value::Undefined();
  }

  // A nested query: an Array source gives an Array of the results that are not Undefined; an
  // Object source is queried as its one element and gives that result itself; `FROM *` is the
  // current document as a one-element Array.
  Value Subquery(const ast::Select& sel) {
    Value source;
    if (sel.from->kind == ExprKind::kWildcard) {
      Value* one = arena_.AllocateArray<Value>(1);
      one[0] = Current();
      source = Value::Array(one, 1);
    } else {
      source = Eval(*sel.from);
    }
    if (!source.is_array() && !source.is_object()) return Value::Undefined();
    std::vector<Value> elements;
    if (source.is_array()) {
      elements.assign(source.items(), source.items() + source.size());
    } else {
      elements.push_back(source);
    }
    std::vector<Value> results;
    for (const Value& element : elements) {
      scopes_.push_back(element);
      bool selected = !sel.where || Eval(*sel.where).is_true();
      if (selected) results.push_back(SelectResult(sel));
      scopes_.pop_back();
    }
    if (!source.is_array()) return results.empty() ? Value::Undefined() : results[0];
    Value* items = arena_.AllocateArray<Value>(results.size());
    uint32_t kept = 0;
    for (const Value& r : results) {
      if (!r.is_undefined()) items[kept++] = r;
    }
    return Value::Array(items, kept);
  }

  bool v2_;
  std::string_view raw_payload_;
  Arena arena_;
  CallContext call_;
  std::string error_;
  Value document_;
  bool payload_is_json_ = false;
  std::vector<Value> scopes_;
  std::map<std::string, Value> variables_;
};

}  // namespace

Outcome Evaluate(const ast::Statement& statement, SqlVersion version, std::string_view payload,
                 std::string_view topic, const MessageContext& context) {
  return Interpreter(version, payload, topic, context).Run(statement);
}

}  // namespace iotsql::reference
