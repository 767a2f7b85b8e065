// Each predictive statistic against a straightforward two-pass computation on the same samples:
// means first, then centred sums; ranks by sorting; standard errors by writing out each block's
// influence (the linearised statistic) and summing squares.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <vector>

#include "tilt/study/block_moments.hpp"
#include "tilt/study/empirical_cdf.hpp"
#include "tilt/study/predictive_grid.hpp"

namespace tilt::study {
namespace {

struct Sample {
  double x, y;
};

/// x on a grid of 1/100 (few distinct values, so ranks are exact), y in half ticks, correlated.
std::vector<Sample> correlated_samples(std::size_t n, double beta, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::vector<Sample> out;
  for (std::size_t i = 0; i < n; ++i) {
    const double x = std::round(std::clamp(normal(rng) * 0.4, -1.0, 1.0) * 100) / 100;
    const double y = std::round((beta * x + normal(rng)) * 2) / 2;
    out.push_back({x, y});
  }
  return out;
}

/// Mid-ranks / n, as Spearman with ties uses them.
std::vector<double> mid_ranks(const std::vector<double>& v) {
  std::vector<std::size_t> order(v.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&v](std::size_t a, std::size_t b) { return v[a] < v[b]; });
  std::vector<double> rank(v.size());
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j < order.size() && v[order[j]] == v[order[i]]) ++j;
    for (std::size_t k = i; k < j; ++k)
      rank[order[k]] =
          (static_cast<double>(i) + static_cast<double>(j)) / 2.0 / static_cast<double>(v.size());
    i = j;
  }
  return rank;
}

double pearson(const std::vector<double>& a, const std::vector<double>& b) {
  const double n = static_cast<double>(a.size());
  const double ma = std::accumulate(a.begin(), a.end(), 0.0) / n;
  const double mb = std::accumulate(b.begin(), b.end(), 0.0) / n;
  double sab = 0, saa = 0, sbb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) * (a[i] - ma);
    sbb += (b[i] - mb) * (b[i] - mb);
  }
  return sab / std::sqrt(saa * sbb);
}

/// Block SE from per-block influences ψ_k (which sum to ~0): sqrt(K/(K-1) Σ ψ_k²).
double block_se(const std::vector<double>& psi) {
  const auto k = static_cast<double>(psi.size());
  double s = 0;
  for (double p : psi) s += p * p;
  return std::sqrt(k / (k - 1) * s);
}

PredictiveResult run_grid(const std::vector<Sample>& samples, std::size_t warmup, std::size_t block,
                          std::size_t buckets, bool fixed) {
  PredictiveGrid grid({SignalAxis{"x", fixed, -1.0, 1.0}}, {"h"},
                      GridOptions{buckets, warmup, 1.0, block});
  for (const Sample& s : samples) {
    const SignalCode code = grid.code(0, s.x);
    grid.sample_taken();
    grid.complete(0, static_cast<std::int64_t>(&s - samples.data()), &s.x, &code.rank, &code.bucket,
                  s.y, 0);
  }
  grid.finish();
  return grid.results().at(0);
}

TEST(EmpiricalCdf, MidRanksWithTiesAndQuantiles) {
  const EmpiricalCdf cdf({3.0, 1.0, 2.0, 2.0});
  // sorted 1,2,2,3: mid-rank fractions (0+1)/8, (1+3)/8, (3+4)/8
  EXPECT_DOUBLE_EQ(cdf(1.0), 1.0 / 8);
  EXPECT_DOUBLE_EQ(cdf(2.0), 4.0 / 8);
  EXPECT_DOUBLE_EQ(cdf(3.0), 7.0 / 8);
  EXPECT_DOUBLE_EQ(cdf(2.5), (4.0 / 8 + 7.0 / 8) / 2);  // interpolated
  EXPECT_DOUBLE_EQ(cdf(0.0), 1.0 / 8);                  // below the sample
  EXPECT_DOUBLE_EQ(cdf(9.0), 7.0 / 8);
  EXPECT_DOUBLE_EQ(cdf.quantile(0.0), 1.0);
  EXPECT_DOUBLE_EQ(cdf.quantile(0.5), 2.0);
  EXPECT_DOUBLE_EQ(cdf.quantile(1.0), 3.0);
  EXPECT_DOUBLE_EQ(EmpiricalCdf(std::vector<double>{})(1.0), 0.5);
}

/// The distribution written out from its definition: mid-rank fractions at the distinct values
/// (every kMaxKnots-th when there are more), a full binary search, linear interpolation between
/// knots (by the segment's slope), the end values beyond them.
struct ReferenceCdf {
  std::vector<double> values, cdf;

