// The compiler and VM against the reference tree-walking interpreter
// (tests/fuzz/reference_interpreter.h). The input bytes drive a generator of SQL statements
// (SET, SELECT lists with dotted aliases and `*`, WHERE, nested queries, CASE, IN, casts,
// literals, and every function that is neither random nor external) and of a payload for them;
// both sides evaluate the statement, and the outcome (rejected or emitted, binary or JSON) and
// the exact output bytes must be equal.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/match.h"
#include "functions/registry.h"
#include "fuzz/fuzz_util.h"
#include "fuzz/reference_interpreter.h"
#include "iotsql/iotsql.h"

namespace {

// Consumes the fuzz input as a stream of choices; zeros once it is used up. The generator takes
// its choices one statement at a time: within one expression C++ leaves the order open, and GCC
// and clang would then build different SQL from the same input (a finding replayed by the GCC
// build's fuzz_replay would test another statement).
class Choices {
 public:
  Choices(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  uint32_t Pick(uint32_t n) {
    if (n <= 1) return 0;
    uint32_t v = pos_ < size_ ? data_[pos_++] : 0;
    if (n > 256 && pos_ < size_) v = v << 8 | data_[pos_++];
    return v % n;
  }
  bool Coin() { return Pick(2) == 1; }
  bool done() const { return pos_ >= size_; }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
};

constexpr const char* kNames[] = {"a", "b", "s", "n", "arr", "obj", "x", "d"};
constexpr const char* kIntLiterals[] = {"0", "1", "2", "-1", "10", "3", "255", "-7",
                                        "9223372036854775807", "99999999999999999999",
                                        "1234567890123456789012345678901234"};
constexpr const char* kDecimalLiterals[] = {"0.5", "1.5", "10.0", "0.1", "2.50", "1E2", "5E-3",
                                            "3.14159", "-2.5", "1.0E+1", "0.0"};
constexpr const char* kStringLiterals[] = {"''", "'a'", "'10'", "'1.5'", "'true'", "'false'",
                                           "'abc'", "'ABC def'", "'x'", "'\u00e9t\u00e9'",
                                           "'base64'", "'hex'", "'enrichArray'", "'addValue'",
                                           "'a.*'", "'[0-9]+'", "'$1'", "'yyyy-MM-dd'", "'UTC'",
                                           "' 7 '", "'-3'", "'null'"};
constexpr const char* kCastTypes[] = {"String", "Int", "Decimal", "Double", "Boolean", "Bool"};
constexpr const char* kBinaryOps[] = {"AND", "OR", "=", "<>", "<", "<=", ">", ">=",
                                      "+", "-", "*", "/", "%"};

class Generator {
 public:
  explicit Generator(Choices* c) : c_(*c) {
    for (const iotsql::FunctionInfo* f : iotsql::AllFunctions()) {
      if (f->category == iotsql::FunctionCategory::kPure ||
          f->category == iotsql::FunctionCategory::kContext) {
        functions_.push_back(f);
        if (!Multiplies(f->name)) tame_functions_.push_back(f);
      }
    }
  }

  std::string Statement() {
    std::string sql;
    int vars = static_cast<int>(c_.Pick(4));
    for (int i = 0; i < vars; ++i) {
      sql += i == 0 ? "SET " : ", ";
      const int before = multipliers_built_;
      sql += "@v" + std::to_string(i) + " = " + Expr(2);
      var_multiplied_.push_back(multipliers_built_ != before);
    }
    if (vars > 0) sql += " ";
    sql += "SELECT " + SelectList(2) + " FROM 'a/b'";
    if (c_.Pick(3) == 0) sql += " WHERE " + Expr(3);
    return sql;
  }

  std::string Payload() {
    switch (c_.Pick(12)) {
      case 0: return "\x01\x02\xfe not json";
      case 1: return "[1, {\"a\": 2}]";
      case 2: return Json(0) + " x";  // not JSON after all
      default: return Object(0, /*top=*/true);
    }
  }

