// The semantic checks of src/check/checker.cc, through CompileStatement: golden diagnostics
// (tests/golden/check/; rewrite with IOTSQL_UPDATE_GOLDEN=1 and read the diff) plus the check
// names asserted directly, and unit checks of ImplicitItemName and SuggestFunction.
#include "check/checker.h"

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "api/compile.h"
#include "gmock/gmock.h"
#include "golden.h"
#include "gtest/gtest.h"
#include "parse/parser.h"

namespace iotsql {
namespace {

using ::testing::ElementsAreArray;
using ::testing::HasSubstr;

constexpr SqlVersion kV1 = SqlVersion::k2015_10_08;
constexpr SqlVersion kV2 = SqlVersion::k2016_03_23;

struct Case {
  std::string sql;
  SqlVersion version = kV2;
  std::vector<std::string> checks;  // expected check names, in order ("!" prefix: a warning)
  bool compiles = false;            // a program comes back (only warnings)
  bool allow_external = true;
};

struct Result {
  std::vector<Diagnostic> diagnostics;
  bool compiled = false;
};

Result Compile(const Case& c) {
  Result r;
  CheckOptions options;
  options.version = c.version;
  options.allow_external = c.allow_external;
  std::unique_ptr<Program> p = CompileStatement(c.sql, options, &r.diagnostics);
  r.compiled = p != nullptr;
  return r;
}

Result CompileSql(const std::string& sql, SqlVersion version = kV2) {
  Case c;
  c.sql = sql;
  c.version = version;
  return Compile(c);
}

// Checks every case's check names and returns the golden text for the group.
std::string Run(const std::vector<Case>& cases) {
  std::string out;
  for (const Case& c : cases) {
    SCOPED_TRACE(c.sql);
    Result r = Compile(c);
    std::vector<std::string> checks;
    for (const Diagnostic& d : r.diagnostics) {
      checks.push_back((d.severity == Severity::kWarning ? "!" : "") + d.check);
    }
    EXPECT_THAT(checks, ElementsAreArray(c.checks));
    EXPECT_EQ(r.compiled, c.compiles);
    if (!out.empty()) out += "\n";
    out += "-- " + c.sql + "  (" + SqlVersionName(c.version) +
           (c.allow_external ? "" : ", error action: no external functions") + ")\n";
    out += r.diagnostics.empty() ? "(no diagnostics)\n"
                                 : FormatDiagnostics(r.diagnostics, c.sql, "rule.sql");
  }
  return out;
}

void Golden(const std::string& name, const std::vector<Case>& cases) {
  iotsql::testing::ExpectGolden("check/" + name, Run(cases));
}

// ---- golden diagnostics ------------------------------------------------------------------------

TEST(CheckerGolden, UnknownFunction) {
  Golden("unknown_function.txt",
         {
             {"SELECT uper(name) AS n FROM 't'", kV2, {"unknown-function"}},
             {"SELECT isnul(x) AS n FROM 't'", kV2, {"unknown-function"}},
             {"SELECT get_dynamo('t', 'k', v, 'arn') AS n FROM 't'", kV2, {"unknown-function"}},
             {"SELECT frobnicate(x) AS y FROM 't'", kV2, {"unknown-function"}},
             {"SELECT a FROM 't' WHERE nosuch_fn(a, b, c) = 1", kV2, {"unknown-function"}},
             // Function names are case-insensitive: no diagnostic.
             {"SELECT UPPER(name) AS n, IsUndefined(x) AS u FROM 't'", kV2, {}, true},
         });
}

TEST(CheckerGolden, Arity) {
  Golden("arity.txt",
         {
             {"SELECT upper() AS u FROM 't'", kV2, {"arity"}},
             {"SELECT upper(a, b) AS u FROM 't'", kV2, {"arity"}},
             {"SELECT substring(s) AS u FROM 't'", kV2, {"arity"}},
             {"SELECT substring(s, 1, 2, 3) AS u FROM 't'", kV2, {"arity"}},
             {"SELECT timestamp(1) AS t FROM 't'", kV2, {"arity"}},
             {"SELECT get_dynamodb('t', 'k') AS d FROM 't'", kV2, {"arity"}},
             {"SELECT concat() AS a, concat(a, b, c, d, e, f) AS b FROM 't'", kV2, {}, true},
         });
}

TEST(CheckerGolden, ConstantModeArgument) {
  Golden("constant_argument.txt",
         {
             {"SELECT transform(mode, {'k': 1}, arr) AS t FROM 't'", kV2, {"constant-argument"}},
             {"SET @enc = 'base64' SELECT encode(*, @enc) AS e FROM 't'", kV2,
              {"constant-argument"}},
             {"SELECT decode(data, upper('base64')) AS d FROM 't'", kV2, {"constant-argument"}},
             {"SELECT encode(*, 'base64') AS e, transform('enrichArray', a, b) AS t FROM 't'", kV2,
              {}, true},
         });
}

TEST(CheckerGolden, Version2016FeaturesIn2015Rules) {
  Golden("sql_version.txt",
         {
             {"SELECT [1, 2] AS a FROM 't'", kV1, {"sql-version"}},
             {"SELECT {'k': 1} AS o FROM 't'", kV1, {"sql-version"}},
             {"SELECT (SELECT VALUE n FROM e) AS n FROM 't'", kV1, {"sql-version"}},
             {"SELECT encode(*, 'base64') AS e FROM 't'", kV1, {"sql-version"}},
             {"SELECT isUndefined(x) AS u, indexof(s, 'a') AS i FROM 't'", kV1,
              {"sql-version", "sql-version"}},
             {"SET @a = 1 SELECT @a AS a FROM 't'", kV1, {"sql-version"}},
             {"SELECT cast(x AS Boolean) AS b, cast(y AS bool) AS c FROM 't'", kV1,
              {"sql-version", "sql-version"}},
             // Settled on AWS: cast(... AS Decimal) works in 2015-10-08.
             {"SELECT cast(x AS Decimal) AS d FROM 't'", kV1, {}, true},
             // The same statements are fine in 2016-03-23.
             {"SELECT [1] AS a, {'k': 1} AS o, cast(x AS Boolean) AS b FROM 't'", kV2, {}, true},
         });
}

TEST(CheckerGolden, WildcardPlacement) {
  Golden("wildcard.txt",
         {
             // The parser already refuses `*` as an operand (see CheckerAst below for the check).
             {"SELECT * + 1 AS x FROM 't'", kV2, {"syntax"}},
             {"SELECT * FROM 't' WHERE * = 1", kV2, {"syntax"}},
             {"SELECT CASE * WHEN 1 THEN 2 END AS c FROM 't'", kV2, {"wildcard"}},
             {"SELECT NOT * AS n FROM 't'", kV2, {"syntax"}},
             {"SELECT [CASE * WHEN 1 THEN 2 END] AS a, upper(CASE 1 WHEN * THEN 1 END) AS u "
              "FROM 't'", kV2, {"wildcard", "wildcard"}},
             // Allowed: an item, a function argument, a nested query's FROM and items.
             {"SELECT *, upper(*) AS u, (SELECT * FROM *) AS n FROM 't'", kV2, {}, true},
         });
}

TEST(CheckerGolden, Aliases) {
  Golden("alias.txt",
         {
             {"SELECT a + 1 FROM 't'", kV2, {"alias"}},
             {"SELECT upper(a), 'x' FROM 't'", kV2, {"alias", "alias"}},
             {"SELECT get(arr, 0).c FROM 't'", kV2, {"alias"}},
             {"SELECT VALUE a AS b FROM 't'", kV2, {"syntax"}},  // the parser says it first
             // A member path takes its last name; `*.x` and `@v.x` too.
             {"SET @v = a SELECT a.b.c, *.x, @v.y, plain FROM 't'", kV2, {}, true},
         });
}

TEST(CheckerGolden, Variables) {
  std::string eleven = "SET ";
  for (int i = 1; i <= 11; ++i) {
    eleven += (i > 1 ? ", @v" : "@v") + std::to_string(i) + " = " + std::to_string(i);
  }
  eleven += " SELECT @v1 AS a FROM 't'";
  std::string ten = "SET ";
  for (int i = 1; i <= 10; ++i) {
    ten += (i > 1 ? ", @v" : "@v") + std::to_string(i) + " = " + std::to_string(i);
  }
  ten += " SELECT @v10 AS a FROM 't'";
  const std::string name64(64, 'n');
  const std::string name65(65, 'n');
  Golden("variables.txt",
         {
             {"SELECT @nope AS x FROM 't'", kV2, {"variable"}},
             {"SET @a = @a + 1 SELECT @a AS a FROM 't'", kV2, {"variable"}},
             {"SET @a = @b, @b = 1 SELECT @a AS a FROM 't'", kV2, {"variable"}},
             {"SET @a = 1, @a = 2 SELECT @a AS a FROM 't'", kV2, {"variable"}},
             {eleven, kV2, {"variable"}},
             {ten, kV2, {}, true},
             {"SET @" + name65 + " = 1 SELECT 1 AS a FROM 't'", kV2, {"variable"}},
             {"SET @" + name64 + " = 1 SELECT @" + name64 + " AS a FROM 't'", kV2, {}, true},
             // Visible in WHERE, nested queries and later assignments.
             {"SET @a = 1, @b = @a SELECT (SELECT VALUE @b FROM arr) AS n FROM 't' WHERE @a = 1",
              kV2, {}, true},
         });
}

TEST(CheckerGolden, TopicFilter) {
  Golden("topic_filter.txt",
         {
             {"SELECT * FROM 'a/b+/c'", kV2, {"topic-filter"}},
             {"SELECT * FROM 'a/#/b'", kV2, {"topic-filter"}},
             {"SELECT * FROM 'a/#x'", kV2, {"topic-filter"}},
             {"SELECT * FROM ''", kV2, {"topic-filter"}},
             {"SELECT *\nFROM 'sensors/+x'\nWHERE a = 1", kV2, {"topic-filter"}},
             {"SELECT * FROM '#'", kV2, {}, true},
             {"SELECT * FROM '+/+/#'", kV2, {}, true},
             {"SELECT * FROM '$aws/things/+/shadow/update/accepted'", kV2, {}, true},
         });
}

TEST(CheckerGolden, NoFrom) {
  Golden("no_from.txt",
         {
             {"SELECT a", kV2, {"!no-from"}, true},
             {"SELECT a WHERE nosuch_fn(a)", kV2, {"!no-from", "unknown-function"}},
         });
}

TEST(CheckerGolden, GetDynamoDbTwice) {
  Golden("get_dynamodb.txt",
         {
             {"SELECT get_dynamodb('t', 'k', a, 'arn:aws:iam::123456789012:role/r') AS x, "
              "get_dynamodb('t', 'k', b, 'arn:aws:iam::123456789012:role/r') AS y FROM 't'",
              kV2, {"external-limit"}},
             {"SET @d = get_dynamodb('t', 'k', a, 'arn:aws:iam::123456789012:role/r') "
              "SELECT @d AS x FROM 't' WHERE get_dynamodb('t', 'k', b, 'arn') <> null",
              kV2, {"external-limit"}},
             {"SELECT get_dynamodb('t', 'k', a, 'arn:aws:iam::123456789012:role/r') AS x "
              "FROM 't'", kV2, {}, true},
         });
}

TEST(CheckerGolden, ExternalFunctionsInErrorActions) {
  Golden("external.txt",
         {
             {"SELECT aws_lambda('arn:aws:lambda:us-east-1:123456789012:function:f', *) AS r "
              "FROM 't'", kV2, {"external-in-error-action"}, false, false},
             {"SELECT get_thing_shadow('thing', 'arn:aws:iam::123456789012:role/r') AS s, "
              "get_secret('id', 'SecretString', 'arn:aws:iam::123456789012:role/r') AS k "
              "FROM 't'", kV2, {"external-in-error-action", "external-in-error-action"}, false,
              false},
             {"SELECT upper(topic()) AS t, timestamp() AS ts FROM 't'", kV2, {}, true, false},
             {"SELECT aws_lambda('arn:aws:lambda:us-east-1:123456789012:function:f', *) AS r "
              "FROM 't'", kV2, {}, true, true},
         });
}

TEST(CheckerGolden, SeveralProblemsAtOnce) {
  // Every problem of a statement is reported, in the order the checker runs: SET, FROM, then
  // the SELECT items (so the FROM error on line 3 comes before those of line 2).
  Golden("several.txt",
         {
             {"SET @a = 1, @a = 2\n"
              "SELECT uper(x), [CASE * WHEN 1 THEN 2 END] AS arr, @nope AS n\n"
              "FROM 'a/#/b'", kV1,
              {"sql-version", "variable", "topic-filter", "unknown-function", "alias",
               "sql-version", "wildcard", "variable"}},
         });
}

// ---- check details asserted directly ----------------------------------------------------------

TEST(Checker, DidYouMeanHint) {
  Result r = CompileSql("SELECT uper(name) AS n FROM 't'");
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].message, "unknown function 'uper'");
  EXPECT_EQ(r.diagnostics[0].hint, "did you mean upper()?");
  r = CompileSql("SELECT frobnicate(x) AS y FROM 't'");
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].hint, "");
}

