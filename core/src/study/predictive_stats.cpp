#include "tilt/study/predictive_stats.hpp"

#include <cmath>
#include <limits>

namespace tilt::study {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double correlation(double n, double sa, double sb, double saa, double sbb, double sab) {
  if (n < 2) return kNaN;
  const double ma = sa / n, mb = sb / n;
  const double cab = sab / n - ma * mb;
  const double vaa = saa / n - ma * ma, vbb = sbb / n - mb * mb;
  if (!(vaa > 0) || !(vbb > 0)) return kNaN;
  return cab / std::sqrt(vaa * vbb);
}

}  // namespace

double pearson_of(const MomentVector& v) {
  return correlation(v[kN], v[kX], v[kY], v[kXX], v[kYY], v[kXY]);
}

double spearman_of(const MomentVector& v) {
  return correlation(v[kN], v[kU], v[kV], v[kUU], v[kVV], v[kUV]);
}

double slope_of(const MomentVector& v) {
  const double n = v[kN];
  if (n < 2) return kNaN;
  const double mx = v[kX] / n, my = v[kY] / n;
  const double vxx = v[kXX] / n - mx * mx;
  if (!(vxx > 0)) return kNaN;
  return (v[kXY] / n - mx * my) / vxx;
}

double hit_rate_of(const MomentVector& v) {
  return v[kEligible] > 0 ? v[kHits] / v[kEligible] : kNaN;
}

void PredictiveAccumulator::start(double x_shift, double y_shift, std::size_t block_samples,
                                  std::vector<double> edges) {
  x_shift_ = x_shift;
  y_shift_ = y_shift;
  block_samples_ = block_samples < 1 ? 1 : block_samples;
  edges_ = std::move(edges);
  bucket_moments_.assign(edges_.size() - 1, BlockMoments<kBucketMomentCount>{});
}

PredictiveResult PredictiveAccumulator::result() const {
  PredictiveResult r;
  const MomentVector& v = moments_.total();
  const double n = v[kN];
  r.samples = static_cast<std::int64_t>(n);
  r.blocks = moments_.blocks();
  r.block_samples = static_cast<std::int64_t>(block_samples_);
  if (n <= 0) {
    r.zero_move_share = r.zero_signal_share = r.hit_rate = r.hit_rate_se = kNaN;
    r.ic_pearson = r.ic_pearson_se = r.ic_pearson_se_iid = r.ic_spearman = r.ic_spearman_se = kNaN;
    r.slope = r.slope_se = r.intercept = r.r_squared = r.mean_move = r.move_std = kNaN;
  } else {
    r.zero_move_share = 1.0 - v[kMoves] / n;
    r.zero_signal_share = 1.0 - (v[kEligible] / std::max(1.0, v[kMoves]));
    r.hit_samples = static_cast<std::int64_t>(v[kEligible]);
    r.hit_rate = hit_rate_of(v);
    r.hit_rate_se = moments_.standard_error(hit_rate_of);
    r.ic_pearson = pearson_of(v);
    r.ic_pearson_se = moments_.standard_error(pearson_of);
    r.ic_pearson_se_iid =
        n > 2 ? std::sqrt(std::max(0.0, 1 - r.ic_pearson * r.ic_pearson) / (n - 2)) : kNaN;
    r.ic_spearman = spearman_of(v);
    r.ic_spearman_se = moments_.standard_error(spearman_of);
    r.slope = slope_of(v);
    r.slope_se = moments_.standard_error(slope_of);
    const double mx = v[kX] / n + x_shift_, my = v[kY] / n + y_shift_;
    r.intercept = my - r.slope * mx;
    r.r_squared = r.ic_pearson * r.ic_pearson;
    r.mean_move = my;
    const double mys = v[kY] / n;
    r.move_std = std::sqrt(std::max(0.0, v[kYY] / n - mys * mys));
  }
  for (std::size_t b = 0; b < bucket_moments_.size(); ++b) {
    const BlockMoments<kBucketMomentCount>& m = bucket_moments_[b];
    const BucketVector& t = m.total();
    BucketResult br;
    br.lower = edges_[b];
    br.upper = edges_[b + 1];
    br.samples = static_cast<std::int64_t>(t[kBucketN]);
    if (t[kBucketN] > 0) {
      br.mean_signal = t[kBucketX] / t[kBucketN];
      br.mean_move = t[kBucketY] / t[kBucketN];
      br.mean_move_se = m.standard_error(
          [](const BucketVector& s) { return s[kBucketN] > 0 ? s[kBucketY] / s[kBucketN] : 0.0; });
    } else {
      br.mean_signal = br.mean_move = br.mean_move_se = kNaN;
    }
    r.buckets.push_back(br);
  }
  return r;
}

}  // namespace tilt::study
