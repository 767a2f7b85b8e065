// Trade-flow imbalance: the signed share of aggressive volume over a rolling window.
//
//   TFI = Σ_{trades in window} s_k·v_k / Σ_{trades in window} v_k
//
// v_k: traded size (lots), s_k = +1 when the aggressor bought (lifted the ask), −1 when it sold.
// Unitless, in [-1, 1]. Also called trade imbalance or order imbalance of trades; see Chordia &
// Subrahmanyam (2004), "Order imbalance and individual stock returns", Journal of Financial
// Economics 72(3), and Cont, Kukanov & Stoikov (2014) §5 for the trade-only analogue of OFI.
//
// Trades printed between ticks (EventFlag::kSubTickPrice: hidden or midpoint executions) count
// like any other: they are real volume, signed by their aggressor side; their price is not used.
// Every other signal ignores trades, so such prints move none of them.
//
// Window: the last K trade events, or trades with local_ts in (now − T, now] (expired on every
// event, so the value is current at each book event too). Valid when the window holds traded
// volume; otherwise valid = false, value 0. O(1) amortised per event.
#pragma once

#include <string_view>

#include "tilt/signals/rolling_window.hpp"
#include "tilt/signals/signal_value.hpp"
#include "tilt/signals/touch.hpp"

namespace tilt::signals {

class TradeFlowImbalance {
 public:
  static constexpr std::string_view kType = "trade_flow_imbalance";

  explicit TradeFlowImbalance(Window window) : sums_(window) {}

  template <TopNReadable B>
  void on_event(const B& /*book*/, const BookEventView& v) {
    on_event(v.event);
  }
  template <TopNReadable B>
  void on_event(const B& /*book*/, const Event& event) {
    on_event(event);
  }
  void on_event(const Event& event) {
    if (event.kind == EventKind::trade) {
      const Qty v = event.size();
      sums_.push(event.local_ts, {sign(event.side) * v, v});
    } else {
      sums_.expire(event.local_ts);
    }
  }

  /// Computed from the window's sums when read, not on every event.
  SignalValue value() const {
    const auto& s = sums_.sums();
    if (s[1] <= 0) return {};
    return {static_cast<double>(s[0]) / static_cast<double>(s[1]), true};
  }
  static constexpr bool kFlow = true;
  static constexpr bool reads_touch() { return false; }
  const Window& window() const { return sums_.window(); }

 private:
  RollingSums<2> sums_;  ///< [0] = signed volume, [1] = total volume
};

}  // namespace tilt::signals
