// Order-flow imbalance (OFI) at the best level and over several levels, over a rolling window.
//
// Per book event n, for each level m = 1..M (m-th best by depth), with P/q the price/size of that
// level after event n and after event n-1 (Cont, Kukanov & Stoikov 2014, "The price impact of order
// book events", Journal of Financial Econometrics 12(1), eq. 2; multi-level form: Xu, Gould &
// Howison 2019, "Multi-level order-flow imbalance in a limit order book", Market Microstructure and
// Liquidity 4):
//
//   e_n^m =  1{Pb_n ≥ Pb_{n-1}}·qb_n − 1{Pb_n ≤ Pb_{n-1}}·qb_{n-1}
//          − 1{Pa_n ≤ Pa_{n-1}}·qa_n + 1{Pa_n ≥ Pa_{n-1}}·qa_{n-1}
//
// i.e. bid size added/removed at an unchanged price, a whole new better bid, a whole bid level
// gone; mirrored (with the opposite sign) on the ask. A missing level counts as an infinitely bad
// price with size 0 (bid −∞, ask +∞): a level appearing on an empty side is pure inflow, a side
// emptying is pure outflow, and two missing levels contribute 0.
//
//   raw         OFI = Σ_{n in window} Σ_{m=1..M} e_n^m                         lots
//   normalized  OFI / AD,  AD = (1/|window|) Σ_{n in window} Σ_m (qb_n^m + qa_n^m) / (2M)
//               (average depth per level and side over the same events, Cont et al.'s AD;
//                unitless)
// With M = 1 this is Cont et al.'s OFI; M > 1 sums Xu et al.'s per-level OFIs with equal weights.
//
// Events: every level event applied outside a snapshot is one event n (including ones beyond the
// M levels, which contribute e = 0 but count toward an event window). At snapshot_end the previous
// state is reset to the rebuilt book, so the jump across a snapshot is not counted as flow.
// Window: the last K such events, or those with local_ts in (now − T, now].
//
// Validity: raw is always valid (0 before any flow). Normalized is valid when AD > 0; otherwise
// valid = false, value 0. Cost: O(M) per level event (two top-M reads, none for M = 1: the touch
// SignalSet already read is the top-1 read), O(1) amortised eviction.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string_view>
#include <vector>

#include "tilt/signals/rolling_window.hpp"
#include "tilt/signals/signal_value.hpp"
#include "tilt/signals/touch.hpp"

namespace tilt::signals {

class OrderFlowImbalance {
 public:
  static constexpr std::string_view kType = "ofi";

  OrderFlowImbalance(std::size_t levels, Window window, bool normalized)
      : levels_(levels),
        normalized_(normalized),
        sums_(window),
        prev_bids_(levels),
        prev_asks_(levels),
        bids_(levels),
        asks_(levels) {
    fill_missing(prev_bids_, prev_asks_, 0, 0);
  }

  template <TopNReadable B>
  void on_event(const B& book, const Event& event) {
    on_event(book, BookEventView::of(book, event));
  }
  template <TopNReadable B>
  void on_event(const B& book, const BookEventView& v) {
    const Event& event = v.event;
    if (event.kind == EventKind::level && v.step == BookStep::recompute) {  // not in a snapshot
      if (levels_ == 1) {
        on_touch_event(event, v.touch);
      } else if (!boundary_.affects(event)) {
        // Deeper than the top M levels: e_n = 0 and the depth is unchanged, but it is an event.
        sums_.push(event.local_ts, {0, depth_});
      } else {
        read(book, bids_, asks_);
        std::int64_t flow = 0;
        depth_ = 0;
        for (std::size_t m = 0; m < levels_; ++m) {
          flow += bid_flow(prev_bids_[m], bids_[m]) + ask_flow(prev_asks_[m], asks_[m]);
          depth_ += bids_[m].qty + asks_[m].qty;
        }
        sums_.push(event.local_ts, {flow, depth_});
        prev_bids_.swap(bids_);
        prev_asks_.swap(asks_);
      }
    } else {
      if (event.kind == EventKind::snapshot_end) {
        read(book, prev_bids_, prev_asks_);
        depth_ = 0;
        for (std::size_t m = 0; m < levels_; ++m) depth_ += prev_bids_[m].qty + prev_asks_[m].qty;
      }
      sums_.expire(event.local_ts);
    }
  }