  explicit ReferenceCdf(std::vector<double> sample) {
    std::sort(sample.begin(), sample.end());
    const double n = static_cast<double>(sample.size());
    for (std::size_t i = 0; i < sample.size();) {
      std::size_t j = i;
      while (j < sample.size() && sample[j] == sample[i]) ++j;
      values.push_back(sample[i]);
      cdf.push_back((static_cast<double>(i) + static_cast<double>(j)) / (2 * n));
      i = j;
    }
    if (values.size() > EmpiricalCdf::kMaxKnots) {
      std::vector<double> kv, kc;
      for (std::size_t k = 0; k < EmpiricalCdf::kMaxKnots; ++k) {
        const std::size_t i = k * (values.size() - 1) / (EmpiricalCdf::kMaxKnots - 1);
        kv.push_back(values[i]);
        kc.push_back(cdf[i]);
      }
      values = kv;
      cdf = kc;
    }
  }

  double operator()(double x) const {
    const auto i = static_cast<std::size_t>(std::lower_bound(values.begin(), values.end(), x) -
                                            values.begin());
    if (i == values.size()) return cdf.back();
    if (values[i] == x || i == 0) return cdf[i];
    const double slope = (cdf[i] - cdf[i - 1]) / (values[i] - values[i - 1]);
    return cdf[i - 1] + (x - values[i - 1]) * slope;
  }
};

