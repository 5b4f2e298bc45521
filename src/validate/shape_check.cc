#include "validate/shape_check.h"

#include <re2/re2.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/edit_distance.h"
#include "validate/arn.h"
#include "validate/template_fields.h"

namespace iotsql::validate {

namespace {

size_t CodePoints(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

const char* Describe(const Node& n) {
  switch (n.kind) {
    case NodeKind::kNull: return "null";
    case NodeKind::kBool: return "a boolean";
    case NodeKind::kNumber: return n.integral ? "an integer" : "a number";
    case NodeKind::kString: return "a string";
    case NodeKind::kArray: return "an array";
    case NodeKind::kObject: return "an object";
    case NodeKind::kIntrinsic: return "an intrinsic function";
  }
  return "a value";
}

const char* Expected(ShapeType t) {
  switch (t) {
    case ShapeType::kStructure: return "an object";
    case ShapeType::kList: return "an array";
    case ShapeType::kMap: return "an object";
    case ShapeType::kString: return "a string";
    case ShapeType::kBoolean: return "a boolean (true or false)";
    case ShapeType::kInteger: return "an integer";
    case ShapeType::kDouble: return "a number";
    case ShapeType::kTimestamp: return "a timestamp";
    case ShapeType::kBlob: return "a string";
  }
  return "a value";
}

bool PatternMatches(const char* pattern, const std::string& value) {
  static std::mutex mu;
  static std::map<const char*, std::unique_ptr<RE2>>* cache =
      new std::map<const char*, std::unique_ptr<RE2>>();
  const RE2* re;
  {
    std::lock_guard<std::mutex> lock(mu);
    auto& slot = (*cache)[pattern];
    if (!slot) slot = std::make_unique<RE2>(pattern);
    re = slot.get();
  }
  if (!re->ok()) return true;  // a pattern RE2 cannot run is not the user's problem
  // Smithy patterns are not implicitly anchored.
  return RE2::PartialMatch(value, *re);
}

std::string Join(const std::string& path, const std::string& name) {
  return path.empty() ? name : absl::StrCat(path, ".", name);
}

class ShapeChecker {
 public:
  ShapeChecker(const ShapeCheckOptions& options, std::vector<Finding>* out)
      : options_(options), cfn_(options.cfn), out_(out) {}

  // `holder_begin/end`: the span to point at for problems of the whole value (the member name
  // that holds it); `parent`/`member`: where it sits, for ARN and template rules.
  void Check(const Node& node, const ShapeDef& shape, const std::string& path,
             uint32_t holder_begin, uint32_t holder_end, const ShapeDef* parent,
             const MemberDef* member) {
    if (node.kind == NodeKind::kIntrinsic) return;
    switch (shape.type) {
      case ShapeType::kStructure:
        if (!node.is_object()) return TypeError(node, shape, path);
        return Structure(node, shape, path, holder_begin, holder_end);
      case ShapeType::kList:
        if (node.kind != NodeKind::kArray) return TypeError(node, shape, path);
        CheckLength(node, shape, path, node.items.size(), "element");
        for (size_t i = 0; i < node.items.size(); ++i) {
          const Node& item = node.items[i];
          Check(item, ShapeAt(shape.element), absl::StrCat(path, "[", i, "]"), item.begin,
                item.end, parent, nullptr);
        }
        return;
      case ShapeType::kMap:
        if (!node.is_object()) return TypeError(node, shape, path);
        for (const Member& m : node.members) {
          Check(m.value, ShapeAt(shape.element), Join(path, m.key), m.key_begin, m.key_end,
                parent, nullptr);
        }
        return;
      case ShapeType::kString:
      case ShapeType::kBlob:
        return String(node, shape, path, parent, member);
      case ShapeType::kBoolean:
        if (node.kind == NodeKind::kBool) return;
        if (cfn_ && node.is_string()) {
          std::string lower = absl::AsciiStrToLower(node.text);
          if (lower == "true" || lower == "false") return;
        }
        return TypeError(node, shape, path);
      case ShapeType::kInteger:
        if (node.kind == NodeKind::kNumber && node.integral) return Range(node, shape, path);
        if (cfn_ && node.is_string() && !node.text.empty() &&
            std::all_of(node.text.begin(), node.text.end(),
                        [](char c) { return c >= '0' && c <= '9'; })) {
          return Range(node, shape, path);
        }
        return TypeError(node, shape, path);
      case ShapeType::kDouble:
        if (node.kind == NodeKind::kNumber) return;
        return TypeError(node, shape, path);
      case ShapeType::kTimestamp:
        // get-topic-rule prints createdAt as text or as epoch seconds, depending on the CLI.
        if (node.kind == NodeKind::kNumber || node.is_string()) return;
        return TypeError(node, shape, path);
    }
  }

 private:
  void Error(uint32_t begin, uint32_t end, std::string message, std::string check,
             std::string hint = "") {
    AddFinding(out_, Severity::kError, begin, std::max(end, begin + 1), std::move(message),
               std::move(check), std::move(hint), options_.rule);
  }

  std::string Display(const std::string& path) const {
    return path.empty() ? options_.root_name : path;
  }

  void TypeError(const Node& node, const ShapeDef& shape, const std::string& path) {
    std::string hint;
    if (shape.type == ShapeType::kBoolean && node.is_string()) {
      hint = "write true or false without quotes";
    } else if (shape.type == ShapeType::kList && node.is_object()) {
      hint = "put the object in square brackets: [ {...} ]";
    } else if (shape.type == ShapeType::kInteger && node.is_string()) {
      hint = "write the number without quotes";
    }
    Error(node.begin, node.end, absl::StrCat(Display(path), " must be ", Expected(shape.type),
                                             ", not ", Describe(node)),
          "type", hint);
  }

  void CheckLength(const Node& node, const ShapeDef& shape, const std::string& path, size_t n,
                   const char* unit) {
    if (shape.min >= 0 && static_cast<long long>(n) < shape.min) {
      Error(node.begin, node.end,
            absl::StrCat(Display(path), " must have at least ", shape.min, " ", unit,
                         shape.min == 1 ? "" : "s"),
            shape.type == ShapeType::kString && std::string(shape.name) == "RuleName"
                ? "rule-name" : "length");
    }
    if (shape.max >= 0 && static_cast<long long>(n) > shape.max) {
      std::string check = std::string(shape.name) == "RuleName" ? "rule-name" : "length";
      std::string hint;
      if (std::string(shape.name) == "ActionList") {
        hint = "a rule has at most 10 actions; split the rule in two";
      }
      Error(node.begin, node.end,
            absl::StrCat(Display(path), " has ", n, " ", unit, "s; at most ", shape.max,
                         " are allowed"),
            check, hint);
    }
  }

  void Range(const Node& node, const ShapeDef& shape, const std::string& path) {
    long long v = std::atoll(node.text.c_str());
    if ((shape.min >= 0 && v < shape.min) || (shape.max >= 0 && v > shape.max)) {
      std::string range = shape.max >= 0 ? absl::StrCat(shape.min < 0 ? 0 : shape.min, " to ",
                                                        shape.max)
                                         : absl::StrCat("at least ", shape.min);
      Error(node.begin, node.end, absl::StrCat(Display(path), " must be ", range, ", not ",
                                               node.text),
            "range");
    }
  }

  void String(const Node& node, const ShapeDef& shape, const std::string& path,
              const ShapeDef* parent, const MemberDef* member) {
    if (node.kind != NodeKind::kString) {
      // CloudFormation turns scalars into the strings it passes on.
      if (cfn_ && (node.kind == NodeKind::kNumber || node.kind == NodeKind::kBool)) return;
      return TypeError(node, shape, path);
    }
    const std::string& v = node.text;
    size_t before = out_->size();
    CheckLength(node, shape, path, CodePoints(v), "character");
    bool length_ok = out_->size() == before;
    bool templated = false;
    if (parent != nullptr && member != nullptr) {
      templated = v.find("${") != std::string::npos &&
                  TemplateSupportOf(parent->name, member->name) != TemplateSupport::kNo;
    }
    if (shape.enum_values != nullptr && !templated) {
      std::vector<std::string> values;
      bool found = false;
      for (const char* const* e = shape.enum_values; *e != nullptr; ++e) {
        values.push_back(*e);
        if (v == *e) found = true;
      }
      if (!found) {
        std::string suggestion = ClosestName(v, values);
        Error(node.begin, node.end,
              absl::StrCat("'", v, "' is not a valid ", Display(path), ": expected ",
                           absl::StrJoin(values, ", ")),
              "enum", suggestion.empty() ? "" : absl::StrCat("did you mean '", suggestion, "'?"));
      }
    }
    if (shape.pattern != nullptr && !templated && length_ok && !PatternMatches(shape.pattern, v)) {
      bool rule_name = std::string(shape.name) == "RuleName";
      Error(node.begin, node.end,
            rule_name ? absl::StrCat("'", v, "' is not a valid rule name")
                      : absl::StrCat(Display(path), " does not match the pattern ", shape.pattern),
            rule_name ? "rule-name" : "pattern",
            rule_name ? "rule names have 1 to 128 letters, digits and underscores (no hyphens, "
                        "spaces or dots)"
                      : "");
    }
    ArnKind arn;
    if (parent != nullptr && member != nullptr && ArnKindOf(parent->name, member->name, &arn)) {
      std::string problem = CheckArn(v, arn);
      if (!problem.empty()) {
        Error(node.begin, node.end, absl::StrCat(Display(path), ": ", problem), "arn",
              absl::StrCat("for example ", ArnExample(arn)));
      }
    }
  }

  void Structure(const Node& node, const ShapeDef& shape, const std::string& path,
                 uint32_t holder_begin, uint32_t holder_end) {
    std::set<std::string> seen;
    std::vector<std::string> names;
    for (int i = 0; i < shape.member_count; ++i) {
      const char* n = MemberName(shape.members[i], cfn_);
      if (n != nullptr) names.push_back(n);
    }
    bool is_action = std::string(shape.name) == "Action";
    const Member* first_kind = nullptr;
    for (size_t k = 0; k < node.members.size(); ++k) {
      const Member& m = node.members[k];
      if (!seen.insert(m.key).second) {
        AddFinding(out_, Severity::kWarning, m.key_begin, m.key_end,
                   absl::StrCat("'", m.key, "' appears twice in ", Display(path),
                                "; only the last one counts"),
                   "duplicate-member", "", options_.rule);
      }
      const MemberDef* def = FindMember(shape, m.key, cfn_);
      if (def == nullptr) {
        UnknownMember(m, shape, path, names);
        continue;
      }
      if (node.FindMember(m.key) != &m) continue;  // an earlier duplicate: not what AWS reads
      if (is_action) {
        if (first_kind == nullptr) {
          first_kind = &m;
        } else {
          Error(m.key_begin, m.key_end,
                absl::StrCat("an action has exactly one kind, but ", Display(path), " has '",
                             first_kind->key, "' and '", m.key, "'"),
                "action-kind", "make it two actions: [ {\"" + first_kind->key + "\": ...}, {\"" +
                                   m.key + "\": ...} ]");
        }
      }
      Check(m.value, ShapeAt(def->shape), Join(path, m.key), m.key_begin, m.key_end, &shape,
            def);
    }
    for (int i = 0; i < shape.member_count; ++i) {
      const MemberDef& def = shape.members[i];
      const char* n = MemberName(def, cfn_);
      if (!def.required || n == nullptr || node.FindMember(n) != nullptr) continue;
      Error(holder_begin, holder_end,
            absl::StrCat(Display(path), " is missing the required member '", n, "'"),
            "missing-member");
    }
    if (is_action && first_kind == nullptr && node.members.empty()) {
      Error(holder_begin, holder_end,
            absl::StrCat(Display(path), " names no action kind"), "action-kind",
            cfn_ ? "e.g. {\"S3\": {...}}, {\"Lambda\": {...}}" : "e.g. {\"s3\": {...}}, {\"lambda\": {...}}");
    }
  }

  void UnknownMember(const Member& m, const ShapeDef& shape, const std::string& path,
                     const std::vector<std::string>& names) {
    std::string hint;
    std::string suggestion = ClosestName(m.key, names);
    if (!suggestion.empty()) {
      hint = absl::StrCat("did you mean '", suggestion, "'?");
    } else if (FindMember(shape, m.key, !cfn_) == nullptr && names.size() <= 10) {
      hint = absl::StrCat("expected one of: ", absl::StrJoin(names, ", "));
    }
    const MemberDef* other = FindMember(shape, m.key, !cfn_);
    if (other != nullptr && MemberName(*other, cfn_) != nullptr) {
      hint = cfn_ ? absl::StrCat("CloudFormation spells it '", other->cfn_name, "'")
                  : absl::StrCat("the API spells it '", other->name,
                                 "' (PascalCase is CloudFormation's spelling)");
    } else if (other != nullptr) {
      hint = "CloudFormation does not support this member";
    }
    std::string what = std::string(shape.name) == "Action"
                           ? absl::StrCat("unknown action kind '", m.key, "'")
                           : absl::StrCat("unknown member '", m.key, "' in ", Display(path));
    Error(m.key_begin, m.key_end, what, "unknown-member", hint);
  }

  const ShapeCheckOptions& options_;
  bool cfn_;
  std::vector<Finding>* out_;
};

}  // namespace

std::string ClosestName(const std::string& name, const std::vector<std::string>& candidates) {
  std::string lower = absl::AsciiStrToLower(name);
  std::string best(iotsql::ClosestName(name, std::max<size_t>(2, lower.size() / 4), [&](auto offer) {
    for (const std::string& c : candidates) offer(c);
  }));
  if (!best.empty() || lower.size() < 4) return best;
  // A shortened or lengthened name ("sqlVersion" for "awsIotSqlVersion").
  for (const std::string& c : candidates) {
    std::string lc = absl::AsciiStrToLower(c);
    if (lc.find(lower) != std::string::npos || (lc.size() >= 4 && lower.find(lc) != std::string::npos)) {
      return c;
    }
  }
  return best;
}

void CheckShape(const Node& node, const ShapeDef& shape, const ShapeCheckOptions& options,
                std::vector<Finding>* out) {
  ShapeChecker(options, out).Check(node, shape, options.path, node.begin, node.begin + 1,
                                   nullptr, nullptr);
}

bool IsShapeCheck(const std::string& check) {
  static const std::set<std::string> kChecks = {
      "type", "missing-member", "unknown-member", "enum", "length", "range", "pattern",
      "rule-name", "action-kind", "arn"};
  return kChecks.count(check) > 0;
}

}  // namespace iotsql::validate
