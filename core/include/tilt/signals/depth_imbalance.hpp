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
// O(N) per event that reaches the top N, no allocation. The top N levels of each side are kept
// from the last read: an event deeper than them is skipped (TopBoundary), and a size change of a
// level already among them is written into that copy instead of reading the book again (only a
// level appearing or leaving re-reads both sides). Unweighted, the two sums are integers moved by
// each size change (exact); weighted, they are taken over the copy in the same order as after a
// full read. Either way the values are bit-identical to reading the book on every event.
#pragma once

#include <cmath>
#include <cstddef>
#include <span>
#include <string_view>
#include <type_traits>
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
    on_event(book, BookEventView{event, book_step(book, event, TopBoundary{}), Touch{}});
  }
  template <TopNReadable B>
  void on_event(const B& book, const BookEventView& v) {
    switch (v.step) {
      case BookStep::recompute:
        if (v.event.kind == EventKind::level) {
          if (!boundary_.affects(v.event)) break;  // deeper than our top N: nothing changed
          if (update_copy(v.event)) {
            value_ = imbalance();
            break;
          }
        }
        read(book);
        value_ = imbalance();
        break;
      case BookStep::invalidate:
        value_ = {};
        break;
      case BookStep::keep:
        break;
    }
  }
  SignalValue value() const { return value_; }
  /// The value on_event() would have left after the book's last event, from one read of the top
  /// N levels (signal_value.hpp): the same sums in the same order as imbalance().
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
  static constexpr bool reads_touch() { return false; }
  /// The registry's limit on `levels`.
  static constexpr std::size_t kMaxLevels = 64;
  std::size_t levels() const { return levels_; }
  LevelWeights weights() const { return kind_; }

 private:
  template <TopNReadable B>
  void read(const B& book) {
    nb_ = book.top(Side::buy, std::span<Level>(bids_));
    na_ = book.top(Side::sell, std::span<Level>(asks_));
    boundary_ = TopBoundary::from(bids_, nb_, asks_, na_);
    bid_total_ = 0;
    ask_total_ = 0;
    for (std::size_t i = 0; i < nb_; ++i) bid_total_ += bids_[i].qty;
    for (std::size_t i = 0; i < na_; ++i) ask_total_ += asks_[i].qty;
  }

  /// Σ w_i·V_i over the best levels_ levels of one side, walking the book in place (no copy),
  /// summed from the touch outwards like imbalance(); T = Qty for unweighted (exact).
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

  /// A new positive size for a level already in the copy of the top N: the set of levels and
  /// the other side are unchanged (the level was already inside the book, so it cannot cross it).
  /// Returns false when the event adds or removes a level, which needs a full read.
  bool update_copy(const Event& e) {
    if (e.size() == 0) return false;
    std::vector<Level>& levels = e.side == Side::buy ? bids_ : asks_;
    const std::size_t n = e.side == Side::buy ? nb_ : na_;
    for (std::size_t i = 0; i < n; ++i) {
      if (levels[i].price == e.price) {
        (e.side == Side::buy ? bid_total_ : ask_total_) += e.size() - levels[i].qty;
        levels[i].qty = e.size();
        return true;
      }
    }
    return false;
  }

  SignalValue imbalance() const {
    const std::size_t nb = nb_;
    const std::size_t na = na_;
    if (nb == 0 || na == 0) return {};
    if (kind_ == LevelWeights::none) {
      // Integer sums, kept up to date by read() and update_copy(): exact, so the same as summing
      // the copy again.
      const Qty vb = bid_total_;
      const Qty va = ask_total_;
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
  std::vector<Level> bids_;  ///< the best nb_ bid levels as of the last read and updates since
  std::vector<Level> asks_;
  std::size_t nb_ = 0;
  std::size_t na_ = 0;
  Qty bid_total_ = 0;  ///< Σ qty over bids_[0, nb_)
  Qty ask_total_ = 0;
  SignalValue value_;
  TopBoundary boundary_;
};

}  // namespace tilt::signals
