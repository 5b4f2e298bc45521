// JsonReader (simdjson On-Demand payload reader), ParseJsonValue and ParseJsonNumber: selected
// top-level members and whole documents, escapes, duplicate keys, numbers in both SQL versions,
// non-JSON payloads (spec §16), the nesting limit and reader reuse.
#include "value/json_reader.h"

#include <algorithm>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "value/convert.h"
#include "value/json_parse.h"

namespace iotsql {
namespace {

std::string Json(const Value& v) {
  if (v.is_undefined()) return "<undefined>";
  std::string out;
  AppendJson(v, &out);
  return out;
}

// Reads `payload` with the given member names; keeps the reader, arena and roots alive so the
// values can be inspected.
class JsonReaderTest : public ::testing::Test {
 protected:
  PayloadView Read(std::string_view payload, std::vector<std::string> fields, bool whole,
                   bool v2 = true) {
    fields_ = std::move(fields);
    roots_.assign(fields_.size() + 1, Value::Null());  // sentinel: Read must reset every root
    return reader_.Read(payload, fields_, whole, v2, &arena_, roots_.data());
  }
  const Value& root(size_t i) const { return roots_[i]; }

  JsonReader reader_;
  Arena arena_{1024};
  std::vector<std::string> fields_;
  std::vector<Value> roots_;
};

// ---- selected members --------------------------------------------------------------------------

TEST_F(JsonReaderTest, SelectedMembersAreReadAndOthersSkipped) {
  PayloadView v = Read(R"({"a":1,"b":{"x":[1,2,{"y":3}]},"c":"s","d":[true,null]})",
                       {"c", "a", "missing", "d"}, /*whole=*/false);
  EXPECT_TRUE(v.is_json);
  EXPECT_TRUE(v.document.is_undefined());  // the document itself is not read
  ASSERT_TRUE(root(0).is_string());
  EXPECT_EQ(root(0).as_string(), "s");
  ASSERT_TRUE(root(1).is_int());
  EXPECT_EQ(root(1).as_int(), 1);
  EXPECT_TRUE(root(2).is_undefined());
  EXPECT_EQ(Json(root(3)), "[true,null]");
  EXPECT_TRUE(root(4).is_null()) << "Read must not touch roots past fields.size()";
}

TEST_F(JsonReaderTest, SelectedMemberThatIsANestedStructure) {
  PayloadView v = Read(R"( { "b" : { "x" : [ 1 , 2 , { "y" : [ ] } ] , "z" : { } } } )", {"b"},
                       false);
  EXPECT_TRUE(v.is_json);
  EXPECT_EQ(Json(root(0)), R"({"x":[1,2,{"y":[]}],"z":{}})");
  const Value* x = root(0).Find("x");
  ASSERT_NE(x, nullptr);
  ASSERT_TRUE(x->is_array());
  EXPECT_EQ(x->size(), 3u);
}

TEST_F(JsonReaderTest, NoFieldsAndNoDocumentDoesNotParse) {
  // Nothing is needed: the payload is not looked at at all (whether it is JSON matters only
  // when something is read), and the document stays the bytes.
  PayloadView v = Read("\x01\x02 not json", {}, false);
  EXPECT_TRUE(v.is_json);
  EXPECT_TRUE(v.document.is_binary());
}

TEST_F(JsonReaderTest, MembersOfANonObjectDocumentAreUndefined) {
  PayloadView v = Read("[1,2,3]", {"a"}, false);
  EXPECT_TRUE(v.is_json);
  EXPECT_TRUE(root(0).is_undefined());
  v = Read("42", {"a"}, false);
  EXPECT_TRUE(v.is_json);
  EXPECT_TRUE(root(0).is_undefined());
  v = Read(R"("text")", {"a"}, false);
  EXPECT_TRUE(v.is_json);
  EXPECT_TRUE(root(0).is_undefined());
}

TEST_F(JsonReaderTest, DuplicateKeysLastWinsForSelectedMembers) {
  PayloadView v = Read(R"({"a":1,"b":0,"a":{"n":2},"a":3})", {"a", "b"}, false);
  EXPECT_TRUE(v.is_json);
  EXPECT_EQ(Json(root(0)), "3");
  EXPECT_EQ(Json(root(1)), "0");
}

TEST_F(JsonReaderTest, EscapedKeysMatchTheirUnescapedNames) {
  PayloadView v = Read(R"({"k\"ey":1,"\u0061b":2,"sp ace":3,"\u00e9t\u00e9":4})",
                       {"k\"ey", "ab", "sp ace", "\xC3\xA9t\xC3\xA9"}, false);
  EXPECT_TRUE(v.is_json);
  EXPECT_EQ(Json(root(0)), "1");
  EXPECT_EQ(Json(root(1)), "2");
  EXPECT_EQ(Json(root(2)), "3");
  EXPECT_EQ(Json(root(3)), "4");
}

