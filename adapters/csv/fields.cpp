#include "adapters/csv/fields.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <limits>

namespace tilt::adapters {
namespace {

constexpr std::array<std::int64_t, 19> kPow10 = {1,
                                                 10,
                                                 100,
                                                 1'000,
                                                 10'000,
                                                 100'000,
                                                 1'000'000,
                                                 10'000'000,
                                                 100'000'000,
                                                 1'000'000'000,
                                                 10'000'000'000,
                                                 100'000'000'000,
                                                 1'000'000'000'000,
                                                 10'000'000'000'000,
                                                 100'000'000'000'000,
                                                 1'000'000'000'000'000,
                                                 10'000'000'000'000'000,
                                                 100'000'000'000'000'000,
                                                 1'000'000'000'000'000'000};

}  // namespace

std::size_t split_fields(std::string_view line, std::span<std::string_view> out) {
  std::size_t n = 0;
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = line.find(',', start);
    if (n == out.size()) return out.size() + 1;
    if (comma == std::string_view::npos) {
      out[n++] = line.substr(start);
      return n;
    }
    out[n++] = line.substr(start, comma - start);
    start = comma + 1;
  }
}

bool parse_int(std::string_view text, std::int64_t& value) {
  const char* first = text.data();
  const char* last = first + text.size();
  if (first == last) return false;
  auto [ptr, ec] = std::from_chars(first, last, value);
  return ec == std::errc() && ptr == last;
}

bool parse_seconds_ns(std::string_view text, std::int64_t& ns) {
  const std::size_t dot = text.find('.');
  std::int64_t seconds = 0;
  if (!parse_int(text.substr(0, dot), seconds) || seconds < 0) return false;
  std::int64_t fraction = 0;
  if (dot != std::string_view::npos) {
    const std::string_view digits = text.substr(dot + 1);
    if (digits.empty()) return false;
    for (const char c : digits) {
      if (c < '0' || c > '9') return false;
    }
    const std::size_t kept = std::min<std::size_t>(digits.size(), 9);
    for (std::size_t i = 0; i < kept; ++i) fraction = fraction * 10 + (digits[i] - '0');
    fraction *= kPow10[9 - kept];
    // Digits past the nanosecond are printing noise (a LOBSTER time like 43002.632812672004):
    // rounded to the nearest nanosecond.
    if (digits.size() > 9 && digits[9] >= '5') ++fraction;
  }
  if (seconds > std::numeric_limits<std::int64_t>::max() / 1'000'000'000 - 1) return false;
  ns = seconds * 1'000'000'000 + fraction;
  return true;
}

DecimalGrid::DecimalGrid(Decimal step) : step_(step) {}

DecimalGrid::Result DecimalGrid::to_steps(std::string_view text, std::int64_t& steps) const {
  // Fast path: [+-]digits[.digits] with at most 18 significant digits.
  std::size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) negative = text[i++] == '-';
  std::int64_t units = 0;
  int scale = 0;
  int digits = 0;
  bool point = false;
  bool any_digit = false;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c >= '0' && c <= '9') {
      any_digit = true;
      if (units == 0 && c == '0') {
        if (point) ++scale;
        continue;
      }
      if (++digits > 18) return Result::out_of_range;
      units = units * 10 + (c - '0');
      if (point) ++scale;
    } else if (c == '.' && !point) {
      point = true;
    } else {
      break;
    }
  }
  if (i != text.size()) {
    // Exponent or junk: the general parser decides.
    const auto parsed = Decimal::parse(text);
    if (!parsed) return Result::not_a_number;
    return to_steps(parsed->units, parsed->scale, steps);
  }
  if (!any_digit) return Result::not_a_number;
  return to_steps(negative ? -units : units, scale, steps);
}

DecimalGrid::Result DecimalGrid::to_steps(std::int64_t units, int scale,
                                          std::int64_t& steps) const {
  while (scale > 0 && units % 10 == 0) {
    units /= 10;
    --scale;
  }
  std::int64_t num = units;
  std::int64_t den = step_.units;
  if (scale <= step_.scale) {
    if (__builtin_mul_overflow(num, kPow10[static_cast<std::size_t>(step_.scale - scale)], &num))
      return Result::out_of_range;
  } else {
    if (scale > 18) return Result::off_grid;
    if (__builtin_mul_overflow(den, kPow10[static_cast<std::size_t>(scale - step_.scale)], &den))
      return Result::off_grid;
  }
  if (den <= 0) return Result::out_of_range;
  if (num % den != 0) return Result::off_grid;
  steps = num / den;
  if (steps < -kMaxEventMagnitude || steps >= kMaxEventMagnitude) return Result::out_of_range;
  return Result::ok;
}

}  // namespace tilt::adapters
