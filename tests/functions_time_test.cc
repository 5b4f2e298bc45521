// Time functions (spec §15.7) called through the registry: timestamp, parse_time,
// time_to_epoch. The pattern engines themselves are tested in time_format_test.cc.
#include <optional>
#include <string>
#include <vector>

#include "function_test_util.h"
#include "common/arena.h"
#include "functions/registry.h"
#include "gtest/gtest.h"
#include "value/convert.h"

namespace iotsql {
namespace {

class TimeFnTest : public FunctionTest {
 protected:
  TimeFnTest() { ctx_.timestamp_ms = 1497028786000; }
};

TEST_F(TimeFnTest, TimestampIsTheMessageClockReading) {
  EXPECT_EQ(RunText("timestamp", {}), "1497028786000");
  EXPECT_EQ(LookupFunction("timestamp")->category, FunctionCategory::kContext);
}

TEST_F(TimeFnTest, ParseTimeDocumentedExamples) {
  EXPECT_EQ(RunText("parse_time", {S("yyyy.MM.dd G 'at' HH:mm:ss z"), I(100000000),
                               S("America/Belize")}),
            "1970.01.01 AD at 21:46:40 CST");
  EXPECT_EQ(RunText("parse_time", {S("yyyy.MM.dd G 'at' HH:mm:ss z"), I(1497028786000)}),
            "2017.06.09 AD at 17:19:46 UTC");
  EXPECT_EQ(RunText("parse_time", {S("yyyy"), I(0)}), "1970");
}

TEST_F(TimeFnTest, ParseTimeArgumentConversions) {
  EXPECT_EQ(RunText("parse_time", {S("yyyy"), S("0")}), "1970");  // numeric string
  std::optional<Decimal> d = Decimal::Parse("86400000.9");
  ASSERT_TRUE(d);
  EXPECT_EQ(RunText("parse_time", {S("yyyy-MM-dd"), Value::Dec(*d)}), "1970-01-02");
  EXPECT_EQ(RunText("parse_time", {S("yyyy"), S("abc")}), "<undefined>");
  EXPECT_EQ(RunText("parse_time", {S("yyyy"), Value::Null()}), "<undefined>");
  EXPECT_EQ(RunText("parse_time", {S("yyyy"), Value::Undefined()}), "<undefined>");
  EXPECT_EQ(RunText("parse_time", {S("yyyy"), I(0), S("No/Such_Zone")}), "<undefined>");
  EXPECT_EQ(RunText("parse_time", {S("yyyy"), I(-31536000000LL)}), "1969");
}

TEST_F(TimeFnTest, TimeToEpochDocumentedExamples) {
  EXPECT_EQ(RunText("time_to_epoch", {S("2020-04-03 09:45:18 UTC+01:00"), S("yyyy-MM-dd HH:mm:ss VV")}),
            "1585903518000");
  EXPECT_EQ(RunText("time_to_epoch", {S("18 December 2015"), S("dd MMMM yyyy")}), "1450396800000");
  EXPECT_EQ(RunText("time_to_epoch", {S("2007-12-03 10:15:30.592 America/Los_Angeles"),
                                  S("yyyy-MM-dd HH:mm:ss.SSS z")}),
            "1196705730592");
}

TEST_F(TimeFnTest, TimeToEpochRejectsMismatches) {
  EXPECT_EQ(RunText("time_to_epoch", {S("2020-13-01"), S("yyyy-MM-dd")}), "<undefined>");
  EXPECT_EQ(RunText("time_to_epoch", {S("yesterday"), S("yyyy-MM-dd")}), "<undefined>");
  EXPECT_EQ(RunText("time_to_epoch", {Value::Null(), S("yyyy")}), "<undefined>");
}

TEST_F(TimeFnTest, VersionsAndArity) {
  EXPECT_EQ(LookupFunction("parse_time")->since, SqlVersion::k2016_03_23);
  EXPECT_EQ(LookupFunction("time_to_epoch")->since, SqlVersion::k2016_03_23);
  EXPECT_EQ(LookupFunction("timestamp")->since, SqlVersion::k2015_10_08);
  EXPECT_EQ(LookupFunction("parse_time")->min_args, 2);
  EXPECT_EQ(LookupFunction("parse_time")->max_args, 3);
}

}  // namespace
}  // namespace iotsql
