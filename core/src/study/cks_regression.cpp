#include "tilt/study/cks_regression.hpp"

#include <cmath>
#include <limits>

namespace tilt::study {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// A gap longer than this many intervals (a halt, a stream with a hole) is skipped, not filled.
constexpr std::int64_t kMaxQuietIntervals = 100'000;

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  const std::int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

double depth_of(const BookTop& t) {
  return 0.5 * static_cast<double>(t.bid_qty + t.ask_qty);
}

}  // namespace

double LinearFitSums::slope() const {
  if (n < 2) return kNaN;
  const double vxx = sxx - sx * sx / n;
  return vxx > 0 ? (sxy - sx * sy / n) / vxx : kNaN;
}

double LinearFitSums::intercept() const {
  return n > 0 ? (sy - slope() * sx) / n : kNaN;
}

double LinearFitSums::r_squared() const {
  if (n < 2) return kNaN;
  const double vxx = sxx - sx * sx / n, vyy = syy - sy * sy / n, vxy = sxy - sx * sy / n;
  if (!(vxx > 0) || !(vyy > 0)) return kNaN;
  return vxy * vxy / (vxx * vyy);
}

double LinearFitSums::slope_se() const {
  if (n < 3) return kNaN;
  const double vxx = sxx - sx * sx / n, vyy = syy - sy * sy / n;
  if (!(vxx > 0)) return kNaN;
  const double b = slope();
  const double residual = std::max(0.0, vyy - b * b * vxx);
  return std::sqrt(residual / (n - 2) / vxx);
}

CksRegression::CksRegression(Duration interval, Duration window, std::size_t max_rows)
    : interval_(interval), window_(window), max_rows_(max_rows) {}

void CksRegression::start_stream() {
  open_ = false;
  window_index_ = -1;
  window_fit_ = {};
  window_depth_sum_ = 0;
}

void CksRegression::next_interval(Timestamp ts, const BookTop& top) {
  if (!open_) {
    if (!top.valid) return;
    open_ = true;
    index_ = floor_div(ts, interval_);
    next_start_ = (index_ + 1) * interval_;
    start_mid2_ = top.mid2();
    ofi_ = depth_sum_ = 0;
    messages_ = 0;
    last_depth_ = depth_of(top);
    return;
  }
  const std::int64_t k = floor_div(ts, interval_);
  if (k <= index_) return;
  close_interval(top.mid2(), top.valid);
  const bool fill = k - index_ - 1 <= kMaxQuietIntervals;
  while (fill && index_ + 1 < k) {  // quiet intervals: nothing happened, the mid stayed
    ++index_;
    start_mid2_ = top.mid2();
    close_interval(top.mid2(), top.valid);
  }
  index_ = k;
  next_start_ = (index_ + 1) * interval_;
  if (!top.valid) {
    open_ = false;  // reopens at the next message that finds a two-sided book
    return;
  }
  start_mid2_ = top.mid2();
}

void CksRegression::close_interval(std::int64_t end_mid2, bool end_valid) {
  const Timestamp start = index_ * interval_;
  const double mean_depth =
      messages_ > 0 ? depth_sum_ / static_cast<double>(messages_) : last_depth_;
  if (end_valid) {
    const double dp = static_cast<double>(end_mid2 - start_mid2_) * 0.5;
    const std::int64_t w = floor_div(start, window_);
    if (w != window_index_) {
      close_window();
      window_index_ = w;
    }
    window_fit_.add(ofi_, dp);
    window_depth_sum_ += mean_depth;
    pooled_.add(ofi_, dp);
    ++intervals_;
    if (interval_rows_.size() < max_rows_)
      interval_rows_.push_back({start, ofi_, dp, mean_depth, messages_});
  }
  ofi_ = depth_sum_ = 0;
  messages_ = 0;
}

void CksRegression::close_window() {
  if (window_fit_.n >= 3) {
    const double beta = window_fit_.slope();
    const double r2 = window_fit_.r_squared();
    const double depth = window_depth_sum_ / window_fit_.n;
    if (std::isfinite(beta)) {
      if (window_rows_.size() < max_rows_)
        window_rows_.push_back(
            {window_index_ * window_, static_cast<std::int64_t>(window_fit_.n), beta, r2, depth});
      if (std::isfinite(r2)) {
        window_r2_sum_ += r2;
        ++windows_;
      }
      if (depth > 0) depth_fit_.add(1.0 / depth, beta);
    }
  }
  window_fit_ = {};
  window_depth_sum_ = 0;
}

void CksRegression::end_stream() {
  close_window();
  open_ = false;
  window_index_ = -1;
}

CksResult CksRegression::result() const {
  CksResult r;
  r.interval = interval_;
  r.window = window_;
  r.intervals = intervals_;
  r.slope = pooled_.slope();
  r.slope_se = pooled_.slope_se();
  r.intercept = pooled_.intercept();
  r.r_squared = pooled_.r_squared();
  r.windows = windows_;
  r.mean_window_r_squared = windows_ > 0 ? window_r2_sum_ / static_cast<double>(windows_) : kNaN;
  r.depth_slope = depth_fit_.slope();
  r.depth_intercept = depth_fit_.intercept();
  r.depth_r_squared = depth_fit_.r_squared();
  return r;
}

}  // namespace tilt::study