TEST_F(JsonReaderTest, SelectedNamesMatchWholeKeysOnly) {
  // A wanted name that is a prefix of a key, or a key that is a prefix of the name, is no match.
  PayloadView v = Read(R"({"ab":1,"a":2,"abc":3,"x":{"n":9}})", {"a", "abcd", "n"}, false);
  EXPECT_TRUE(v.is_json);
  EXPECT_EQ(Json(root(0)), "2");
  EXPECT_TRUE(root(1).is_undefined());
  EXPECT_TRUE(root(2).is_undefined());  // nested members are not top-level members
  // The last key of the document, right before the closing brace.
  v = Read(R"({"zz":0,"last":"v"})", {"last"}, false);
  EXPECT_EQ(Json(root(0)), R"("v")");
  // Case-sensitive.
  v = Read(R"({"Temp":1})", {"temp"}, false);
  EXPECT_TRUE(root(0).is_undefined());
}

TEST_F(JsonReaderTest, EscapedKeysDoNotMatchTheirRawSpelling) {
  // The key k" is written k\" in the payload; the two-byte name k\ is a different name, and so
  // is the six-byte name a\u0062 (the key "ab" written with an escape).
  PayloadView v = Read(R"({"k\"":1,"a\u0062":2})", {"k\\", "a\\u0062", "k\"", "ab"}, false);
  EXPECT_TRUE(v.is_json);
  EXPECT_TRUE(root(0).is_undefined());
  EXPECT_TRUE(root(1).is_undefined());
  EXPECT_EQ(Json(root(2)), "1");
  EXPECT_EQ(Json(root(3)), "2");
}

TEST_F(JsonReaderTest, EscapedKeysMatchWhenNoNameIsARawSpelling) {
  PayloadView v = Read(R"({"k\"":1,"a\u0062":2})", {"k\"", "ab"}, false);
  EXPECT_TRUE(v.is_json);
  EXPECT_EQ(Json(root(0)), "1");
  EXPECT_EQ(Json(root(1)), "2");
}

TEST_F(JsonReaderTest, BackslashInAStringValueDoesNotConfuseKeyMatching) {
  PayloadView v = Read(R"({"s":"a\\b\"c","a\"":0,"a":5})", {"a", "s"}, false);
  ASSERT_TRUE(v.is_json);
  EXPECT_EQ(Json(root(0)), "5");
  EXPECT_EQ(root(1).as_string(), "a\\b\"c");
}

// ---- whole documents ---------------------------------------------------------------------------

TEST_F(JsonReaderTest, WholeDocumentNestedStructures) {
  PayloadView v = Read(R"({"a":[1,{"b":[true,false,null]},[]],"c":{"d":{"e":"f"}},"g":{}})",
                       {"c", "zz"}, true);
  ASSERT_TRUE(v.is_json);
  ASSERT_TRUE(v.document.is_object());
  EXPECT_EQ(v.document.size(), 3u);
  EXPECT_EQ(Json(v.document), R"({"a":[1,{"b":[true,false,null]},[]],"c":{"d":{"e":"f"}},"g":{}})");
  // Roots come from the document when it is read whole.
  EXPECT_EQ(Json(root(0)), R"({"d":{"e":"f"}})");
  EXPECT_TRUE(root(1).is_undefined());
  // Member order is the payload's.
  EXPECT_EQ(v.document.members()[0].key, "a");
  EXPECT_EQ(v.document.members()[1].key, "c");
  EXPECT_EQ(v.document.members()[2].key, "g");
}

