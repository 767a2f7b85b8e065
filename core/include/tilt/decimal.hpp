// Exact decimal numbers for the edges of the engine: parsing vendor prices and sizes, tick and lot
// sizes, and printing them back. A Decimal is `units / 10^scale`, held in integers so that "is this
// price on the tick grid" has an exact answer (binary doubles cannot say that 0.3 is 3 × 0.1).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tilt {

struct Decimal {
  std::int64_t units = 0;  ///< the digits, as an integer
  int scale = 0;           ///< number of digits after the decimal point (0..18)

  /// Parses "123", "-0.015", "+7.50", "1e-8", "2.5E3". Returns nullopt for anything else, or when
  /// the value needs more than 18 significant digits.
  static std::optional<Decimal> parse(std::string_view text);
  /// The shortest decimal that round-trips to `value` (0.01 -> 1/10^2).
  static Decimal from_double(double value);

  double to_double() const;
  /// Plain decimal text without exponent or trailing zeros ("0.01", "-3", "101.2345").
  std::string to_string() const;
  bool is_positive() const { return units > 0; }

  friend bool operator==(const Decimal& a, const Decimal& b);
};

/// How many whole `step`s make `value`, if `value` is an exact multiple of `step` and the result
/// fits in int64; nullopt otherwise. `step` must be positive.
std::optional<std::int64_t> exact_multiple(const Decimal& value, const Decimal& step);

/// `count × step` as an exact Decimal (used to print ticks and lots back as prices and sizes).
Decimal multiply(std::int64_t count, const Decimal& step);

}  // namespace tilt
