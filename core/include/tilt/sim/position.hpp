// Position and cash of one strategy instance, updated fill by fill.
//
// Money is kept in tick·lot units (price in ticks × quantity in lots); Instrument converts it to
// currency at report time (× tick_size × lot_size × contract_multiplier). Cash is exact: an int64
// sum of ±price×qty. Fees are doubles (a rate × notional is not an integer), as are the average
// entry price and the realized P&L, which divide.
//
//   cash        = start_cash − Σ sign(side)·price·qty                       (exact)
//   avg_price   = cost-weighted mean entry price of the open position; an increase averages in,
//                 a reduction keeps it, a flip restarts it at the flipping fill's price
//   realized    = Σ over reductions of closed_qty × (exit − avg_price) × sign(position) − fees
//   unrealized  = position × (mark − avg_price)
//   equity      = cash + position × mark − fees
// Identities (checked after every event in tests): realized + unrealized = equity − start_cash.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdlib>

#include "tilt/sim/order.hpp"
#include "tilt/types.hpp"

namespace tilt {

constexpr Qty abs_qty(Qty q) {
  return q < 0 ? -q : q;
}

struct PositionState {
  std::int64_t start_cash = 0;  ///< tick·lot
  Qty position = 0;             ///< lots, + long
  std::int64_t cash = 0;        ///< tick·lot, includes start_cash, excludes fees
  double fees = 0.0;            ///< tick·lot, + paid, − rebate
  double avg_price = 0.0;       ///< ticks; 0 when flat
  double realized_gross = 0.0;  ///< tick·lot, before fees
  Qty volume = 0;               ///< lots traded
  Qty maker_volume = 0;         ///< lots traded as maker
  std::int64_t notional = 0;    ///< Σ price×qty, tick·lot
  std::int64_t fills = 0;

  void apply_fill(Side side, Price price, Qty qty, Liquidity liquidity, double fee) {
    const Qty signed_qty = sign(side) * qty;
    cash -= signed_qty * price;
    fees += fee;
    volume += qty;
    notional += price * qty;
    if (liquidity == Liquidity::maker) maker_volume += qty;
    ++fills;
    const double p = static_cast<double>(price);
    if (position == 0 || (position > 0) == (signed_qty > 0)) {  // opening or adding
      const double held = static_cast<double>(abs_qty(position));
      avg_price =
          (avg_price * held + p * static_cast<double>(qty)) / (held + static_cast<double>(qty));
      position += signed_qty;
      return;
    }
    const Qty closing = std::min(qty, abs_qty(position));
    realized_gross += static_cast<double>(closing) * (p - avg_price) * (position > 0 ? 1.0 : -1.0);
    position += signed_qty;
    if (position == 0) {
      avg_price = 0.0;
    } else if (closing < qty) {  // flipped through zero: the rest opens at this price
      avg_price = p;
    }
  }

  double realized() const { return realized_gross - fees; }
  double unrealized(double mark) const {
    return position == 0 ? 0.0 : static_cast<double>(position) * (mark - avg_price);
  }
  double equity(double mark) const {
    return static_cast<double>(cash) + static_cast<double>(position) * mark - fees;
  }
};

}  // namespace tilt