TEST_F(JsonReaderTest, WholeDocumentEscapesInKeysAndStrings) {
  PayloadView v = Read(
      R"({"q\"k":"a\"b","nl":"x\ny\tz","u":"\u00e9\u20ac","pair":"\ud83d\ude00",)"
      R"("sl":"\/\\","ctl":"\u0001"})",
      {}, true);
  ASSERT_TRUE(v.is_json);
  const Value* q = v.document.Find("q\"k");
  ASSERT_NE(q, nullptr);
  EXPECT_EQ(q->as_string(), "a\"b");
  EXPECT_EQ(v.document.Find("nl")->as_string(), "x\ny\tz");
  EXPECT_EQ(v.document.Find("u")->as_string(), "\xC3\xA9\xE2\x82\xAC");       // é€
  EXPECT_EQ(v.document.Find("pair")->as_string(), "\xF0\x9F\x98\x80");        // U+1F600
  EXPECT_EQ(v.document.Find("sl")->as_string(), "/\\");
  EXPECT_EQ(v.document.Find("ctl")->as_string(), std::string("\x01", 1));
  // And back out as JSON (control characters as upper-case \u00XX, like Jackson).
  EXPECT_EQ(Json(*v.document.Find("ctl")), "\"\\u0001\"");
  EXPECT_EQ(Json(*q), R"("a\"b")");
}

TEST_F(JsonReaderTest, WholeDocumentDuplicateKeysLastWins) {
  PayloadView v = Read(R"({"a":1,"b":2,"a":3})", {"a"}, true);
  ASSERT_TRUE(v.is_json);
  EXPECT_EQ(Json(root(0)), "3");
  EXPECT_EQ(Json(*v.document.Find("a")), "3");
  // Serialised once, at the first position, with the last value.
  EXPECT_EQ(Json(v.document), R"({"a":3,"b":2})");
  EXPECT_EQ(v.document.size(), 2u);
  // Nested objects too, and inside arrays.
  v = Read(R"({"o":{"x":1,"y":2,"x":{"z":0,"z":9}},"l":[{"k":1,"k":2}]})", {"o"}, true);
  ASSERT_TRUE(v.is_json);
  EXPECT_EQ(Json(v.document), R"({"o":{"x":{"z":9},"y":2},"l":[{"k":2}]})");
  EXPECT_EQ(root(0).size(), 2u);
  // A selected member's own duplicates.
  v = Read(R"({"o":{"x":1,"x":2}})", {"o"}, false);
  ASSERT_TRUE(v.is_json);
  EXPECT_EQ(Json(root(0)), R"({"x":2})");
  EXPECT_EQ(root(0).size(), 1u);
}

TEST_F(JsonReaderTest, TopLevelScalarsAndArrays) {
  struct Case {
    const char* payload;
    const char* json;
    Kind kind;
  } cases[] = {
      {"42", "42", Kind::kInt},
      {"  -7 \n", "-7", Kind::kInt},
      {"1.25", "1.25", Kind::kDecimal},
      {R"("hi")", R"("hi")", Kind::kString},
      {" true", "true", Kind::kBool},
      {"false ", "false", Kind::kBool},
      {"null", "null", Kind::kNull},
      {"[1,\"a\",[null]]", "[1,\"a\",[null]]", Kind::kArray},
      {"[]", "[]", Kind::kArray},
      {"{}", "{}", Kind::kObject},
  };
  for (const Case& c : cases) {
    PayloadView v = Read(c.payload, {}, true);
    ASSERT_TRUE(v.is_json) << c.payload;
    EXPECT_EQ(v.document.kind(), c.kind) << c.payload;
    EXPECT_EQ(Json(v.document), c.json) << c.payload;
  }
}

// ---- numbers -----------------------------------------------------------------------------------

TEST_F(JsonReaderTest, IntegersIncludingInt64EdgesAndBigInts) {
  PayloadView v = Read(
      R"({"i":42,"neg":-17,"zero":0,"max":9223372036854775807,"min":-9223372036854775808,)"
      R"("over":9223372036854775808,"under":-9223372036854775809,)"
      R"("d18":999999999999999999,"d19":1000000000000000000,)"
      R"("d34":1234567890123456789012345678901234})",
      {}, true, /*v2=*/false);
  ASSERT_TRUE(v.is_json);
  const Value& d = v.document;
  EXPECT_EQ(d.Find("i")->as_int(), 42);
  EXPECT_EQ(d.Find("neg")->as_int(), -17);
  EXPECT_EQ(d.Find("zero")->as_int(), 0);
  ASSERT_TRUE(d.Find("max")->is_int());
  EXPECT_FALSE(d.Find("max")->is_big_int());
  EXPECT_EQ(d.Find("max")->as_int(), INT64_MAX);
  ASSERT_TRUE(d.Find("min")->is_int());
  EXPECT_FALSE(d.Find("min")->is_big_int());
  EXPECT_EQ(d.Find("min")->as_int(), INT64_MIN);
  ASSERT_TRUE(d.Find("over")->is_int());
  EXPECT_TRUE(d.Find("over")->is_big_int());
  EXPECT_EQ(Json(*d.Find("over")), "9223372036854775808");
  EXPECT_TRUE(d.Find("under")->is_big_int());
  EXPECT_EQ(Json(*d.Find("under")), "-9223372036854775809");
  EXPECT_EQ(d.Find("d18")->as_int(), 999999999999999999);
  EXPECT_EQ(d.Find("d19")->as_int(), 1000000000000000000);
  ASSERT_TRUE(d.Find("d34")->is_big_int());
  EXPECT_EQ(Json(*d.Find("d34")), "1234567890123456789012345678901234");
}

