#include "adapters/lobster/lobster_time.hpp"

#include <chrono>
#include <filesystem>

#include "adapters/csv/fields.hpp"

namespace tilt::adapters::lobster {
namespace {

std::chrono::year_month_day to_ymd(const TradingDate& d) {
  return std::chrono::year_month_day{std::chrono::year{d.year}, std::chrono::month{d.month},
                                     std::chrono::day{d.day}};
}

// The n-th Sunday (1-based) of a month.
std::chrono::sys_days nth_sunday(int year, unsigned month, unsigned n) {
  using namespace std::chrono;
  return sys_days{year_month_weekday{std::chrono::year{year}, std::chrono::month{month},
                                     weekday_indexed{Sunday, n}}};
}

}  // namespace

std::optional<TradingDate> parse_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  std::int64_t y = 0;
  std::int64_t m = 0;
  std::int64_t d = 0;
  if (!parse_int(text.substr(0, 4), y) || !parse_int(text.substr(5, 2), m) ||
      !parse_int(text.substr(8, 2), d))
    return std::nullopt;
  TradingDate date{static_cast<int>(y), static_cast<unsigned>(m), static_cast<unsigned>(d)};
  if (m < 1 || m > 12 || d < 1 || d > 31 || !to_ymd(date).ok()) return std::nullopt;
  return date;
}

std::optional<TradingDate> date_from_file_name(const std::string& path) {
  const std::string name = std::filesystem::path(path).filename().string();
  // TICKER_YYYY-MM-DD_...: the first '_'-separated part that is a date.
  std::size_t start = 0;
  while (start < name.size()) {
    std::size_t end = name.find('_', start);
    if (end == std::string::npos) end = name.size();
    if (auto date = parse_date(std::string_view(name).substr(start, end - start))) return date;
    start = end + 1;
  }
  return std::nullopt;
}

Timestamp utc_midnight(const TradingDate& date) {
  const std::chrono::sys_days days{to_ymd(date)};
  return static_cast<Timestamp>(days.time_since_epoch().count()) * 86'400 * kSecond;
}

Duration new_york_utc_offset(const TradingDate& date) {
  const std::chrono::sys_days day{to_ymd(date)};
  const bool daylight_saving =
      day >= nth_sunday(date.year, 3, 2) && day < nth_sunday(date.year, 11, 1);
  return (daylight_saving ? -4 : -5) * 3600 * kSecond;
}

std::optional<Duration> parse_utc_offset(std::string_view text) {
  if (text.empty()) return std::nullopt;
  int sign = 1;
  if (text[0] == '+' || text[0] == '-') {
    sign = text[0] == '-' ? -1 : 1;
    text.remove_prefix(1);
  }
  std::int64_t hours = 0;
  std::int64_t minutes = 0;
  const std::size_t colon = text.find(':');
  if (!parse_int(text.substr(0, colon), hours) || hours < 0 || hours > 14) return std::nullopt;
  if (colon != std::string_view::npos &&
      (!parse_int(text.substr(colon + 1), minutes) || minutes < 0 || minutes > 59))
    return std::nullopt;
  return sign * (hours * 3600 + minutes * 60) * kSecond;
}

}  // namespace tilt::adapters::lobster
