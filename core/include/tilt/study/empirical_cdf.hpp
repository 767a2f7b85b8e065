// The empirical distribution of a warm-up sample, for rank statistics and quantile buckets in one
// pass with bounded memory.
//
// Spearman's rank correlation is the Pearson correlation of F(x) and G(y), F and G the variables'
// distribution functions. An exact version needs every value before the first rank is known; the
// study instead fixes F and G from the first `warmup_samples` values (the warm-up sample) and maps
// every later value through them (mid-rank fraction: ties share the mean of their ranks). With no
// more samples than the warm-up this is exactly Spearman's rho with mid-ranks; beyond it, it
// estimates the same population quantity with the warm-up's sampling error in F and G (small for a
// warm-up of 20,000; tests/study/ compare it with exact ranks).
//
// To keep a lookup O(log 512) the distribution keeps at most kMaxKnots knots: every distinct value
// when there are few (forward mid moves take a handful of values), else evenly spaced order
// statistics, interpolated linearly between knots.
#pragma once

#include <cstddef>
#include <vector>

namespace tilt::study {

class EmpiricalCdf {
 public:
  static constexpr std::size_t kMaxKnots = 512;

  EmpiricalCdf() = default;
  /// Builds the distribution of `sample` (any order; NaNs must have been removed).
  explicit EmpiricalCdf(std::vector<double> sample);

  /// Mid-rank fraction of x in (0, 1): (#{< x} + #{<= x}) / (2n) at the knots, interpolated
  /// between them; below the smallest knot or above the largest the end values. 0.5 when empty.
  double operator()(double x) const;

  /// The value below which a fraction q of the sample lies (q in [0, 1]), by the sample's order
  /// statistics; used for quantile bucket edges.
  double quantile(double q) const;

  bool empty() const { return values_.empty(); }

 private:
  std::vector<double> values_;  // knot values, increasing
  std::vector<double> cdf_;     // mid-rank fraction at each knot
  std::vector<double> sorted_;  // the sample, for quantile()
};

}  // namespace tilt::study