TEST_F(JsonReaderTest, DecimalsExponentsAndNegativeZero) {
  PayloadView v = Read(
      R"({"d":1.5,"e":1e3,"E":2.5E-3,"p":1E+2,"nz":-0,"nzd":-0.0,"small":5E-12,"tiny":0.000001})",
      {}, true, /*v2=*/false);
  ASSERT_TRUE(v.is_json);
  const Value& d = v.document;
  EXPECT_TRUE(d.Find("d")->is_decimal());
  EXPECT_EQ(Json(*d.Find("d")), "1.5");
  EXPECT_TRUE(d.Find("e")->is_decimal());   // an exponent makes a Decimal, even when whole
  EXPECT_EQ(Json(*d.Find("e")), "1E+3");
  EXPECT_EQ(Json(*d.Find("E")), "0.0025");
  EXPECT_EQ(Json(*d.Find("p")), "1E+2");
  ASSERT_TRUE(d.Find("nz")->is_int());      // -0 is the Int 0
  EXPECT_EQ(Json(*d.Find("nz")), "0");
  EXPECT_EQ(Json(*d.Find("nzd")), "0.0");   // BigDecimal has no negative zero
  EXPECT_EQ(Json(*d.Find("small")), "5E-12");
  EXPECT_EQ(Json(*d.Find("tiny")), "0.000001");
}

TEST_F(JsonReaderTest, WholeDecimalsFollowTheSqlVersion) {
  const char* payload = R"({"w":10.0,"f":10.5,"e":1e3,"z":0.00})";
  PayloadView v1 = Read(payload, {"w", "f", "e", "z"}, false, /*v2=*/false);
  ASSERT_TRUE(v1.is_json);
  EXPECT_TRUE(root(0).is_decimal());
  EXPECT_EQ(Json(root(0)), "10.0");
  EXPECT_EQ(Json(root(1)), "10.5");
  EXPECT_TRUE(root(2).is_decimal());
  EXPECT_EQ(Json(root(3)), "0.00");

  PayloadView v2 = Read(payload, {"w", "f", "e", "z"}, false, /*v2=*/true);
  ASSERT_TRUE(v2.is_json);
  ASSERT_TRUE(root(0).is_int());
  EXPECT_EQ(root(0).as_int(), 10);
  EXPECT_TRUE(root(1).is_decimal());
  EXPECT_EQ(Json(root(1)), "10.5");
  ASSERT_TRUE(root(2).is_int());
  EXPECT_EQ(root(2).as_int(), 1000);
  ASSERT_TRUE(root(3).is_int());
  EXPECT_EQ(root(3).as_int(), 0);
}

TEST_F(JsonReaderTest, FortyDigitIntegerKeepsThePayloadJson) {
  // A valid JSON document stays JSON even when one of its numbers is beyond the 34-digit Int
  // (spec §2: a payload is binary only when it does not parse as JSON). The number becomes a
  // Decimal rounded half-even to 34 digits.
  const char* payload = R"({"big":1234567890123456789012345678901234567890,"a":1})";
  for (bool v2 : {false, true}) {
    SCOPED_TRACE(v2);
    PayloadView whole = Read(payload, {"a"}, true, v2);
    ASSERT_TRUE(whole.is_json);
    EXPECT_EQ(Json(root(0)), "1");
    const Value* big = whole.document.Find("big");
    ASSERT_NE(big, nullptr);
    EXPECT_TRUE(big->is_decimal());
    EXPECT_EQ(Json(*big), "1.234567890123456789012345678901235E+39");

    PayloadView selected = Read(payload, {"big", "a"}, false, v2);
    ASSERT_TRUE(selected.is_json);
    EXPECT_EQ(Json(root(0)), "1.234567890123456789012345678901235E+39");
    EXPECT_EQ(Json(root(1)), "1");
  }
}