TEST(Checker, ArityMessages) {
  Result r = CompileSql("SELECT upper() AS u FROM 't'");
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].message, "upper() takes 1 argument, not 0");
  r = CompileSql("SELECT substring(s) AS u FROM 't'");
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].message, "substring() takes 2 to 3 arguments, not 1");
  r = CompileSql("SELECT timestamp(1) AS u FROM 't'");
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].message, "timestamp() takes 0 arguments, not 1");
}

TEST(Checker, SpansPointAtTheProblem) {
  const std::string sql = "SELECT a, uper(b) AS c FROM 'x/y+'";
  Result r = CompileSql(sql);
  ASSERT_EQ(r.diagnostics.size(), 2u);
  // Topic filter first (checked before SELECT): the '+' inside the quotes.
  EXPECT_EQ(r.diagnostics[0].check, "topic-filter");
  EXPECT_EQ(sql.substr(r.diagnostics[0].span.begin, 1), "+");
  EXPECT_EQ(r.diagnostics[1].check, "unknown-function");
  EXPECT_EQ(sql.substr(r.diagnostics[1].span.begin,
                       r.diagnostics[1].span.end - r.diagnostics[1].span.begin),
            "uper(b)");
}

TEST(Checker, WarningsDoNotStopCompilation) {
  Result r = CompileSql("SELECT a");
  EXPECT_TRUE(r.compiled);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].severity, Severity::kWarning);
  EXPECT_FALSE(HasErrors(r.diagnostics));
}

