// Positions in the user's file: line index, value->file maps for JSON strings (escapes) and
// YAML scalars of every style (yaml_scalar.h), and their documented fallback.
#include <gtest/gtest.h>

#include <string>

#include "validate/document.h"
#include "validate/json_document.h"
#include "validate/source_map.h"
#include "validate/yaml_scalar.h"

namespace iotsql::validate {
namespace {

TEST(LineIndex, LinesAndColumns) {
  LineIndex lines("ab\ncde\n\nf");
  EXPECT_EQ(lines.line_count(), 4);
  EXPECT_EQ(lines.At(0).line, 1);
  EXPECT_EQ(lines.At(0).column, 1);
  EXPECT_EQ(lines.At(2).column, 3);   // the '\n' of line 1
  EXPECT_EQ(lines.At(3).line, 2);
  EXPECT_EQ(lines.At(5).column, 3);
  EXPECT_EQ(lines.At(7).line, 3);
  EXPECT_EQ(lines.At(8).line, 4);
  EXPECT_EQ(lines.At(100).line, 4);   // clamped to the end
  EXPECT_EQ(lines.Line(2), "cde");
  EXPECT_EQ(lines.Line(3), "");
  EXPECT_EQ(lines.Line(9), "");
}

TEST(LineIndex, CrLfLinesDropTheCarriageReturn) {
  LineIndex lines("a\r\nb");
  EXPECT_EQ(lines.Line(1), "a");
  EXPECT_EQ(lines.At(3).line, 2);
}

TEST(ValueMap, LinearAndEscapeRuns) {
  ValueMap m;
  m.Add(0, 10, true);   // "ab" at 10..11
  m.Add(2, 12, false);  // one escape (6 bytes in the file) decoding to 2 bytes
  m.Add(4, 18, true);   // "cd" at 18..19
  m.set_end(6, 20);
  EXPECT_EQ(m.ToFile(0), 10u);
  EXPECT_EQ(m.ToFile(1), 11u);
  EXPECT_EQ(m.ToFile(2), 12u);
  EXPECT_EQ(m.ToFile(3), 12u);
  EXPECT_EQ(m.ToFile(4), 18u);
  EXPECT_EQ(m.ToFile(5), 19u);
  EXPECT_EQ(m.ToFile(6), 20u);
  EXPECT_EQ(m.ToFile(99), 20u);
  EXPECT_EQ(m.run_count(), 3u);
}

TEST(ValueMap, VerbatimTextIsOneRun) {
  ValueMap m;
  for (uint32_t i = 0; i < 100; ++i) m.Add(i, 7 + i, true);
  m.set_end(100, 107);
  EXPECT_EQ(m.run_count(), 1u);
  EXPECT_EQ(m.ToFile(42), 49u);
}

TEST(ValueMap, Fixed) {
  ValueMap m = ValueMap::Fixed(33);
  EXPECT_EQ(m.ToFile(0), 33u);
  EXPECT_EQ(m.ToFile(12), 33u);
}

// Where value byte `value_offset` of the JSON string member "s" is in the file.
uint32_t JsonOffset(const std::string& file, uint32_t value_offset) {
  Node root;
  std::vector<Finding> findings;
  EXPECT_TRUE(ParseJsonDocument(file, &root, &findings)) << file;
  const Node* s = root.Find("s");
  EXPECT_NE(s, nullptr);
  return s == nullptr ? 0 : s->map.ToFile(value_offset);
}

TEST(JsonStringMap, EscapesTakenIntoAccount) {
  //                    0123456789012345678901234567890
  std::string file = R"({"s": "a\"b\u00e9c\ud83d\ude00d\\e"})";
  // value: a " b é(2 bytes) c 😀(4 bytes) d \ e
  EXPECT_EQ(JsonOffset(file, 0), 7u);    // a
  EXPECT_EQ(JsonOffset(file, 1), 8u);    // \" escape
  EXPECT_EQ(JsonOffset(file, 2), 10u);   // b
  EXPECT_EQ(JsonOffset(file, 3), 11u);   // \u00e9, first byte
  EXPECT_EQ(JsonOffset(file, 4), 11u);   // \u00e9, second byte
  EXPECT_EQ(JsonOffset(file, 5), 17u);   // c
  EXPECT_EQ(JsonOffset(file, 6), 18u);   // surrogate pair
  EXPECT_EQ(JsonOffset(file, 9), 18u);
  EXPECT_EQ(JsonOffset(file, 10), 30u);  // d
  EXPECT_EQ(JsonOffset(file, 11), 31u);  // \\ escape
  EXPECT_EQ(JsonOffset(file, 12), 33u);  // e
  EXPECT_EQ(JsonOffset(file, 13), 34u);  // end: the closing quote
}

