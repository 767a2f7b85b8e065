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
// The distribution keeps at most kMaxKnots knots: every distinct value when there are few (forward
// mid moves take a handful of values), else evenly spaced order statistics, interpolated linearly
// between knots.
//
// A lookup runs once per signal per sample, so it must not be a binary search (its steps are coin
// tosses to the branch predictor: ~9 mispredictions on 512 knots). A guide table cuts the knots'
// range into kCellsPerKnot equal cells per knot and records, per cell, the first knot whose cell is
// not below it; a lookup computes x's cell and searches only the knots of that one cell. The cell
// of a value is a monotone function of the value (subtraction and multiplication by a positive
// constant round monotonically), so every knot of an earlier cell is below x and every knot of a
// later cell above it: the search finds exactly the knot a search of all knots would, and the
// result is the same to the bit. Between knots the value is interpolated with each segment's slope,
// computed once when the distribution is built.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace tilt::study {

class EmpiricalCdf {
 public:
  static constexpr std::size_t kMaxKnots = 512;
  static constexpr std::size_t kCellsPerKnot = 4;

  EmpiricalCdf() = default;
  /// Builds the distribution of `sample` (any order; NaNs must have been removed).
  explicit EmpiricalCdf(std::vector<double> sample);

  /// The lookup's tables and constants, copied out so that a loop over many values keeps them in
  /// registers (through a reference they are reloaded after every store of a result).
  struct Lookup {
    const double* knots;  // with two +inf pads
    const double* cdf;
    const double* slope;
    const std::uint32_t* guide;
    std::size_t n;
    std::size_t cells;
    double low;
    double scale;
    double last_cell;  // cells - 1

    /// Mid-rank fraction of x in (0, 1): (#{< x} + #{<= x}) / (2n) at the knots, interpolated
    /// between them; below the smallest knot or above the largest the end values. 0.5 when empty.
    double operator()(double x) const {
      if (n == 0) return 0.5;
      const std::size_t c = cell(x);
      const std::size_t first = guide[c], end = guide[c + 1];
      // Knots of x's cell below x: usually none or one, so the first two are counted without a
      // branch (knots has two +inf pads); a crowded cell (a long-tailed distribution packs most
      // knots into the few cells around its centre) by a branch-free binary search.
      std::size_t i = first;
      if (end - first <= 2) {
        i += static_cast<std::size_t>(first < end) & static_cast<std::size_t>(knots[first] < x);
        i += static_cast<std::size_t>(first + 1 < end) &
             static_cast<std::size_t>(knots[first + 1] < x);
      } else {
        // Invariant: the first knot of the cell not below x is in [i, i + len].
        std::size_t len = end - first;
        while (len > 1) {
          const std::size_t half = len / 2;
          i = knots[i + half] < x ? i + half : i;
          len -= half;
        }
        i += static_cast<std::size_t>(knots[i] < x);
      }
      if (i == n) return cdf[n - 1];
      if (knots[i] == x || i == 0) return cdf[i];
      // Linear between the knots, by the segment's precomputed slope (no division per lookup).
      return cdf[i - 1] + (x - knots[i - 1]) * slope[i];
    }
    std::size_t cell(double x) const {
      const double t = (x - low) * scale;
      // Clamped into [0, cells - 1]; `!(t > 0)` also catches a value far below the knots.
      if (!(t > 0)) return 0;
      return t < last_cell ? static_cast<std::size_t>(t) : cells - 1;
    }
  };
  Lookup lookup() const {
    return {knots_.data(), cdf_.data(),    slope_.data(),
            guide_.data(), values_.size(), cells_,
            low_,          scale_,         static_cast<double>(cells_ - 1)};
  }

  /// Mid-rank fraction of x (Lookup::operator()).
  double operator()(double x) const { return lookup()(x); }

  /// The value below which a fraction q of the sample lies (q in [0, 1]), by the sample's order
  /// statistics; used for quantile bucket edges.
  double quantile(double q) const;

  bool empty() const { return values_.empty(); }

 private:
  std::vector<double> values_;  // knot values, increasing
  std::vector<double> cdf_;     // mid-rank fraction at each knot
  std::vector<double> knots_;   // values_ and two +inf pads
  std::vector<double> slope_;   // slope_[i]: (cdf_[i] - cdf_[i-1]) / (values_[i] - values_[i-1])
  std::vector<double> sorted_;  // the sample, for quantile()
  // Guide table: guide_[c] = the first knot whose cell is >= c (cells_ + 1 entries).
  std::vector<std::uint32_t> guide_;
  std::size_t cells_ = 1;
  double low_ = 0;    // the first knot
  double scale_ = 0;  // cells per unit of x

  std::size_t cell(double x) const { return lookup().cell(x); }
  void build_guide();
};

}  // namespace tilt::study