TEST(Checker, MemberOfWildcardInsideAnExpression) {
  // `*.x` is the payload member x (the code generator loads it as a root field), so it is an
  // ordinary value inside operators; only a bare `*` is restricted.
  Result alone = CompileSql("SELECT *.x AS y FROM 't'");
  ASSERT_TRUE(alone.compiled);
  Result inside = CompileSql("SELECT *.x + 1 AS y FROM 't' WHERE *.x > 0");
  EXPECT_TRUE(inside.compiled);
  EXPECT_TRUE(inside.diagnostics.empty());
}

TEST(Checker, RoleArnArgumentsRejectVariables) {
  // Spec §8: role-ARN parameters do not accept variables (like mode arguments).
  const std::string sql =
      "SET @role = 'arn:aws:iam::123456789012:role/r' "
      "SELECT get_thing_shadow('thing', @role) AS s FROM 't'";
  Result r = CompileSql(sql);
  EXPECT_FALSE(r.compiled);
  EXPECT_TRUE(HasErrors(r.diagnostics));
}

TEST(Checker, GetDynamoDbTakesFourOrSixArguments) {
  // Spec §15.10: get_dynamodb takes 4 or 6 arguments; the registry's range 4..6 also lets 5 in,
  // which the function then turns into Undefined at run time.
  Result four = CompileSql("SELECT get_dynamodb('t', 'k', v, 'arn') AS d FROM 'x'");
  EXPECT_TRUE(four.compiled);
  Result six = CompileSql("SELECT get_dynamodb('t', 'k', v, 's', w, 'arn') AS d FROM 'x'");
  EXPECT_TRUE(six.compiled);
  Result five = CompileSql("SELECT get_dynamodb('t', 'k', v, 's', 'arn') AS d FROM 'x'");
  EXPECT_FALSE(five.compiled);
  ASSERT_EQ(five.diagnostics.size(), 1u);
  EXPECT_EQ(five.diagnostics[0].check, "arity");
}

