#include "common/topic.h"

#include <string>

#include "gtest/gtest.h"
#include "iotsql/iotsql.h"

namespace iotsql {
namespace {

TEST(TopicMatches, ExactAndWildcards) {
  EXPECT_TRUE(TopicMatches("topic/subtopic", "topic/subtopic"));
  EXPECT_FALSE(TopicMatches("topic/subtopic", "topic/subtopic-2"));
  EXPECT_TRUE(TopicMatches("topic/#", "topic/subtopic-3/details"));
  EXPECT_FALSE(TopicMatches("topic/#", "topic-2/subtopic-x"));
  EXPECT_TRUE(TopicMatches("topic/+", "topic/subtopic"));
  EXPECT_FALSE(TopicMatches("topic/+", "topic/subtopic-3/details"));
  EXPECT_TRUE(TopicMatches("sensor/+/room1", "sensor/humidity/room1"));
  EXPECT_FALSE(TopicMatches("sensor/+/room1", "sensor/humidity/room2"));
  EXPECT_TRUE(TopicMatches("a/+/#", "a/b/c/d"));
  EXPECT_TRUE(TopicMatches("+/+", "a/b"));
  EXPECT_FALSE(TopicMatches("+", "a/b"));
  EXPECT_TRUE(TopicMatches("#", "a/b/c"));
}

TEST(TopicMatches, AwsParentLevelRule) {
  // AWS: sensor/# matches sensor/ but not sensor (MQTT 3.1.1 would match both).
  EXPECT_TRUE(TopicMatches("sensor/#", "sensor/"));
  EXPECT_FALSE(TopicMatches("sensor/#", "sensor"));
}

TEST(TopicMatches, EmptyLevelsAndCase) {
  EXPECT_FALSE(TopicMatches("a/b", "a/b/"));
  EXPECT_TRUE(TopicMatches("a/+/c", "a//c"));
  EXPECT_FALSE(TopicMatches("Sensor/a", "sensor/a"));
  EXPECT_TRUE(TopicMatches("a/+", "a/"));
}

TEST(TopicMatches, DollarTopicsNeedExplicitFirstLevel) {
  EXPECT_FALSE(TopicMatches("#", "$aws/things/x"));
  EXPECT_FALSE(TopicMatches("+/things/#", "$aws/things/x"));
  EXPECT_TRUE(TopicMatches("$aws/things/+/shadow/update/accepted",
                           "$aws/things/thing1/shadow/update/accepted"));
}

TEST(CheckTopicFilter, ReportsWhatAndWhere) {
  EXPECT_TRUE(CheckTopicFilter("a/+/#").message.empty());
  TopicFilterError e = CheckTopicFilter("a/b+/c");
  EXPECT_EQ(e.message, "+ must occupy a whole level of the topic filter");
  EXPECT_EQ(e.offset, 3u);
  e = CheckTopicFilter("a/#/c");
  EXPECT_EQ(e.message, "# must be the last level of the topic filter");
  EXPECT_EQ(e.offset, 2u);
  EXPECT_FALSE(CheckTopicFilter("").message.empty());
  EXPECT_FALSE(CheckTopicFilter(std::string("a\0b", 3)).message.empty());
  EXPECT_FALSE(ValidateTopicFilter("x#").ok());
}

TEST(SplitBasicIngest, PrefixAndRuleName) {
  std::string_view rule, rest;
  ASSERT_TRUE(SplitBasicIngest("$aws/rules/BuildingManager/Buildings/B5", &rule, &rest));
  EXPECT_EQ(rule, "BuildingManager");
  EXPECT_EQ(rest, "Buildings/B5");
  EXPECT_FALSE(SplitBasicIngest("$aws/things/x", &rule, &rest));
  EXPECT_FALSE(SplitBasicIngest("$aws/rules/", &rule, &rest));
}

TEST(TopicSize, LevelsAndBytesWithoutTheBasicIngestPrefix) {
  EXPECT_EQ(CheckTopicSize("a/b/c/d/e/f/g/h", 8, 256), "");
  EXPECT_EQ(CheckTopicSize("a/b/c/d/e/f/g/h/i", 8, 256),
            "the topic has 9 levels; AWS topics have at most 8 (max_topic_levels)");
  // $aws/rules/<rule>/ is not counted: 3 more slashes, still 8 levels.
  EXPECT_EQ(CheckTopicSize("$aws/rules/r/a/b/c/d/e/f/g/h", 8, 256), "");
  EXPECT_EQ(CheckTopicSize(std::string(256, 'x'), 8, 256), "");
  EXPECT_EQ(CheckTopicSize(std::string(257, 'x'), 8, 256),
            "the topic is 257 bytes; AWS topics have at most 256 (max_topic_bytes)");
  EXPECT_EQ(CheckTopicSize("$aws/rules/r/" + std::string(256, 'x'), 8, 256), "");
}

TEST(TopicSize, EveryPositionOfAWordCounts) {
  // The topic is read eight bytes at a time: a '/', '+' or '#' at any offset, in the words and
  // in the tail, with bytes of every value around it.
  for (size_t n = 1; n <= 40; ++n) {
    for (size_t i = 0; i < n; ++i) {
      std::string t(n, 'a');
      for (size_t k = 0; k < n; ++k) t[k] = static_cast<char>(0x30 + (k * 37) % 0x4F);
      for (char& c : t) {
        if (c == '/' || c == '+' || c == '#') c = 'z';
      }
      t[i] = '/';
      EXPECT_EQ(CheckTopicSize(t, 2, 256), "") << t;
      EXPECT_NE(CheckTopicSize(t, 1, 256), "") << t;
      EXPECT_EQ(CheckTopicName(t, 2, 256), "") << t;
      t[i] = i % 2 ? '+' : '#';
      EXPECT_EQ(CheckTopicSize(t, 1, 256), "") << t;
      EXPECT_NE(CheckTopicName(t, 8, 256), "") << t;
    }
  }
  std::string high(20, '\xAF');  // bytes >= 0x80 are no '/' ('/' ^ 0xAF = 0x80)
  EXPECT_EQ(CheckTopicSize(high, 1, 256), "");
  EXPECT_EQ(CheckTopicName(high, 1, 256), "");
}

TEST(TopicName, WildcardsEmptinessAndSize) {
  EXPECT_EQ(CheckTopicName("sensors/1/data", 8, 256), "");
  EXPECT_EQ(CheckTopicName("", 8, 256), "the topic is empty");
  EXPECT_EQ(CheckTopicName("in/+", 8, 256),
            "'in/+' is a topic filter: messages are published to topic names");
  EXPECT_EQ(CheckTopicName("in/#", 8, 256),
            "'in/#' is a topic filter: messages are published to topic names");
  EXPECT_EQ(CheckTopicName("$aws/rules/r+/x", 8, 256),
            "'$aws/rules/r+/x' is a topic filter: messages are published to topic names");
  EXPECT_EQ(CheckTopicName("a/b/c/d/e/f/g/h/i", 8, 256),
            "the topic has 9 levels; AWS topics have at most 8 (max_topic_levels)");
  EXPECT_EQ(CheckTopicName("$aws/rules/r/a/b/c/d/e/f/g/h", 8, 256), "");
}

}  // namespace
}  // namespace iotsql
