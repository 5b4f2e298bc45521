// The shared UTF-8 definitions (common/utf8) that every reader of untrusted text uses.
#include "common/utf8.h"

#include <string>
#include <string_view>

#include "gtest/gtest.h"

namespace iotsql {
namespace {

TEST(Utf8, WellFormedSequencesHaveTheirLength) {
  EXPECT_EQ(WellFormedUtf8Length("a", 0), 1u);
  EXPECT_EQ(WellFormedUtf8Length("\xC3\xA9", 0), 2u);          // é
  EXPECT_EQ(WellFormedUtf8Length("\xE2\x82\xAC", 0), 3u);      // €
  EXPECT_EQ(WellFormedUtf8Length("\xF0\x9F\x98\x80", 0), 4u);  // 😀
  EXPECT_EQ(WellFormedUtf8Length("\xF4\x8F\xBF\xBF", 0), 4u);  // U+10FFFF
  EXPECT_EQ(WellFormedUtf8Length("\xEF\xBF\xBD", 0), 3u);      // U+FFFD
  EXPECT_EQ(WellFormedUtf8Length(std::string_view("\0", 1), 0), 1u);
}

TEST(Utf8, IllFormedSequencesAreZero) {
  for (std::string_view bad : {
           "\x80",              // continuation byte as a lead
           "\xC0\xAF",          // overlong '/'
           "\xC1\xBF",          // overlong
           "\xE0\x80\xAF",      // overlong 3-byte
           "\xED\xA0\x80",      // surrogate U+D800
           "\xF0\x8F\xBF\xBF",  // overlong 4-byte
           "\xF4\x90\x80\x80",  // above U+10FFFF
           "\xF5\x80\x80\x80",  // F5..FF never lead (the fuzz finding in the rule reader)
           "\xFF",              //
           "\xC3",              // cut short
           "\xE2\x82",          //
           "\xE2\x28\xA1",      // second byte not a continuation
       }) {
    EXPECT_EQ(WellFormedUtf8Length(bad, 0), 0u) << testing::PrintToString(std::string(bad));
  }
}

TEST(Utf8, IllFormedSubpartsAreMaximal) {
  // Unicode's "maximal subpart" practice: each becomes one U+FFFD when decoding replaces.
  EXPECT_EQ(IllFormedUtf8Length("\x80\x80", 0), 1u);
  EXPECT_EQ(IllFormedUtf8Length("\xE2\x82" "a", 0), 2u);
  EXPECT_EQ(IllFormedUtf8Length("\xF0\x9F\x98" "a", 0), 3u);
  EXPECT_EQ(IllFormedUtf8Length("\xE0\x80\x80", 0), 1u);  // E0 80 is never a prefix
  EXPECT_EQ(IllFormedUtf8Length("\xED\xA0\x80", 0), 1u);
  EXPECT_EQ(IllFormedUtf8Length("\xF5", 0), 1u);
  EXPECT_EQ(IllFormedUtf8Length("\xC3", 0), 1u);
}

TEST(Utf8, DecodingAndEncodingRoundTrip) {
  for (uint32_t cp : {0x41u, 0xE9u, 0x7FFu, 0x800u, 0xFFFDu, 0x10000u, 0x1F600u, 0x10FFFFu}) {
    std::string s;
    AppendUtf8(cp, &s);
    size_t n = WellFormedUtf8Length(s, 0);
    ASSERT_EQ(n, s.size()) << cp;
    EXPECT_EQ(DecodeUtf8(s, 0, n), cp);
  }
}

TEST(Utf8, ReplacingInvalidSequencesGivesOneReplacementPerMaximalSubpart) {
  auto replaced = [](std::string_view s) {
    std::string out;
    AppendReplacingInvalidUtf8(s, &out);
    return out;
  };
  const std::string fffd = "\xEF\xBF\xBD";
  EXPECT_EQ(replaced("caf\xC3\xA9"), "caf\xC3\xA9");
  EXPECT_EQ(replaced("a\xFF" "b"), "a" + fffd + "b");
  EXPECT_EQ(replaced("a\xE2\x82" "b"), "a" + fffd + "b");  // a truncated euro sign
  EXPECT_EQ(replaced("\xC0\xAF"), fffd + fffd);            // overlong: two subparts
  EXPECT_EQ(replaced("\xED\xA0\x80"), fffd + fffd + fffd);  // a surrogate: three
  EXPECT_EQ(WellFormedUtf8Prefix("caf\xC3\xA9"), 5u);
  EXPECT_EQ(WellFormedUtf8Prefix("ab\xFF" "cd"), 2u);
  EXPECT_EQ(WellFormedUtf8Prefix(""), 0u);
  std::string out = "untouched";
  EXPECT_FALSE(ReplaceInvalidUtf8("caf\xC3\xA9", &out));
  EXPECT_EQ(out, "untouched");
  EXPECT_TRUE(ReplaceInvalidUtf8("ab\xFF" "cd", &out));
  EXPECT_EQ(out, "ab" + fffd + "cd");
}

}  // namespace
}  // namespace iotsql