TEST(EmpiricalCdf, GuideTableLookupEqualsAFullSearchToTheBit) {
  std::mt19937_64 rng(21);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::vector<std::vector<double>> samples(4);
  for (int i = 0; i < 30'000; ++i) samples[0].push_back(normal(rng));  // 512 of 30,000 knots
  for (int i = 0; i < 30'000; ++i)  // heavy tails: most knots crowd a few cells
    samples[1].push_back(normal(rng) / (std::abs(normal(rng)) + 1e-3));
  for (int i = 0; i < 5'000; ++i) samples[2].push_back(std::round(normal(rng) * 3) / 2);  // ties
  samples[3] = {2.5, 2.5, 2.5};  // one value
  for (const std::vector<double>& sample : samples) {
    const EmpiricalCdf cdf(sample);
    const ReferenceCdf reference(sample);
    std::vector<double> queries = {-std::numeric_limits<double>::infinity(),
                                   std::numeric_limits<double>::infinity(), -1e300, 1e300, 0.0};
    for (std::size_t i = 0; i < sample.size(); i += 7) {
      queries.push_back(sample[i]);
      queries.push_back(std::nextafter(sample[i], 1e308));
      queries.push_back(std::nextafter(sample[i], -1e308));
    }
    for (int i = 0; i < 2'000; ++i) queries.push_back(normal(rng) * 4);
    for (double q : queries) ASSERT_EQ(cdf(q), reference(q)) << "at " << q;
  }
}

TEST(BlockMoments, OneSampleBlocksGiveTheTextbookStandardErrorOfTheMean) {
  const std::vector<double> ys = {1.0, 4.0, 2.0, 7.0, 6.0};
  BlockMoments<2> m;
  for (double y : ys) m.add_block({1.0, y});
  const double se = m.standard_error([](const std::array<double, 2>& v) { return v[1] / v[0]; });
  // s/sqrt(n) with s the sample standard deviation: mean 4, squares 9+0+4+9+4 = 26.
  EXPECT_NEAR(se, std::sqrt(26.0 / 4) / std::sqrt(5.0), 1e-9);
  BlockMoments<2> one;
  one.add_block({1.0, 3.0});
  EXPECT_TRUE(std::isnan(one.standard_error([](const auto& v) { return v[1]; })));
}

class PredictiveTwoPass : public ::testing::TestWithParam<std::size_t> {};

// warm-up larger than the data: ranks are exact; warm-up smaller: everything else still exact.
TEST_P(PredictiveTwoPass, EveryStatisticMatchesTwoPass) {
  const std::size_t warmup = GetParam();
  const std::size_t n = 20'000, block = 200, buckets = 10;
  const auto samples = correlated_samples(n, 0.8, 7);
  const PredictiveResult r = run_grid(samples, warmup, block, buckets, true);

  std::vector<double> x, y;
  for (const Sample& s : samples) {
    x.push_back(s.x);
    y.push_back(s.y);
  }
  const double nd = static_cast<double>(n);
  const double mx = std::accumulate(x.begin(), x.end(), 0.0) / nd;
  const double my = std::accumulate(y.begin(), y.end(), 0.0) / nd;
  double dxx = 0, dyy = 0, dxy = 0;
  for (std::size_t i = 0; i < n; ++i) {
    dxx += (x[i] - mx) * (x[i] - mx);
    dyy += (y[i] - my) * (y[i] - my);
    dxy += (x[i] - mx) * (y[i] - my);
  }
  const double ic = dxy / std::sqrt(dxx * dyy);
  const double slope = dxy / dxx;
  std::int64_t moves = 0, eligible = 0, hits = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (y[i] == 0) continue;
    ++moves;
    if (x[i] == 0) continue;
    ++eligible;
    hits += (x[i] > 0) == (y[i] > 0);
  }
  const double hit_rate = static_cast<double>(hits) / static_cast<double>(eligible);

  EXPECT_EQ(r.samples, static_cast<std::int64_t>(n));
  EXPECT_NEAR(r.ic_pearson, ic, 1e-10);
  EXPECT_NEAR(r.slope, slope, 1e-10);
  EXPECT_NEAR(r.intercept, my - slope * mx, 1e-10);
  EXPECT_NEAR(r.r_squared, ic * ic, 1e-10);
  EXPECT_NEAR(r.mean_move, my, 1e-12);
  EXPECT_NEAR(r.zero_move_share, 1.0 - static_cast<double>(moves) / nd, 1e-12);
  EXPECT_EQ(r.hit_samples, eligible);
  EXPECT_NEAR(r.hit_rate, hit_rate, 1e-12);
  EXPECT_NEAR(r.ic_pearson_se_iid, std::sqrt((1 - ic * ic) / (nd - 2)), 1e-12);

  const double spearman = pearson(mid_ranks(x), mid_ranks(y));
  if (warmup >= n) {
    EXPECT_NEAR(r.ic_spearman, spearman, 1e-10);
  } else {
    EXPECT_NEAR(r.ic_spearman, spearman, 0.01);
  }

  // Standard errors: per block of `block` consecutive samples, the influence of each statistic.
  const std::size_t blocks = (n + block - 1) / block;
  EXPECT_EQ(r.blocks, static_cast<std::int64_t>(blocks));
  std::vector<double> psi_slope, psi_ic, psi_hit;
  for (std::size_t k = 0; k < blocks; ++k) {
    double a = 0, b = 0, h = 0;
    for (std::size_t i = k * block; i < std::min(n, (k + 1) * block); ++i) {
      const double dx = x[i] - mx, dy = y[i] - my;
      a += dx * (dy - slope * dx);
      b += dx * dy / std::sqrt(dxx * dyy) - ic / 2 * (dx * dx / dxx + dy * dy / dyy);
      if (y[i] != 0 && x[i] != 0) h += ((x[i] > 0) == (y[i] > 0) ? 1.0 : 0.0) - hit_rate;
    }
    psi_slope.push_back(a / dxx);
    psi_ic.push_back(b);
    psi_hit.push_back(h / static_cast<double>(eligible));
  }
  EXPECT_NEAR(r.slope_se / block_se(psi_slope), 1.0, 1e-5);
  EXPECT_NEAR(r.ic_pearson_se / block_se(psi_ic), 1.0, 1e-5);
  EXPECT_NEAR(r.hit_rate_se / block_se(psi_hit), 1.0, 1e-5);

  // Buckets: fixed over [-1, 1], the end buckets open.
  ASSERT_EQ(r.buckets.size(), buckets);
  for (std::size_t bk = 0; bk < buckets; ++bk) {
    // Equal-width edges over [-1, 1]; a value on an edge belongs to the bucket above it.
    const auto bucket_of = [&](double v) {
      std::size_t i = 0;
      for (std::size_t e = 1; e < buckets; ++e)
        if (v >= -1.0 + static_cast<double>(e) / static_cast<double>(buckets) * 2.0) ++i;
      return i;
    };
    double count = 0, sum_y = 0, sum_x = 0;
    for (std::size_t i = 0; i < n; ++i) {
      if (bucket_of(x[i]) != bk) continue;
      count += 1;
      sum_y += y[i];
      sum_x += x[i];
    }
    const BucketResult& got = r.buckets[bk];
    EXPECT_EQ(got.samples, static_cast<std::int64_t>(count)) << "bucket " << bk;
    if (count == 0) continue;
    const double mean = sum_y / count;
    EXPECT_NEAR(got.mean_move, mean, 1e-12);
    EXPECT_NEAR(got.mean_signal, sum_x / count, 1e-12);
    std::vector<double> psi;
    for (std::size_t k = 0; k < blocks; ++k) {
      double p = 0;
      for (std::size_t i = k * block; i < std::min(n, (k + 1) * block); ++i)
        if (bucket_of(x[i]) == bk) p += y[i] - mean;
      psi.push_back(p / count);
    }
    if (count > 20) {
      EXPECT_NEAR(got.mean_move_se / block_se(psi), 1.0, 1e-5) << "bucket " << bk;
    }
  }
  // The planted slope is found: 0.8 ticks per unit (y rounded to half ticks).
  EXPECT_NEAR(r.slope, 0.8, 4 * r.slope_se);
}

INSTANTIATE_TEST_SUITE_P(Warmup, PredictiveTwoPass, ::testing::Values(50'000, 2'000));

TEST(PredictiveGrid, QuantileBucketsAreDecilesOfTheWarmup) {
  std::mt19937_64 rng(3);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::vector<Sample> samples;
  for (int i = 0; i < 10'000; ++i) samples.push_back({normal(rng) * 5, std::round(normal(rng))});
  const PredictiveResult r = run_grid(samples, 10'000, 100, 10, false);
  ASSERT_EQ(r.buckets.size(), 10u);
  EXPECT_EQ(r.bucket_method, "quantile");
  for (const BucketResult& b : r.buckets) EXPECT_NEAR(static_cast<double>(b.samples), 1000.0, 2.0);
  std::vector<double> xs;
  for (const Sample& s : samples) xs.push_back(s.x);
  std::sort(xs.begin(), xs.end());
  EXPECT_DOUBLE_EQ(r.buckets[5].lower, xs[4999] + 0.5 * (xs[5000] - xs[4999]));  // the median
}

// The engine codes batch-mode samples a column at a time (code_column): the same rank, to the
// bit, and the same bucket as code() gives value by value; an invalid value gets the spare bucket
// (the bucket count) instead of "no code".
TEST(PredictiveGrid, ColumnCodingEqualsCodingEachValue) {
  const std::size_t buckets = 10;
  PredictiveGrid grid({{"heavy", false, -1, 1}, {"bounded", true, -1, 1}}, {"1"},
                      GridOptions{buckets, 3'000, 10.0, 64});
  std::mt19937_64 rng(17);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  const auto heavy = [&] { return normal(rng) / (std::abs(normal(rng)) + 1e-2); };
  for (int i = 0; i < 3'000; ++i) {             // the warm-up builds the coders
    grid.code(0, std::round(heavy() * 4) / 4);  // ties
    grid.code(1, unit(rng) * 2 - 1);
    grid.sample_taken();
  }
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<std::vector<double>> columns(2);
  for (int i = 0; i < 5'000; ++i) {
    columns[0].push_back(unit(rng) < 0.1 ? nan
                         : i % 3 == 0    ? std::round(heavy() * 4) / 4
                                         : heavy());
    columns[1].push_back(unit(rng) < 0.1 ? nan : unit(rng) * 2.4 - 1.2);  // beyond the edges too
  }
  columns[1].insert(columns[1].end(),
                    {-1.0, -0.8, 0.0, 0.2, 1.0, -std::numeric_limits<double>::infinity(),
                     std::numeric_limits<double>::infinity()});
  for (std::size_t s = 0; s < 2; ++s) {
    const std::vector<double>& x = columns[s];
    std::vector<double> ranks(x.size());
    std::vector<std::uint32_t> bucket_ids(x.size());
    grid.code_column(s, x.data(), ranks.data(), bucket_ids.data(), x.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
      const SignalCode c = grid.code(s, x[i]);
      ASSERT_EQ(ranks[i], c.rank) << "signal " << s << " at " << x[i];
      ASSERT_EQ(bucket_ids[i], std::isnan(x[i]) ? buckets : c.bucket)
          << "signal " << s << " at " << x[i];
    }
  }
}

TEST(PredictiveGrid, ASignalsResultsDoNotDependOnItsNeighboursOrTheirGaps) {
  // x invalid (NaN) at 10% of the samples, beside two other signals with gaps of their own: x's
  // statistics are the same (counts to the bit, sums to rounding) as when x is studied alone; its
  // sample count is its valid samples.
  std::mt19937_64 rng(5);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::size_t n = 30'000;
  const GridOptions options{10, 5'000, 10.0, 128};
  PredictiveGrid alone({SignalAxis{"x", true, -1, 1}}, {"h"}, options);
  PredictiveGrid together(
      {SignalAxis{"x", true, -1, 1}, SignalAxis{"a", false, -1, 1}, SignalAxis{"b", true, -1, 1}},
      {"h"}, options);
  std::int64_t valid = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double x = unit(rng) < 0.1 ? nan : std::clamp(normal(rng) * 0.4, -1.0, 1.0);
    const double xs[3] = {x, unit(rng) < 0.3 ? nan : normal(rng),
                          unit(rng) < 0.5 ? nan : unit(rng) * 2 - 1};
    const double y = std::round((std::isnan(x) ? 0.0 : x) + normal(rng));
    valid += std::isnan(x) ? 0 : 1;
    double ranks[3];
    std::uint32_t buckets[3];
    for (std::size_t s = 0; s < 3; ++s) {
      const SignalCode c = together.code(s, xs[s]);
      ranks[s] = c.rank;
      buckets[s] = c.bucket;
    }
    together.sample_taken();
    const SignalCode c = alone.code(0, x);
    alone.sample_taken();
    const auto index = static_cast<std::int64_t>(i);
    together.complete(0, index, xs, ranks, buckets, y, 3);
    alone.complete(0, index, &x, &c.rank, &c.bucket, y, 3);
  }
  alone.finish();
  together.finish();
  const PredictiveResult a = alone.results().at(0), t = together.results().at(0);
  EXPECT_EQ(a.samples, valid);
  EXPECT_EQ(t.samples, valid);
  EXPECT_EQ(t.blocks, a.blocks);
  // Counts exactly; sums to rounding (batches are cut where any cell's block fills, so the
  // neighbours change the order of x's additions, never which samples or blocks they hold).
  const auto same = [](double got, double want) {
    EXPECT_NEAR(got, want, 1e-12 * std::max(1.0, std::abs(want)));
  };
  EXPECT_EQ(t.hit_samples, a.hit_samples);
  EXPECT_EQ(t.hit_rate, a.hit_rate);  // a ratio of exact counts
  same(t.hit_rate_se, a.hit_rate_se);
  same(t.ic_pearson, a.ic_pearson);
  same(t.ic_pearson_se, a.ic_pearson_se);
  same(t.ic_spearman, a.ic_spearman);
  same(t.ic_spearman_se, a.ic_spearman_se);
  same(t.slope, a.slope);
  same(t.slope_se, a.slope_se);
  EXPECT_EQ(t.zero_move_share, a.zero_move_share);
  ASSERT_EQ(t.buckets.size(), a.buckets.size());
  for (std::size_t b = 0; b < a.buckets.size(); ++b) {
    EXPECT_EQ(t.buckets[b].samples, a.buckets[b].samples);
    same(t.buckets[b].mean_move, a.buckets[b].mean_move);
    same(t.buckets[b].mean_move_se, a.buckets[b].mean_move_se);
  }
  EXPECT_GT(a.ic_pearson, 0.1);  // the planted effect, so the comparison is not of NaNs
}

TEST(PredictiveGrid, NoiseSignalHasIcWithinItsStandardError) {
  std::mt19937_64 rng(11);
  std::normal_distribution<double> normal(0.0, 1.0);
  // Overlapping forward moves of a random walk (horizon 50 steps) against an independent noise.
  const std::size_t n = 200'000, horizon = 50;
  std::vector<double> walk(n + horizon + 1, 0.0);
  for (std::size_t i = 1; i < walk.size(); ++i) walk[i] = walk[i - 1] + std::round(normal(rng));
  PredictiveGrid grid({SignalAxis{"noise", false, -1, 1}}, {"50"},
                      GridOptions{10, 20'000, 10.0, 256});
  for (std::size_t i = 0; i < n; ++i) {
    const double x = normal(rng);
    const SignalCode code = grid.code(0, x);
    grid.sample_taken();
    grid.complete(0, static_cast<std::int64_t>(i), &x, &code.rank, &code.bucket,
                  walk[i + horizon] - walk[i], static_cast<std::int64_t>(horizon));
  }
  grid.finish();
  const PredictiveResult r = grid.results().at(0);
  EXPECT_EQ(r.block_samples, 500);  // block_factor 10 x overlap 50
  EXPECT_LT(std::abs(r.ic_pearson), 2 * r.ic_pearson_se);
  EXPECT_LT(std::abs(r.ic_spearman), 2 * r.ic_spearman_se);
  EXPECT_LT(std::abs(r.hit_rate - 0.5), 2 * r.hit_rate_se);
}

}  // namespace
}  // namespace tilt::study
