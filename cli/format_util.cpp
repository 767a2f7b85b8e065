#include "format_util.hpp"

#include <fmt/format.h>

#include <ctime>

namespace tilt::cli {

std::string format_timestamp(Timestamp ts) {
  std::int64_t seconds = ts / kSecond;
  std::int64_t nanos = ts % kSecond;
  if (nanos < 0) {
    nanos += kSecond;
    --seconds;
  }
  const std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:09}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, nanos);
}

std::string format_duration(Duration d) {
  const double abs = static_cast<double>(d < 0 ? -d : d);
  const char* sign = d < 0 ? "-" : "";
  if (abs < 1e3) return fmt::format("{}{} ns", sign, abs);
  if (abs < 1e6) return fmt::format("{}{:.3g} us", sign, abs / 1e3);
  if (abs < 1e9) return fmt::format("{}{:.3g} ms", sign, abs / 1e6);
  if (abs < 60e9) return fmt::format("{}{:.3g} s", sign, abs / 1e9);
  const auto total = static_cast<std::int64_t>(abs / 1e9);
  if (total < 3600) return fmt::format("{}{} min {} s", sign, total / 60, total % 60);
  return fmt::format("{}{} h {} min", sign, total / 3600, (total % 3600) / 60);
}

std::string format_count(std::int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3)
    digits.insert(static_cast<std::size_t>(i), ",");
  return n < 0 ? "-" + digits : digits;
}

}  // namespace tilt::cli
