// Expected values come from the real libraries: Joda-Time 2.14 (DateTimeFormat.forPattern(p)
// .withZone(DateTimeZone.forID(z)).print(ms)) and JDK 17 java.time (DateTimeFormatter.ofPattern).
#include "functions/time_format.h"

#include <cstdint>
#include <string>

#include "gtest/gtest.h"

namespace iotsql {
namespace {

std::string Format(std::string_view pattern, int64_t millis, std::string_view zone) {
  std::string out;
  std::string error;
  if (!FormatJodaTime(pattern, millis, zone, &out, &error)) return "ERROR: " + error;
  return out;
}

bool FormatFails(std::string_view pattern, int64_t millis, std::string_view zone) {
  std::string out;
  std::string error;
  bool ok = FormatJodaTime(pattern, millis, zone, &out, &error);
  return !ok && !error.empty();
}

// The epoch milliseconds, or INT64_MIN when parsing fails (never a real answer below).
int64_t Parse(std::string_view text, std::string_view pattern) {
  int64_t millis = 0;
  std::string error;
  if (!ParseJavaTime(text, pattern, &millis, &error)) {
    EXPECT_FALSE(error.empty());
    return INT64_MIN;
  }
  return millis;
}

std::string ParseError(std::string_view text, std::string_view pattern) {
  int64_t millis = 0;
  std::string error;
  return ParseJavaTime(text, pattern, &millis, &error) ? "" : error;
}

// ------------------------------------------------------------------ parse_time (Joda)

TEST(FormatJodaTime, SpecExamples) {
  EXPECT_EQ(Format("yyyy.MM.dd G 'at' HH:mm:ss z", 100000000, "America/Belize"),
            "1970.01.01 AD at 21:46:40 CST");
  EXPECT_EQ(Format("yyyy.MM.dd G 'at' HH:mm:ss z", 1497028786000, "UTC"),
            "2017.06.09 AD at 17:19:46 UTC");
  EXPECT_EQ(Format("yyyy", 0, "UTC"), "1970");
}

TEST(FormatJodaTime, NegativeEpochs) {
  EXPECT_EQ(Format("yyyy-MM-dd HH:mm:ss.SSS", -1, "UTC"), "1969-12-31 23:59:59.999");
  EXPECT_EQ(Format("yyyy-MM-dd G", -62135596800000, "UTC"), "0001-01-01 AD");
}

TEST(FormatJodaTime, BcEra) {
  EXPECT_EQ(Format("yyyy-MM-dd G", -62135596800001, "UTC"), "0000-12-31 BC");
  // Year 0 is 1 BC; 'y' is the signed year, 'Y' the year of era.
  EXPECT_EQ(Format("yyyy YYYY G", -62167219200000, "UTC"), "0000 0001 BC");
  EXPECT_EQ(Format("yyyy YYYY G C", -62198755200000, "UTC"), "-0001 0002 BC 0");
  EXPECT_EQ(Format("yy xx", -62198755200000, "UTC"), "01 02");
}

TEST(FormatJodaTime, TwelveHourClock) {
  EXPECT_EQ(Format("h:mm a K k H", 1800000, "UTC"), "12:30 AM 0 24 0");
  EXPECT_EQ(Format("h:mm a K k H", 45000000, "UTC"), "12:30 PM 0 12 12");
  EXPECT_EQ(Format("h:mm a K k H", 86340000, "UTC"), "11:59 PM 11 23 23");
}

TEST(FormatJodaTime, MonthAndDayNames) {
  EXPECT_EQ(Format("M MM MMM MMMM", 1450396800000, "UTC"), "12 12 Dec December");
  EXPECT_EQ(Format("E EEEE e", 1450396800000, "UTC"), "Fri Friday 5");
}

TEST(FormatJodaTime, FractionOfSecond) {
  EXPECT_EQ(Format("S SS SSS SSSS", 1196705730592, "UTC"), "5 59 592 5920");
  // Joda scales at most to 15 digits, but pads a zero fraction to the full count.
  EXPECT_EQ(Format("SSSSSSSSSSSSSSSSSSSS", 1497028786123, "UTC"), "123000000000000");
  EXPECT_EQ(Format("SSSSSSSSSSSSSSSSSSSS", 1497028786000, "UTC"), "00000000000000000000");
}

TEST(FormatJodaTime, DaylightSavingTransitionsInLosAngeles) {
  EXPECT_EQ(Format("yyyy-MM-dd HH:mm:ss z Z ZZ ZZZ", 1583661599000, "America/Los_Angeles"),
            "2020-03-08 01:59:59 PST -0800 -08:00 America/Los_Angeles");
  EXPECT_EQ(Format("yyyy-MM-dd HH:mm:ss z Z ZZ ZZZ", 1583661600000, "America/Los_Angeles"),
            "2020-03-08 03:00:00 PDT -0700 -07:00 America/Los_Angeles");
  // The repeated hour in November, once in each offset.
  EXPECT_EQ(Format("yyyy-MM-dd HH:mm:ss z", 1604219400000, "America/Los_Angeles"),
            "2020-11-01 01:30:00 PDT");
  EXPECT_EQ(Format("yyyy-MM-dd HH:mm:ss z", 1604223000000, "America/Los_Angeles"),
            "2020-11-01 01:30:00 PST");
}

TEST(FormatJodaTime, WeeksAndDaysOfYear) {
  EXPECT_EQ(Format("xxxx-'W'ww-e", 1609459200000, "UTC"), "2020-W53-5");  // 2021-01-01
  EXPECT_EQ(Format("D", 1582934400000, "UTC"), "60");                     // 2020-02-29
  EXPECT_EQ(Format("yyyy-MM-dd D", 1609372800000, "UTC"), "2020-12-31 366");
}

TEST(FormatJodaTime, QuotedLiterals) {
  EXPECT_EQ(Format("h 'o''clock' ''", 1450396800000, "UTC"), "12 o'clock '");
  EXPECT_EQ(Format("yyyy 'unterminated", 0, "UTC"), "1970 unterminated");
}

TEST(FormatJodaTime, ZoneNames) {
  EXPECT_EQ(Format("z zzzz ZZZ", 1450396800000, "Asia/Calcutta"),
            "IST India Standard Time Asia/Kolkata");
  EXPECT_EQ(Format("z zzzz", 1594814400000, "America/Los_Angeles"), "PDT Pacific Daylight Time");
  EXPECT_EQ(Format("yyyy.MM.dd G 'at' HH:mm:ss z", 1497028786000, "Europe/London"),
            "2017.06.09 AD at 18:19:46 BST");
  // Joda takes Java's names where tzdata's abbreviation is numeric ("-03").
  EXPECT_EQ(Format("z", 1594814400000, "America/Sao_Paulo"), "BRT");
  // Before standard time (local mean time in tzdata) Joda still prints the zone's name.
  EXPECT_EQ(Format("z ZZZ", -3786825600000, "America/Los_Angeles"), "PST America/Los_Angeles");
}

TEST(FormatJodaTime, FixedOffsetAndAliasZones) {
  EXPECT_EQ(Format("HH:mm z Z ZZ ZZZ", 0, "+05:30"), "05:30 +05:30 +0530 +05:30 +05:30");
  EXPECT_EQ(Format("HH:mm z ZZZ", 0, "UTC+01:00"), "01:00 +01:00 +01:00");
  EXPECT_EQ(Format("ZZZ", 0, "US/Pacific"), "America/Los_Angeles");
  EXPECT_EQ(Format("ZZZ z", 0, "+00:00"), "UTC UTC");
}

TEST(FormatJodaTime, BadPatterns) {
  EXPECT_TRUE(FormatFails("yyyy q", 0, "UTC"));
  EXPECT_TRUE(FormatFails("T", 0, "UTC"));
  EXPECT_TRUE(FormatFails("", 0, "UTC"));
}

TEST(FormatJodaTime, BadZones) {
  EXPECT_TRUE(FormatFails("yyyy", 0, "Mars/Phobos"));
  EXPECT_TRUE(FormatFails("yyyy", 0, "america/new_york"));  // ids are case-sensitive
  EXPECT_TRUE(FormatFails("yyyy", 0, ""));
  EXPECT_TRUE(FormatFails("yyyy", 0, "+24:00"));
  // Names must not reach files outside the zone database.
  EXPECT_TRUE(FormatFails("yyyy", 0, "../../../etc/passwd"));
  EXPECT_TRUE(FormatFails("yyyy", 0, "/etc/localtime"));
  EXPECT_TRUE(FormatFails("yyyy", 0, "localtime"));
  EXPECT_TRUE(FormatFails("yyyy", 0, "zone.tab"));
}

TEST(FormatJodaTime, ExtremeEpochsDoNotCrash) {
  EXPECT_FALSE(Format("yyyy-MM-dd HH:mm:ss.SSS G", INT64_MAX, "UTC").empty());
  EXPECT_FALSE(Format("yyyy-MM-dd HH:mm:ss.SSS G", INT64_MIN, "America/Los_Angeles").empty());
}

// -------------------------------------------------------------- time_to_epoch (java.time)

TEST(ParseJavaTime, SpecExamples) {
  EXPECT_EQ(Parse("2020-04-03 09:45:18 UTC+01:00", "yyyy-MM-dd HH:mm:ss VV"), 1585903518000);
  EXPECT_EQ(Parse("18 December 2015", "dd MMMM yyyy"), 1450396800000);
  EXPECT_EQ(Parse("2007-12-03 10:15:30.592 America/Los_Angeles", "yyyy-MM-dd HH:mm:ss.SSS z"),
            1196705730592);
}

TEST(ParseJavaTime, LeapDays) {
  EXPECT_EQ(Parse("2020-02-29", "yyyy-MM-dd"), 1582934400000);
  EXPECT_EQ(Parse("2021-02-29", "yyyy-MM-dd"), 1614470400000);  // SMART clamps to the 28th
  EXPECT_EQ(Parse("2021-02-32", "yyyy-MM-dd"), INT64_MIN);
  EXPECT_EQ(Parse("2020-366", "yyyy-DDD"), 1609372800000);
  EXPECT_EQ(Parse("2021-366", "yyyy-DDD"), INT64_MIN);
}

TEST(ParseJavaTime, DaylightSavingTransitionsInLosAngeles) {
  // A time in the spring gap moves forward by the gap; one in the autumn overlap takes the
  // earlier offset (ZonedDateTime.ofLocal).
  EXPECT_EQ(Parse("2020-03-08 01:59 America/Los_Angeles", "yyyy-MM-dd HH:mm VV"), 1583661540000);
  EXPECT_EQ(Parse("2020-03-08 02:30 America/Los_Angeles", "yyyy-MM-dd HH:mm VV"), 1583663400000);
  EXPECT_EQ(Parse("2020-11-01 01:30 America/Los_Angeles", "yyyy-MM-dd HH:mm VV"), 1604219400000);
  EXPECT_EQ(Parse("2020-11-01 02:00 America/Los_Angeles", "yyyy-MM-dd HH:mm VV"), 1604224800000);
}

TEST(ParseJavaTime, ZoneNamesStandForRegions) {
  // "PST" means America/Los_Angeles, whose July offset is -07:00.
  EXPECT_EQ(Parse("2020-07-01 12:00 PST", "yyyy-MM-dd HH:mm z"), 1593630000000);
  EXPECT_EQ(Parse("2020-07-01 12:00 Pacific Standard Time", "yyyy-MM-dd HH:mm zzzz"),
            1593630000000);
  EXPECT_EQ(Parse("2020-01-01 America/Los_Angeles", "yyyy-MM-dd z"), 1577865600000);
}

TEST(ParseJavaTime, TwelveHourClock) {
  EXPECT_EQ(Parse("2015-12-18 12:30 AM", "yyyy-MM-dd hh:mm a"), 1450398600000);
  EXPECT_EQ(Parse("2015-12-18 12:30 PM", "yyyy-MM-dd hh:mm a"), 1450441800000);
  EXPECT_EQ(Parse("2015-12-18 01:30 PM", "yyyy-MM-dd hh:mm a"), 1450445400000);
  EXPECT_EQ(Parse("2015-12-18 13:30 PM", "yyyy-MM-dd hh:mm a"), INT64_MIN);
  EXPECT_EQ(Parse("2015-12-18 11:30 pm", "yyyy-MM-dd hh:mm a"), INT64_MIN);  // case-sensitive
  EXPECT_NE(ParseError("2020-01-01 10", "yyyy-MM-dd hh").find("am/pm"), std::string::npos);
}

TEST(ParseJavaTime, MonthAndDayNames) {
  EXPECT_EQ(Parse("18 Dec 2015", "dd MMM yyyy"), 1450396800000);
  EXPECT_EQ(Parse("18 december 2015", "dd MMMM yyyy"), INT64_MIN);
  EXPECT_EQ(Parse("Friday 18 December 2015", "EEEE dd MMMM yyyy"), 1450396800000);
  EXPECT_EQ(Parse("Fri, 18 Dec 2015", "EEE, dd MMM yyyy"), 1450396800000);
  // The day of week is checked against the date.
  EXPECT_NE(ParseError("Mon, 18 Dec 2015", "EEE, dd MMM yyyy").find("DayOfWeek"),
            std::string::npos);
}

TEST(ParseJavaTime, Offsets) {
  EXPECT_EQ(Parse("2020-01-01T00:00:00Z", "yyyy-MM-dd'T'HH:mm:ssX"), 1577836800000);
  EXPECT_EQ(Parse("2020-01-01T00:00:00+0530", "yyyy-MM-dd'T'HH:mm:ssX"), 1577817000000);
  EXPECT_EQ(Parse("2020-01-01T00:00:00+05:30", "yyyy-MM-dd'T'HH:mm:ssXXX"), 1577817000000);
  EXPECT_EQ(Parse("2020-01-01T00:00:00+00", "yyyy-MM-dd'T'HH:mm:ssx"), 1577836800000);
  EXPECT_EQ(Parse("2020-01-01T00:00:00-0800", "yyyy-MM-dd'T'HH:mm:ssZ"), 1577865600000);
  EXPECT_EQ(Parse("2020-01-01T00:00:00 GMT+05:30", "yyyy-MM-dd'T'HH:mm:ss ZZZZ"), 1577817000000);
  EXPECT_EQ(Parse("2020-01-01T00:00:00 GMT+5", "yyyy-MM-dd'T'HH:mm:ss O"), 1577818800000);
  EXPECT_EQ(Parse("2020-01-01T00:00:00 GMT", "yyyy-MM-dd'T'HH:mm:ss O"), 1577836800000);
  EXPECT_EQ(Parse("2020-01-01T00:00:00+24:00", "yyyy-MM-dd'T'HH:mm:ssXXX"), INT64_MIN);
}

TEST(ParseJavaTime, ZoneIds) {
  EXPECT_EQ(Parse("2020-01-01 UTC", "yyyy-MM-dd VV"), 1577836800000);
  EXPECT_EQ(Parse("2020-01-01 Z", "yyyy-MM-dd VV"), 1577836800000);
  EXPECT_EQ(Parse("2020-01-01 +01:00", "yyyy-MM-dd VV"), 1577833200000);
  EXPECT_EQ(Parse("2020-01-01 Etc/GMT+5", "yyyy-MM-dd VV"), 1577854800000);
  EXPECT_EQ(Parse("2020-01-01 Mars/Phobos", "yyyy-MM-dd VV"), INT64_MIN);
  EXPECT_EQ(Parse("2020-01-01 ../../etc/passwd", "yyyy-MM-dd VV"), INT64_MIN);
}

TEST(ParseJavaTime, AdjacentNumbersWithoutSeparators) {
  EXPECT_EQ(Parse("20201231235959", "yyyyMMddHHmmss"), 1609459199000);
  EXPECT_EQ(Parse("20201231235959123", "yyyyMMddHHmmssSSS"), 1609459199123);
  EXPECT_EQ(Parse("201231", "yyMMdd"), 1609372800000);  // two-digit years are 2000-2099
}

TEST(ParseJavaTime, OptionalSections) {
  const char* pattern = "yyyy-MM-dd['T'HH:mm[:ss]]";
  EXPECT_EQ(Parse("2020-12-31", pattern), 1609372800000);
  EXPECT_EQ(Parse("2020-12-31T10:15", pattern), 1609409700000);
  EXPECT_EQ(Parse("2020-12-31T10:15:30", pattern), 1609409730000);
  EXPECT_EQ(Parse("2020-12-31T10", pattern), INT64_MIN);
}

TEST(ParseJavaTime, YearsAndEras) {
  EXPECT_EQ(Parse("-0001-01-01", "uuuu-MM-dd"), -62198755200000);
  EXPECT_EQ(Parse("0000-01-01", "yyyy-MM-dd"), INT64_MIN);  // no year of era 0
  EXPECT_EQ(Parse("BC 0001-01-01", "G yyyy-MM-dd"), -62167219200000);
  // yyyy takes more than four digits only after a '+', and a '+' only with more.
  EXPECT_EQ(Parse("12345-01-01", "yyyy-MM-dd"), INT64_MIN);
  EXPECT_EQ(Parse("+12345-01-01", "yyyy-MM-dd"), 327403382400000);
  EXPECT_EQ(Parse("+0123-01-01", "yyyy-MM-dd"), INT64_MIN);
  EXPECT_NE(ParseError("+999999999-12-31", "yyyy-MM-dd").find("range"), std::string::npos);
}

TEST(ParseJavaTime, TimeOfDay) {
  EXPECT_EQ(Parse("2020-01-01 24:00", "yyyy-MM-dd HH:mm"), 1577923200000);  // next midnight
  EXPECT_EQ(Parse("2020-01-01 24:01", "yyyy-MM-dd HH:mm"), INT64_MIN);
  EXPECT_EQ(Parse("2020-01-01 00:00:00.123456789", "yyyy-MM-dd HH:mm:ss.SSSSSSSSS"), 1577836800123);
  EXPECT_EQ(Parse("2020-01-01 00:00:00.59", "yyyy-MM-dd HH:mm:ss.SSS"), INT64_MIN);
  EXPECT_EQ(Parse("2020-01-01 at 5", "yyyy-MM-dd 'at' H"), 1577854800000);
  EXPECT_EQ(Parse("2020-01-01 o'clock", "yyyy-MM-dd 'o''clock'"), 1577836800000);
}

TEST(ParseJavaTime, MismatchesReportAnIndex) {
  EXPECT_EQ(ParseError("2020-01-01 extra", "yyyy-MM-dd"),
            "text '2020-01-01 extra' could not be parsed at index 10");
  EXPECT_EQ(Parse("2020/01/01", "yyyy-MM-dd"), INT64_MIN);
  EXPECT_EQ(Parse("", "yyyy-MM-dd"), INT64_MIN);
  EXPECT_EQ(Parse("10:15", "HH:mm"), INT64_MIN);  // no date
}

TEST(ParseJavaTime, BadPatterns) {
  EXPECT_EQ(ParseError("2020-01-01", "yyyy-MM-dd'"),
            "pattern ends with an incomplete string literal");
  EXPECT_EQ(ParseError("2020-01-01", "yyyy-MM-dd]"),
            "pattern invalid as it contains ] without previous [");
  EXPECT_EQ(ParseError("2020-01-01", "yyyy-MM-dd{"), "pattern includes reserved character: '{'");
  EXPECT_EQ(ParseError("2020-01-01", "yyyy-MM-ddd"), "too many pattern letters: d");
  EXPECT_EQ(ParseError("2020-01-01", "yyyy-MM-dd b"), "unknown pattern letter: b");
  EXPECT_EQ(ParseError("2020-01-01", "yyyy-MM-dd q"), "unsupported pattern letter: q");
  EXPECT_EQ(ParseError("2020-01-01", "yyyy-MM-dd V"), "pattern letter count must be 2: V");
}

}  // namespace
}  // namespace iotsql
