// The best bid and ask as the study's estimators see them after each book message.
#pragma once

#include "tilt/types.hpp"

namespace tilt::study {

struct BookTop {
  Price bid = 0;
  Price ask = 0;
  Qty bid_qty = 0;
  Qty ask_qty = 0;
  bool valid = false;  ///< both sides present and the book complete (not inside a snapshot)

  /// bid + ask: twice the mid, exact in ticks.
  std::int64_t mid2() const { return bid + ask; }
  Price spread() const { return ask - bid; }
};

}  // namespace tilt::study