TEST_F(JsonReaderTest, FortyDigitIntegerNotSelectedIsSkipped) {
  // The member is never materialized when not selected: the other members read normally.
  PayloadView v =
      Read(R"({"big":1234567890123456789012345678901234567890,"a":1})", {"a"}, false);
  EXPECT_TRUE(v.is_json);
  EXPECT_EQ(Json(root(0)), "1");
}

// ---- not JSON ----------------------------------------------------------------------------------

TEST_F(JsonReaderTest, NonJsonPayloadsAreBinaryAndMembersUndefined) {
  const std::string payloads[] = {
      std::string("\x00\x01\x02\xff", 4),     // binary
      R"({"a":1} x)",                         // trailing garbage
      R"({"a":1}})",                          // an extra brace
      R"({"a":1}{"a":2})",                    // two documents
      R"({"a":1,"b":[1,2)",                   // truncated
      R"({"a":)",                             // truncated after a key
      R"({"a":1,})",                          // trailing comma
      "{\"a\":\"\xff\xfe\"}",                 // invalid UTF-8 inside a string
      "{\"\xc3\":1}",                         // invalid UTF-8 in a key
      "",                                     // empty
      "   ",                                  // whitespace only
      "hello",                                // a bare word
      "{'a':1}",                              // single quotes
      "{\"a\":1",                             // unclosed object
  };
  for (const std::string& p : payloads) {
    SCOPED_TRACE(::testing::PrintToString(p));
    PayloadView whole = Read(p, {"a"}, true);
    EXPECT_FALSE(whole.is_json);
    ASSERT_TRUE(whole.document.is_binary());
    EXPECT_EQ(whole.document.as_string(), p);  // the bytes, unchanged
    EXPECT_TRUE(root(0).is_undefined());
    EXPECT_TRUE(root(1).is_null()) << "sentinel overwritten";

    PayloadView selected = Read(p, {"a"}, false);
    EXPECT_FALSE(selected.is_json);
    EXPECT_TRUE(selected.document.is_binary());
    EXPECT_TRUE(root(0).is_undefined()) << "a member of a non-JSON payload must be Undefined";
  }
}

TEST_F(JsonReaderTest, NonObjectGarbageWithSelectedMembers) {
  // Reading members of something that does not start as an object: whatever the rest is, every
  // member is Undefined (the whole-document read is what tells JSON from bytes).
  for (const char* p : {"80 90", "[1,2", "\"open", "tru"}) {
    SCOPED_TRACE(p);
    Read(p, {"a"}, false);
    EXPECT_TRUE(root(0).is_undefined());
    EXPECT_FALSE(Read(p, {"a"}, true).is_json);
  }
}

TEST_F(JsonReaderTest, GarbageAfterASelectedMemberStillRejects) {
  // The selected member comes first: the reader must not report it once the rest fails.
  PayloadView v = Read(R"({"a":1,"b":2} trailing)", {"a"}, false);
  EXPECT_FALSE(v.is_json);
  EXPECT_TRUE(root(0).is_undefined());
  v = Read(R"({"a":1,"b":)", {"a"}, false);
  EXPECT_FALSE(v.is_json);
  EXPECT_TRUE(root(0).is_undefined());
}

TEST_F(JsonReaderTest, SurroundingWhitespaceIsFine) {
  for (const char* p : {" \t\r\n{\"a\":1} \n\t\r ", "{\"a\":1}\n", "\n[1]\n", " 7 "}) {
    SCOPED_TRACE(::testing::PrintToString(std::string(p)));
    EXPECT_TRUE(Read(p, {"a"}, true).is_json);
    EXPECT_TRUE(Read(p, {"a"}, false).is_json);
  }
  Read(" {\"a\":1}\n", {"a"}, false);
  EXPECT_EQ(Json(root(0)), "1");
}

TEST_F(JsonReaderTest, ScalarWithTrailingGarbageIsNotJson) {
  for (const char* p : {"42 x", "42x", "true false", "\"a\" \"b\"", "null,"}) {
    SCOPED_TRACE(p);
    PayloadView v = Read(p, {}, true);
    EXPECT_FALSE(v.is_json);
    EXPECT_TRUE(v.document.is_binary());
  }
}

// ---- depth -------------------------------------------------------------------------------------

std::string Nested(int depth, const char* inner = "1") {
  return std::string(depth, '[') + inner + std::string(depth, ']');
}