 private:
  std::string SelectList(int depth) {
    if (c_.Pick(6) == 0) return "VALUE " + Expr(depth);
    int items = 1 + static_cast<int>(c_.Pick(4));
    std::string out;
    for (int i = 0; i < items; ++i) {
      if (i > 0) out += ", ";
      if (c_.Pick(6) == 0 && multiplying_ == 0) {
        out += "*";
        continue;
      }
      std::string e = Expr(depth);
      out += e;
      // Paths and plain names may go without an alias; anything else needs one.
      bool plain = e.find_first_not_of("abcdefghijklmnopqrstuvwxyz.*") == std::string::npos;
      if (!plain || c_.Coin()) {
        out += " AS " + Name();
        if (c_.Pick(3) == 0) out += "." + Name();
      }
    }
    return out;
  }

  std::string Expr(int depth) {
    uint32_t kinds = depth <= 0 ? 4 : 15;
    switch (c_.Pick(kinds)) {
      case 0: return Literal();
      case 1: return Name();
      case 2:
        if (!var_multiplied_.empty() && c_.Coin()) {
          size_t v = c_.Pick(static_cast<uint32_t>(var_multiplied_.size()));
          if (!var_multiplied_[v]) return "@v" + std::to_string(v);
          if (multiplying_ == 0) {
            ++multipliers_built_;
            return "@v" + std::to_string(v);
          }
        }
        return Name() + "." + Name();
      case 3: {
        const bool star = c_.Coin();
        return star && multiplying_ == 0 ? "*" : "obj." + Name();
      }
      case 4: {
        std::string left = Expr(depth - 1);
        std::string op = kBinaryOps[c_.Pick(13)];
        return "(" + left + " " + op + " " + Expr(depth - 1) + ")";
      }
      case 5: {
        std::string op = c_.Coin() ? "-" : "NOT ";
        return op + Expr(depth - 1);
      }
      case 6: case 7: case 8: return Call(depth);
      case 9: {
        std::string operand = Expr(depth - 1);
        return "cast(" + operand + " AS " + kCastTypes[c_.Pick(6)] + ")";
      }
      case 10: {
        std::string out = "CASE " + Expr(depth - 1);
        int whens = 1 + static_cast<int>(c_.Pick(3));
        for (int i = 0; i < whens; ++i) {
          out += " WHEN " + Expr(depth - 1);
          out += " THEN " + Expr(depth - 1);
        }
        if (c_.Coin()) out += " ELSE " + Expr(depth - 1);
        return out + " END";
      }
      case 11: {
        std::string needle = Expr(depth - 1);
        return "(" + needle + " IN " + Expr(depth - 1) + ")";
      }
      case 12: {
        std::string out = "[";
        int n = static_cast<int>(c_.Pick(4));
        for (int i = 0; i < n; ++i) out += (i ? ", " : "") + Expr(depth - 1);
        return out + "]";
      }
      case 13: {
        std::string out = "{";
        int n = static_cast<int>(c_.Pick(4));
        for (int i = 0; i < n; ++i) {
          out += std::string(i ? ", " : "") + "'" + Name() + "': ";
          out += Expr(depth - 1);
        }
        return out + "}";
      }
      default: {
        const bool from_payload = c_.Pick(4) == 0 && multiplying_ == 0;
        std::string from = from_payload ? "*" : Expr(depth - 1);
        std::string out = "(SELECT " + SelectList(depth - 1) + " FROM " + from;
        if (c_.Coin()) out += " WHERE " + Expr(depth - 1);
        return out + ")";
      }
    }
  }

