#include "engine/topic_index.h"

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "common/topic.h"
#include "gtest/gtest.h"
#include "iotsql/iotsql.h"

namespace iotsql {
namespace {

std::vector<uint32_t> Match(const TopicIndex& index, std::string_view topic) {
  TopicIndex::Scratch scratch;
  std::vector<uint32_t> out;
  index.Match(topic, &scratch, &out);
  std::sort(out.begin(), out.end());
  return out;
}

using V = std::vector<uint32_t>;

TEST(TopicIndex, LiteralsAndWildcards) {
  TopicIndex index;
  index.Add("sensor/temperature/room1", 0);
  index.Add("sensor/+/room1", 1);
  index.Add("sensor/#", 2);
  index.Add("#", 3);
  index.Add("+/+/+", 4);
  index.Add("sensor/+", 5);
  EXPECT_EQ(Match(index, "sensor/temperature/room1"), (V{0, 1, 2, 3, 4}));
  EXPECT_EQ(Match(index, "sensor/humidity/room2"), (V{2, 3, 4}));
  EXPECT_EQ(Match(index, "sensor/humidity"), (V{2, 3, 5}));
  EXPECT_EQ(Match(index, "other"), (V{3}));
  EXPECT_EQ(index.size(), 6u);
}

TEST(TopicIndex, HashDoesNotMatchTheParentLevel) {
  TopicIndex index;
  index.Add("sensor/#", 0);
  index.Add("sensor/+/#", 1);
  EXPECT_EQ(Match(index, "sensor"), V{});
  EXPECT_EQ(Match(index, "sensor/"), V{0});
  EXPECT_EQ(Match(index, "sensor/a"), V{0});
  EXPECT_EQ(Match(index, "sensor/a/"), (V{0, 1}));
  EXPECT_EQ(Match(index, "sensor/a/b/c"), (V{0, 1}));
}

TEST(TopicIndex, DollarTopicsNeedALiteralFirstLevel) {
  TopicIndex index;
  index.Add("#", 0);
  index.Add("+/things/+/shadow/update/accepted", 1);
  index.Add("$aws/things/+/shadow/update/accepted", 2);
  index.Add("$aws/#", 3);
  EXPECT_EQ(Match(index, "$aws/things/lamp/shadow/update/accepted"), (V{2, 3}));
  EXPECT_EQ(Match(index, "x/things/lamp/shadow/update/accepted"), (V{0, 1}));
  // Only the first level is reserved: a later `$` level is an ordinary level.
  index.Add("a/+", 4);
  EXPECT_EQ(Match(index, "a/$b"), (V{0, 4}));
}

TEST(TopicIndex, EmptyLevels) {
  TopicIndex index;
  index.Add("a/+/c", 0);
  index.Add("+", 1);
  index.Add("/", 2);
  index.Add("a/b", 3);
  EXPECT_EQ(Match(index, "a//c"), V{0});
  EXPECT_EQ(Match(index, ""), V{1});
  EXPECT_EQ(Match(index, "/"), V{2});
  EXPECT_EQ(Match(index, "a/b/"), V{});
}

TEST(TopicIndex, OverlappingFiltersEachReportTheirValues) {
  TopicIndex index;
  index.Add("a/b", 0);
  index.Add("a/b", 1);  // two rules on one filter
  index.Add("a/+", 2);
  index.Add("+/b", 3);
  index.Add("+/+", 4);
  index.Add("a/#", 5);
  index.Add("#", 6);
  EXPECT_EQ(Match(index, "a/b"), (V{0, 1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(Match(index, "x/b"), (V{3, 4, 6}));
}

TEST(TopicIndex, TenThousandRulesCostOnlyTheirMatches) {
  TopicIndex index;
  for (uint32_t i = 0; i < 10000; ++i) {
    index.Add("fleet/" + std::to_string(i) + "/+/telemetry", i);
  }
  for (uint32_t i = 0; i < 10; ++i) index.Add("fleet/#", 10000 + i);
  for (uint32_t i = 0; i < 10; ++i) index.Add("+/+/+/telemetry", 10010 + i);
  std::vector<uint32_t> expected = {4242};
  for (uint32_t i = 10000; i < 10020; ++i) expected.push_back(i);
  EXPECT_EQ(Match(index, "fleet/4242/dev-1/telemetry"), expected);
  EXPECT_EQ(Match(index, "fleet/4242/dev-1/status").size(), 10u);
  EXPECT_EQ(Match(index, "fleet/10001/dev-1/telemetry").size(), 20u);
  // A trie: nodes grow with the distinct levels, not with rules times levels.
  EXPECT_LT(index.node_count(), 10000u * 3 + 16);
}

// The index must agree with TopicMatches (src/common/topic.cc) on every filter and topic.
TEST(TopicIndex, AgreesWithTopicMatchesOnRandomFiltersAndTopics) {
  std::mt19937 rng(7);
  const std::vector<std::string> names = {"a", "b", "", "$x", "$aws", "ab"};
  auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };
  auto random_topic = [&] {
    size_t levels = 1 + pick(5);
    std::string t;
    for (size_t i = 0; i < levels; ++i) {
      if (i) t += '/';
      t += names[pick(names.size())];
    }
    return t;
  };
  auto random_filter = [&] {
    size_t levels = 1 + pick(5);
    std::string f;
    for (size_t i = 0; i < levels; ++i) {
      if (i) f += '/';
      size_t r = pick(10);
      if (r < 3) {
        f += '+';
      } else if (r == 3 && i + 1 == levels) {
        f += '#';
      } else {
        f += names[pick(names.size())];
      }
    }
    return f;
  };
  std::vector<std::string> filters;
  TopicIndex index;
  while (filters.size() < 3000) {
    std::string filter = random_filter();
    if (filter.empty()) continue;  // not a filter
    uint32_t i = static_cast<uint32_t>(filters.size());
    filters.push_back(filter);
    ASSERT_TRUE(ValidateTopicFilter(filters.back()).ok()) << filters.back();
    index.Add(filters.back(), i);
  }
  TopicIndex::Scratch scratch;
  std::vector<uint32_t> got;
  int disagreements = 0;
  for (int n = 0; n < 3000; ++n) {
    std::string topic = random_topic();
    got.clear();
    index.Match(topic, &scratch, &got);
    std::sort(got.begin(), got.end());
    std::vector<uint32_t> want;
    for (uint32_t i = 0; i < filters.size(); ++i) {
      if (TopicMatches(filters[i], topic)) want.push_back(i);
    }
    if (got != want && ++disagreements <= 5) {
      ADD_FAILURE() << "topic '" << topic << "': index found " << got.size()
                    << " filters, TopicMatches " << want.size();
    }
  }
  EXPECT_EQ(disagreements, 0);
}

}  // namespace
}  // namespace iotsql
