// The traded instrument: the one place where decimal prices and sizes meet integer ticks and lots.
#pragma once

#include <string>
#include <string_view>

#include "tilt/decimal.hpp"
#include "tilt/types.hpp"

namespace tilt {

struct Instrument {
  std::string symbol;
  Decimal tick_size{1, 2};           ///< price increment, e.g. 0.01
  Decimal lot_size{1, 0};            ///< quantity increment, e.g. 0.001 BTC or 1 share
  double contract_multiplier = 1.0;  ///< notional = price × qty × multiplier
  double maker_fee = 0.0;            ///< fraction of notional; negative is a rebate
  double taker_fee = 0.0;            ///< fraction of notional

  /// Checks tick/lot sizes are positive and the multiplier is finite and positive.
  void validate() const;

  /// Exact conversion of a decimal price to ticks. Throws InstrumentError naming the value and the
  /// tick when the price is off the grid, e.g. "price 101.2345 is not a multiple of tick 0.01".
  Price price_to_ticks(const Decimal& price) const;
  Price price_to_ticks(std::string_view price_text) const;
  /// Exact conversion of a decimal quantity to lots; same errors with "qty" and "lot".
  Qty qty_to_lots(const Decimal& qty) const;
  Qty qty_to_lots(std::string_view qty_text) const;

  double ticks_to_price(Price ticks) const { return static_cast<double>(ticks) * tick_double(); }
  double lots_to_qty(Qty lots) const { return static_cast<double>(lots) * lot_double(); }
  std::string format_price(Price ticks) const { return multiply(ticks, tick_size).to_string(); }
  std::string format_qty(Qty lots) const { return multiply(lots, lot_size).to_string(); }

  double tick_double() const { return tick_size.to_double(); }
  double lot_double() const { return lot_size.to_double(); }
};

}  // namespace tilt
