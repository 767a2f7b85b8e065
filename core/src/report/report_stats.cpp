#include "tilt/report/report_stats.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <utility>

#include "tilt/error.hpp"

namespace tilt {

double spread_capture(Side side, double price, double mid, double qty, double multiplier) {
  return sign(side) * (mid - price) * qty * multiplier;
}

PnlSplit split_pnl(double total_pnl, double fees, std::span<const double> fill_spread_capture) {
  double sum = 0.0;
  for (double v : fill_spread_capture) {
    if (std::isfinite(v)) sum += v;
  }
  return split_pnl_of_sum(total_pnl, fees, sum);
}

PnlSplit split_pnl_of_sum(double total_pnl, double fees, double spread_capture) {
  PnlSplit s;
  s.total = total_pnl;
  s.fees = fees;
  s.spread_capture = spread_capture;
  s.inventory = total_pnl - s.spread_capture + fees;
  return s;
}

CumulativeAt::CumulativeAt(std::span<const std::int64_t> sample_ts)
    : sample_ts_(sample_ts), out_(sample_ts.size()) {}

void CumulativeAt::add(std::int64_t fill_ts, double fill_value) {
  // Every sample before this fill has all its fills: it takes the sum so far.
  while (next_ < sample_ts_.size() && sample_ts_[next_] < fill_ts) out_[next_++] = sum_;
  if (std::isfinite(fill_value)) sum_ += fill_value;
}

std::vector<double> CumulativeAt::finish() {
  while (next_ < sample_ts_.size()) out_[next_++] = sum_;
  return std::move(out_);
}

std::vector<double> cumulative_at(std::span<const std::int64_t> fill_ts,
                                  std::span<const double> fill_values,
                                  std::span<const std::int64_t> sample_ts) {
  if (fill_ts.size() != fill_values.size()) throw Error("cumulative_at: columns differ in length");
  CumulativeAt sums(sample_ts);
  for (std::size_t i = 0; i < fill_ts.size(); ++i) sums.add(fill_ts[i], fill_values[i]);
  return sums.finish();
}

double MeanWithBandAccumulator::mean() const {
  if (count_ == 0) return std::numeric_limits<double>::quiet_NaN();
  return sum_ / static_cast<double>(count_);
}

MeanWithBand MeanWithBandAccumulator::result() const {
  MeanWithBand m;
  m.count = count_;
  m.missing = missing_;
  if (m.count == 0) {
    m.mean = m.low = m.high = std::numeric_limits<double>::quiet_NaN();
    return m;
  }
  const double n = static_cast<double>(m.count);
  m.mean = sum_ / n;
  m.low = m.high = m.mean;
  if (m.count < 2) return m;
  const double half_width = 1.96 * std::sqrt(squares_ / (n - 1.0)) / std::sqrt(n);
  m.low = m.mean - half_width;
  m.high = m.mean + half_width;
  return m;
}

MeanWithBand mean_with_band(std::span<const double> values) {
  MeanWithBandAccumulator band;
  for (double v : values) band.add(v);
  for (double v : values) band.add_square(v);
  return band.result();
}

namespace {

// The q-quantile of the values (linear interpolation between the two order statistics around
// q × (n − 1)). Only the few values nearer the end that q is close to are ordered, by one pass
// with a small heap (std::partial_sort_copy): O(n log m) for m of them, in effect one comparison
// per value, and the same two order statistics a full sort would give.
double quantile(std::span<const double> values, double q) {
  const std::size_t n = values.size();
  const double position = q * static_cast<double>(n - 1);
  const auto lower = static_cast<std::size_t>(std::floor(position));
  const std::size_t upper = std::min(lower + 1, n - 1);
  const double fraction = position - static_cast<double>(lower);
  double low = 0.0;
  double high = 0.0;
  if (lower < n / 2) {  // the smallest upper + 1 values, ascending
    std::vector<double> head(upper + 1);
    std::partial_sort_copy(values.begin(), values.end(), head.begin(), head.end());
    low = head[lower];
    high = head[upper];
  } else {  // the largest n − lower values, descending: sorted index i is at n − 1 − i
    std::vector<double> tail(n - lower);
    std::partial_sort_copy(values.begin(), values.end(), tail.begin(), tail.end(),
                           std::greater<>());
    low = tail[n - 1 - lower];
    high = tail[n - 1 - upper];
  }
  return low + fraction * (high - low);
}

}  // namespace

Histogram make_histogram(std::span<const double> values, std::size_t bins) {
  if (bins == 0) throw Error("histogram: need at least one bin");
  Histogram h;
  std::vector<double> finite;
  finite.reserve(values.size());
  for (double v : values) {
    if (std::isfinite(v)) {
      finite.push_back(v);
    } else {
      ++h.invalid;
    }
  }
  h.counts.assign(bins, 0);
  if (finite.empty()) {
    h.mean = h.stddev = std::numeric_limits<double>::quiet_NaN();
    h.edges.assign(bins + 1, 0.0);
    for (std::size_t i = 0; i <= bins; ++i) h.edges[i] = static_cast<double>(i);
    return h;
  }
  const double n = static_cast<double>(finite.size());
  double sum = 0.0;
  for (double v : finite) sum += v;
  h.mean = sum / n;
  double squares = 0.0;
  for (double v : finite) squares += (v - h.mean) * (v - h.mean);
  h.stddev = finite.size() > 1 ? std::sqrt(squares / (n - 1.0)) : 0.0;

  double low = quantile(finite, 0.001);
  double high = quantile(finite, 0.999);
  if (!(high > low)) {
    low -= 0.5;
    high += 0.5;
  }
  h.edges.resize(bins + 1);
  const double width = (high - low) / static_cast<double>(bins);
  for (std::size_t i = 0; i <= bins; ++i) h.edges[i] = low + width * static_cast<double>(i);
  h.edges.back() = high;
  for (double v : finite) {
    if (v < low) {
      ++h.below;
    } else if (v > high) {
      ++h.above;
    } else {
      const auto bin = static_cast<std::size_t>((v - low) / width);
      ++h.counts[std::min(bin, bins - 1)];
    }
  }
  return h;
}

}  // namespace tilt
