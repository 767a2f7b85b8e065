// LOBSTER timestamps to tilt's nanoseconds since the Unix epoch.
//
// LOBSTER gives each message's time as seconds after midnight with nanosecond resolution
// ("34200.004241176" = 09:30:00.004241176), in the exchange's local time: New York for NASDAQ
// (LOBSTER documentation, "Message file"). The date is not in the file; LOBSTER puts it in the
// file name, TICKER_YYYY-MM-DD_STARTMS_ENDMS_message_LEVELS.csv.
//
// tilt converts with one fixed UTC offset per file (a file is one trading day, and no US session
// spans a daylight-saving switch, which happens at 02:00):
//     exch_ts = (days since 1970-01-01 of the date) × 86 400 s + seconds after midnight − offset
// where `offset` is local time minus UTC. By default it is America/New_York's for that date under
// the US rules in force since 2007: EDT (−4 h) from the second Sunday of March to the first Sunday
// of November, EST (−5 h) otherwise. A flag can set any other offset.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "tilt/types.hpp"

namespace tilt::adapters::lobster {

struct TradingDate {
  int year = 0;
  unsigned month = 0;
  unsigned day = 0;
};

/// "YYYY-MM-DD" (a valid calendar date) or nullopt.
std::optional<TradingDate> parse_date(std::string_view text);
/// The date in a LOBSTER file name ("AAPL_2012-06-21_34200000_57600000_message_10.csv"), if any.
std::optional<TradingDate> date_from_file_name(const std::string& path);
/// Midnight UTC of `date` in ns since the epoch.
Timestamp utc_midnight(const TradingDate& date);
/// New York's UTC offset on `date` (−4 h during daylight saving, −5 h otherwise).
Duration new_york_utc_offset(const TradingDate& date);
/// "-04:00", "+05:30", "-4" (hours) or "0" as a signed offset; nullopt when unreadable.
std::optional<Duration> parse_utc_offset(std::string_view text);

}  // namespace tilt::adapters::lobster
