#include "tilt/study/empirical_cdf.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace tilt::study {

EmpiricalCdf::EmpiricalCdf(std::vector<double> sample) : sorted_(std::move(sample)) {
  std::sort(sorted_.begin(), sorted_.end());
  const auto n = static_cast<double>(sorted_.size());
  std::vector<double> values, cdf;
  for (std::size_t i = 0; i < sorted_.size();) {
    std::size_t j = i;
    while (j < sorted_.size() && sorted_[j] == sorted_[i]) ++j;
    values.push_back(sorted_[i]);
    cdf.push_back((static_cast<double>(i) + static_cast<double>(j)) / (2 * n));
    i = j;
  }
  if (values.size() <= kMaxKnots) {
    values_ = std::move(values);
    cdf_ = std::move(cdf);
  } else {
    // Evenly spaced knots by rank among the distinct values, first and last kept.
    for (std::size_t k = 0; k < kMaxKnots; ++k) {
      const std::size_t i = k * (values.size() - 1) / (kMaxKnots - 1);
      values_.push_back(values[i]);
      cdf_.push_back(cdf[i]);
    }
  }
  knots_ = values_;
  knots_.push_back(std::numeric_limits<double>::infinity());
  knots_.push_back(std::numeric_limits<double>::infinity());
  slope_.assign(values_.size(), 0.0);
  for (std::size_t i = 1; i < values_.size(); ++i)
    slope_[i] = (cdf_[i] - cdf_[i - 1]) / (values_[i] - values_[i - 1]);
  build_guide();
}

void EmpiricalCdf::build_guide() {
  cells_ = kCellsPerKnot * std::max<std::size_t>(1, values_.size());
  guide_.assign(cells_ + 1, 0);
  if (values_.empty()) return;
  low_ = values_.front();
  const double range = values_.back() - values_.front();
  // One knot (or a range too narrow to divide): every value falls in cell 0.
  scale_ = range > 0 ? static_cast<double>(cells_) / range : 0.0;
  if (!std::isfinite(scale_)) scale_ = 0.0;
  std::size_t k = 0;
  for (std::size_t c = 0; c <= cells_; ++c) {
    while (k < values_.size() && cell(values_[k]) < c) ++k;
    guide_[c] = static_cast<std::uint32_t>(k);
  }
}

double EmpiricalCdf::quantile(double q) const {
  if (sorted_.empty()) return 0.0;
  const double pos = std::clamp(q, 0.0, 1.0) * static_cast<double>(sorted_.size() - 1);
  const auto i = static_cast<std::size_t>(std::floor(pos));
  const double w = pos - static_cast<double>(i);
  if (i + 1 >= sorted_.size()) return sorted_.back();
  return sorted_[i] + w * (sorted_[i + 1] - sorted_[i]);
}

}  // namespace tilt::study