TEST_F(JsonReaderTest, DeepNestingBeyondMaxDepthIsNotJson) {
  reader_.max_depth = 256;
  PayloadView ok = Read(Nested(100), {}, true);
  EXPECT_TRUE(ok.is_json);
  PayloadView deep = Read(Nested(300), {}, true);
  EXPECT_FALSE(deep.is_json);
  EXPECT_TRUE(deep.document.is_binary());
  // Far past every limit: no crash (no unbounded recursion), just "not JSON".
  PayloadView very = Read(Nested(100000), {}, true);
  EXPECT_FALSE(very.is_json);
  // Deep nesting under a selected member too.
  std::string member = "{\"a\":" + Nested(1000) + ",\"b\":2}";
  PayloadView sel = Read(member, {"a", "b"}, false);
  EXPECT_FALSE(sel.is_json);
  EXPECT_TRUE(root(0).is_undefined());
  EXPECT_TRUE(root(1).is_undefined());
  // An unselected deep member is skipped, not materialized.
  PayloadView skipped = Read(member, {"b"}, false);
  EXPECT_TRUE(skipped.is_json);
  EXPECT_EQ(Json(root(0)), "2");
}

TEST_F(JsonReaderTest, MaxDepthBoundary) {
  reader_.max_depth = 4;
  EXPECT_TRUE(Read(Nested(3), {}, true).is_json);      // 3 arrays + a scalar: 4 levels
  EXPECT_FALSE(Read(Nested(5), {}, true).is_json);
  EXPECT_FALSE(Read(Nested(5, ""), {}, true).is_json);  // 5 empty arrays
  EXPECT_TRUE(Read(Nested(4, ""), {}, true).is_json);   // 4 containers, nothing inside
}

TEST_F(JsonReaderTest, LargeObjectsKeepEveryKeyAndTheLastDuplicate) {
  // Past 16 keys duplicate removal uses a hash index: same result as the linear scan. (Its cost
  // is measured by BM_ReadWideObject in bench/scaling_bench.cc, not timed here.)
  std::string p = "{";
  for (int i = 0; i < 16000; ++i) {
    p += (i ? ",\"k" : "\"k") + std::to_string(i) + "\":" + std::to_string(i);
  }
  p += ",\"k5\":-5,\"k15999\":-1}";
  PayloadView v = Read(p, {}, true);
  ASSERT_TRUE(v.is_json);
  ASSERT_EQ(v.document.size(), 16000u);
  EXPECT_EQ(v.document.members()[5].key, "k5");
  EXPECT_EQ(Json(v.document.members()[5].value), "-5");
  EXPECT_EQ(Json(v.document.members()[15999].value), "-1");
  EXPECT_EQ(Json(*v.document.Find("k7000")), "7000");
}

// ---- reuse -------------------------------------------------------------------------------------

TEST_F(JsonReaderTest, ReuseAcrossMessages) {
  // A long document, then a short one, then garbage, then JSON again: no state leaks.
  std::string big = "{\"a\":[";
  for (int i = 0; i < 500; ++i) big += std::to_string(i) + ",";
  big += "0],\"s\":\"" + std::string(300, 'x') + "\"}";
  PayloadView v = Read(big, {"a", "s"}, false);
  ASSERT_TRUE(v.is_json);
  EXPECT_EQ(root(0).size(), 501u);
  EXPECT_EQ(root(1).as_string().size(), 300u);

  v = Read(R"({"s":"short"})", {"a", "s"}, false);
  ASSERT_TRUE(v.is_json);
  EXPECT_TRUE(root(0).is_undefined());
  EXPECT_EQ(root(1).as_string(), "short");

  v = Read("{\"a\":", {"a", "s"}, false);
  EXPECT_FALSE(v.is_json);

  arena_.Reset();
  v = Read(R"({"a":[7],"s":"again"})", {}, true);
  ASSERT_TRUE(v.is_json);
  EXPECT_EQ(Json(v.document), R"({"a":[7],"s":"again"})");

  // Alternate whole and selected reads many times; results stay correct.
  for (int i = 0; i < 200; ++i) {
    arena_.Reset();
    std::string p = "{\"n\":" + std::to_string(i) + ",\"t\":[" + std::to_string(i) + "]}";
    v = Read(p, {"n"}, i % 2 == 0);
    ASSERT_TRUE(v.is_json);
    ASSERT_EQ(root(0).as_int(), i);
  }
}