TEST(JsonStringMap, RawUtf8IsVerbatim) {
  std::string file = "{\"s\": \"\xC3\xA9x\"}";
  EXPECT_EQ(JsonOffset(file, 2), 9u);
}

struct YamlCase {
  std::string file;      // the scalar starts at offset 0
  std::string value;     // what yaml-cpp decodes
  std::string probe;     // a substring of the value
  uint32_t expected;     // where the probe's first byte is in the file
};

void ExpectYaml(const YamlCase& c) {
  bool exact = false;
  ValueMap m = MapYamlScalar(c.file, 0, c.value, &exact);
  EXPECT_TRUE(exact) << c.file;
  size_t at = c.value.find(c.probe);
  ASSERT_NE(at, std::string::npos);
  EXPECT_EQ(m.ToFile(static_cast<uint32_t>(at)), c.expected) << c.file << " / " << c.probe;
}

TEST(YamlScalarMap, Plain) {
  ExpectYaml({"SELECT a FROM 'x'", "SELECT a FROM 'x'", "FROM", 9});
}

TEST(YamlScalarMap, PlainMultiLineFolds) {
  // Continuation lines are indented; folding makes each break a space.
  ExpectYaml({"SELECT a\n    FROM 'x'\n    WHERE b", "SELECT a FROM 'x' WHERE b", "WHERE", 26});
}

TEST(YamlScalarMap, SingleQuotedWithDoubledQuotes) {
  ExpectYaml({"'SELECT ''x'' AS k FROM t'", "SELECT 'x' AS k FROM t", "AS", 14});
  ExpectYaml({"'SELECT ''x'' AS k FROM t'", "SELECT 'x' AS k FROM t", "x", 10});
}

TEST(YamlScalarMap, DoubleQuotedEscapes) {
  ExpectYaml({R"("a\tb\u00e9c\x41d\"e")", "a\tb\xC3\xA9" "cAd\"e", "c", 11});
  ExpectYaml({R"("a\tb\u00e9c\x41d\"e")", "a\tb\xC3\xA9" "cAd\"e", "d", 16});
  ExpectYaml({R"("a\tb\u00e9c\x41d\"e")", "a\tb\xC3\xA9" "cAd\"e", "e", 19});
}

TEST(YamlScalarMap, DoubleQuotedLineContinuation) {
  // An escaped line break joins without a space; a plain break folds to a space.
  ExpectYaml({"\"ab\\\n   cd\n   ef\"", "abcd ef", "cd", 8});
  ExpectYaml({"\"ab\\\n   cd\n   ef\"", "abcd ef", "ef", 14});
}

TEST(YamlScalarMap, LiteralBlock) {
  std::string file = "|\n  SELECT a\n  FROM 'x'\n";
  ExpectYaml({file, "SELECT a\nFROM 'x'\n", "FROM", 15});
  ExpectYaml({file, "SELECT a\nFROM 'x'\n", "a", 11});
}

TEST(YamlScalarMap, FoldedBlockWithHeaderComment) {
  std::string file = ">- # the rule\n  SELECT a\n  FROM 'x'\n\n  WHERE b\n";
  ExpectYaml({file, "SELECT a FROM 'x'\nWHERE b", "FROM", 27});
  ExpectYaml({file, "SELECT a FROM 'x'\nWHERE b", "WHERE", 39});
}

TEST(YamlScalarMap, TagAndAnchorAreSkipped) {
  ExpectYaml({"!Sub &a 'x ${y}'", "x ${y}", "$", 11});
}

TEST(YamlScalarMap, CrLfLineEndings) {
  ExpectYaml({"|\r\n  a\r\n  b\r\n", "a\nb\n", "b", 10});
}

TEST(YamlScalarMap, UnalignableFallsBackToTheStart) {
  bool exact = true;
  ValueMap m = MapYamlScalar("'abc'", 0, "xyz", &exact);
  EXPECT_FALSE(exact);
  EXPECT_EQ(m.ToFile(2), 1u);  // the first byte of the scalar's text
}

}  // namespace
}  // namespace iotsql::validate