  std::string Call(int depth) {
    const std::vector<const iotsql::FunctionInfo*>& pool =
        multiplying_ > 0 ? tame_functions_ : functions_;
    const iotsql::FunctionInfo* f = pool[c_.Pick(static_cast<uint32_t>(pool.size()))];
    const bool multiplies = Multiplies(f->name);
    multipliers_built_ += multiplies;
    multiplying_ += multiplies;
    int max = f->max_args < 0 ? f->min_args + 3 : f->max_args;
    int argc = f->min_args + static_cast<int>(c_.Pick(static_cast<uint32_t>(max - f->min_args + 1)));
    // Now and then a variadic call near the bytecode's 255-argument bound, of plain operands.
    const bool many = f->max_args < 0 && c_.Pick(16) == 0;
    if (many) argc = 240 + static_cast<int>(c_.Pick(20));
    std::string out = std::string(f->name) + "(";
    for (int i = 0; i < argc; ++i) {
      if (i > 0) out += ", ";
      if (many) {
        out += c_.Coin() ? Literal() : Name();
      } else if (f->constant_args & (1u << i)) {
        out += kStringLiterals[c_.Pick(22)];
      } else {
        out += Expr(depth - 1);
      }
    }
    multiplying_ -= multiplies;
    return out + ")";
  }

  // replace(s, '', t) and regexp_replace(s, '', t) put t between every two characters of s, and
  // lpad/rpad take their length from an operand. One such call is a case worth testing; one fed
  // with another's result (or with `*`) builds megabyte strings through instrumented byte loops
  // on both sides, and libFuzzer, which favours inputs that reach new code, would spend its time
  // there (the rate fell from 1,400 to 350 executions a second).
  static bool Multiplies(std::string_view name) {
    return name == "replace" || name == "regexp_replace" || name == "lpad" || name == "rpad";
  }

  std::string Name() { return kNames[c_.Pick(8)]; }

  std::string Literal() {
    switch (c_.Pick(6)) {
      case 0: return kIntLiterals[c_.Pick(11)];
      case 1: return kDecimalLiterals[c_.Pick(11)];
      case 2: case 3: return kStringLiterals[c_.Pick(22)];
      case 4: return c_.Coin() ? "true" : "false";
      default: return "null";
    }
  }

  std::string Json(int depth) {
    switch (c_.Pick(depth >= 3 ? 9 : 11)) {
      case 0: return "null";
      case 1: return c_.Coin() ? "true" : "false";
      case 2: case 3: {
        const char* numbers[] = {"0", "1", "-5", "10", "2.5", "10.0", "1e2", "0.1", "-0.0",
                                 "12345678901234567890", "1.5E-3", "255", "3", "7.25"};
        return numbers[c_.Pick(14)];
      }
      case 4: case 5: case 6: {
        const char* strings[] = {"\"\"", "\"a\"", "\"10\"", "\"2.5\"", "\"true\"", "\"abc\"",
                                 "\"ABC def\"", "\"x\\\"y\"", "\"\\u00e9\"", "\"a.b\"",
                                 "\"2017-01-01\"", "\" 7 \""};
        return strings[c_.Pick(12)];
      }
      case 7: case 8: {
        std::string out = "[";
        int n = static_cast<int>(c_.Pick(4));
        for (int i = 0; i < n; ++i) out += (i ? ", " : "") + Json(depth + 1);
        return out + "]";
      }
      default: return Object(depth + 1, false);
    }
  }

  std::string Object(int depth, bool top) {
    std::string out = "{";
    int n = static_cast<int>(c_.Pick(top ? 8 : 4)) + (top ? 1 : 0);
    for (int i = 0; i < n; ++i) {
      out += std::string(i ? ", " : "") + "\"" + Name() + "\": ";
      out += Json(depth);
    }
    return out + "}";
  }

