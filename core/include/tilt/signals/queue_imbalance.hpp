// Level-1 queue imbalance.
//
//   I = (Vb - Va) / (Vb + Va)
//
// Vb, Va: sizes (lots) at the best bid and best ask. Unitless, in [-1, 1]; +1 means all the
// level-1 size is on the bid. Cartea, Donnelly & Jaimungal (2018), "Enhancing trading strategies
// with order book signals", Applied Mathematical Finance 25(1); Gould & Bonart (2016), "Queue
// imbalance as a one-tick-ahead price predictor in a limit order book", Market Microstructure and
// Liquidity 2(2).
//
// Valid only when both sides have a level; otherwise valid = false, value 0. O(1) per event.
#pragma once

#include <string_view>

#include "tilt/signals/signal_value.hpp"
#include "tilt/signals/touch.hpp"

namespace tilt::signals {

class QueueImbalance : public TouchSeries<QueueImbalance> {
 public:
  static constexpr std::string_view kType = "queue_imbalance";

  static SignalValue compute(const Touch& t) {
    if (!t.two_sided()) return {};
    return {static_cast<double>(t.bid.qty - t.ask.qty) / static_cast<double>(t.bid.qty + t.ask.qty),
            true};
  }
};

}  // namespace tilt::signals