TEST(JsonReaderBuffers, DocumentValuesDoNotDependOnThePayloadBuffer) {
  // The reader copies the payload into its own padded buffer: the caller's bytes may go away.
  JsonReader reader;
  Arena arena;
  std::vector<std::string> fields = {"k"};
  Value roots[1];
  std::string payload = R"({"k":"value","x":"other"})";
  PayloadView v = reader.Read(payload, fields, true, true, &arena, roots);
  ASSERT_TRUE(v.is_json);
  payload.assign(payload.size(), '#');
  EXPECT_EQ(roots[0].as_string(), "value");
  EXPECT_EQ(v.document.Find("x")->as_string(), "other");
}

// ---- ParseJsonValue ----------------------------------------------------------------------------

TEST(ParseJsonValue, ParsesAnyValueIntoTheArena) {
  Arena arena;
  Value out;
  ASSERT_TRUE(ParseJsonValue(R"( {"a":[1,2.50,"x"],"b":{"c":null}} )", false, &arena, &out));
  EXPECT_EQ(Json(out), R"({"a":[1,2.50,"x"],"b":{"c":null}})");
  ASSERT_TRUE(ParseJsonValue("\"text\"", false, &arena, &out));
  EXPECT_EQ(out.as_string(), "text");
  ASSERT_TRUE(ParseJsonValue("  80 ", true, &arena, &out));
  EXPECT_EQ(out.as_int(), 80);
  ASSERT_TRUE(ParseJsonValue("10.0", true, &arena, &out));
  EXPECT_TRUE(out.is_int());
  ASSERT_TRUE(ParseJsonValue("10.0", false, &arena, &out));
  EXPECT_TRUE(out.is_decimal());
}

TEST(ParseJsonValue, RejectsNonJsonAndLeavesUndefined) {
  Arena arena;
  for (const char* text : {"", "{", "[1,]", "{\"a\":1} x", "abc", "1 2", "'a'"}) {
    SCOPED_TRACE(text);
    Value out = Value::Bool(true);
    EXPECT_FALSE(ParseJsonValue(text, true, &arena, &out));
    EXPECT_TRUE(out.is_undefined());
  }
}

TEST(ParseJsonValue, ResultSurvivesTheNextParse) {
  // decode() keeps a parsed value while parsing another: the first must be a copy.
  Arena arena;
  Value first, second;
  ASSERT_TRUE(ParseJsonValue(R"({"k":"first","arr":["a","b"]})", true, &arena, &first));
  ASSERT_TRUE(ParseJsonValue(R"({"k":"SECOND-LONGER","arr":["zzzzzz"]})", true, &arena, &second));
  EXPECT_EQ(Json(first), R"({"k":"first","arr":["a","b"]})");
  EXPECT_EQ(Json(second), R"({"k":"SECOND-LONGER","arr":["zzzzzz"]})");
}

TEST(ParseJsonValue, MaxDepth) {
  Arena arena;
  Value out;
  EXPECT_TRUE(ParseJsonValue(Nested(50), true, &arena, &out, 256));
  EXPECT_FALSE(ParseJsonValue(Nested(50), true, &arena, &out, 10));
  EXPECT_TRUE(out.is_undefined());
  EXPECT_FALSE(ParseJsonValue(Nested(20000), true, &arena, &out));
  // The limit is per call: a later call with the default limit is not affected.
  EXPECT_TRUE(ParseJsonValue(Nested(50), true, &arena, &out));
}

// ---- ParseJsonNumber ---------------------------------------------------------------------------

