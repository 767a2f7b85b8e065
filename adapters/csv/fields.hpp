// Field splitting and number parsing for the per-row path of the CSV adapters: views into the line,
// std::from_chars and hand-written fixed-point parsing, no allocation and no iostreams.
//
// Vendor CSVs handled here (Tardis, LOBSTER) never quote fields, so a field is the text between
// commas. Decimal prices and sizes are converted straight to integer ticks/lots with exact integer
// arithmetic (DecimalGrid); a value that is not an exact multiple of the step is reported, never
// rounded.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "tilt/decimal.hpp"

namespace tilt::adapters {

/// Splits `line` at commas into `out`. Returns the number of fields; when the line has more fields
/// than `out` holds, returns out.size() + 1 (the caller reports "too many columns").
std::size_t split_fields(std::string_view line, std::span<std::string_view> out);

/// Whole-field integer (optional leading '-'); false for empty, partial or out-of-range text.
bool parse_int(std::string_view text, std::int64_t& value);

/// "123.456789" seconds as nanoseconds; fraction digits past the ninth (below a nanosecond) are
/// rounded to the nearest nanosecond.
bool parse_seconds_ns(std::string_view text, std::int64_t& ns);

/// Prices and times an event may hold: the store reads only values in [-2^62, 2^62)
/// (event_store.hpp), so a converter refuses anything outside as out of range.
inline constexpr std::int64_t kMaxEventMagnitude = std::int64_t{1} << 62;

/// Converts decimal text to an integer count of a fixed step (tick or lot size) exactly; a count
/// outside [-kMaxEventMagnitude, kMaxEventMagnitude) is out_of_range.
class DecimalGrid {
 public:
  enum class Result { ok, not_a_number, off_grid, out_of_range };

  explicit DecimalGrid(Decimal step);
  /// Parses `text` ("6421.5", "-0.001", "1e-3") and sets `steps` = value / step.
  Result to_steps(std::string_view text, std::int64_t& steps) const;
  /// Same, for a value already held as an integer scaled by 10^-scale (LOBSTER's price × 10⁴).
  Result to_steps(std::int64_t units, int scale, std::int64_t& steps) const;
  const Decimal& step() const { return step_; }

 private:
  Decimal step_;
};

}  // namespace tilt::adapters
