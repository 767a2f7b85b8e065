#include "tilt/study/empirical_cdf.hpp"

#include <algorithm>
#include <cmath>

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
    return;
  }
  // Evenly spaced knots by rank among the distinct values, first and last kept.
  for (std::size_t k = 0; k < kMaxKnots; ++k) {
    const std::size_t i = k * (values.size() - 1) / (kMaxKnots - 1);
    values_.push_back(values[i]);
    cdf_.push_back(cdf[i]);
  }
}

double EmpiricalCdf::operator()(double x) const {
  const std::size_t n = values_.size();
  if (n == 0) return 0.5;
  // Branch-free lower bound: a signal's rank is a coin toss per sample, so a branchy search
  // mispredicts about every other step.
  const double* base = values_.data();
  std::size_t len = n;
  while (len > 1) {
    const std::size_t half = len / 2;
    base = base[half - 1] < x ? base + half : base;
    len -= half;
  }
  std::size_t i = static_cast<std::size_t>(base - values_.data()) + (*base < x ? 1 : 0);
  if (i == n) return cdf_.back();
  if (values_[i] == x || i == 0) return cdf_[i];
  const double x0 = values_[i - 1], x1 = values_[i];
  const double w = (x - x0) / (x1 - x0);
  return cdf_[i - 1] + w * (cdf_[i] - cdf_[i - 1]);
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
