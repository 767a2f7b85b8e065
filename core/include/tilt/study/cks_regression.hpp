// The contemporaneous price-impact regression of Cont, Kukanov & Stoikov (2014), "The price impact
// of order book events", J. Financial Econometrics 12(1).
//
// Order-flow imbalance of one book message n (best quotes P, sizes q, before → after):
//   e_n = 1{Pb' >= Pb}·qb' − 1{Pb' <= Pb}·qb − 1{Pa' <= Pa}·qa' + 1{Pa' >= Pa}·qa      (lots)
// OFI_k = Σ e_n over the messages of interval k; ΔP_k = mid at the end of interval k − mid at its
// start (ticks). Intervals are consecutive, `interval` long, aligned to multiples of `interval` in
// exchange time; quiet intervals count (OFI 0, ΔP 0), intervals whose start had no two-sided book
// do not, and none spans two streams.
//   * pooled fit over all intervals: ΔP_k = α + β·OFI_k + ε (slope, intercept, R², iid slope SE;
//     the intervals do not overlap).
//   * per window (`window` long, e.g. 30 min as in the paper): β_w and R²_w from that window's
//     intervals (at least 3), and the window's average depth D_w = mean over its book messages of
//     (qb + qa)/2 at the touch (lots). CKS report R² ≈ 0.65 on average (50 US stocks, 10 s
//     intervals, half-hour windows) and β_w ∝ 1/D_w: here β_w = c·(1/D_w) + d is fitted across
//     windows (depth_slope c in ticks, its R²).
// Per-interval and per-window rows are kept for the outputs up to max_rows each (the fits use all).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "tilt/study/book_top.hpp"
#include "tilt/types.hpp"

namespace tilt::study {

struct CksInterval {
  Timestamp start = 0;
  double ofi = 0;         ///< lots
  double mid_change = 0;  ///< ticks
  double mean_depth = 0;  ///< lots, (qb + qa)/2
  std::int64_t messages = 0;
};

struct CksWindow {
  Timestamp start = 0;
  std::int64_t intervals = 0;
  double slope = 0;  ///< ticks per lot
  double r_squared = 0;
  double mean_depth = 0;
};

struct CksResult {
  Duration interval = 0;
  Duration window = 0;
  std::int64_t intervals = 0;
  double slope = 0;
  double slope_se = 0;
  double intercept = 0;
  double r_squared = 0;
  std::int64_t windows = 0;  ///< windows with a fit
  double mean_window_r_squared = 0;
  double depth_slope = 0;  ///< c in β_w = c/D_w + d
  double depth_intercept = 0;
  double depth_r_squared = 0;
};

/// Least-squares sums for y = a + b·x.
struct LinearFitSums {
  double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0, syy = 0;
  void add(double x, double y) {
    n += 1;
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
    syy += y * y;
  }
  double slope() const;
  double intercept() const;
  double r_squared() const;
  double slope_se() const;  ///< iid
};

class CksRegression {
 public:
  CksRegression(Duration interval, Duration window, std::size_t max_rows = 100'000);

  /// A new stream begins: no interval is open.
  void start_stream();
  /// A message stamped ts is about to be applied; `top` is the book now. Closes every interval
  /// that ends at or before ts. (Inline fast path: a message inside the open interval.)
  void before_message(Timestamp ts, const BookTop& top) {
    if (open_ && ts < next_start_) return;
    next_interval(ts, top);
  }
  /// A book message was applied at ts, taking the touch from `before` to `after`.
  void on_book_message(const BookTop& before, const BookTop& after) {
    if (!open_) return;
    if (before.valid && after.valid) {
      // Integer lots, converted once (the same value as adding each term as a double); selects,
      // not branches, since which quotes moved is a coin toss per message.
      const Qty e = (after.bid >= before.bid ? after.bid_qty : 0) -
                    (after.bid <= before.bid ? before.bid_qty : 0) -
                    (after.ask <= before.ask ? after.ask_qty : 0) +
                    (after.ask >= before.ask ? before.ask_qty : 0);
      ofi_ += static_cast<double>(e);
    }
    if (after.valid) {
      last_depth_ = 0.5 * static_cast<double>(after.bid_qty + after.ask_qty);
      depth_sum_ += last_depth_;
      ++messages_;
    }
  }
  /// Closes the open window (the open interval is incomplete and dropped); call at a stream's end.
  void end_stream();

  CksResult result() const;
  const std::vector<CksInterval>& intervals() const { return interval_rows_; }
  const std::vector<CksWindow>& windows() const { return window_rows_; }

 private:
  void next_interval(Timestamp ts, const BookTop& top);
  void close_interval(std::int64_t end_mid2, bool end_valid);
  void close_window();

  Duration interval_;
  Duration window_;
  std::size_t max_rows_;
  bool open_ = false;
  std::int64_t index_ = 0;    ///< open interval: start = index_ * interval_
  Timestamp next_start_ = 0;  ///< (index_ + 1) * interval_: the next interval's start
  std::int64_t start_mid2_ = 0;
  double ofi_ = 0;
  double depth_sum_ = 0;
  std::int64_t messages_ = 0;
  double last_depth_ = 0;
  std::int64_t window_index_ = -1;
  LinearFitSums window_fit_;
  double window_depth_sum_ = 0;
  LinearFitSums pooled_;
  LinearFitSums depth_fit_;  // x = 1/D_w, y = β_w
  double window_r2_sum_ = 0;
  std::int64_t windows_ = 0;
  std::int64_t intervals_ = 0;
  std::vector<CksInterval> interval_rows_;
  std::vector<CksWindow> window_rows_;
};

}  // namespace tilt::study
