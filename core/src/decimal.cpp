#include "tilt/decimal.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <limits>

namespace tilt {
namespace {

// 128-bit intermediates keep overflow checks exact; __extension__ marks the GNU type as intended.
__extension__ typedef __int128 int128;

constexpr int kMaxScale = 18;
constexpr std::array<std::int64_t, 19> kPow10 = {1,
                                                 10,
                                                 100,
                                                 1000,
                                                 10000,
                                                 100000,
                                                 1000000,
                                                 10000000,
                                                 100000000,
                                                 1000000000,
                                                 10000000000,
                                                 100000000000,
                                                 1000000000000,
                                                 10000000000000,
                                                 100000000000000,
                                                 1000000000000000,
                                                 10000000000000000,
                                                 100000000000000000,
                                                 1000000000000000000};

// Removes trailing zeros after the point so equal values compare equal.
Decimal normalized(Decimal d) {
  while (d.scale > 0 && d.units % 10 == 0) {
    d.units /= 10;
    --d.scale;
  }
  return d;
}

}  // namespace

std::optional<Decimal> Decimal::parse(std::string_view text) {
  std::size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
  int128 units = 0;
  int scale = 0;
  int digits = 0;
  bool seen_point = false;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c >= '0' && c <= '9') {
      if (units == 0 && c == '0' && !seen_point) continue;  // leading zeros carry nothing
      units = units * 10 + (c - '0');
      if (units != 0) ++digits;
      if (seen_point) ++scale;
      if (digits > 18) return std::nullopt;
    } else if (c == '.' && !seen_point) {
      seen_point = true;
    } else {
      break;
    }
  }
  // There must be at least one digit somewhere before any exponent.
  const std::string_view mantissa = text.substr(0, i);
  if (mantissa.find_first_of("0123456789") == std::string_view::npos) return std::nullopt;
  int exponent = 0;
  if (i < text.size()) {
    if (text[i] != 'e' && text[i] != 'E') return std::nullopt;
    ++i;
    if (i < text.size() && text[i] == '+') ++i;
    const char* first = text.data() + i;
    const char* last = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(first, last, exponent);
    if (ec != std::errc() || ptr != last || first == last) return std::nullopt;
  }
  scale -= exponent;
  while (scale < 0) {
    units *= 10;
    ++scale;
    if (units > std::numeric_limits<std::int64_t>::max()) return std::nullopt;
  }
  // Drop trailing zeros before checking the scale limit ("1.50000...0" is fine).
  while (scale > kMaxScale && units % 10 == 0) {
    units /= 10;
    --scale;
  }
  if (scale > kMaxScale || units > std::numeric_limits<std::int64_t>::max()) return std::nullopt;
  Decimal d{static_cast<std::int64_t>(units), scale};
  if (negative) d.units = -d.units;
  return normalized(d);
}

Decimal Decimal::from_double(double value) {
  std::array<char, 64> buf{};
  auto [ptr, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), value);
  if (ec != std::errc()) return {};
  auto parsed = parse(std::string_view(buf.data(), static_cast<std::size_t>(ptr - buf.data())));
  return parsed ? *parsed : Decimal{};
}

double Decimal::to_double() const {
  return static_cast<double>(units) / static_cast<double>(kPow10[static_cast<std::size_t>(scale)]);
}

std::string Decimal::to_string() const {
  const Decimal d = normalized(*this);
  const bool negative = d.units < 0;
  // Work on the magnitude as unsigned so INT64_MIN prints correctly.
  std::uint64_t magnitude = negative ? static_cast<std::uint64_t>(-(d.units + 1)) + 1
                                     : static_cast<std::uint64_t>(d.units);
  const std::string digits = std::to_string(magnitude);
  std::string out = negative ? "-" : "";
  if (d.scale == 0) return out + digits;
  const auto frac_digits = static_cast<std::size_t>(d.scale);
  if (digits.size() <= frac_digits) {
    out += "0.";
    out.append(frac_digits - digits.size(), '0');
    return out + digits;
  }
  out.append(digits, 0, digits.size() - frac_digits);
  out += '.';
  out.append(digits, digits.size() - frac_digits, frac_digits);
  return out;
}

bool operator==(const Decimal& a, const Decimal& b) {
  const Decimal x = normalized(a);
  const Decimal y = normalized(b);
  return x.units == y.units && x.scale == y.scale;
}

std::optional<std::int64_t> exact_multiple(const Decimal& value, const Decimal& step) {
  if (step.units <= 0) return std::nullopt;
  const int scale = std::max(value.scale, step.scale);
  const int128 v =
      static_cast<int128>(value.units) * kPow10[static_cast<std::size_t>(scale - value.scale)];
  const int128 s =
      static_cast<int128>(step.units) * kPow10[static_cast<std::size_t>(scale - step.scale)];
  if (v % s != 0) return std::nullopt;
  const int128 q = v / s;
  if (q > std::numeric_limits<std::int64_t>::max() || q < std::numeric_limits<std::int64_t>::min())
    return std::nullopt;
  return static_cast<std::int64_t>(q);
}

Decimal multiply(std::int64_t count, const Decimal& step) {
  int128 units = static_cast<int128>(count) * step.units;
  int scale = step.scale;
  // Keep the product in range by shedding trailing zeros; otherwise saturate (printing only).
  while ((units > std::numeric_limits<std::int64_t>::max() ||
          units < std::numeric_limits<std::int64_t>::min()) &&
         scale > 0 && units % 10 == 0) {
    units /= 10;
    --scale;
  }
  if (units > std::numeric_limits<std::int64_t>::max())
    units = std::numeric_limits<std::int64_t>::max();
  if (units < std::numeric_limits<std::int64_t>::min())
    units = std::numeric_limits<std::int64_t>::min();
  return normalized(Decimal{static_cast<std::int64_t>(units), scale});
}

}  // namespace tilt
