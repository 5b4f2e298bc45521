// The one measure of nearness behind every "did you mean" (common/edit_distance).
#include "common/edit_distance.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace iotsql {
namespace {

TEST(EditDistance, LevenshteinIgnoringAsciiCase) {
  EXPECT_EQ(EditDistanceWithin("upper", "upper", 5), 0u);
  EXPECT_EQ(EditDistanceWithin("uppr", "upper", 5), 1u);
  EXPECT_EQ(EditDistanceWithin("UPPER", "upper", 5), 0u);
  EXPECT_EQ(EditDistanceWithin("kitten", "sitting", 5), 3u);
  EXPECT_EQ(EditDistanceWithin("", "abc", 5), 3u);
  EXPECT_EQ(EditDistanceWithin("abc", "", 5), 3u);
}

TEST(EditDistance, StopsPastTheLimit) {
  EXPECT_EQ(EditDistanceWithin("kitten", "sitting", 2), 3u);  // limit + 1
  EXPECT_EQ(EditDistanceWithin("kitten", "sitting", 3), 3u);
  // Lengths that differ by more than the limit: nothing computed.
  EXPECT_EQ(EditDistanceWithin(std::string(100000, 'x'), "sql", 2), 3u);
  // Equal lengths, nothing in common: the first rows past the limit end it.
  EXPECT_EQ(EditDistanceWithin(std::string(5000, 'a'), std::string(5000, 'b'), 3), 4u);
}

TEST(EditDistance, ClosestNameIsTheNearestWithinTheLimit) {
  std::vector<std::string> names = {"sql", "ruleDisabled", "actions", "awsIotSqlVersion"};
  auto offer_all = [&](auto offer) {
    for (const std::string& n : names) offer(n);
  };
  EXPECT_EQ(ClosestName("actoins", 2, offer_all), "actions");
  EXPECT_EQ(ClosestName("RULEDISABLED", 2, offer_all), "ruleDisabled");
  EXPECT_EQ(ClosestName("nothing", 2, offer_all), "");
  EXPECT_EQ(ClosestName("sq", 1, offer_all), "sql");
  // The first of equals.
  EXPECT_EQ(ClosestName("ab", 1, [](auto offer) { offer("ax"); offer("ay"); }), "ax");
}

}  // namespace
}  // namespace iotsql