// ---- checks the parser normally pre-empts, on ASTs edited after parsing -----------------------

std::unique_ptr<ast::Statement> MustParse(const std::string& sql) {
  std::vector<Diagnostic> diagnostics;
  std::unique_ptr<ast::Statement> s = ParseStatement(sql, &diagnostics);
  EXPECT_NE(s, nullptr) << FormatDiagnostics(diagnostics, sql, "");
  return s;
}

std::vector<Diagnostic> Check(const ast::Statement& s, SqlVersion version = kV2) {
  std::vector<Diagnostic> diagnostics;
  CheckOptions options;
  options.version = version;
  CheckStatement(s, options, &diagnostics);
  return diagnostics;
}

TEST(CheckerAst, WildcardAsAnOperand) {
  std::unique_ptr<ast::Statement> s = MustParse("SELECT a + 1 AS x FROM 't' WHERE b = 1");
  ASSERT_NE(s, nullptr);
  auto wildcard = [] {
    auto e = std::make_unique<ast::Expr>();
    e->kind = ast::ExprKind::kWildcard;
    e->span = {7, 8};
    return e;
  };
  s->select.items[0].expr->children[0] = wildcard();  // SELECT * + 1 AS x
  s->select.where->children[0] = wildcard();          // WHERE * = 1
  std::vector<Diagnostic> d = Check(*s);
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0].check, "wildcard");  // WHERE is checked first
  EXPECT_EQ(d[1].check, "wildcard");
  EXPECT_THAT(d[0].message, HasSubstr("may only be a SELECT item"));
}

