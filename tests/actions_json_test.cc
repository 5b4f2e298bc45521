#include "actions/json_tree.h"

#include "gtest/gtest.h"

namespace iotsql::actions {
namespace {

std::string RoundTrip(const std::string& text) {
  absl::StatusOr<JsonValue> v = ParseJson(text);
  if (!v.ok()) return "ERROR: " + std::string(v.status().message());
  std::string out;
  AppendJson(&out, *v);
  return out;
}

TEST(ActionsJson, KeepsNumberTextAndOrder) {
  EXPECT_EQ(RoundTrip(R"( {"b": 1.50, "a": -0, "c": 12345678901234567890123456789012.34, "d": 1E+2} )"),
            R"({"b":1.50,"a":-0,"c":12345678901234567890123456789012.34,"d":1E+2})");
  EXPECT_EQ(RoundTrip("[true,false,null,\"x\",[],{}]"), "[true,false,null,\"x\",[],{}]");
}

TEST(ActionsJson, Escapes) {
  EXPECT_EQ(RoundTrip(R"("a\"b\\c\/d\n\u00e9\ud83d\ude00\u0001")"),
            "\"a\\\"b\\\\c/d\\n\xC3\xA9\xF0\x9F\x98\x80\\u0001\"");
  // A lone surrogate has no UTF-8 form: U+FFFD.
  EXPECT_EQ(RoundTrip(R"("\ud800")"), "\"\xEF\xBF\xBD\"");
  // Invalid UTF-8 bytes in a string to write are replaced so the output stays valid JSON.
  EXPECT_EQ(JsonString(std::string("a\xFF" "b", 3)), "\"a\xEF\xBF\xBD" "b\"");
  EXPECT_EQ(JsonString("\xC0\xAF"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");  // overlong '/'
}

TEST(ActionsJson, RejectsMalformed) {
  for (const char* bad : {"", "{", "[1,]", "{\"a\" 1}", "01", "1.", "-", "tru", "\"a\nb\"",
                          "{} x", "[1] [2]", "\"\\x\""}) {
    EXPECT_FALSE(ParseJson(bad).ok()) << bad;
  }
  std::string deep(200, '[');
  EXPECT_FALSE(ParseJson(deep + std::string(200, ']')).ok());
}

TEST(ActionsJson, FindTakesTheLastDuplicate) {
  absl::StatusOr<JsonValue> v = ParseJson(R"({"a":1,"a":2})");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->Find("a")->text, "2");
  EXPECT_EQ(v->Find("b"), nullptr);
}

}  // namespace
}  // namespace iotsql::actions
