// value/json_doc: the one hand-written JSON tree reader (rule files, NDJSON lines, the action
// adapters), strict for what people write and lenient (kServiceJson) for what services send.
#include "value/json_doc.h"

#include "gtest/gtest.h"
#include "value/convert.h"

namespace iotsql {
namespace {

std::string RoundTrip(const std::string& text, const JsonDocOptions& options = kServiceJson) {
  absl::StatusOr<JsonNode> v = ParseJsonDoc(text, options);
  if (!v.ok()) return "ERROR: " + std::string(v.status().message());
  std::string out;
  AppendJsonDoc(*v, &out);
  return out;
}

TEST(JsonDoc, KeepsNumberTextAndOrder) {
  EXPECT_EQ(RoundTrip(
                R"( {"b": 1.50, "a": -0, "c": 12345678901234567890123456789012.34, "d": 1E+2} )"),
            R"({"b":1.50,"a":-0,"c":12345678901234567890123456789012.34,"d":1E+2})");
  EXPECT_EQ(RoundTrip("[true,false,null,\"x\",[],{}]"), "[true,false,null,\"x\",[],{}]");
}

TEST(JsonDoc, Escapes) {
  EXPECT_EQ(RoundTrip(R"("a\"b\\c\/d\n\u00e9\ud83d\ude00\u0001")"),
            "\"a\\\"b\\\\c/d\\n\xC3\xA9\xF0\x9F\x98\x80\\u0001\"");
}

TEST(JsonDoc, ServiceTextReplacesWhatHasNoUtf8Form) {
  // A lone surrogate has no UTF-8 form: U+FFFD from a service, an error from a person's file.
  EXPECT_EQ(RoundTrip(R"("\ud800")"), "\"\xEF\xBF\xBD\"");
  EXPECT_EQ(RoundTrip(R"("\udc00x")"), "\"\xEF\xBF\xBD" "x\"");
  EXPECT_EQ(RoundTrip(R"("\ud800\u0041")"), "\"\xEF\xBF\xBD" "A\"");  // the next escape stays
  EXPECT_EQ(RoundTrip(R"("\ud800")", JsonDocOptions()),
            "ERROR: invalid JSON at offset 7: unpaired UTF-16 surrogate in \\u escape");
  // Ill-formed UTF-8: one U+FFFD for each maximal subpart, as Java decodes.
  EXPECT_EQ(RoundTrip(std::string("\"a\xFF" "b\"")), "\"a\xEF\xBF\xBD" "b\"");
  EXPECT_EQ(RoundTrip("\"\xC0\xAF\""), "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");  // overlong '/'
  EXPECT_EQ(RoundTrip("\"\xE2\x82\""), "\"\xEF\xBF\xBD\"");  // truncated 3-byte sequence
  EXPECT_EQ(RoundTrip(std::string("\"a\xFF" "b\""), JsonDocOptions()),
            "ERROR: invalid JSON at offset 2: invalid UTF-8 in a string");
}

TEST(JsonDoc, WritesAnyBytesAsValidJson) {
  // Nodes built in code may hold any bytes; the text written is always valid JSON.
  JsonNode s;
  s.type = JsonNode::Type::kString;
  s.text = std::string("a\xFF" "b", 3);
  std::string out;
  AppendJsonDoc(s, &out);
  EXPECT_EQ(out, "\"a\xEF\xBF\xBD" "b\"");
  EXPECT_EQ(JsonStringOfBytes(std::string("a\xFF" "b", 3)), "\"a\xEF\xBF\xBD" "b\"");
}

TEST(JsonDoc, RejectsMalformed) {
  for (const JsonDocOptions& options : {JsonDocOptions(), kServiceJson}) {
    for (const char* bad : {"", "{", "[1,]", "{\"a\" 1}", "01", "1.", "-", "tru", "\"a\nb\"",
                            "{} x", "[1] [2]", "\"\\x\"", "\"\\u12\"", "{\"a\":1,}"}) {
      EXPECT_FALSE(ParseJsonDoc(bad, options).ok()) << bad;
    }
    std::string deep(200, '[');
    EXPECT_FALSE(ParseJsonDoc(deep + std::string(200, ']'), options).ok());
  }
  JsonDocOptions shallow;
  shallow.max_depth = 2;
  EXPECT_TRUE(ParseJsonDoc("[[1]]", shallow).ok());
  EXPECT_EQ(ParseJsonDoc("[[[1]]]", shallow).status().message(),
            "invalid JSON at offset 3: the document nests too deeply");
}

TEST(JsonDoc, FindTakesTheFirstAndLastOfEachNameTheLastDuplicate) {
  absl::StatusOr<JsonNode> v = ParseJsonDoc(R"({"a":1,"a":2})", kServiceJson);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->Find("a")->text, "1");
  EXPECT_EQ(v->Find("b"), nullptr);
  std::vector<const JsonMember*> last = LastOfEachName(*v);
  ASSERT_EQ(last.size(), 1u);
  EXPECT_EQ(last[0]->value.text, "2");
  // Each name at its last place, in document order.
  v = ParseJsonDoc(R"({"a":1,"b":2,"a":3,"c":4,"b":5})", kServiceJson);
  ASSERT_TRUE(v.ok());
  std::string seen;
  for (const JsonMember* m : LastOfEachName(*v)) seen += m->key + m->value.text;
  EXPECT_EQ(seen, "a3c4b5");
}

}  // namespace
}  // namespace iotsql