TEST(CheckerAst, SelectValueWithAnAlias) {
  std::unique_ptr<ast::Statement> s = MustParse("SELECT VALUE a FROM 't'");
  ASSERT_NE(s, nullptr);
  ASSERT_TRUE(s->select.value);
  s->select.items[0].alias = {"b"};
  std::vector<Diagnostic> d = Check(*s);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].check, "alias");
  EXPECT_EQ(d[0].message, "SELECT VALUE takes no alias");
}

TEST(CheckerAst, EmptyAliasPartAndUnknownCastType) {
  std::unique_ptr<ast::Statement> s =
      MustParse("SELECT a AS x.y, cast(b AS Int) AS c FROM 't'");
  ASSERT_NE(s, nullptr);
  s->select.items[0].alias = {"x", ""};
  s->select.items[1].expr->text = "Float";
  std::vector<Diagnostic> d = Check(*s);
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0].check, "alias");
  EXPECT_EQ(d[0].message, "empty alias name");
  EXPECT_EQ(d[1].check, "cast-type");
  EXPECT_EQ(d[1].message, "unknown cast type 'Float'");
}

TEST(CheckerAst, TemplateExpressionsSeeTheRulesVariables) {
  std::unique_ptr<ast::Statement> rule = MustParse("SET @v = 1 SELECT * FROM 't'");
  ASSERT_NE(rule, nullptr);
  std::vector<Diagnostic> parse;
  std::unique_ptr<ast::Expr> ok = ParseExpression("@v + 1", &parse);
  std::unique_ptr<ast::Expr> bad = ParseExpression("@w", &parse);
  ASSERT_TRUE(ok && bad);
  CheckOptions options;
  options.version = kV2;
  std::vector<Diagnostic> d;
  CheckTemplateExpr(*ok, rule.get(), options, &d);
  EXPECT_TRUE(d.empty());
  CheckTemplateExpr(*bad, rule.get(), options, &d);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].message, "variable @w is not defined");
  d.clear();
  CheckTemplateExpr(*ok, nullptr, options, &d);  // no rule: no variables
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].check, "variable");
  // External functions are refused in error-action templates.
  std::unique_ptr<ast::Expr> ext = ParseExpression("aws_lambda('arn', *)", &parse);
  ASSERT_NE(ext, nullptr);
  options.allow_external = false;
  d.clear();
  CheckTemplateExpr(*ext, rule.get(), options, &d);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].check, "external-in-error-action");
}

