#include "tilt/report/downsample.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <set>

#include "tilt/error.hpp"

namespace tilt {
namespace {

std::vector<std::int64_t> iota_x(std::size_t n, std::int64_t step = 1) {
  std::vector<std::int64_t> x(n);
  for (std::size_t i = 0; i < n; ++i) x[i] = static_cast<std::int64_t>(i) * step;
  return x;
}

// The bucket of point i by the rule in downsample.hpp, computed independently.
std::size_t bucket_of(const std::vector<std::int64_t>& x, std::size_t i, std::size_t buckets) {
  const double span = static_cast<double>(x.back() - x.front());
  const double position = static_cast<double>(x[i] - x.front()) / span;
  return std::min(buckets - 1, static_cast<std::size_t>(position * static_cast<double>(buckets)));
}

TEST(Downsample, ShortSeriesComeBackWhole) {
  const auto x = iota_x(40);
  const std::vector<double> y(40, 1.0);
  const auto kept = downsample_min_max(x, y, 20);
  ASSERT_EQ(kept.size(), 40u);
  for (std::size_t i = 0; i < kept.size(); ++i) EXPECT_EQ(kept[i], i);
  EXPECT_TRUE(downsample_min_max({}, {}, 10).empty());
}

// 100 points, 10 buckets of 10 (x = 0..99: bucket = floor(x × 10 / 99), clamped to 9). In each
// bucket the minimum sits at offset 3 and the maximum at offset 7; the first and last points are
// neither, so exactly 2 per bucket plus the two ends are kept.
TEST(Downsample, KeepsExactlyMinAndMaxPerBucketPlusEnds) {
  const auto x = iota_x(100);
  std::vector<double> y(100, 0.0);
  for (std::size_t b = 0; b < 10; ++b) {
    y[b * 10 + 3] = -1.0 - static_cast<double>(b);
    y[b * 10 + 7] = 1.0 + static_cast<double>(b);
  }
  y[0] = 0.5;
  y[99] = -0.5;
  const auto kept = downsample_min_max(x, y, 10);
  std::vector<std::size_t> expected = {0};
  for (std::size_t b = 0; b < 10; ++b) {
    expected.push_back(b * 10 + 3);
    expected.push_back(b * 10 + 7);
  }
  expected.push_back(99);
  EXPECT_EQ(kept, expected);
  EXPECT_EQ(kept.size(), 22u);
}

TEST(Downsample, MaximumBeforeMinimumStaysInXOrder) {
  const auto x = iota_x(100);
  std::vector<double> y(100, 0.0);
  y[2] = 5.0;   // max of bucket 0
  y[8] = -5.0;  // min of bucket 0
  const auto kept = downsample_min_max(x, y, 10);
  ASSERT_GE(kept.size(), 3u);
  EXPECT_EQ(kept[0], 0u);
  EXPECT_EQ(kept[1], 2u);
  EXPECT_EQ(kept[2], 8u);
  EXPECT_TRUE(std::is_sorted(kept.begin(), kept.end()));
}

// A flat series: min and max are the same point (the earliest), one per bucket; the first point
// is bucket 0's, the last is added: 10 + 1.
TEST(Downsample, FlatSeriesKeepsOnePointPerBucket) {
  const auto x = iota_x(100);
  const std::vector<double> y(100, 7.0);
  const auto kept = downsample_min_max(x, y, 10);
  std::vector<std::size_t> expected;
  for (std::size_t b = 0; b < 10; ++b) expected.push_back(b * 10);
  expected.push_back(99);
  EXPECT_EQ(kept, expected);
}

TEST(Downsample, FirstAndLastAreKeptWhenTheyAreNotExtremes) {
  const auto x = iota_x(1000);
  std::vector<double> y(1000);
  for (std::size_t i = 0; i < y.size(); ++i) y[i] = std::sin(static_cast<double>(i) * 0.05);
  const auto kept = downsample_min_max(x, y, 7);
  EXPECT_EQ(kept.front(), 0u);
  EXPECT_EQ(kept.back(), 999u);
}

TEST(Downsample, NaNNeverWinsAndAllNaNBucketKeepsItsFirstPoint) {
  const auto x = iota_x(100);
  std::vector<double> y(100, 1.0);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (std::size_t i = 10; i < 20; ++i) y[i] = nan;  // all of bucket 1
  y[21] = nan;                                       // bucket 2 has values around a NaN
  y[22] = 3.0;
  y[25] = -3.0;
  const auto kept = downsample_min_max(x, y, 10);
  const std::set<std::size_t> set(kept.begin(), kept.end());
  EXPECT_TRUE(set.count(10));  // the gap stays a gap
  for (std::size_t i = 11; i < 20; ++i) EXPECT_FALSE(set.count(i)) << i;
  EXPECT_TRUE(set.count(22));
  EXPECT_TRUE(set.count(25));
  EXPECT_FALSE(set.count(21));
}

// Random walk with uneven time steps: every bucket's min and max survive, nothing else does
// (apart from the ends), and the count is exactly what the rule gives.
TEST(Downsample, RandomSeriesPreservesEveryBucketsExtremes) {
  std::mt19937_64 rng(20240611);
  std::uniform_int_distribution<std::int64_t> step(1, 1000);
  std::normal_distribution<double> move(0.0, 1.0);
  const std::size_t n = 200000, buckets = 500;
  std::vector<std::int64_t> x(n);
  std::vector<double> y(n);
  x[0] = 1'700'000'000'000'000'000;
  for (std::size_t i = 1; i < n; ++i) {
    x[i] = x[i - 1] + step(rng);
    y[i] = y[i - 1] + move(rng);
  }
  const auto kept = downsample_min_max(x, y, buckets);
  ASSERT_TRUE(std::is_sorted(kept.begin(), kept.end()));

  std::vector<std::size_t> min_of(buckets, n), max_of(buckets, n);
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t b = bucket_of(x, i, buckets);
    if (min_of[b] == n || y[i] < y[min_of[b]]) min_of[b] = i;
    if (max_of[b] == n || y[i] > y[max_of[b]]) max_of[b] = i;
  }
  std::set<std::size_t> expected = {0, n - 1};
  for (std::size_t b = 0; b < buckets; ++b) {
    if (min_of[b] == n) continue;  // empty bucket
    expected.insert(min_of[b]);
    expected.insert(max_of[b]);
  }
  EXPECT_EQ(std::set<std::size_t>(kept.begin(), kept.end()), expected);
  EXPECT_EQ(kept.size(), expected.size());
  EXPECT_LE(kept.size(), 2 * buckets + 2);
}

TEST(Downsample, TenMillionPointsBecomeAtMostTwoPerBucket) {
  const std::size_t n = 10'000'000;
  std::vector<std::int64_t> x(n);
  std::vector<double> y(n);
  for (std::size_t i = 0; i < n; ++i) {
    x[i] = static_cast<std::int64_t>(i) * 1'000'000'000;
    y[i] = std::sin(static_cast<double>(i) * 1e-4) + (i == 4'321'987 ? 50.0 : 0.0);
  }
  const auto kept = downsample_min_max(x, y, 2000);
  EXPECT_LE(kept.size(), 4002u);
  EXPECT_GE(kept.size(), 2000u);
  EXPECT_TRUE(std::binary_search(kept.begin(), kept.end(), std::size_t{4'321'987}));  // the spike
  EXPECT_EQ(kept.front(), 0u);
  EXPECT_EQ(kept.back(), n - 1);
}

TEST(Downsample, AllPointsAtOneTimeFormOneBucket) {
  const std::vector<std::int64_t> x(50, 5);
  std::vector<double> y(50, 0.0);
  y[20] = 1.0;
  y[30] = -1.0;
  EXPECT_EQ(downsample_min_max(x, y, 3), (std::vector<std::size_t>{0, 20, 30, 49}));
}

TEST(Downsample, RejectsBadInput) {
  const auto x = iota_x(10);
  const std::vector<double> y(9, 0.0);
  EXPECT_THROW(downsample_min_max(x, y, 3), Error);
  EXPECT_THROW(downsample_min_max(x, std::vector<double>(10, 0.0), 0), Error);
}

// The selection rule of downsample.hpp written out the slow way, for comparison: each point's
// bucket, the runs of consecutive points sharing one, and in each run the earliest point holding
// the smallest and the largest non-NaN y (its first point when all are NaN), with both ends.
std::vector<std::size_t> reference_selection(const std::vector<std::int64_t>& x,
                                             const std::vector<double>& y, std::size_t buckets) {
  const std::size_t n = x.size();
  std::vector<std::size_t> all(n);
  for (std::size_t i = 0; i < n; ++i) all[i] = i;
  if (n <= 2 * buckets) return all;
  std::vector<std::size_t> bucket(n, 0);
  if (x.back() > x.front()) {
    for (std::size_t i = 0; i < n; ++i) bucket[i] = bucket_of(x, i, buckets);
  }
  std::set<std::size_t> kept = {0, n - 1};
  for (std::size_t start = 0; start < n;) {
    std::size_t end = start;
    while (end < n && bucket[end] == bucket[start]) ++end;
    std::vector<std::size_t> finite;
    for (std::size_t i = start; i < end; ++i) {
      if (!std::isnan(y[i])) finite.push_back(i);
    }
    if (finite.empty()) {
      kept.insert(start);
    } else {
      double low = y[finite[0]], high = y[finite[0]];
      for (std::size_t i : finite) {
        low = std::min(low, y[i]);
        high = std::max(high, y[i]);
      }
      kept.insert(*std::find_if(finite.begin(), finite.end(), [&](auto i) { return y[i] == low; }));
      kept.insert(
          *std::find_if(finite.begin(), finite.end(), [&](auto i) { return y[i] == high; }));
    }
    start = end;
  }
  return {kept.begin(), kept.end()};
}

// Generated series with repeated x (several points at one time, or all at one), y ties (few
// distinct values), NaN runs, one bucket, and lengths on both sides of 2 × buckets: the streaming
// downsampler, fed one point at a time, keeps exactly the reference's points with their x and y,
// and downsample_min_max the same indices.
TEST(Downsample, StreamingSelectsTheReferencePoints) {
  std::mt19937_64 rng(7);
  int cases = 0;
  for (const std::size_t buckets : {1u, 2u, 3u, 7u, 50u}) {
    for (const std::size_t n : {0u, 1u, 2u, 3u, 4u, 6u, 13u, 14u, 15u, 100u, 101u, 1000u, 5000u}) {
      for (int variant = 0; variant < 6; ++variant) {
        std::vector<std::int64_t> x(n);
        std::vector<double> y(n);
        std::int64_t t = static_cast<std::int64_t>(rng() % 1000) - 500;
        for (std::size_t i = 0; i < n; ++i) {
          if (variant == 5) {
            x[i] = 42;  // all at one time: one bucket
          } else if (rng() % 3 != 0) {
            t += static_cast<std::int64_t>(rng() % (variant == 4 ? 1'000'000 : 5));
          }
          if (variant != 5) x[i] = t;
          y[i] = static_cast<double>(rng() % (variant == 1 ? 2 : 6));  // ties
          if (variant >= 2 && rng() % (variant == 3 ? 2 : 8) == 0) {
            y[i] = std::numeric_limits<double>::quiet_NaN();
          }
          if (variant == 3 && i > n / 3 && i < n / 2)
            y[i] = std::numeric_limits<double>::quiet_NaN();
          if (variant == 0 && rng() % 2 == 0) y[i] = -y[i] * 1e-3;  // -0.0 among the ties
        }
        const std::vector<std::size_t> expected = reference_selection(x, y, buckets);
        MinMaxDownsampler sampler(n > 0 ? x.front() : 0, n > 0 ? x.back() : 0, n, buckets);
        for (std::size_t i = 0; i < n; ++i) sampler.add(x[i], y[i]);
        const std::vector<SeriesPoint> points = sampler.finish();
        std::vector<std::size_t> indices;
        for (const SeriesPoint& p : points) {
          indices.push_back(p.index);
          ASSERT_LT(p.index, n);
          EXPECT_EQ(p.x, x[p.index]);
          if (std::isnan(y[p.index])) {
            EXPECT_TRUE(std::isnan(p.y));
          } else {
            EXPECT_EQ(std::signbit(p.y), std::signbit(y[p.index]));
            EXPECT_EQ(p.y, y[p.index]);
          }
        }
        ASSERT_EQ(indices, expected)
            << "n " << n << ", buckets " << buckets << ", variant " << variant;
        ASSERT_EQ(downsample_min_max(x, y, buckets), expected);
        ++cases;
      }
    }
  }
  EXPECT_EQ(cases, 5 * 13 * 6);
}

TEST(Downsample, StreamingNeedsExactlyTheAnnouncedPoints) {
  MinMaxDownsampler fewer(0, 9, 10, 2);
  for (int i = 0; i < 9; ++i) fewer.add(i, 1.0);
  EXPECT_THROW(fewer.finish(), Error);
  MinMaxDownsampler more(0, 1, 2, 2);
  more.add(0, 1.0);
  more.add(1, 1.0);
  EXPECT_THROW(more.add(1, 1.0), Error);
  EXPECT_THROW(MinMaxDownsampler(0, 1, 2, 0), Error);
}

TEST(MergeIndices, SortedUnionWithoutDuplicates) {
  EXPECT_EQ(merge_indices({{0, 4, 9}, {2, 4, 11}, {}}), (std::vector<std::size_t>{0, 2, 4, 9, 11}));
}

}  // namespace
}  // namespace tilt
