// The numbers behind report.html's charts that are more than a copy of a results.h5 column: the
// P&L decomposition, the markout curve's mean and confidence band, signal histograms.
//
// P&L decomposition (all in quote currency; P&L is after fees, as in summary.json):
//   spread capture of a fill = sign(side) × (mid_at_fill − price) × qty × contract multiplier,
//       sign(buy) = +1, sign(sell) = −1, mid_at_fill = the venue's mid in force before the event
//       that filled us (the fills table's `mid` column, accountant.hpp). What the fill earned
//       against the mid when it happened: a maker buying one tick under the mid books +1 tick; a
//       taker crossing the spread books a loss.
//   fees            = fees paid (rebates negative), as recorded by the accountant
//   inventory P&L   = total P&L − spread capture + fees
//       everything else: how the mid moved while we held the position (adverse selection shows up
//       here as a loss), so that total P&L = spread capture + inventory P&L − fees exactly.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "tilt/types.hpp"

namespace tilt {

/// sign(side) × (mid − price) × qty × multiplier for one fill.
double spread_capture(Side side, double price, double mid, double qty, double multiplier);

struct PnlSplit {
  double total = 0.0;           ///< P&L after fees
  double spread_capture = 0.0;  ///< Σ spread capture over fills
  double inventory = 0.0;       ///< total − spread capture + fees
  double fees = 0.0;            ///< paid (+) or rebated (−)
};

/// The decomposition given the total P&L, the fees and each fill's spread capture.
PnlSplit split_pnl(double total_pnl, double fees, std::span<const double> fill_spread_capture);
/// The same given Σ spread capture already summed: the finite values, in fill order from 0.0.
PnlSplit split_pnl_of_sum(double total_pnl, double fees, double spread_capture);

/// Cumulative spread capture at each of `sample_ts` (non-decreasing): the sum over fills with
/// fill_ts <= sample. `fill_ts` must be non-decreasing.
std::vector<double> cumulative_at(std::span<const std::int64_t> fill_ts,
                                  std::span<const double> fill_values,
                                  std::span<const std::int64_t> sample_ts);

/// cumulative_at with the fills fed one at a time, in order (the same additions in the same
/// order, so the same sums): add() each fill, then finish(). Holds only the samples' sums.
class CumulativeAt {
 public:
  explicit CumulativeAt(std::span<const std::int64_t> sample_ts);
  void add(std::int64_t fill_ts, double fill_value);
  std::vector<double> finish();

 private:
  std::span<const std::int64_t> sample_ts_;
  std::vector<double> out_;
  std::size_t next_ = 0;  // the first sample not yet summed up
  double sum_ = 0.0;
};

/// Mean of the finite values with a normal-approximation 95% confidence interval
/// mean ± 1.96 × s / √n (s the sample standard deviation). NaN values (markouts whose horizon ran
/// past the data) are left out and counted. With n < 2 the interval is the mean itself; with
/// n = 0 everything is NaN.
struct MeanWithBand {
  double mean = 0.0;
  double low = 0.0;
  double high = 0.0;
  std::int64_t count = 0;
  std::int64_t missing = 0;
};
MeanWithBand mean_with_band(std::span<const double> values);

/// mean_with_band over values that are fed twice, one at a time and in the same order both times
/// (a column read in chunks): add() each in the first pass, then add_square() each in the
/// second, then result(). The same arithmetic in the same order as mean_with_band.
class MeanWithBandAccumulator {
 public:
  void add(double v) {
    if (std::isfinite(v)) {
      sum_ += v;
      ++count_;
    } else {
      ++missing_;
    }
  }
  /// The mean of the first pass (NaN when no value was finite).
  double mean() const;
  void add_square(double v) {
    if (!second_pass_) {
      mean_ = mean();
      second_pass_ = true;
    }
    if (std::isfinite(v)) squares_ += (v - mean_) * (v - mean_);
  }
  MeanWithBand result() const;

 private:
  double sum_ = 0.0;
  double squares_ = 0.0;
  double mean_ = 0.0;
  bool second_pass_ = false;
  std::int64_t count_ = 0;
  std::int64_t missing_ = 0;
};

/// A histogram over the central 99.8% of the finite values (the 0.1% and 99.9% quantiles bound
/// it, so one wild outlier does not squash the picture); values outside are counted, not binned.
/// Bins are half-open [edge_i, edge_i+1) except the last, which includes its right edge. When
/// all values are equal the range is widened to value ± 0.5.
struct Histogram {
  std::vector<double> edges;  ///< bins + 1 edges
  std::vector<std::int64_t> counts;
  std::int64_t below = 0;    ///< finite values under edges.front()
  std::int64_t above = 0;    ///< finite values over edges.back()
  std::int64_t invalid = 0;  ///< NaN or infinite
  double mean = 0.0;         ///< over all finite values (NaN when none)
  double stddev = 0.0;
};
Histogram make_histogram(std::span<const double> values, std::size_t bins);

}  // namespace tilt
