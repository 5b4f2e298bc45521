// The evaluator on any payload bytes: a fixed set of rules (both SQL versions) covering field
// extraction, `*`, nested queries, every function family that looks into the payload (regexes
// with patterns taken from the payload among them), SET variables, and templates rendered after
// each rule. The bytecode verifier checks every program once; every JSON output must be one JSON
// document.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "fuzz/fuzz_util.h"
#include "iotsql/iotsql.h"

namespace {

constexpr const char* kRules[] = {
    "SELECT * FROM 'a/+/c'",
    "SELECT temp, device, topic(2) AS site FROM 'a/+/c' WHERE temp > 50",
    "SELECT *, timestamp() AS ts, clientid() AS cid FROM 'a/#'",
    "SELECT a.b.c AS x, a.b AS y.z, get(arr, 0) AS first, get(arr, -1) AS last FROM 'a/b/c'",
    "SELECT VALUE arr FROM 'a/b/c' WHERE isUndefined(temp) = false",
    "SELECT (SELECT v, v * 2 AS twice FROM arr WHERE v <> 0) AS nested, "
    "(SELECT VALUE * FROM arr) AS all, (SELECT * FROM *) AS self FROM 'a/b/c'",
    "SELECT upper(s) AS u, lower(s) AS l, length(s) AS n, substring(s, n, m) AS sub, "
    "trim(s) AS t, lpad(s, n) AS lp, rpad(s, m) AS rp, replace(s, t, u) AS r, "
    "indexof(s, t) AS i, startswith(s, t) AS sw, endswith(s, t) AS ew, concat(s, t, u, arr) AS c "
    "FROM 'a/b/c'",
    "SELECT regexp_matches(s, p) AS m, regexp_replace(s, p, r) AS rr, regexp_substr(s, p) AS rs "
    "FROM 'a/b/c'",
    "SELECT temp + n AS add, temp - n AS sub, temp * n AS mul, temp / n AS div, temp % n AS mod, "
    "-temp AS neg, abs(temp) AS abs, round(temp) AS rnd, ceil(temp) AS c, floor(temp) AS f, "
    "power(temp, n) AS pw, sqrt(temp) AS sq, ln(temp) AS ln, log(temp) AS lg, exp(n) AS ex, "
    "sin(temp) AS sn, mod(temp, n) AS md, trunc(temp, n) AS tr, sign(temp) AS sg, "
    "bitand(n, m) AS ba, bitor(n, m) AS bo, bitxor(n, m) AS bx, bitnot(n) AS bn FROM 'a/b/c'",
    "SELECT cast(temp AS String) AS s, cast(s AS Int) AS i, cast(s AS Decimal) AS d, "
    "cast(s AS Double) AS dd, cast(flag AS Boolean) AS b, "
    "isNull(temp) AS nul, isUndefined(s) AS iss, get_or_default(a, s) AS god, "
    "get(s, n) AS gs FROM 'a/b/c'",
    "SELECT encode(*, 'base64') AS b64, decode(s, 'base64') AS dec, md5(s) AS h1, "
    "sha1(s) AS h2, sha256(s) AS h3, sha512(s) AS h4, "
    "encode(a, 'base64') AS enc FROM 'a/b/c'",
    "SELECT decode(encode(*, 'base64'), 'base64') AS raw FROM 'a/b/c' "
    "WHERE decode(encode(*, 'base64'), 'base64') > 50",
    "SELECT parse_time(s, temp) AS pt, time_to_epoch(s, t) AS te, "
    "parse_time(s, temp, t) AS ptz FROM 'a/b/c'",
    "SELECT CASE temp WHEN 1 THEN 'one' WHEN s THEN 'same' ELSE arr END AS c, "
    "temp IN arr AS inarr, s IN [1, 'x', temp] AS inlit, {'k': temp, 'k': s, 'n': {'m': arr}} AS o, "
    "[temp, s, a, arr] AS l FROM 'a/b/c' WHERE NOT (temp = s) OR flag AND temp >= n",
    "SET @x = temp * 2, @y = concat(s, '-', @x) SELECT @x AS x, @y AS y, @y.z AS z FROM 'a/b/c'",
    "SELECT transform('enrichArray', arr, a) AS en, transform('addValue', a, arr) AS av "
    "FROM 'a/b/c'",
    "SELECT numbytes(s) AS nb, chr(n) AS ch, nanvl(temp, 0) AS nv, "
    "sql_version() AS v, newuuid() AS id FROM 'a/b/c'",
};

constexpr const char* kTemplates[] = {
    "${topic()}/${temp}",
    "${s}/${a.b.c}/${get(arr, 0)}",
    "${@x}${@y}$$${clientid()}",
    "x${concat(s, t)}y${upper(device)}",
};

struct Compiled {
  std::vector<std::unique_ptr<iotsql::Rule>> rules;
  std::vector<std::pair<size_t, std::unique_ptr<iotsql::Template>>> templates;
};

Compiled* Build() {
  auto* c = new Compiled;
  for (const char* sql : kRules) {
    for (iotsql::SqlVersion version :
         {iotsql::SqlVersion::k2015_10_08, iotsql::SqlVersion::k2016_03_23}) {
      absl::StatusOr<iotsql::Rule> rule = iotsql::Rule::Compile(sql, version);
      if (!rule.ok()) {
        // transform() and a few others are 2016-03-23 only.
        if (version == iotsql::SqlVersion::k2015_10_08) continue;
        iotsql::fuzz::Fail("a fixed rule does not compile",
                           std::string(rule.status().message().data(),
                                       rule.status().message().size()));
      }
      iotsql::fuzz::ReverifyProgram(rule->program());
      c->rules.push_back(std::make_unique<iotsql::Rule>(std::move(*rule)));
    }
  }
  for (size_t i = 0; i < c->rules.size(); ++i) {
    for (const char* text : kTemplates) {
      absl::StatusOr<iotsql::Template> t = iotsql::Template::Compile(text, *c->rules[i]);
      if (!t.ok()) continue;  // ${@x} needs a rule with that variable
      iotsql::fuzz::ReverifyProgram(t->program());
      c->templates.emplace_back(i, std::make_unique<iotsql::Template>(std::move(*t)));
    }
  }
  return c;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Compiled* compiled = Build();
  static iotsql::Evaluator* evaluator = new iotsql::Evaluator;
  std::string_view payload = iotsql::fuzz::AsText(data, size);
  iotsql::MessageContext context;
  context.topic = "a/b/c";
  context.clientid = "dev-1";
  context.timestamp_ms = 1700000000000;
  context.newuuid = "00000000-0000-4000-8000-000000000000";
  size_t next_template = 0;
  for (size_t i = 0; i < compiled->rules.size(); ++i) {
    absl::StatusOr<iotsql::EvalResult> out =
        evaluator->Evaluate(*compiled->rules[i], payload, context);
    if (out.ok() && out->matched && !out->binary && !out->payload.empty()) {
      IOTSQL_FUZZ_CHECK(iotsql::fuzz::IsJsonDocument(out->payload),
                        std::string(compiled->rules[i]->sql()) + " gave " +
                            iotsql::fuzz::Printable(out->payload));
    }
    // The templates of this rule, right after its run (they continue it) ...
    for (; next_template < compiled->templates.size() &&
           compiled->templates[next_template].first == i;
         ++next_template) {
      (void)evaluator->Render(*compiled->templates[next_template].second, payload, context);
    }
  }
  // ... and one on its own (the SET clause runs again).
  if (!compiled->templates.empty()) {
    (void)evaluator->Render(*compiled->templates[size % compiled->templates.size()].second,
                            payload, context);
  }
  return 0;
}
