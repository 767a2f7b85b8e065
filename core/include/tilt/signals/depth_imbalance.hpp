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
// O(N) per event (two top-N reads), no allocation.
#pragma once

#include <cmath>
#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

#include "tilt/signals/signal_value.hpp"
#include "tilt/signals/touch.hpp"

namespace tilt::signals {

enum class LevelWeights : unsigned char { none, linear, exponential };

class DepthImbalance {
 public:
  static constexpr std::string_view kType = "depth_imbalance";

  DepthImbalance(std::size_t levels, LevelWeights weights, double decay)
      : levels_(levels),
        kind_(weights),
        weights_(make_weights(levels, weights, decay)),
        bids_(levels),
        asks_(levels) {}

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

  template <TopNReadable B>
  void on_event(const B& book, const Event& event) {
    switch (book_step(book, event, boundary_)) {
      case BookStep::recompute:
        value_ = compute(book);
        break;
      case BookStep::invalidate:
        value_ = {};
        break;
      case BookStep::keep:
        break;
    }
  }
  SignalValue value() const { return value_; }
  std::size_t levels() const { return levels_; }
  LevelWeights weights() const { return kind_; }

 private:
  template <TopNReadable B>
  SignalValue compute(const B& book) {
    const std::size_t nb = book.top(Side::buy, std::span<Level>(bids_));
    const std::size_t na = book.top(Side::sell, std::span<Level>(asks_));
    boundary_ = TopBoundary::from(bids_, nb, asks_, na);
    if (nb == 0 || na == 0) return {};
    if (kind_ == LevelWeights::none) {
      // Integer sums: exact.
      Qty vb = 0;
      Qty va = 0;
      for (std::size_t i = 0; i < nb; ++i) vb += bids_[i].qty;
      for (std::size_t i = 0; i < na; ++i) va += asks_[i].qty;
      return {static_cast<double>(vb - va) / static_cast<double>(vb + va), true};
    }
    double vb = 0;
    double va = 0;
    for (std::size_t i = 0; i < nb; ++i) vb += weights_[i] * static_cast<double>(bids_[i].qty);
    for (std::size_t i = 0; i < na; ++i) va += weights_[i] * static_cast<double>(asks_[i].qty);
    return {(vb - va) / (vb + va), true};
  }

  std::size_t levels_;
  LevelWeights kind_;
  std::vector<double> weights_;
  std::vector<Level> bids_;  ///< scratch for top-N reads, sized once
  std::vector<Level> asks_;
  SignalValue value_;
  TopBoundary boundary_;
};

}  // namespace tilt::signals