  /// Computed from the window's sums when read (one division), not on every event.
  SignalValue value() const {
    const auto& s = sums_.sums();
    if (!normalized_) return {static_cast<double>(s[0]), true};
    if (s[1] <= 0) return {};
    // OFI / AD with AD = depth_sum / (2M · count).
    const double scale = 2.0 * static_cast<double>(levels_) * static_cast<double>(sums_.size());
    return {static_cast<double>(s[0]) * scale / static_cast<double>(s[1]), true};
  }
  static constexpr bool kFlow = true;
  /// M = 1 takes the touch from the view (on_touch_event).
  bool reads_touch() const { return levels_ == 1; }

  std::size_t levels() const { return levels_; }
  bool normalized() const { return normalized_; }
  const Window& window() const { return sums_.window(); }

  /// e^m for one bid level; `before`/`after` use the missing-level convention above.
  static std::int64_t bid_flow(const Level& before, const Level& after) {
    if (after.price > before.price) return after.qty;
    if (after.price < before.price) return -before.qty;
    return after.qty - before.qty;
  }
  static std::int64_t ask_flow(const Level& before, const Level& after) {
    if (after.price < before.price) return -after.qty;
    if (after.price > before.price) return before.qty;
    return -(after.qty - before.qty);
  }

  static constexpr Price kMissingBid = std::numeric_limits<Price>::min();
  static constexpr Price kMissingAsk = std::numeric_limits<Price>::max();

 private:
  /// M = 1, a level event: the touch SignalSet already read is the whole top-1 read. No
  /// TopBoundary skip: about half of all level events change the touch, so the skip branch would
  /// mispredict, and for a deeper event this path gives the same e_n = 0 and depth. Fields are
  /// copied one by one: copying the touch's Levels whole compiled to 16-byte loads of fields just
  /// written as 8-byte stores, a store-forwarding stall (~8% of this signal's time in perf).
  void on_touch_event(const Event& event, const Touch& touch) {
    const Level bid{touch.bid.qty != 0 ? touch.bid.price : kMissingBid, touch.bid.qty};
    const Level ask{touch.ask.qty != 0 ? touch.ask.price : kMissingAsk, touch.ask.qty};
    const std::int64_t flow = bid_flow(prev_bids_[0], bid) + ask_flow(prev_asks_[0], ask);
    depth_ = bid.qty + ask.qty;
    sums_.push(event.local_ts, {flow, depth_});
    prev_bids_[0] = bid;
    prev_asks_[0] = ask;
  }

  template <TopNReadable B>
  void read(const B& book, std::vector<Level>& bids, std::vector<Level>& asks) {
    const std::size_t nb = book.top(Side::buy, std::span<Level>(bids));
    const std::size_t na = book.top(Side::sell, std::span<Level>(asks));
    boundary_ = TopBoundary::from(bids, nb, asks, na);
    fill_missing(bids, asks, nb, na);
  }
  void fill_missing(std::vector<Level>& bids, std::vector<Level>& asks, std::size_t nb,
                    std::size_t na) const {
    for (std::size_t m = nb; m < levels_; ++m) bids[m] = Level{kMissingBid, 0};
    for (std::size_t m = na; m < levels_; ++m) asks[m] = Level{kMissingAsk, 0};
  }

  std::size_t levels_;
  bool normalized_;
  RollingSums<2> sums_;     ///< [0] = Σ e_n, [1] = Σ depth_n over the window
  std::int64_t depth_ = 0;  ///< Σ_m (qb^m + qa^m) after the last event
  TopBoundary boundary_;
  std::vector<Level> prev_bids_;
  std::vector<Level> prev_asks_;
  std::vector<Level> bids_;
  std::vector<Level> asks_;
};

}  // namespace tilt::signals
