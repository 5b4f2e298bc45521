// The bytecode interpreter. One Vm per thread: its stacks, arena and JSON reader are reused
// from message to message.
#ifndef IOTSQL_VM_VM_H_
#define IOTSQL_VM_VM_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bytecode/program.h"
#include "common/arena.h"
#include "iotsql/iotsql.h"
#include "value/canonical_json.h"
#include "value/json_reader.h"
#include "vm/object_builder.h"

namespace iotsql {

// kFailed: a limit was exceeded (the payload's size, or the output's); failure() says which.
enum class RunOutcome { kEmitted, kRejected, kHalted, kFailed };

class Vm {
 public:
  Vm();

  void set_provider(ExternalProvider* p) { provider_ = p; }
  void set_limits(const Limits& limits);
  const Limits& limits() const { return limits_; }

  // Runs a statement or template program on a message (the topic is not checked here).
  // `topic` is the topic as topic() sees it. After kEmitted, output()/output_binary() hold the
  // payload; after kHalted (templates), output() holds the rendered text.
  RunOutcome Run(const Program& program, std::string_view payload, std::string_view topic,
                 const MessageContext& context);

  // The last statement's payload, and the last template's text (kept apart so that a rule's
  // templates can be rendered while its output is still in use).
  const std::string& output() const { return statement_output_; }
  const std::string& rendered() const { return rendered_; }
  bool output_binary() const { return output_binary_; }
  // Why the last function call that came back Undefined did so (when it said).
  const std::string& last_error() const { return error_; }
  // Which limit the last kFailed run exceeded.
  const std::string& failure() const { return failure_; }

  // Evaluates code[begin, end) of `program`, a constant expression, with no message; the result
  // is copied into program.constant_arena. For the code generator's constant folding.
  static bool FoldConstant(Program& program, size_t begin, size_t end, Value* out);

  size_t heap_allocations() const { return arena_.heap_allocations(); }

 private:
  struct IterFrame {
    Value source;
    uint32_t next = 0;
    bool is_array = false;
    Value current;
    size_t results_start = 0;
  };

  RunOutcome Execute(const Program& program, size_t begin, size_t end, CallContext& call,
                     size_t max_stack);
  void Emit(const Value& v);
  // Emit(v) within max_output_bytes.
  RunOutcome EmitOutput(const Value& v);
  // False, with failure_ set, when `v` would take the output past max_output_bytes.
  bool OutputFits(const Value& v);
  // False, with failure_ set, when `v` takes variable `name` or all variables together past
  // max_variable_bytes.
  bool VariableFits(const std::string& name, const Value& v);
  bool Fail(std::string why);

  Arena arena_;
  JsonReader reader_;
  CanonicalJsonScanner canonical_;
  bool payload_is_output_ = false;  // payload_json_ is this run's output (EMIT_PAYLOAD)
  std::string payload_json_;
  std::vector<Value> stack_;
  std::vector<Value> vars_;
  size_t variable_bytes_ = 0;  // this run's SET values so far, as JSON text
  std::string variable_json_;  // reused to measure them
  std::vector<Value> statement_roots_;
  std::vector<Value> template_roots_;
  Value* roots_ = nullptr;
  JsonReader template_reader_;  // a continuing template must not disturb the statement's values
  std::vector<Value> iter_results_;
  std::vector<IterFrame> iters_;
  std::vector<Value> call_args_;
  ObjectBuilder builder_;
  Value payload_;
  Value stack_result_;  // top of the stack when a slice ends without EMIT (folding)
  std::string statement_output_;
  std::string rendered_;
  std::string* output_ = &statement_output_;
  // The statement run that a template of the same rule and message continues.
  const Program* last_statement_ = nullptr;
  std::string_view last_payload_;
  std::string last_topic_;
  std::optional<int64_t> last_timestamp_;
  bool output_binary_ = false;
  bool output_first_ = true;  // kOutField: no comma before the first member
  std::string error_;
  std::string failure_;
  Limits limits_;
  ExternalProvider* provider_ = nullptr;
};

}  // namespace iotsql

#endif  // IOTSQL_VM_VM_H_
