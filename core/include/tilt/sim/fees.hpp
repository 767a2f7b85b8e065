// Fee models: what each fill costs. A fee is in tick·lot units (the accountant's money unit before
// the Instrument converts it); a negative fee is a rebate.
//
//   NotionalFee:  fee = rate × price × qty        rate = maker_rate or taker_rate (a fraction of
//                                                 notional, e.g. 0.0002 = 2 bp; -0.0001 = rebate)
//   PerLotFee:    fee = per_lot × qty             per_lot in ticks per lot (maker or taker)
//
// The contract multiplier is applied with the tick and lot sizes when the Instrument converts the
// tick·lot amount to currency, so both forms scale with it. A model is a type with one method,
// fee(liquidity, price, qty); FeeModel is the variant YAML can name, visited once per fill.
#pragma once

#include <variant>

#include "tilt/sim/order.hpp"
#include "tilt/types.hpp"

namespace tilt {

struct NotionalFee {
  double maker_rate = 0.0;
  double taker_rate = 0.0;
  double fee(Liquidity liquidity, Price price, Qty qty) const {
    const double rate = liquidity == Liquidity::maker ? maker_rate : taker_rate;
    return rate * static_cast<double>(price) * static_cast<double>(qty);
  }
};

struct PerLotFee {
  double maker_per_lot = 0.0;  ///< ticks per lot
  double taker_per_lot = 0.0;
  double fee(Liquidity liquidity, Price, Qty qty) const {
    return (liquidity == Liquidity::maker ? maker_per_lot : taker_per_lot) *
           static_cast<double>(qty);
  }
};

using FeeModel = std::variant<NotionalFee, PerLotFee>;

inline double fee_for(const FeeModel& model, Liquidity liquidity, Price price, Qty qty) {
  return std::visit([&](const auto& m) { return m.fee(liquidity, price, qty); }, model);
}

}  // namespace tilt
