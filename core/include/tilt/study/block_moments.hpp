// Standard errors that survive overlapping horizons: cluster-robust (batch-means) covariance of
// block totals, and the delta method for any smooth statistic of the totals.
//
// Consecutive samples of a forward move at horizon h share most of their path (the move from t to
// t+h and from t+1 to t+1+h overlap), so their errors are correlated and the iid formula
// understates the error many times over. Here the samples are cut into consecutive blocks much
// longer than the overlap (block_factor x the mean number of samples a horizon spans, see
// study.hpp); each block contributes a vector v_k of sums (count, Σx, Σy, ...). Blocks far apart
// are nearly independent, so with V = Σ_k v_k over K blocks
//     Cov(V) ≈ K/(K-1) · Σ_k (v_k − V/K)(v_k − V/K)ᵀ
// (the batch-means / cluster covariance estimator; Bester, Conley & Hansen 2011, "Inference with
// dependent data using cluster covariance estimators", J. Econometrics 165). For a statistic
// θ = f(V) (a mean, a ratio, a correlation), Var θ ≈ ∇fᵀ Cov(V) ∇f, the gradient taken by central
// differences on the scale of each total's own uncertainty. Like Newey-West with a Bartlett
// kernel this is consistent for dependent data; it needs a few dozen blocks to be reliable, so the
// block count is reported with every standard error (and the SE is NaN below 2 blocks).
#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>

namespace tilt::study {

template <std::size_t D>
class BlockMoments {
 public:
  using Vector = std::array<double, D>;

  /// Adds one finished block's sums.
  void add_block(const Vector& v) {
    ++blocks_;
    for (std::size_t i = 0; i < D; ++i) {
      total_[i] += v[i];
      for (std::size_t j = i; j < D; ++j) outer_[i * D + j] += v[i] * v[j];
    }
  }

  const Vector& total() const { return total_; }
  std::int64_t blocks() const { return blocks_; }

  /// Cov(V)(i, j) by the batch-means estimator; NaN with fewer than two blocks.
  double covariance(std::size_t i, std::size_t j) const {
    if (blocks_ < 2) return std::numeric_limits<double>::quiet_NaN();
    if (i > j) std::swap(i, j);
    const auto k = static_cast<double>(blocks_);
    return k / (k - 1) * (outer_[i * D + j] - total_[i] * total_[j] / k);
  }

  /// Delta-method standard error of f(V), f: const Vector& -> double.
  template <typename F>
  double standard_error(F&& f) const {
    if (blocks_ < 2) return std::numeric_limits<double>::quiet_NaN();
    Vector gradient{};
    for (std::size_t i = 0; i < D; ++i) {
      const double scale = std::sqrt(std::max(0.0, covariance(i, i)));
      if (scale == 0.0) continue;  // a total that never varies adds no uncertainty
      const double step = 1e-4 * scale;
      Vector up = total_, down = total_;
      up[i] += step;
      down[i] -= step;
      gradient[i] = (f(up) - f(down)) / (2 * step);
    }
    double variance = 0;
    for (std::size_t i = 0; i < D; ++i) {
      if (gradient[i] == 0.0) continue;
      for (std::size_t j = 0; j < D; ++j) {
        if (gradient[j] != 0.0) variance += gradient[i] * gradient[j] * covariance(i, j);
      }
    }
    return std::sqrt(std::max(0.0, variance));
  }

 private:
  Vector total_{};
  std::array<double, D * D> outer_{};  // upper triangle used
  std::int64_t blocks_ = 0;
};

}  // namespace tilt::study
