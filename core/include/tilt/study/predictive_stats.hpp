// Predictive statistics of one signal at one horizon, accumulated in one pass.
//
// A sample pairs the signal's value x at time t with the forward mid move y = mid(t + h) − mid(t)
// in ticks (study.hpp says how t + h is found). For each signal × horizon:
//   * hit rate: among samples with y ≠ 0 and x ≠ 0, the share with sign(x) = sign(y). Samples
//     where the mid did not move are excluded, and their share of all samples is reported
//     (zero_move_share); so is the share of x = 0 (no call made).
//   * information coefficient: Pearson correlation of x and y; Spearman's rank correlation (ranks
//     through the warm-up distribution, empirical_cdf.hpp).
//   * linear fit y = a + b·x by least squares: slope b (ticks per unit of signal), intercept a,
//     R² (= Pearson²).
//   * conditional mean of y per signal bucket, with its standard error, and the mean x there.
//   * the sample count.
// Standard errors (hit rate, both ICs, slope, bucket means) account for the overlap of forward
// windows: batch-means / cluster covariance over blocks of consecutive samples (block_moments.hpp).
// The iid standard error of the Pearson IC, sqrt((1 − r²)/(n − 2)), is reported beside it to show
// how much the overlap matters.
//
// Sums are kept about the warm-up means (x − x̄₀, y − ȳ₀), so that second moments of a signal far
// from zero lose no precision. The sums of the open block are kept by the grid
// (predictive_grid.hpp), which adds samples in columnar batches; this accumulator receives each
// finished block and computes the statistics.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "tilt/study/block_moments.hpp"

namespace tilt::study {

/// Indices of the per-block sums.
enum Moment : std::size_t {
  kN,         ///< samples
  kX,         ///< Σ (x − x̄₀)
  kY,         ///< Σ (y − ȳ₀)
  kXX,        ///< Σ (x − x̄₀)²
  kXY,        ///< Σ (x − x̄₀)(y − ȳ₀)
  kYY,        ///< Σ (y − ȳ₀)²
  kMoves,     ///< samples with y ≠ 0
  kEligible,  ///< samples with y ≠ 0 and x ≠ 0 (the hit-rate denominator)
  kHits,      ///< eligible samples with sign(x) = sign(y)
  kU,         ///< Σ (F(x) − ½), F the warm-up distribution of x
  kV,         ///< Σ (G(y) − ½)
  kUU,
  kVV,
  kUV,
  kMomentCount
};
using MomentVector = std::array<double, kMomentCount>;

/// Per-bucket sums: count, Σx, Σy.
enum BucketMoment : std::size_t { kBucketN, kBucketX, kBucketY, kBucketMomentCount };
using BucketVector = std::array<double, kBucketMomentCount>;

struct BucketResult {
  double lower = 0;  ///< bucket edges in signal units (−inf/+inf at the ends of quantile buckets)
  double upper = 0;
  std::int64_t samples = 0;
  double mean_signal = 0;
  double mean_move = 0;     ///< ticks
  double mean_move_se = 0;  ///< ticks, overlap-robust
};

struct PredictiveResult {
  std::string signal;
  std::string horizon;
  std::int64_t samples = 0;
  double zero_move_share = 0;
  double zero_signal_share = 0;
  std::int64_t hit_samples = 0;
  double hit_rate = 0;
  double hit_rate_se = 0;
  double ic_pearson = 0;
  double ic_pearson_se = 0;
  double ic_pearson_se_iid = 0;
  double ic_spearman = 0;
  double ic_spearman_se = 0;
  double slope = 0;  ///< ticks per unit of signal
  double slope_se = 0;
  double intercept = 0;
  double r_squared = 0;
  double mean_move = 0;
  double move_std = 0;
  std::int64_t blocks = 0;
  std::int64_t block_samples = 0;
  std::string bucket_method;  ///< "fixed" or "quantile"
  std::vector<BucketResult> buckets;
};

/// Statistics from the totals (used by the accumulator and by the delta method).
double pearson_of(const MomentVector& v);
double spearman_of(const MomentVector& v);
double slope_of(const MomentVector& v);
double hit_rate_of(const MomentVector& v);

/// The finished blocks of one signal × horizon once its warm-up is over.
class PredictiveAccumulator {
 public:
  PredictiveAccumulator() = default;
  /// `edges`: bucket edges (buckets + 1 values, the outer ones may be ±inf).
  void start(double x_shift, double y_shift, std::size_t block_samples, std::vector<double> edges);
  bool started() const { return block_samples_ > 0; }
  double x_shift() const { return x_shift_; }
  double y_shift() const { return y_shift_; }
  std::size_t block_samples() const { return block_samples_; }
  std::size_t buckets() const { return bucket_moments_.size(); }

  /// One finished block: its sums and each bucket's (buckets() of them).
  void add_block(const MomentVector& block, const BucketVector* buckets) {
    moments_.add_block(block);
    for (std::size_t b = 0; b < bucket_moments_.size(); ++b)
      bucket_moments_[b].add_block(buckets[b]);
  }
  PredictiveResult result() const;

 private:
  double x_shift_ = 0, y_shift_ = 0;
  std::size_t block_samples_ = 0;
  std::vector<double> edges_;
  BlockMoments<kMomentCount> moments_;
  std::vector<BlockMoments<kBucketMomentCount>> bucket_moments_;
};

}  // namespace tilt::study