TEST(ParseJsonNumber, IntegersAndDecimals) {
  Value v;
  ASSERT_TRUE(ParseJsonNumber("0", true, &v));
  EXPECT_TRUE(v.is_int());
  EXPECT_EQ(v.as_int(), 0);
  ASSERT_TRUE(ParseJsonNumber("-0", true, &v));
  EXPECT_TRUE(v.is_int());
  EXPECT_EQ(v.as_int(), 0);
  ASSERT_TRUE(ParseJsonNumber("123456789012345678", false, &v));  // 18 digits: fast path
  EXPECT_EQ(v.as_int(), 123456789012345678);
  ASSERT_TRUE(ParseJsonNumber("-9223372036854775808", false, &v));
  EXPECT_FALSE(v.is_big_int());
  EXPECT_EQ(v.as_int(), INT64_MIN);
  ASSERT_TRUE(ParseJsonNumber("18446744073709551616", false, &v));
  EXPECT_TRUE(v.is_big_int());
  EXPECT_EQ(Json(v), "18446744073709551616");

  ASSERT_TRUE(ParseJsonNumber("2.50", false, &v));
  EXPECT_TRUE(v.is_decimal());
  EXPECT_EQ(Json(v), "2.50");
  ASSERT_TRUE(ParseJsonNumber("2.50", true, &v));
  EXPECT_EQ(Json(v), "2.50");
  ASSERT_TRUE(ParseJsonNumber("-1.5e+2", false, &v));  // JSON allows '+' in the exponent
  EXPECT_TRUE(v.is_decimal());
  EXPECT_EQ(Json(v), "-1.5E+2");
  ASSERT_TRUE(ParseJsonNumber("-1.5e+2", true, &v));
  ASSERT_TRUE(v.is_int());
  EXPECT_EQ(v.as_int(), -150);
  ASSERT_TRUE(ParseJsonNumber("1E-3", true, &v));
  EXPECT_EQ(Json(v), "0.001");
  ASSERT_TRUE(ParseJsonNumber("0.05", false, &v));
  EXPECT_EQ(Json(v), "0.05");
  ASSERT_TRUE(ParseJsonNumber("-10.50", true, &v));
  EXPECT_TRUE(v.is_decimal());
  EXPECT_EQ(Json(v), "-10.50");
  ASSERT_TRUE(ParseJsonNumber("-10.00", true, &v));
  ASSERT_TRUE(v.is_int());
  EXPECT_EQ(v.as_int(), -10);
  ASSERT_TRUE(ParseJsonNumber("-10.00", false, &v));
  EXPECT_EQ(Json(v), "-10.00");
  ASSERT_TRUE(ParseJsonNumber("0.0", true, &v));
  ASSERT_TRUE(v.is_int());
  EXPECT_EQ(v.as_int(), 0);
  ASSERT_TRUE(ParseJsonNumber("0.000000000000000000", false, &v));
  EXPECT_EQ(Json(v), "0E-18");  // BigDecimal.toString
  // Past the fast path's 18 digits: still exact.
  ASSERT_TRUE(ParseJsonNumber("12345678901234567.89", false, &v));
  EXPECT_EQ(Json(v), "12345678901234567.89");
  ASSERT_TRUE(ParseJsonNumber("0.1234567890123456789", false, &v));
  EXPECT_EQ(Json(v), "0.1234567890123456789");
  ASSERT_TRUE(ParseJsonNumber("100000000000000000000.0", true, &v));
  EXPECT_TRUE(v.is_big_int());
  EXPECT_EQ(Json(v), "100000000000000000000");
  ASSERT_TRUE(ParseJsonNumber("100000000000000000000.0", false, &v));
  EXPECT_EQ(Json(v), "100000000000000000000.0");
}

TEST(ParseJsonNumber, RejectsWhatJsonRejects) {
  for (const char* t : {"", "-", "+1", "01", "-01", "1.", ".5", "1e", "1e+", "0x10", "1 ", " 1",
                        "NaN", "Infinity", "1.2.3", "--1", "1e1.5"}) {
    SCOPED_TRACE(t);
    Value v = Value::Bool(true);
    EXPECT_FALSE(ParseJsonNumber(t, true, &v));
  }
}

TEST(ParseJsonNumber, BeyondTheIntAndDecimalRanges) {
  Value v;
  // 34 digits: the largest Int.
  ASSERT_TRUE(ParseJsonNumber("9999999999999999999999999999999999", true, &v));
  EXPECT_TRUE(v.is_big_int());
  EXPECT_EQ(Json(v), "9999999999999999999999999999999999");
  // 35 and 40 digits are no Int: a Decimal rounded to 34 digits, in both versions.
  ASSERT_TRUE(ParseJsonNumber("99999999999999999999999999999999999", true, &v));
  EXPECT_TRUE(v.is_decimal());
  EXPECT_EQ(Json(v), "1.000000000000000000000000000000000E+35");
  ASSERT_TRUE(ParseJsonNumber("-1234567890123456789012345678901234567890", false, &v));
  EXPECT_TRUE(v.is_decimal());
  EXPECT_EQ(Json(v), "-1.234567890123456789012345678901235E+39");
  // Decimal exponent range is about +-999 (spec §9.1).
  EXPECT_FALSE(ParseJsonNumber("1e5000", false, &v));
}

}  // namespace
}  // namespace iotsql
