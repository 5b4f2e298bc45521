// The public API: Rule, Template, Evaluator (include/iotsql/iotsql.h).
#include "api/compile.h"
#include "absl/strings/str_cat.h"
#include "bytecode/verifier.h"
#include "common/topic.h"
#include "iotsql/iotsql.h"
#include "vm/vm.h"

namespace iotsql {

namespace {

absl::Status CompileError(const std::vector<Diagnostic>& diagnostics, std::string_view source) {
  std::string text = FormatDiagnostics(diagnostics, source, "");
  while (!text.empty() && text.back() == '\n') text.pop_back();
  return absl::InvalidArgumentError(text);
}

}  // namespace

absl::StatusOr<SqlVersion> ParseSqlVersion(std::string_view text) {
  if (text == "2015-10-08") return SqlVersion::k2015_10_08;
  if (text == "2016-03-23" || text == "beta") return SqlVersion::k2016_03_23;
  return absl::InvalidArgumentError(absl::StrCat(
      "unknown SQL version '", absl::string_view(text.data(), text.size()),
      "': use 2015-10-08, 2016-03-23 or beta"));
}

const char* SqlVersionName(SqlVersion v) {
  return v == SqlVersion::k2016_03_23 ? "2016-03-23" : "2015-10-08";
}

// ---- Rule --------------------------------------------------------------------------------------

Rule::Rule(std::unique_ptr<Program> p) : program_(std::move(p)) {}
Rule::Rule(Rule&&) noexcept = default;
Rule& Rule::operator=(Rule&&) noexcept = default;
Rule::~Rule() = default;

absl::StatusOr<Rule> Rule::Compile(std::string_view sql, SqlVersion version,
                                   const Limits& limits) {
  std::vector<Diagnostic> diagnostics;
  CheckOptions options;
  options.version = version;
  options.limits = limits;
  std::unique_ptr<Program> program = CompileStatement(sql, options, &diagnostics);
  if (!program) return CompileError(diagnostics, sql);
  return Rule(std::move(program));
}

std::string_view Rule::sql() const { return program_->source; }
SqlVersion Rule::version() const { return program_->version; }
std::string_view Rule::topic_filter() const { return program_->topic_filter; }
bool Rule::MatchesTopic(std::string_view topic) const {
  return program_->has_from && TopicMatches(program_->topic_filter, topic);
}
const std::string& Rule::warnings() const { return program_->formatted_warnings; }
std::string Rule::Explain() const { return Disassemble(*program_); }
std::string Rule::AstDump() const { return program_->ast ? ast::Dump(*program_->ast) : ""; }

// ---- Template ----------------------------------------------------------------------------------

Template::Template(std::unique_ptr<Program> p) : program_(std::move(p)) {}
Template::Template(Template&&) noexcept = default;
Template& Template::operator=(Template&&) noexcept = default;
Template::~Template() = default;

absl::StatusOr<Template> Template::Compile(std::string_view text, const Rule& rule) {
  std::vector<Diagnostic> diagnostics;
  CheckOptions options;
  options.version = rule.version();
  std::unique_ptr<Program> program =
      CompileTemplate(text, &rule.program(), options, &diagnostics);
  if (!program) return CompileError(diagnostics, text);
  return Template(std::move(program));
}

std::string_view Template::text() const { return program_->source; }

// ---- Evaluator ---------------------------------------------------------------------------------

class EvalState {
 public:
  Vm vm;
};

Evaluator::Evaluator() : state_(new EvalState) {}
Evaluator::~Evaluator() = default;

void Evaluator::set_provider(ExternalProvider* provider) { state_->vm.set_provider(provider); }

void Evaluator::set_limits(const Limits& limits) { state_->vm.set_limits(limits); }

size_t Evaluator::heap_allocations() const { return state_->vm.heap_allocations(); }

absl::StatusOr<EvalResult> Evaluator::Evaluate(const Rule& rule, std::string_view payload,
                                               const MessageContext& context) {
  EvalResult result;
  const Program& program = rule.program();
  std::string_view topic = context.topic;
  std::string_view ingest_rule, rest;
  const Limits& limits = state_->vm.limits();
  int levels = 0;  // known without reading the topic when the filter fixes them
  if (SplitBasicIngest(topic, &ingest_rule, &rest)) {
    // Basic Ingest addresses one rule by name, whatever its FROM says.
    if (ingest_rule != context.rule_name) return result;
    topic = rest;
  } else if (!program.has_from || !TopicMatches(program.topic_filter, topic)) {
    return result;
  } else {
    levels = program.topic_filter_fixed_levels;
  }
  // AWS's broker never delivers a topic past its limits.
  if (levels > 0 ? levels > limits.max_topic_levels || topic.size() > limits.max_topic_bytes
                 : !CheckTopicSize(topic, limits.max_topic_levels, limits.max_topic_bytes).empty()) {
    return result;
  }
  RunOutcome outcome = state_->vm.Run(program, payload, topic, context);
  if (outcome == RunOutcome::kFailed) return absl::InvalidArgumentError(state_->vm.failure());
  if (outcome != RunOutcome::kEmitted) return result;
  result.matched = true;
  result.payload = state_->vm.output();
  result.binary = state_->vm.output_binary();
  return result;
}

absl::StatusOr<std::string_view> Evaluator::Render(const Template& tpl, std::string_view payload,
                                                   const MessageContext& context) {
  std::string_view topic = context.topic;
  std::string_view ingest_rule, rest;
  if (SplitBasicIngest(topic, &ingest_rule, &rest)) topic = rest;
  if (state_->vm.Run(tpl.program(), payload, topic, context) == RunOutcome::kFailed) {
    return absl::InvalidArgumentError(state_->vm.failure());
  }
  return std::string_view(state_->vm.rendered());
}

}  // namespace iotsql
