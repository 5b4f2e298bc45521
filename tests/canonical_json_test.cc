// The canonical-JSON scanner behind SELECT *: what it accepts must be JSON, what it writes the
// text AppendJson writes for it, and the members it reads what the JsonReader reads.
#include "value/canonical_json.h"

#include <fstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "iotsql/iotsql.h"
#include "simdjson.h"
#include "value/convert.h"
#include "value/json_reader.h"

namespace iotsql {
namespace {

std::string ToJsonText(const Value& v) {
  std::string out;
  AppendJson(v, &out);
  return out;
}

std::string Written(std::string_view token, bool v2) {
  Value v;
  if (!ParseJsonNumber(token, v2, &v)) return "<not a number>";
  std::string out;
  AppendJson(v, &out);
  return out;
}

TEST(CanonicalJson, NumbersThatPrintAsThemselves) {
  for (bool v2 : {false, true}) {
    SCOPED_TRACE(v2 ? "2016-03-23" : "2015-10-08");
    for (const char* t : {"0", "7", "-7", "123456789012345678", "-123456789012345678", "63.94",
                          "0.5", "-0.5", "1.50", "10.25", "0.05", "0.000001", "974.5",
                          "31.80591", "-141.18464"}) {
      EXPECT_TRUE(IsCanonicalNumber(t, v2)) << t;
      EXPECT_EQ(Written(t, v2), t);
    }
    for (const char* t : {"-0", "1e2", "1E+2", "1.5e3", "0.0000001", "-0.0", "00", "01", "1.",
                          ".5", "+1", "1234567890123456789", "0.1234567890123456789", "--1",
                          "", "-", "1.2.3", "0x10"}) {
      EXPECT_FALSE(IsCanonicalNumber(t, v2)) << t;
    }
  }
  // 2016-03-23 reads a whole-number Decimal as an Int: 60.0 is written 60.
  EXPECT_TRUE(IsCanonicalNumber("60.0", false));
  EXPECT_EQ(Written("60.0", false), "60.0");
  EXPECT_FALSE(IsCanonicalNumber("60.0", true));
  EXPECT_TRUE(IsCanonicalNumber("0.000000", false));
  EXPECT_EQ(Written("0.000000", false), "0.000000");
  EXPECT_FALSE(IsCanonicalNumber("0.0000000", false));
}

// Every token of a small grammar: whenever the check says "canonical", the token prints as
// itself; and the check says so for most tokens that do (it may be conservative).
TEST(CanonicalJson, NumberCheckAgreesWithParseAndPrint) {
  const std::vector<std::string> ints = {"0", "1", "9", "10", "100", "12345", "999999999",
                                         "123456789012345678", "1234567890123456789", "00"};
  const std::vector<std::string> fracs = {"", ".0", ".00", ".5", ".50", ".05", ".000001",
                                          ".0000001", ".000000", ".0000000", ".123456789012345678",
                                          ".1234567890123456789"};
  const std::vector<std::string> exps = {"", "e1", "E-3"};
  int accepted = 0, same = 0;
  for (bool v2 : {false, true}) {
    for (const std::string sign : {"", "-"}) {
      for (const std::string& i : ints) {
        for (const std::string& f : fracs) {
          for (const std::string& e : exps) {
            const std::string t = sign + i + f + e;
            const bool canonical = IsCanonicalNumber(t, v2);
            const bool prints_as_itself = Written(t, v2) == t;
            // The scanner's own one-pass check, and its rewriting, agree with parse and print.
            CanonicalJsonScanner scanner;
            std::string out;
            bool roots_read;
            const std::string array = "[" + t + "]";
            if (scanner.Scan(array, v2, 256, {}, nullptr, &roots_read, &out)) {
              EXPECT_EQ(out, "[" + Written(t, v2) + "]") << t;
            } else {
              EXPECT_EQ(Written(t, v2), "<not a number>") << t;
            }
            if (canonical) {
              ++accepted;
              EXPECT_TRUE(prints_as_itself) << t << (v2 ? " v2" : " v1");
            }
            same += prints_as_itself;
          }
        }
      }
    }
  }
  EXPECT_GT(accepted, 150);
  EXPECT_GE(same, accepted);
}

struct Scanned {
  bool canonical = false;
  bool roots_read = false;
  std::vector<Value> roots;
  std::string written;
};

Scanned Scan(std::string_view payload, const std::vector<std::string>& fields, bool v2 = true,
             int max_depth = 256) {
  static CanonicalJsonScanner scanner;
  Scanned s;
  s.roots.resize(fields.size());
  s.canonical =
      scanner.Scan(payload, v2, max_depth, fields, s.roots.data(), &s.roots_read, &s.written);
  return s;
}

TEST(CanonicalJson, CompactTelemetryIsCanonical) {
  const std::string payload =
      R"({"device":"dev-003278","ts":1700000000000,"temp":63.94,"humidity":69.3,"battery":17,)"
      R"("status":"ok","loc":{"lat":31.80591,"lon":141.18464},"on":true,"x":null,"a":[1,"b",[]],)"
      R"("e":{},)"
      "\"u\":\"\u00e9t\u00e9 caf\u00e9\"}";  // C++ escapes: the payload holds UTF-8 bytes
  Scanned s = Scan(payload, {"temp", "status", "missing", "on", "x", "battery"});
  ASSERT_TRUE(s.canonical);
  EXPECT_EQ(s.written, payload);
  EXPECT_TRUE(s.roots_read);
  ASSERT_TRUE(s.roots[0].is_decimal());
  EXPECT_EQ(ToJsonText(s.roots[0]), "63.94");
  EXPECT_EQ(s.roots[1].as_string(), "ok");
  EXPECT_TRUE(s.roots[2].is_undefined());
  EXPECT_TRUE(s.roots[3].is_true());
  EXPECT_TRUE(s.roots[4].is_null());
  EXPECT_EQ(s.roots[5].as_int(), 17);

  Scanned nested = Scan(payload, {"loc"});
  ASSERT_TRUE(nested.canonical);
  EXPECT_FALSE(nested.roots_read);  // an Object member is left to the JsonReader

  for (const char* scalar : {"5", "\"s\"", "true", "null", "[]", "{}", "[1,[2,[3]]]"}) {
    EXPECT_TRUE(Scan(scalar, {"a"}).canonical) << scalar;
    EXPECT_EQ(Scan(scalar, {"a"}).written, scalar);
  }
}

// Whitespace is cut and numbers that print differently are rewritten, in the output only: the
// members read keep their values.
TEST(CanonicalJson, WritesWhatAppendJsonWrites) {
  struct Case {
    const char* payload;
    bool v2;
    const char* written;
  };
  for (const Case& c : std::vector<Case>{
           {" {\n  \"a\" : 1 ,\t\"b\": [ 1 , 2 ] }\r\n", true, R"({"a":1,"b":[1,2]})"},
           {R"({"t":70.0,"h":69.3,"z":-0,"e":1e2,"f":1.5E-9})", true,
            R"({"t":70,"h":69.3,"z":0,"e":100,"f":1.5E-9})"},
           {R"({"t":70.0,"e":1e2})", false, R"({"t":70.0,"e":1E+2})"},
           {R"([12345678901234567890123, 0.00000001])", true, "[12345678901234567890123,1E-8]"},
           {" 5 ", true, "5"},
       }) {
    Scanned s = Scan(c.payload, {"t", "a"}, c.v2);
    ASSERT_TRUE(s.canonical) << c.payload;
    EXPECT_EQ(s.written, c.written) << c.payload;
  }
  Scanned s = Scan(R"({ "t" : 70.0 , "a" : "x" })", {"t", "a"});
  ASSERT_TRUE(s.canonical);
  EXPECT_EQ(s.roots[0].as_int(), 70);
  EXPECT_EQ(s.roots[1].as_string(), "x");
}

TEST(CanonicalJson, AnythingUnusualTakesTheGeneralPath) {
  for (const std::string& payload : std::vector<std::string>{
           R"({"a":1,"a":2})", R"({"a":1, "a":2})",
           R"({"a":"x\"y"})", R"({"a":"x\/y"})", R"({"a":"\u00e9"})", "{\"a\":\"\t\"}",
           R"({"a":1e99999})", R"({"a":1.e3})", R"({"a":1,})", "{\"a\":1\f}", "\v1", R"({"a":1)", R"({"a":01})",
           R"({"a":tru})", R"({"a":truex})", R"([1,])", R"([,1])", R"({,})", R"({"a"})",
           R"({"a":1}{"b":2})", R"({'a':1})", R"({a:1})", std::string("{\"a\":\"\xff\"}"),
           std::string("{\"a\":1}\0", 8), "", "nul", "-", "\"abc"}) {
    EXPECT_FALSE(Scan(payload, {"a"}).canonical) << payload;
  }
  // Depth and object size are bounded.
  EXPECT_TRUE(Scan("[[[1]]]", {}, true, 4).canonical);  // scalars are a level, as in the reader
  EXPECT_FALSE(Scan("[[[1]]]", {}, true, 3).canonical);
  std::string wide = "{";
  for (int i = 0; i < 33; ++i) wide += (i ? ",\"k" : "\"k") + std::to_string(i) + "\":1";
  wide += "}";
  EXPECT_FALSE(Scan(wide, {}).canonical);
  EXPECT_TRUE(Scan(wide.substr(0, wide.rfind(',')) + "}", {}).canonical);
}

// Over the payloads of the conformance vectors and compact rewrites of them: an accepted payload
// is JSON to the reader, written back unchanged, with the same members.
TEST(CanonicalJson, AgreesWithTheReaderOnTheConformancePayloads) {
  std::ifstream in(IOTSQL_TEST_DATA_DIR "/conformance_vectors.jsonl");
  ASSERT_TRUE(in.good());
  simdjson::dom::parser parser;
  JsonReader reader;
  Arena arena;
  std::string line;
  int payloads = 0, canonical = 0;
  while (std::getline(in, line)) {
    simdjson::dom::element vector;
    if (parser.parse(line).get(vector)) continue;
    simdjson::dom::element doc;
    if (vector["payload"].get(doc)) continue;
    // Compact as the minifier writes it, and with a space after every comma (which may also
    // change strings: either way the property must hold).
    const std::string compact = simdjson::minify(doc);
    std::string spaced;
    for (char c : compact) {
      spaced += c;
      if (c == ',') spaced += ' ';
    }
    std::vector<std::string> candidates = {compact, spaced};
    for (const std::string& payload : candidates) {
      for (bool v2 : {false, true}) {
        ++payloads;
        std::vector<std::string> fields = {"a", "temp", "b", "x", "id"};
        Scanned s = Scan(payload, fields, v2);
        if (!s.canonical) continue;
        ++canonical;
        arena.Reset();
        PayloadView view = reader.Read(payload, {}, true, v2, &arena, nullptr);
        ASSERT_TRUE(view.is_json) << payload;
        std::string written;
        AppendJson(view.document, &written);
        EXPECT_EQ(s.written, written);
        for (size_t i = 0; s.roots_read && i < fields.size(); ++i) {
          const Value* want = view.document.Find(fields[i]);
          if (want == nullptr) {
            EXPECT_TRUE(s.roots[i].is_undefined()) << fields[i] << " in " << payload;
          } else {
            EXPECT_EQ(ToJsonText(*want), ToJsonText(s.roots[i])) << fields[i] << " in " << payload;
          }
        }
      }
    }
  }
  EXPECT_GT(payloads, 500);
  EXPECT_GT(canonical, 400);
}

TEST(CanonicalJson, SelectStarPassesCanonicalBytesOn) {
  absl::StatusOr<Rule> rule =
      Rule::Compile("SELECT * FROM 't' WHERE temp > 50 AND status = 'ok'", SqlVersion::k2016_03_23);
  ASSERT_TRUE(rule.ok()) << rule.status();
  Evaluator evaluator;
  MessageContext context;
  context.topic = "t";
  const std::string compact = R"({"temp":63.94,"status":"ok","n":[1,2.5,"x"],"o":{"p":null}})";
  absl::StatusOr<EvalResult> out = evaluator.Evaluate(*rule, compact, context);
  ASSERT_TRUE(out.ok());
  EXPECT_TRUE(out->matched);
  EXPECT_FALSE(out->binary);
  EXPECT_EQ(out->payload, compact);
  // Spaced out: the output is compact. A duplicate key and an escape take the general path.
  out = evaluator.Evaluate(
      *rule, R"({ "temp": 63.940, "status": "ok", "n": [1, 2.50, "\u0078"], "n": 3, "v": 2.0 })",
      context);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->payload, R"({"temp":63.940,"status":"ok","n":3,"v":2})");
  out = evaluator.Evaluate(*rule, R"({"temp":40,"status":"ok"})", context);
  ASSERT_TRUE(out.ok());
  EXPECT_FALSE(out->matched);
  // Not JSON: the bytes, as binary.
  absl::StatusOr<Rule> all = Rule::Compile("SELECT * FROM 't'", SqlVersion::k2016_03_23);
  ASSERT_TRUE(all.ok());
  out = evaluator.Evaluate(*all, "{\"temp\":", context);
  ASSERT_TRUE(out.ok());
  EXPECT_TRUE(out->binary);
  EXPECT_EQ(out->payload, "{\"temp\":");
  // The output limit holds on the pass-through path too.
  Limits limits;
  limits.max_output_bytes = 10;
  evaluator.set_limits(limits);
  EXPECT_FALSE(evaluator.Evaluate(*all, compact, context).ok());
}

}  // namespace
}  // namespace iotsql
