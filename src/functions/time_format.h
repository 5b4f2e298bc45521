// The two date-time pattern languages behind AWS IoT SQL's time functions: parse_time formats
// with Joda-Time's DateTimeFormat, time_to_epoch parses with JDK 11's DateTimeFormatter
// (ofPattern: strict parsing, ResolverStyle.SMART). English names only, as AWS runs them.
#ifndef IOTSQL_FUNCTIONS_TIME_FORMAT_H_
#define IOTSQL_FUNCTIONS_TIME_FORMAT_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace iotsql {

// Formats `epoch_millis` with a Joda-Time pattern in time zone `zone_id`: an IANA id
// ("America/Belize"), "UTC", or a fixed offset ("+01:00", "UTC+01:00"). Returns false with
// `error` set for an invalid pattern or an unknown zone.
bool FormatJodaTime(std::string_view pattern, int64_t epoch_millis, std::string_view zone_id,
                    std::string* out, std::string* error);

// Parses `text` with a java.time pattern into epoch milliseconds. Text without a zone or offset
// is UTC; missing time-of-day fields are 0; year, month and day (or day-of-year) are required.
// Returns false with `error` set for an invalid pattern or text that does not match.
bool ParseJavaTime(std::string_view text, std::string_view pattern, int64_t* epoch_millis,
                   std::string* error);

}  // namespace iotsql

#endif  // IOTSQL_FUNCTIONS_TIME_FORMAT_H_
