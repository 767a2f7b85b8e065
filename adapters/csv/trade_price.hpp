// Trade prices, which unlike level prices may fall between ticks.
//
// A hidden or midpoint execution can print at a price no visible level could hold (a half-cent
// print on a one-cent tick). Such a trade is kept with its exact price: it is stored in sub-ticks,
// 1/kSubTicksPerTick of a tick, and flagged EventFlag::kSubTickPrice (tilt/types.hpp). A price that
// is not even a whole number of sub-ticks is off the grid and stays a bad row.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "adapters/csv/fields.hpp"
#include "tilt/types.hpp"

namespace tilt::adapters {

/// A trade's price as stored: ticks with flags 0, or sub-ticks with kSubTickPrice.
struct TradePrice {
  Price price = 0;
  std::uint16_t flags = 0;
};

class TradePriceGrid {
 public:
  explicit TradePriceGrid(const Decimal& tick);

  /// The price of decimal `text` (Tardis): on the tick grid as ticks, else on the sub-tick grid
  /// as flagged sub-ticks; off_grid when it is on neither.
  DecimalGrid::Result to_price(std::string_view text, TradePrice& out) const;
  /// Same for a value held as an integer scaled by 10^-scale (LOBSTER's price × 10⁴).
  DecimalGrid::Result to_price(std::int64_t units, int scale, TradePrice& out) const;

 private:
  DecimalGrid ticks_;
  std::optional<DecimalGrid> sub_ticks_;  // none when the tick has too many decimals to divide
};

}  // namespace tilt::adapters
