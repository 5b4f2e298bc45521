#include "engine/rule_name.h"

#include "absl/strings/str_cat.h"

namespace iotsql {

namespace {
bool Allowed(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}
}  // namespace

std::string RuleNameError(std::string_view name) {
  if (name.empty()) return "a rule name cannot be empty";
  if (name.size() > 128) return "a rule name has at most 128 characters";
  for (size_t i = 0; i < name.size(); ++i) {
    if (!Allowed(name[i])) {
      std::string shown =
          name[i] == ' ' ? "space" : absl::StrCat("'", std::string(1, name[i]), "'");
      return absl::StrCat("a rule name may hold only letters, digits and _ (", shown,
                          " at character ", i + 1, ")");
    }
  }
  return "";
}

std::string SuggestRuleName(std::string_view name) {
  std::string out;
  for (char c : name.substr(0, 128)) out.push_back(Allowed(c) ? c : '_');
  if (out.empty()) out = "rule";
  return out;
}

}  // namespace iotsql