  Choices& c_;
  std::vector<const iotsql::FunctionInfo*> functions_;
  std::vector<const iotsql::FunctionInfo*> tame_functions_;  // functions_ but the multipliers
  std::vector<bool> var_multiplied_;  // per SET variable: its value came through a multiplier
  int multipliers_built_ = 0;         // multiplying calls (and uses of such variables) so far
  int multiplying_ = 0;               // > 0 within the operands of a multiplying call
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Choices choices(data, size);
  Generator gen(&choices);
  const iotsql::SqlVersion version =
      choices.Coin() ? iotsql::SqlVersion::k2016_03_23 : iotsql::SqlVersion::k2015_10_08;
  std::string sql = gen.Statement();
  std::string payload = gen.Payload();
  absl::StatusOr<iotsql::Rule> rule = iotsql::Rule::Compile(sql, version);
  if (!rule.ok()) return 0;  // the generator does not know every rule of the checker
  iotsql::fuzz::ReverifyProgram(rule->program());

  iotsql::MessageContext context;
  context.topic = "a/b";
  context.clientid = "dev-1";
  context.timestamp_ms = 1700000000000;
  // Small output and SET limits, so that a single multiplying call (Generator::Multiplies), or
  // `SET @v = *`, can pass them and the refusals are tested often, without megabyte strings.
  static const iotsql::Limits limits = [] {
    iotsql::Limits l;
    l.max_output_bytes = 4 * 1024;
    l.max_variable_bytes = 512;
    return l;
  }();
  static iotsql::Evaluator* evaluator = [] {
    auto* e = new iotsql::Evaluator;
    e->set_limits(limits);
    return e;
  }();
  absl::StatusOr<iotsql::EvalResult> vm = evaluator->Evaluate(*rule, payload, context);
  iotsql::reference::Outcome ref = iotsql::reference::Evaluate(
      *rule->program().ast, version, payload, context.topic, context);
  // The limits are the only evaluation errors a generated statement can meet: the VM must refuse
  // exactly the statements whose SET values or output the reference finds past them, and say
  // which limit. SET runs first, so its limit is the one named when both are passed.
  const char* passed = nullptr;
  if (ref.largest_variable_bytes > limits.max_variable_bytes ||
      ref.variable_bytes > limits.max_variable_bytes) {
    passed = "(max_variable_bytes)";
  } else if (ref.matched && ref.payload.size() > limits.max_output_bytes) {
    passed = "(max_output_bytes)";
  }
  const std::string vm_said = vm.ok() ? "the VM succeeded" : std::string(vm.status().message());
  // Members a statement does not read are not validated (README): when the payload is not JSON
  // as a whole, a statement that reads only members may still see them.
  if (!ref.payload_is_json && !rule->program().needs_whole_payload) {
    IOTSQL_FUZZ_CHECK(vm.ok() || absl::StrContains(vm_said, "(max_output_bytes)") ||
                          absl::StrContains(vm_said, "(max_variable_bytes)"),
                      sql + "\n  " + vm_said);
    return 0;
  }
  if (!vm.ok() || passed != nullptr) {
    IOTSQL_FUZZ_CHECK(!vm.ok() && passed != nullptr && absl::StrContains(vm_said, passed),
                      sql + "\n  " + vm_said + "\n  the reference's SET values took " +
                          std::to_string(ref.variable_bytes) + " bytes (largest " +
                          std::to_string(ref.largest_variable_bytes) + "), its output " +
                          std::to_string(ref.payload.size()) + " bytes, on " +
                          iotsql::fuzz::Printable(payload));
    return 0;
  }
  const std::string what = sql + "\n  (" + iotsql::SqlVersionName(version) + ") on " +
                           iotsql::fuzz::Printable(payload);
  if (vm->matched != ref.matched) {
    iotsql::fuzz::Fail(vm->matched ? "only the VM emits" : "only the reference emits", what);
  }
  if (!vm->matched) return 0;
  if (vm->binary != ref.binary || vm->payload != ref.payload) {
    iotsql::fuzz::Fail("outputs differ", what + "\n  vm:        " +
                                             iotsql::fuzz::Printable(vm->payload) +
                                             "\n  reference: " +
                                             iotsql::fuzz::Printable(ref.payload));
  }
  return 0;
}
