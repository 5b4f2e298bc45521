// A rule document compiled for the engine: the statement, and each action's parameters with
// their ${...} templates compiled against the statement (so they see its SET variables).
// Immutable once built; snapshots and queued action requests share it.
#ifndef IOTSQL_ENGINE_COMPILED_RULE_H_
#define IOTSQL_ENGINE_COMPILED_RULE_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "bytecode/program.h"
#include "engine/metrics.h"
#include "iotsql/engine.h"
#include "vm/vm.h"

namespace iotsql {

class CompiledAction {
 public:
  // `is_error_action`: external functions are not allowed in its templates (spec §19).
  static absl::StatusOr<CompiledAction> Compile(const ActionSpec& spec, const Rule& rule,
                                                bool is_error_action);

  const std::string& kind() const { return kind_; }
  const std::string& params_json() const { return params_json_; }
  bool has_templates() const { return !templates_.empty(); }

  // The parameters as JSON with every template rendered for the message, on `vm`. Right after
  // `vm` ran the rule on the same message, the templates continue that run (same SET values).
  void Render(Vm& vm, std::string_view payload, std::string_view topic,
              const MessageContext& context, std::string* out) const;

 private:
  std::string kind_;
  std::string params_json_;
  // params_json_ cut around its template strings: literals_[0] templates_[0] literals_[1] ...
  std::vector<std::string> literals_;
  std::vector<std::unique_ptr<Program>> templates_;
};

struct CompiledRule {
  CompiledRule(std::string n, Rule r) : name(std::move(n)), rule(std::move(r)) {}
  std::string name;
  Rule rule;
  std::vector<CompiledAction> actions;
  std::optional<CompiledAction> error_action;
  std::shared_ptr<RuleStats> stats;  // shared with the rule's earlier and later versions
};

// Errors name the rule, the action and the parameter, with positions in the document's file
// when it has one.
absl::StatusOr<std::unique_ptr<CompiledRule>> CompileRule(const RuleDocument& doc,
                                                          const Limits& limits = Limits());

}  // namespace iotsql

#endif  // IOTSQL_ENGINE_COMPILED_RULE_H_
