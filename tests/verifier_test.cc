// VerifyProgram: accepts every program the compiler emits, and rejects hand-built programs that
// would be unsafe to run (operands out of range, jumps past the end, stack underflow, a stack
// depth that differs where paths meet, values left at EMIT, wrong CALL arity, bad cast type).
// Disassemble must not crash on a program that verified.
#include "bytecode/verifier.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "api/compile.h"
#include "functions/registry.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace iotsql {
namespace {

using ::testing::AnyOf;
using ::testing::ContainsRegex;
using ::testing::HasSubstr;

constexpr SqlVersion kV1 = SqlVersion::k2015_10_08;
constexpr SqlVersion kV2 = SqlVersion::k2016_03_23;

std::unique_ptr<Program> Compile(const std::string& sql, SqlVersion version,
                                 std::string* errors) {
  std::vector<Diagnostic> diagnostics;
  CheckOptions options;
  options.version = version;
  std::unique_ptr<Program> p = CompileStatement(sql, options, &diagnostics);
  *errors = FormatDiagnostics(diagnostics, sql, "");
  return p;
}

// Lines of the listing that are instructions (not the ';' header).
size_t InstructionLines(const std::string& listing) {
  size_t n = 0;
  for (absl::string_view line : absl::StrSplit(listing, '\n')) {
    if (!line.empty() && line[0] != ';') ++n;
  }
  return n;
}

// ---- compiled programs -------------------------------------------------------------------------

struct Statement {
  const char* sql;
  bool v1_too;  // also valid in 2015-10-08
};

const Statement kStatements[] = {
    {"SELECT * FROM 'a/b'", true},
    {"SELECT temp, device FROM 'sensors/+/telemetry' WHERE temp > 50", true},
    {"SELECT *, 15 AS speed, topic(2) AS t FROM 'a/#'", true},
    {"SELECT VALUE temp FROM 'a'", true},
    {"SELECT a.b.c AS x, a.b AS y.z, -n AS neg, NOT flag AS f FROM 'a'", true},
    {"SELECT (temperature - 32) * 5 / 9 AS c, n % 2 AS odd FROM 'a' WHERE n <> 0 AND m <= 3 "
     "OR NOT (x = 'y')", true},
    {"SELECT CASE color WHEN 'red' THEN 1 WHEN 'green' THEN 2 ELSE 0 END AS code FROM 'a'", true},
    {"SELECT CASE color WHEN 'red' THEN 1 END AS code FROM 'a'", true},
    {"SELECT CASE n > 10 WHEN true THEN 'hi' ELSE CASE n WHEN 1 THEN 'one' END END AS v FROM 'a'",
     true},
    {"SELECT CASE 1 WHEN 1 THEN 'const' END AS v FROM 'a'", true},
    {"SELECT cast(n AS Int) AS i, cast(s AS String) AS s2, cast(d AS Double) AS d2 FROM 'a'",
     true},
    {"SELECT concat(a, b, c, d) AS s, substring(s, 1) AS t, substring(s, 1, 2) AS u FROM 'a'",
     true},
    {"SELECT 1 + 2 * 3 AS k, upper('a') AS u, 'x' + 1 AS s FROM 'a'", true},
    {"SELECT color IN roles AS r FROM 'a'", true},
    {"SELECT VALUE 1 FROM 'a'", true},
    {"SELECT timestamp() AS ts, clientid() AS c, newuuid() AS id FROM 'a' "
     "WHERE timestamp() % 12 = 0", true},
    {"SELECT get(arr, 0) AS first, isNull(x) AS n FROM 'a'", true},
    {"SELECT * FROM 'a' WHERE 50 < temp", true},
    {"SELECT nosuch FROM 'a'", true},
    {"SELECT VALUE *.messages FROM 'a'", true},
    {"SELECT * AS message FROM 'a'", true},
    {"SELECT a FROM 'x'", true},
    {"SELECT a", true},  // no FROM: a warning, still a program
    // 2016-03-23 only.
    {"SELECT [1, a, [b]] AS arr, {'k': a, 'n': {'m': b}} AS obj FROM 'a'", false},
    {"SELECT (SELECT VALUE n FROM e) AS names FROM 'a'", false},
    {"SELECT (SELECT v, n AS name FROM e WHERE n = 'temperature') AS m FROM 'a'", false},
    {"SELECT (SELECT VALUE (SELECT VALUE x FROM inner_arr WHERE x > 1) FROM outer_arr) AS nested "
     "FROM 'a'", false},
    {"SELECT get((SELECT *, topic() AS t FROM *), 0) AS g FROM 'a/b'", false},
    {"SELECT (SELECT * FROM e) AS all FROM 'a'", false},
    {"SET @a = temp, @b = @a * 2 SELECT @a AS a, @b AS b, @a.x AS ax FROM 'a' WHERE @b > 1",
     false},
    {"SELECT encode(*, 'base64') AS data, timestamp() AS ts FROM 'a'", false},
    {"SELECT color IN ['red', 'yellow'] AS c, 3 IN [1, 2, 3] AS k FROM 'a' WHERE 'admin' IN roles",
     false},
    {"SELECT cast(x AS Boolean) AS b, cast(y AS Decimal) AS d FROM 'a'", false},
    {"SELECT isUndefined(x) AS u, transform('enrichArray', {'k': 1}, arr) AS t FROM 'a'", false},
    {"SELECT VALUE [a, b] FROM 'a'", false},
    {"SELECT {} AS e, [] AS f FROM 'a'", false},
};

TEST(VerifierCompiled, AcceptsEveryCompiledProgram) {
  for (const Statement& s : kStatements) {
    for (SqlVersion v : {kV1, kV2}) {
      if (v == kV1 && !s.v1_too) continue;
      SCOPED_TRACE(std::string(s.sql) + " @ " + SqlVersionName(v));
      std::string errors;
      std::unique_ptr<Program> p = Compile(s.sql, v, &errors);
      ASSERT_NE(p, nullptr) << errors;
      ASSERT_FALSE(p->code.empty());
      int compiled_max = p->max_stack;
      EXPECT_GE(compiled_max, p->code.size() > 1 ? 1 : 0);  // SELECT * alone pushes nothing
      // Verifying again is idempotent.
      absl::Status st = VerifyProgram(p.get());
      EXPECT_TRUE(st.ok()) << st;
      EXPECT_EQ(p->max_stack, compiled_max);
      // Every path ends in EMIT (or the direct-output end): a statement never halts silently.
      const Instr& last = p->code.back();
      EXPECT_NE(last.op, Op::kHalt);
      std::string listing = Disassemble(*p);
      EXPECT_EQ(InstructionLines(listing), p->code.size()) << listing;
      EXPECT_THAT(listing, HasSubstr(std::string("SQL version ") + SqlVersionName(v)));
    }
  }
}

TEST(VerifierCompiled, VersionOneRejectsTheVersionTwoStatements) {
  // Guards the table above: the v2-only rows really are v2-only.
  for (const Statement& s : kStatements) {
    if (s.v1_too) continue;
    SCOPED_TRACE(s.sql);
    std::string errors;
    EXPECT_EQ(Compile(s.sql, kV1, &errors), nullptr);
    EXPECT_THAT(errors, HasSubstr("2016-03-23"));
  }
}

TEST(VerifierCompiled, AcceptsCompiledTemplates) {
  std::string errors;
  std::unique_ptr<Program> rule =
      Compile("SET @v = upper(name) SELECT * FROM 'a/+'", kV2, &errors);
  ASSERT_NE(rule, nullptr) << errors;
  for (const char* text : {"${topic()}/${timestamp()}", "plain text", "", "$${x}",
                           "a-${@v}-${CASE n WHEN 1 THEN 'x' END}",
                           "${(SELECT VALUE n FROM e)}", "${get(arr, 0) + '.' + 1}"}) {
    SCOPED_TRACE(text);
    std::vector<Diagnostic> diagnostics;
    CheckOptions options;
    options.version = kV2;
    std::unique_ptr<Program> t = CompileTemplate(text, rule.get(), options, &diagnostics);
    ASSERT_NE(t, nullptr) << FormatDiagnostics(diagnostics, text, "");
    EXPECT_TRUE(t->is_template);
    EXPECT_TRUE(VerifyProgram(t.get()).ok());
    EXPECT_EQ(t->code.back().op, Op::kHalt);
    EXPECT_EQ(InstructionLines(Disassemble(*t)), t->code.size());
  }
}

// ---- hand-built programs -----------------------------------------------------------------------

Instr In(Op op, uint32_t c = 0, uint8_t a = 0) {
  Instr in;
  in.op = op;
  in.a = a;
  in.c = c;
  return in;
}

// A program with one entry in every table, so that operand 0 is valid and 1 is not.
std::unique_ptr<Program> Make(std::vector<Instr> code) {
  auto p = std::make_unique<Program>();
  p->version = kV2;
  p->constants = {Value::Int(1)};
  p->names = {"n"};
  p->root_fields = {"r"};
  p->variables = {"v"};
  p->functions = {LookupFunction("upper")};
  p->paths = {{"out"}};
  p->key_lists = {{"k"}};
  p->texts = {"t"};
  p->code = std::move(code);
  return p;
}

std::string VerifyError(Program* p) {
  absl::Status st = VerifyProgram(p);
  if (st.ok()) return "OK";
  return std::string(st.message());
}

TEST(VerifierHandBuilt, MinimalProgramsPassAndSetMaxStack) {
  auto p = Make({In(Op::kPushConst), In(Op::kEmit)});
  EXPECT_EQ(VerifyError(p.get()), "OK");
  EXPECT_EQ(p->max_stack, 1);

  p = Make({In(Op::kPushConst), In(Op::kLoadRoot), In(Op::kLoadVar), In(Op::kAdd), In(Op::kAdd),
            In(Op::kEmit)});
  EXPECT_EQ(VerifyError(p.get()), "OK");
  EXPECT_EQ(p->max_stack, 3);

  p = Make({In(Op::kAppendText), In(Op::kLoadRoot), In(Op::kAppendValue), In(Op::kHalt)});
  EXPECT_EQ(VerifyError(p.get()), "OK");
  EXPECT_EQ(p->max_stack, 1);

  // A loop with a consistent depth: SET @v = 1; while not true jump back.
  p = Make({In(Op::kPushConst), In(Op::kStoreVar), In(Op::kLoadVar), In(Op::kJumpIfNotTrue, 2),
            In(Op::kPushUndefined), In(Op::kEmit)});
  EXPECT_EQ(VerifyError(p.get()), "OK");

  // Variadic CALL.
  p = Make({In(Op::kPushConst), In(Op::kPushConst), In(Op::kPushConst), In(Op::kCall, 0, 3),
            In(Op::kEmit)});
  p->functions = {LookupFunction("concat")};
  ASSERT_NE(p->functions[0], nullptr);
  EXPECT_EQ(VerifyError(p.get()), "OK");
  p->code[3].a = 0;  // concat() with no arguments: the three pushes are left over
  EXPECT_THAT(VerifyError(p.get()), HasSubstr("values left on the stack"));
}

TEST(VerifierHandBuilt, RejectsAnEmptyProgram) {
  auto p = Make({});
  EXPECT_THAT(VerifyError(p.get()), HasSubstr("empty program"));
}

TEST(VerifierHandBuilt, RejectsOperandsOutOfRange) {
  struct Case {
    const char* what;
    std::vector<Instr> code;
  } cases[] = {
      {"constant", {In(Op::kPushConst, 1), In(Op::kEmit)}},
      {"compare constant", {In(Op::kLoadRoot), In(Op::kCompareConst, 7, 0), In(Op::kEmit)}},
      {"root field", {In(Op::kLoadRoot, 1), In(Op::kEmit)}},
      {"name (scope field)", {In(Op::kLoadScopeField, 1), In(Op::kEmit)}},
      {"name (member)", {In(Op::kLoadRoot), In(Op::kMember, 1), In(Op::kEmit)}},
      {"variable (load)", {In(Op::kLoadVar, 1), In(Op::kEmit)}},
      {"variable (store)", {In(Op::kPushConst), In(Op::kStoreVar, 1), In(Op::kPushConst),
                            In(Op::kEmit)}},
      {"function", {In(Op::kPushConst), In(Op::kCall, 1, 1), In(Op::kEmit)}},
      {"path", {In(Op::kObjBegin), In(Op::kPushConst), In(Op::kObjSet, 1), In(Op::kObjEnd),
                In(Op::kEmit)}},
      {"keys", {In(Op::kPushConst), In(Op::kMakeObject, 1), In(Op::kEmit)}},
      {"text", {In(Op::kAppendText, 1), In(Op::kHalt)}},
      {"jump target far away", {In(Op::kJump, 1000)}},
  };
  for (Case& c : cases) {
    SCOPED_TRACE(c.what);
    auto p = Make(c.code);
    EXPECT_THAT(VerifyError(p.get()), HasSubstr("operand out of range"));
  }
}

TEST(VerifierHandBuilt, RejectsANullFunctionAndAnEmptyPath) {
  auto p = Make({In(Op::kPushConst), In(Op::kCall, 0, 1), In(Op::kEmit)});
  p->functions = {nullptr};  // an unknown function that slipped through
  EXPECT_THAT(VerifyError(p.get()), HasSubstr("operand out of range"));

  p = Make({In(Op::kObjBegin), In(Op::kPushConst), In(Op::kObjSet, 0), In(Op::kObjEnd),
            In(Op::kEmit)});
  p->paths = {{}};
  EXPECT_THAT(VerifyError(p.get()), HasSubstr("operand out of range"));
}

TEST(VerifierHandBuilt, RejectsABadOpcode) {
  auto p = Make({In(Op::kNumOps), In(Op::kEmit)});
  EXPECT_THAT(VerifyError(p.get()), HasSubstr("bad opcode"));
  p = Make({In(static_cast<Op>(200))});
  EXPECT_THAT(VerifyError(p.get()), HasSubstr("bad opcode"));
}

TEST(VerifierHandBuilt, RejectsControlFlowPastTheEnd) {
  // A jump to one past the last instruction.
  auto p = Make({In(Op::kPushConst), In(Op::kJump, 3), In(Op::kEmit)});
  EXPECT_THAT(VerifyError(p.get()), HasSubstr("past the end"));
  // The taken edge of a conditional jump.
  p = Make({In(Op::kPushConst), In(Op::kJumpIfNotTrue, 4), In(Op::kPushConst), In(Op::kEmit)});
  EXPECT_THAT(VerifyError(p.get()), HasSubstr("past the end"));
  // The skip edges of CASE_BEGIN, CASE_MATCH, ITER_BEGIN, ITER_NEXT.
  for (Op op : {Op::kCaseBegin, Op::kIterBegin}) {
    p = Make({In(Op::kPushConst), In(op, 3), In(Op::kEmit)});
    EXPECT_THAT(VerifyError(p.get()), HasSubstr("past the end")) << InfoOf(op).name;
  }
  // Falling off the end without EMIT or HALT.
  p = Make({In(Op::kPushConst), In(Op::kPop)});
  EXPECT_THAT(VerifyError(p.get()), HasSubstr("past the end"));
  p = Make({In(Op::kPushConst), In(Op::kWhereReject)});
  EXPECT_THAT(VerifyError(p.get()), HasSubstr("past the end"));
}

TEST(VerifierHandBuilt, RejectsStackUnderflow) {
  struct Case {
    const char* what;
    std::vector<Instr> code;
  } cases[] = {
      {"pop", {In(Op::kPop), In(Op::kPushConst), In(Op::kEmit)}},
      {"binary with one operand", {In(Op::kPushConst), In(Op::kAdd), In(Op::kEmit)}},
      {"unary on empty", {In(Op::kNeg), In(Op::kEmit)}},
      {"emit on empty", {In(Op::kEmit)}},
      {"where on empty", {In(Op::kWhereReject), In(Op::kPushConst), In(Op::kEmit)}},
      {"call short of arguments", {In(Op::kPushConst), In(Op::kCall, 0, 2), In(Op::kEmit)}},
      {"make array", {In(Op::kPushConst), In(Op::kPushConst), In(Op::kMakeArray, 3),
                      In(Op::kEmit)}},
      {"make object", {In(Op::kMakeObject, 0), In(Op::kEmit)}},
      {"store var", {In(Op::kStoreVar), In(Op::kPushConst), In(Op::kEmit)}},
      {"obj set", {In(Op::kObjBegin), In(Op::kObjSet), In(Op::kObjEnd), In(Op::kEmit)}},
      {"append value", {In(Op::kAppendValue), In(Op::kHalt)}},
  };
  for (Case& c : cases) {
    SCOPED_TRACE(c.what);
    auto p = Make(c.code);
    if (std::string(c.what) == "call short of arguments") {
      p->functions = {LookupFunction("substring")};  // 2..3 arguments: arity is fine
    }
    EXPECT_THAT(VerifyError(p.get()), HasSubstr("underflow"));
  }
  // CASE_MATCH's match edge drops the subject too: with only the WHEN value there is none.
  auto p = Make({In(Op::kPushConst), In(Op::kCaseMatch, 2), In(Op::kPushConst), In(Op::kEmit)});
  EXPECT_THAT(VerifyError(p.get()), HasSubstr("underflow"));
}

TEST(VerifierHandBuilt, RejectsInconsistentDepthWherePathsMeet) {
  // 0 PUSH; 1 JUMP_IF_NOT_TRUE 4 (depth 0 there); 2 PUSH; 3 JUMP 4 (depth 1); 4 PUSH; 5 EMIT.
  auto p = Make({In(Op::kPushConst), In(Op::kJumpIfNotTrue, 4), In(Op::kPushConst),
                 In(Op::kJump, 4), In(Op::kPushConst), In(Op::kEmit)});
  EXPECT_THAT(VerifyError(p.get()), HasSubstr("stack depth"));
  // A backward jump that grows the stack each time round.
  p = Make({In(Op::kPushConst), In(Op::kPushConst), In(Op::kPushConst), In(Op::kJumpIfNotTrue, 1),
            In(Op::kPop), In(Op::kEmit)});
  EXPECT_THAT(VerifyError(p.get()), HasSubstr("stack depth"));
  // ITER_BEGIN's skip edge pushes Undefined: the target must expect one more value.
  p = Make({In(Op::kPushConst), In(Op::kIterBegin, 4), In(Op::kPushConst), In(Op::kPushConst),
            In(Op::kEmit)});
  EXPECT_THAT(VerifyError(p.get()), HasSubstr("stack depth"));
}

TEST(VerifierHandBuilt, RejectsValuesLeftAtTheEnd) {
  auto p = Make({In(Op::kPushConst), In(Op::kPushConst), In(Op::kEmit)});
  EXPECT_THAT(VerifyError(p.get()), HasSubstr("values left on the stack"));
  p = Make({In(Op::kPushConst), In(Op::kHalt)});
  EXPECT_THAT(VerifyError(p.get()), HasSubstr("values left on the stack"));
  // Only on one of two paths.
  p = Make({In(Op::kLoadRoot), In(Op::kPushConst), In(Op::kJumpIfNotTrue, 4), In(Op::kPop),
            In(Op::kPushConst), In(Op::kEmit)});
  EXPECT_THAT(VerifyError(p.get()), AnyOf(HasSubstr("values left"), HasSubstr("stack depth")));
}

TEST(VerifierHandBuilt, RejectsWrongCallArity) {
  auto p = Make({In(Op::kPushConst), In(Op::kPushConst), In(Op::kCall, 0, 2), In(Op::kEmit)});
  EXPECT_THAT(VerifyError(p.get()), HasSubstr("arity"));  // upper takes 1
  p = Make({In(Op::kCall, 0, 0), In(Op::kEmit)});
  EXPECT_THAT(VerifyError(p.get()), HasSubstr("arity"));
  p = Make({In(Op::kPushConst), In(Op::kCall, 0, 1), In(Op::kEmit)});
  p->functions = {LookupFunction("substring")};
  EXPECT_THAT(VerifyError(p.get()), HasSubstr("arity"));
  p->code = {In(Op::kPushConst), In(Op::kPushConst), In(Op::kPushConst), In(Op::kPushConst),
             In(Op::kCall, 0, 4), In(Op::kEmit)};
  EXPECT_THAT(VerifyError(p.get()), HasSubstr("arity"));
}

TEST(VerifierHandBuilt, CastTypesAndComparisonKinds) {
  for (uint8_t type = 0; type <= 4; ++type) {
    auto p = Make({In(Op::kPushConst), In(Op::kCast, 0, type), In(Op::kEmit)});
    EXPECT_EQ(VerifyError(p.get()), "OK") << int{type};
  }
  for (uint8_t type : {5, 6, 255}) {
    auto p = Make({In(Op::kPushConst), In(Op::kCast, 0, type), In(Op::kEmit)});
    EXPECT_THAT(VerifyError(p.get()), HasSubstr("bad cast type")) << int{type};
  }
  for (uint8_t kind = 0; kind <= 5; ++kind) {
    auto p = Make({In(Op::kLoadRoot), In(Op::kCompareConst, 0, kind), In(Op::kEmit)});
    EXPECT_EQ(VerifyError(p.get()), "OK") << int{kind};
  }
  auto p = Make({In(Op::kLoadRoot), In(Op::kCompareConst, 0, 6), In(Op::kEmit)});
  EXPECT_THAT(VerifyError(p.get()), HasSubstr("bad comparison"));
}

TEST(VerifierHandBuilt, ErrorsNameTheInstruction) {
  auto p = Make({In(Op::kPushConst), In(Op::kPushConst), In(Op::kPushConst, 9), In(Op::kEmit)});
  std::string error = VerifyError(p.get());
  EXPECT_THAT(error, HasSubstr("at 2"));
  EXPECT_THAT(error, HasSubstr("PUSH_CONST"));
}

TEST(VerifierHandBuilt, RejectsUnbalancedBuilderAndIteratorInstructions) {
  // The VM keeps an object-builder stack and an iterator stack beside the value stack: running
  // OBJ_END without OBJ_BEGIN, or ITER_NEXT/ITER_END outside a nested query, would read an empty
  // std::vector's back(). A program that verifies must not be able to do that.
  struct Case {
    const char* what;
    std::vector<Instr> code;
  } cases[] = {
      {"OBJ_END without OBJ_BEGIN", {In(Op::kObjEnd), In(Op::kEmit)}},
      {"OBJ_SET without OBJ_BEGIN", {In(Op::kPushConst), In(Op::kObjSet), In(Op::kPushConst),
                                     In(Op::kEmit)}},
      {"ITER_NEXT without ITER_BEGIN", {In(Op::kIterNext, 1), In(Op::kPushConst), In(Op::kEmit)}},
      {"ITER_END without ITER_BEGIN", {In(Op::kIterEnd), In(Op::kEmit)}},
  };
  std::vector<std::string> accepted;
  for (Case& c : cases) {
    auto p = Make(c.code);
    if (VerifyProgram(p.get()).ok()) accepted.push_back(c.what);
  }
  EXPECT_THAT(accepted, ::testing::IsEmpty());
}

TEST(VerifierHandBuilt, UnreachableInstructionsAreCheckedToo) {
  // Disassemble lists every instruction, reachable or not; a verified program must not make it
  // read past a table.
  auto p = Make({In(Op::kPushConst), In(Op::kEmit), In(Op::kPushConst, 99), In(Op::kEmit)});
  absl::Status st = VerifyProgram(p.get());
  ASSERT_FALSE(st.ok());
  EXPECT_THAT(std::string(st.message()), HasSubstr("out of range"));
}

TEST(VerifierHandBuilt, DisassembleAfterVerify) {
  // Every opcode with an operand, in a program that verifies.
  auto p = Make({In(Op::kObjBegin),                                    // 0
                 In(Op::kPushConst), In(Op::kObjSet),                  // 1 2
                 In(Op::kLoadRoot), In(Op::kMember), In(Op::kObjSet),  // 3 4 5
                 In(Op::kLoadVar), In(Op::kCall, 0, 1), In(Op::kObjSet),
                 In(Op::kLoadRoot), In(Op::kCompareConst, 0, 3), In(Op::kObjSet),
                 In(Op::kLoadRoot), In(Op::kCast, 0, 4), In(Op::kObjSet),
                 In(Op::kPushConst), In(Op::kMakeObject, 0), In(Op::kObjSet),
                 In(Op::kPushConst), In(Op::kPushConst), In(Op::kMakeArray, 2), In(Op::kObjSet),
                 In(Op::kObjEnd), In(Op::kEmit)});
  ASSERT_EQ(VerifyError(p.get()), "OK");
  std::string listing = Disassemble(*p);
  EXPECT_EQ(InstructionLines(listing), p->code.size());
  EXPECT_THAT(listing, HasSubstr("; statement, SQL version 2016-03-23"));
  EXPECT_THAT(listing, HasSubstr("; payload: members r"));
  EXPECT_THAT(listing, HasSubstr("; stack: 2"));
  EXPECT_THAT(listing, ContainsRegex("LOAD_ROOT +'r'"));
  EXPECT_THAT(listing, ContainsRegex("MEMBER +'n'"));
  EXPECT_THAT(listing, ContainsRegex("LOAD_VAR +@v"));
  EXPECT_THAT(listing, ContainsRegex("CALL +upper/1"));
  EXPECT_THAT(listing, ContainsRegex("COMPARE_CONST +<= 1"));
  EXPECT_THAT(listing, ContainsRegex("CAST +Boolean"));
  EXPECT_THAT(listing, ContainsRegex("MAKE_OBJECT +[{]k[}]"));
  EXPECT_THAT(listing, ContainsRegex("MAKE_ARRAY +2"));
  EXPECT_THAT(listing, ContainsRegex("OBJ_SET +out"));
}

}  // namespace
}  // namespace iotsql
