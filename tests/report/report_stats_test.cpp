#include "tilt/report/report_stats.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numeric>

namespace tilt {
namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();

// A maker buying 2 at 99.99 while the mid is 100.00 earns 0.01 a unit against the mid; selling 1
// at 100.02 with the mid at 100.00 earns 0.02; a taker buying at 100.01 with the mid at 100.00
// pays 0.01. Contract multiplier 10 scales money.
TEST(PnlSplit, SpreadCaptureBySideByHand) {
  EXPECT_NEAR(spread_capture(Side::buy, 99.99, 100.00, 2.0, 1.0), 0.02, 1e-9);
  EXPECT_NEAR(spread_capture(Side::sell, 100.02, 100.00, 1.0, 1.0), 0.02, 1e-9);
  EXPECT_NEAR(spread_capture(Side::buy, 100.01, 100.00, 1.0, 1.0), -0.01, 1e-9);
  EXPECT_NEAR(spread_capture(Side::sell, 99.99, 100.00, 3.0, 10.0), -0.3, 1e-9);
}

TEST(PnlSplit, InventoryIsTheRestAndTheIdentityHolds) {
  const std::vector<double> captures = {3.0, -1.0, kNaN};
  const PnlSplit s = split_pnl(10.0, 1.5, captures);
  EXPECT_DOUBLE_EQ(s.total, 10.0);
  EXPECT_DOUBLE_EQ(s.spread_capture, 2.0);
  EXPECT_DOUBLE_EQ(s.fees, 1.5);
  EXPECT_DOUBLE_EQ(s.inventory, 9.5);  // 10 − 2 + 1.5
  EXPECT_DOUBLE_EQ(s.spread_capture + s.inventory - s.fees, s.total);
}

TEST(PnlSplit, CumulativeAtSampleTimes) {
  const std::vector<std::int64_t> fill_ts = {10, 20, 20, 35};
  const std::vector<double> values = {1.0, 2.0, 4.0, 8.0};
  const std::vector<std::int64_t> samples = {5, 10, 19, 20, 30, 40};
  EXPECT_EQ(cumulative_at(fill_ts, values, samples),
            (std::vector<double>{0.0, 1.0, 1.0, 7.0, 7.0, 15.0}));
  EXPECT_TRUE(cumulative_at(fill_ts, values, {}).empty());
}

// Fills fed one at a time, samples between, before and after them and at their times, with a
// NaN capture and unsorted-looking steps of equal ts: each sum is the finite values of the fills
// at or before the sample, added in fill order (computed here sample by sample), bit for bit.
TEST(PnlSplit, StreamedCumulativeAddsInFillOrder) {
  const std::vector<std::int64_t> fill_ts = {3, 3, 7, 9, 9, 9, 15, 22};
  const std::vector<double> values = {0.1, 0.2, kNaN, 1e16, -1e16, 0.3, 0.7, -2.5};
  const std::vector<std::int64_t> samples = {0, 3, 3, 5, 9, 10, 15, 21, 22, 30};
  std::vector<double> expected;
  for (std::int64_t t : samples) {
    double sum = 0.0;
    for (std::size_t i = 0; i < fill_ts.size() && fill_ts[i] <= t; ++i) {
      if (std::isfinite(values[i])) sum += values[i];
    }
    expected.push_back(sum);
  }
  CumulativeAt streamed(samples);
  for (std::size_t i = 0; i < fill_ts.size(); ++i) streamed.add(fill_ts[i], values[i]);
  const std::vector<double> got = streamed.finish();
  ASSERT_EQ(got.size(), expected.size());
  for (std::size_t i = 0; i < got.size(); ++i) EXPECT_EQ(got[i], expected[i]) << "sample " << i;
  EXPECT_EQ(cumulative_at(fill_ts, values, samples), expected);
  EXPECT_EQ(CumulativeAt(samples).finish(), std::vector<double>(samples.size(), 0.0));
}

// The two-pass accumulator against the formula written out over a whole column: the same bits.
TEST(MeanWithBand, AccumulatorMatchesTheFormulaBitForBit) {
  std::vector<double> values;
  for (int i = 0; i < 1000; ++i)
    values.push_back(std::sin(i * 0.37) * 1e3 + (i % 7 == 0 ? kNaN : 0.1));
  double sum = 0.0;
  std::int64_t count = 0;
  for (double v : values) {
    if (std::isfinite(v)) {
      sum += v;
      ++count;
    }
  }
  const double mean = sum / static_cast<double>(count);
  double squares = 0.0;
  for (double v : values) {
    if (std::isfinite(v)) squares += (v - mean) * (v - mean);
  }
  const double n = static_cast<double>(count);
  const double half = 1.96 * std::sqrt(squares / (n - 1.0)) / std::sqrt(n);
  MeanWithBandAccumulator band;
  for (double v : values) band.add(v);
  EXPECT_EQ(band.mean(), mean);
  for (double v : values) band.add_square(v);
  const MeanWithBand m = band.result();
  EXPECT_EQ(m.mean, mean);
  EXPECT_EQ(m.low, mean - half);
  EXPECT_EQ(m.high, mean + half);
  EXPECT_EQ(m.count, count);
  EXPECT_EQ(m.missing, 1000 - count);
  const MeanWithBand whole = mean_with_band(values);
  EXPECT_EQ(whole.low, m.low);
  EXPECT_EQ(whole.high, m.high);
}

TEST(PnlSplit, FromTheSumAsFromTheCaptures) {
  const PnlSplit s = split_pnl_of_sum(10.0, 1.5, 2.0);
  EXPECT_DOUBLE_EQ(s.spread_capture, 2.0);
  EXPECT_DOUBLE_EQ(s.inventory, 9.5);  // 10 − 2 + 1.5
}

TEST(MeanWithBand, NormalApproximationByHand) {
  // 1, 2, 3: mean 2, sample sd 1, half width 1.96 / √3.
  const MeanWithBand m = mean_with_band(std::vector<double>{1.0, 2.0, kNaN, 3.0});
  EXPECT_DOUBLE_EQ(m.mean, 2.0);
  EXPECT_NEAR(m.high - m.mean, 1.96 / std::sqrt(3.0), 1e-12);
  EXPECT_NEAR(m.mean - m.low, 1.96 / std::sqrt(3.0), 1e-12);
  EXPECT_EQ(m.count, 3);
  EXPECT_EQ(m.missing, 1);
}

TEST(MeanWithBand, OneValueHasNoWidthAndNoneIsNaN) {
  const MeanWithBand one = mean_with_band(std::vector<double>{4.0});
  EXPECT_DOUBLE_EQ(one.low, 4.0);
  EXPECT_DOUBLE_EQ(one.high, 4.0);
  const MeanWithBand none = mean_with_band(std::vector<double>{kNaN});
  EXPECT_TRUE(std::isnan(none.mean));
  EXPECT_EQ(none.count, 0);
  EXPECT_EQ(none.missing, 1);
}

// 0..999: the 0.1% quantile is 0.999 and the 99.9% quantile 998.001, so 0 and 999 fall outside;
// the other 998 values land in 10 bins of width 99.7002.
TEST(Histogram, RangeFromQuantilesOutliersCounted) {
  std::vector<double> v(1000);
  std::iota(v.begin(), v.end(), 0.0);
  v.push_back(kNaN);
  const Histogram h = make_histogram(v, 10);
  ASSERT_EQ(h.edges.size(), 11u);
  ASSERT_EQ(h.counts.size(), 10u);
  EXPECT_NEAR(h.edges.front(), 0.999, 1e-9);
  EXPECT_NEAR(h.edges.back(), 998.001, 1e-9);
  EXPECT_EQ(h.below, 1);
  EXPECT_EQ(h.above, 1);
  EXPECT_EQ(h.invalid, 1);
  EXPECT_EQ(std::accumulate(h.counts.begin(), h.counts.end(), std::int64_t{0}), 998);
  // Bin 0 holds 1..100 (100 < 0.999 + 99.7002): 100 values.
  EXPECT_EQ(h.counts[0], 100);
  EXPECT_DOUBLE_EQ(h.mean, 499.5);
}

TEST(Histogram, EqualValuesGetAUnitWideRange) {
  const Histogram h = make_histogram(std::vector<double>(7, 5.0), 2);
  EXPECT_DOUBLE_EQ(h.edges.front(), 4.5);
  EXPECT_DOUBLE_EQ(h.edges.back(), 5.5);
  EXPECT_EQ(h.counts, (std::vector<std::int64_t>{0, 7}));
  EXPECT_DOUBLE_EQ(h.stddev, 0.0);
}

TEST(Histogram, NoFiniteValues) {
  const Histogram h = make_histogram(std::vector<double>{kNaN, kNaN}, 4);
  EXPECT_EQ(h.invalid, 2);
  EXPECT_EQ(h.counts, (std::vector<std::int64_t>(4, 0)));
  EXPECT_TRUE(std::isnan(h.mean));
}

}  // namespace
}  // namespace tilt
