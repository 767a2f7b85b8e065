// Plain book series a strategy reads by name like any signal: mid, spread and level-1 sizes.
//
//   mid    = (Pb + Pa) / 2        ticks (may end in .5); valid when both sides have a level
//   spread = Pa - Pb              ticks; valid when both sides have a level
//   bid_size = Vb, ask_size = Va  lots at the best level; valid when that side has a level
// Invalid values are reported as valid = false, value 0. O(1) per event.
#pragma once

#include <string_view>

#include "tilt/signals/signal_value.hpp"
#include "tilt/signals/touch.hpp"

namespace tilt::signals {

class Mid : public TouchSeries<Mid> {
 public:
  static constexpr std::string_view kType = "mid";
  static SignalValue compute(const Touch& t) {
    if (!t.two_sided()) return {};
    // Sum first in integers: exact for any tick price, then one rounding.
    return {static_cast<double>(t.bid.price + t.ask.price) * 0.5, true};
  }
};

class Spread : public TouchSeries<Spread> {
 public:
  static constexpr std::string_view kType = "spread";
  static SignalValue compute(const Touch& t) {
    if (!t.two_sided()) return {};
    return {static_cast<double>(t.ask.price - t.bid.price), true};
  }
};

class BestSize : public TouchSeries<BestSize> {
 public:
  /// Registered twice: "bid_size" (side buy) and "ask_size" (side sell).
  explicit BestSize(Side side) : side_(side) {}
  Side side() const { return side_; }
  SignalValue compute(const Touch& t) const {
    const Level& l = side_ == Side::buy ? t.bid : t.ask;
    if (l.qty == 0) return {};
    return {static_cast<double>(l.qty), true};
  }

 private:
  Side side_;
};

}  // namespace tilt::signals
