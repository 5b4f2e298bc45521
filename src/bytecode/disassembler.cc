#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "bytecode/verifier.h"
#include "value/convert.h"

namespace iotsql {

namespace {

const char* kCastNames[] = {"String", "Int", "Decimal", "Double", "Boolean"};
const char* kCompareNames[] = {"=", "<>", "<", "<=", ">", ">="};

std::string ConstantText(const Value& v) {
  if (v.is_undefined()) return "Undefined";
  std::string out;
  AppendJson(v, &out);
  return out;
}

std::string Operands(const Program& p, const Instr& in) {
  switch (InfoOf(in.op).operand) {
    case OperandKind::kNone:
      if (in.op == Op::kCast) return kCastNames[in.a < 5 ? in.a : 0];
      return "";
    case OperandKind::kConst:
      if (in.op == Op::kCompareConst) {
        return absl::StrCat(kCompareNames[in.a < 6 ? in.a : 0], " ",
                            ConstantText(p.constants[in.c]));
      }
      return ConstantText(p.constants[in.c]);
    case OperandKind::kName: return absl::StrCat("'", p.names[in.c], "'");
    case OperandKind::kRootField: return absl::StrCat("'", p.root_fields[in.c], "'");
    case OperandKind::kVar: return absl::StrCat("@", p.variables[in.c]);
    case OperandKind::kFunc:
      return absl::StrCat(p.functions[in.c] ? p.functions[in.c]->name : "?", "/", in.a);
    case OperandKind::kTarget: return absl::StrCat("-> ", in.c);
    case OperandKind::kCount: return absl::StrCat(in.c);
    case OperandKind::kPath: return absl::StrJoin(p.paths[in.c], ".");
    case OperandKind::kKeys: return absl::StrCat("{", absl::StrJoin(p.key_lists[in.c], ", "), "}");
    case OperandKind::kText: {
      if (in.op == Op::kOutField) return p.texts[in.c];  // already JSON: "name":
      std::string out;
      AppendJsonString(p.texts[in.c], &out);
      return out;
    }
  }
  return "";
}

}  // namespace

std::string Disassemble(const Program& p) {
  std::string out;
  absl::StrAppend(&out, "; ", p.is_template ? "template" : "statement", ", SQL version ",
                  SqlVersionName(p.version), "\n");
  if (p.has_from) absl::StrAppend(&out, "; FROM '", p.topic_filter, "'\n");
  absl::StrAppend(&out, "; payload: ",
                  p.payload_is_output     ? "whole document (written from its bytes when it can be)"
                  : p.needs_whole_payload ? "whole document"
                  : p.root_fields.empty() ? "not read"
                                          : absl::StrCat("members ", absl::StrJoin(p.root_fields, ", ")),
                  "\n");
  absl::StrAppend(&out, "; stack: ", p.max_stack, "\n");
  for (size_t pc = 0; pc < p.code.size(); ++pc) {
    const Instr& in = p.code[pc];
    const OpInfo& info = InfoOf(in.op);
    char line[64];
    std::snprintf(line, sizeof(line), "%4zu  %-16s ", pc, info.name);
    std::string operands = Operands(p, in);
    std::string text = absl::StrCat(line, operands);
    if (text.size() < 48) text.append(48 - text.size(), ' ');
    absl::StrAppend(&out, text, " ; ", info.synopsis, "\n");
  }
  return out;
}

}  // namespace iotsql