// ---- ImplicitItemName --------------------------------------------------------------------------

std::string NameOf(const std::string& expr) {
  std::vector<Diagnostic> diagnostics;
  std::unique_ptr<ast::Expr> e = ParseExpression(expr, &diagnostics);
  EXPECT_NE(e, nullptr) << expr << "\n" << FormatDiagnostics(diagnostics, expr, "");
  if (!e) return "<parse error>";
  return ImplicitItemName(*e);
}

TEST(ImplicitItemName, PathsTakeTheirLastName) {
  EXPECT_EQ(NameOf("color"), "color");
  EXPECT_EQ(NameOf("a.b"), "b");
  EXPECT_EQ(NameOf("a.b.c"), "c");
  EXPECT_EQ(NameOf("*.messages"), "messages");
  EXPECT_EQ(NameOf("@v.temp"), "temp");
  EXPECT_EQ(NameOf("(a).b"), "b");
}

TEST(ImplicitItemName, OtherExpressionsNeedAnAlias) {
  for (const char* e : {"1", "'s'", "true", "null", "@v", "*", "a + 1", "-a", "NOT a",
                        "upper(a)", "get(a, 0).c", "upper(a).b", "cast(a AS Int)",
                        "CASE a WHEN 1 THEN 2 END", "[a]", "{'k': a}", "a IN b",
                        "(SELECT VALUE x FROM y)", "(SELECT VALUE x FROM y).z"}) {
    EXPECT_EQ(NameOf(e), "") << e;
  }
}

// ---- SuggestFunction ---------------------------------------------------------------------------

TEST(SuggestFunction, CloseNamesAreSuggested) {
  EXPECT_EQ(SuggestFunction("uper"), "upper");
  EXPECT_EQ(SuggestFunction("UPER"), "upper");
  EXPECT_EQ(SuggestFunction("upper"), "upper");
  EXPECT_EQ(SuggestFunction("isnul"), "isNull");
  EXPECT_EQ(SuggestFunction("isundefined"), "isUndefined");
  EXPECT_EQ(SuggestFunction("timestmp"), "timestamp");
  EXPECT_EQ(SuggestFunction("sbstring"), "substring");
  EXPECT_EQ(SuggestFunction("get_dynamo"), "get_dynamodb");
  EXPECT_EQ(SuggestFunction("regexp_match"), "regexp_matches");
}

TEST(SuggestFunction, FarNamesAreNot) {
  EXPECT_EQ(SuggestFunction("frobnicate"), "");
  EXPECT_EQ(SuggestFunction("xyzzy"), "");
  EXPECT_EQ(SuggestFunction("completely_unrelated_name"), "");
}

TEST(SuggestFunction, SuggestionsAreRealFunctions) {
  for (const char* typo : {"uper", "lowr", "md4", "sha", "flor", "celi", "trimm", "concatt"}) {
    std::string s = SuggestFunction(typo);
    if (!s.empty()) {
      EXPECT_NE(LookupFunction(s), nullptr) << typo << " -> " << s;
    }
  }
}

}  // namespace
}  // namespace iotsql
