// Depth imbalance over the best N levels, optionally weighted by level.
//
//   D = (Σ_{i=1..N} w_i·Vb_i − Σ_{i=1..N} w_i·Va_i) / (Σ w_i·Vb_i + Σ w_i·Va_i)
//
// Vb_i, Va_i: size (lots) at the i-th best bid/ask level (levels counted by depth, not by ticks; a
// side with fewer than N levels contributes what it has). Unitless, in [-1, 1]. Weights:
//   none:         w_i = 1
//   linear:       w_i = (N − i + 1) / N           (1, ..., 1/N)
//   exponential:  w_i = exp(−decay · (i − 1))     (1, e^-decay, ...)
// Cao, Hansch & Wang (2009), "The information content of an open limit-order book", Journal of
// Futures Markets 29(1); Cartea, Donnelly & Jaimungal (2018) for decaying weights.
//
// Valid only when both sides have at least one level; otherwise valid = false, value 0.
// O(N) per evaluation, walking the best N levels of each side in place; no allocation. Unweighted
// sums are integers (exact). Inside a SignalSet it is evaluated only when read (signal_set.hpp);
// on its own, on every event that may change the book's top. (An earlier version kept a copy of
// the top N levels updated incrementally; walking the book in place measured faster,
// bench/README.md.)
#pragma once

#include <cmath>
#include <cstddef>
#include <string_view>
#include <type_traits>
#include <vector>

#include "tilt/signals/signal_value.hpp"
#include "tilt/signals/touch.hpp"

namespace tilt::signals {

enum class LevelWeights : unsigned char { none, linear, exponential };

class DepthImbalance : public BookStateSeries<DepthImbalance> {
 public:
  static constexpr std::string_view kType = "depth_imbalance";
  /// The registry's limit on `levels`.
  static constexpr std::size_t kMaxLevels = 64;

  DepthImbalance(std::size_t levels, LevelWeights weights, double decay)
      : levels_(levels), kind_(weights), weights_(make_weights(levels, weights, decay)) {}

  static std::vector<double> make_weights(std::size_t levels, LevelWeights kind, double decay) {
    std::vector<double> w(levels, 1.0);
    for (std::size_t i = 0; i < levels; ++i) {
      if (kind == LevelWeights::linear) {
        w[i] = static_cast<double>(levels - i) / static_cast<double>(levels);
      } else if (kind == LevelWeights::exponential) {
        w[i] = std::exp(-decay * static_cast<double>(i));
      }
    }
    return w;
  }

  /// The value after the book's last event (signal_value.hpp).
  template <TopNReadable B>
  SignalValue evaluate(const B& book) const {
    if (book.in_snapshot()) return {};
    if (book.empty(Side::buy) || book.empty(Side::sell)) return {};
    if (kind_ == LevelWeights::none) {
      const Qty vb = side_sum<Qty>(book, Side::buy);
      const Qty va = side_sum<Qty>(book, Side::sell);
      return {static_cast<double>(vb - va) / static_cast<double>(vb + va), true};
    }
    const double vb = side_sum<double>(book, Side::buy);
    const double va = side_sum<double>(book, Side::sell);
    return {(vb - va) / (vb + va), true};
  }
  /// BookStateSeries' recompute step.
  template <TopNReadable B>
  SignalValue recompute(const B& book, const BookEventView& /*view*/) const {
    return evaluate(book);
  }
  static constexpr bool reads_touch() { return false; }
  std::size_t levels() const { return levels_; }
  LevelWeights weights() const { return kind_; }

 private:
  /// Σ w_i·V_i over the best levels_ levels of one side, walking the book in place (no copy),
  /// from the touch outwards; T = Qty for unweighted (exact).
  template <typename T, TopNReadable B>
  T side_sum(const B& book, Side side) const {
    T sum = 0;
    std::size_t i = 0;
    book.for_each_level(side, [&](const Level& l) {
      // Returning false stops OrderBook's walk; the concept does not promise that of every book,
      // so the guard keeps any other book to the first levels_ levels too.
      if (i >= levels_) return false;
      if constexpr (std::is_same_v<T, Qty>) {
        sum += l.qty;
      } else {
        sum += weights_[i] * static_cast<double>(l.qty);
      }
      return ++i < levels_;
    });
    return sum;
  }

  std::size_t levels_;
  LevelWeights kind_;
  std::vector<double> weights_;
};

}  // namespace tilt::signals
