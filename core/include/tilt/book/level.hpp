// One price level of a market-by-price book.
#pragma once

#include "tilt/types.hpp"

namespace tilt {

/// A visible price level: total resting size `qty` (lots, always > 0 inside a book) at `price`
/// (ticks). A book never holds a level of size 0; removing a level is setting its size to 0.
struct Level {
  Price price = 0;
  Qty qty = 0;
  friend constexpr bool operator==(const Level&, const Level&) = default;
};

}  // namespace tilt
