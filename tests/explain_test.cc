// Golden listings of Rule::Explain() (tests/golden/explain/; rewrite them with
// IOTSQL_UPDATE_GOLDEN=1 and read the diff): what the code generator emits for representative
// statements, in both SQL versions where the code differs.
#include <string>
#include <vector>

#include "bytecode/program.h"
#include "bytecode/verifier.h"
#include "gmock/gmock.h"
#include "golden.h"
#include "gtest/gtest.h"
#include "iotsql/iotsql.h"

namespace iotsql {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr SqlVersion kV1 = SqlVersion::k2015_10_08;
constexpr SqlVersion kV2 = SqlVersion::k2016_03_23;

struct Listing {
  std::string sql;
  SqlVersion version;
};

// "-- SQL (version)" then the listing, for each statement, separated by blank lines.
std::string Explain(const std::vector<Listing>& listings) {
  std::string out;
  for (const Listing& l : listings) {
    if (!out.empty()) out += "\n";
    out += "-- " + l.sql + "  (" + SqlVersionName(l.version) + ")\n";
    absl::StatusOr<Rule> rule = Rule::Compile(l.sql, l.version);
    if (!rule.ok()) {
      out += "COMPILE ERROR\n" + std::string(rule.status().message()) + "\n";
      ADD_FAILURE() << l.sql << "\n" << rule.status().message();
      continue;
    }
    out += rule->Explain();
  }
  return out;
}

TEST(ExplainGolden, W1FilterProject) {
  iotsql::testing::ExpectGolden(
      "explain/w1_filter_project.txt",
      Explain({{"SELECT temp, device FROM 'sensors/+/telemetry' WHERE temp > 50", kV2}}));
}

TEST(ExplainGolden, SelectStar) {
  iotsql::testing::ExpectGolden(
      "explain/select_star.txt",
      Explain({{"SELECT * FROM 'sensors/+/telemetry' WHERE temp > 50 AND status = 'ok'", kV2},
               {"SELECT *, 15 AS speed, principal() AS principal FROM 'a/b'", kV2},
               {"SELECT * AS message FROM 'a/b'", kV2},
               {"SELECT VALUE *.messages FROM 'a/b'", kV2}}));
}

TEST(ExplainGolden, Case) {
  iotsql::testing::ExpectGolden(
      "explain/case.txt",
      Explain({{"SELECT CASE color WHEN 'red' THEN 1 WHEN 'green' THEN 2 ELSE 0 END AS code, "
                "CASE n > 10 WHEN true THEN 'big' END AS size FROM 't'",
                kV2}}));
}

TEST(ExplainGolden, NestedQuery) {
  iotsql::testing::ExpectGolden(
      "explain/nested_query.txt",
      Explain({{"SELECT device, (SELECT n, v FROM readings WHERE v > 900) AS high "
                "FROM 'sensors/+/telemetry' WHERE battery < 50",
                kV2},
               {"SELECT (SELECT VALUE n FROM e) AS names, "
                "get((SELECT *, topic() AS t FROM *), 0) AS g FROM 'a/b'",
                kV2}}));
}

TEST(ExplainGolden, Set) {
  iotsql::testing::ExpectGolden(
      "explain/set.txt",
      Explain({{"SET @d = device1.deviceData.sensors, @f = @d.temp_fahrenheit "
                "SELECT @f AS temp, @d.humidity AS humidity FROM 'a' WHERE @f > 32",
                kV2}}));
}

TEST(ExplainGolden, DottedAliases) {
  iotsql::testing::ExpectGolden(
      "explain/dotted_aliases.txt",
      Explain({{"SELECT a AS state.reported.x, b AS state.reported.y, c AS state.desired, "
                "foo.bar AS bar.baz, d.e.f FROM 't'",
                kV2},
               {"SELECT a AS x, b AS x FROM 't'", kV2}}));
}

TEST(ExplainGolden, ConstantFolding) {
  // Folded with the run-time semantics of each version: 1.5 + 1.5 is 3.0 or 3, 10.0 stays 10.0
  // or becomes 10; impure functions (rand, timestamp, topic) are never folded.
  const std::string sql =
      "SELECT 1 + 2 * 3 AS k, upper('a') AS u, 1.5 + 1.5 AS d, 10.0 AS w, 'n' + 1 AS s, "
      "10 / 4 AS q, 1 / 0 AS z, -(2) AS neg, NOT true AS f, abs(-5) + temp AS t, "
      "rand() AS r, timestamp() AS ts, topic() + '!' AS tp FROM 't'";
  iotsql::testing::ExpectGolden("explain/constant_folding.txt",
                                Explain({{sql, kV1}, {sql, kV2}}));
}

TEST(ExplainGolden, InWithAnArrayLiteral) {
  iotsql::testing::ExpectGolden(
      "explain/in_array.txt",
      Explain({{"SELECT color IN ['red', 'yellow'] AS warm, n IN [1, 2, x] AS m FROM 't' "
                "WHERE 'admin' IN roles",
                kV2},
               {"SELECT color IN roles AS r FROM 't'", kV1}}));
}

TEST(ExplainGolden, EncodeStar) {
  iotsql::testing::ExpectGolden(
      "explain/encode_star.txt",
      Explain({{"SELECT encode(*, 'base64') AS data, timestamp() AS ts FROM 'topic/subtopic'",
                kV2}}));
}

TEST(ExplainGolden, W3Functions) {
  const std::string sql =
      "SELECT upper(device) AS d, round(temp * 1.8 + 32) AS f, topic(2) AS site, "
      "timestamp() AS ts, concat(device, '-', cast(seq AS String)) AS k "
      "FROM 'sensors/+/telemetry' WHERE startswith(device, 'dev-01') OR abs(temp - 50) < 5";
  iotsql::testing::ExpectGolden("explain/w3_functions.txt", Explain({{sql, kV2}}));
}

TEST(ExplainGolden, LiteralsAndVersions) {
  // A whole-valued decimal literal and cast(... AS Decimal) in both versions.
  const std::string sql = "SELECT 10.0 AS a, cast(x AS Decimal) AS b, 2.50 AS c FROM 't'";
  iotsql::testing::ExpectGolden(
      "explain/literals.txt",
      Explain({{sql, kV1},
               {sql, kV2},
               {"SELECT [1, 2.0, 'x'] AS arr, {'k': v, 'c': 1} AS obj FROM 't'", kV2}}));
}

TEST(ExplainGolden, Template) {
  absl::StatusOr<Rule> rule =
      Rule::Compile("SET @v = upper(name) SELECT * FROM 'a/+'", kV2);
  ASSERT_TRUE(rule.ok()) << rule.status();
  std::string out;
  for (const char* text : {"${topic()}/${timestamp()}", "id-${@v}-$${x}", "constant ${1 + 1}"}) {
    absl::StatusOr<Template> tpl = Template::Compile(text, *rule);
    ASSERT_TRUE(tpl.ok()) << text << ": " << tpl.status();
    if (!out.empty()) out += "\n";
    out += std::string("-- template ") + text + "\n" + Disassemble(tpl->program());
  }
  iotsql::testing::ExpectGolden("explain/template.txt", out);
}

// The template golden above shows each template program re-running the rule's SET clause. The
// variables must still hold the values the statement computed for the same message (SET
// assigns once; spec §8 and §17), even for functions that differ on every call.
TEST(ExplainTemplate, TemplatesSeeTheStatementsVariableValues) {
  absl::StatusOr<Rule> rule =
      Rule::Compile("SET @id = newuuid(), @r = rand() SELECT @id AS id, @r AS r FROM 'a/b'", kV2);
  ASSERT_TRUE(rule.ok()) << rule.status();
  absl::StatusOr<Template> tpl = Template::Compile("${@id} ${@r}", *rule);
  ASSERT_TRUE(tpl.ok()) << tpl.status();
  Evaluator ev;
  MessageContext ctx;
  ctx.topic = "a/b";
  ctx.timestamp_ms = 1000;
  absl::StatusOr<EvalResult> out = ev.Evaluate(*rule, "{}", ctx);
  ASSERT_TRUE(out.ok() && out->matched);
  std::string payload(out->payload);
  absl::StatusOr<std::string_view> rendered = ev.Render(*tpl, "{}", ctx);
  ASSERT_TRUE(rendered.ok());
  std::string text(*rendered);
  // payload {"id":"<uuid>","r":<double>}; rendered "<uuid> <double>".
  size_t space = text.find(' ');
  ASSERT_NE(space, std::string::npos) << text;
  std::string id = text.substr(0, space);
  EXPECT_NE(payload.find("\"" + id + "\""), std::string::npos) << payload << " / " << text;
  EXPECT_NE(payload.find(text.substr(space + 1)), std::string::npos) << payload << " / " << text;
}

// A few properties checked directly, so that a golden rewrite cannot silently lose them.
TEST(Explain, Properties) {
  absl::StatusOr<Rule> w1 =
      Rule::Compile("SELECT temp, device FROM 'sensors/+/telemetry' WHERE temp > 50", kV2);
  ASSERT_TRUE(w1.ok());
  std::string listing = w1->Explain();
  EXPECT_THAT(listing, HasSubstr("; FROM 'sensors/+/telemetry'"));
  EXPECT_THAT(listing, HasSubstr("; payload: members temp, device"));
  EXPECT_THAT(listing, HasSubstr("COMPARE_CONST"));  // temp > 50 as one instruction

  absl::StatusOr<Rule> star = Rule::Compile("SELECT * FROM 'a'", kV2);
  ASSERT_TRUE(star.ok());
  EXPECT_THAT(star->Explain(), HasSubstr("; payload: whole document"));

  absl::StatusOr<Rule> none = Rule::Compile("SELECT 1 + 2 AS k FROM 'a'", kV2);
  ASSERT_TRUE(none.ok());
  EXPECT_THAT(none->Explain(), HasSubstr("; payload: not read"));
  EXPECT_THAT(none->Explain(), Not(HasSubstr(" ADD ")));  // folded
  EXPECT_THAT(none->Explain(), HasSubstr("PUSH_CONST       3"));

  // encode(*) reads the bytes, not the document.
  absl::StatusOr<Rule> enc = Rule::Compile("SELECT encode(*, 'base64') AS d FROM 'a'", kV2);
  ASSERT_TRUE(enc.ok());
  EXPECT_THAT(enc->Explain(), HasSubstr("LOAD_RAW_PAYLOAD"));
  EXPECT_THAT(enc->Explain(), HasSubstr("; payload: not read"));
}

}  // namespace
}  // namespace iotsql
