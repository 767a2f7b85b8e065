// The micro-price estimate against a hand-worked chain and against a second computation that
// counts the transitions itself and replaces the linear solve by power series,
// (I − Q)⁻¹ = Σ Qᵏ.
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "tilt/study/micro_price_estimator.hpp"

namespace tilt::study {
namespace {

BookTop top(Price bid, Price ask, Qty bq, Qty aq) {
  return BookTop{bid, ask, bq, aq, true};
}

TEST(MicroPriceEstimator, HandWorkedTwoBucketChain) {
  // Two buckets, spread 1. The bid-heavy state (bucket 1) waits one step, then the mid rises one
  // tick into the bid-heavy state again; mirrored: bucket 0 falls. Per visit of bucket 1: Q = 1/2
  // (stay), T = 1/2 (move, land in 1), R = 1/2 · (+1). So g1 = (1 − 1/2)⁻¹ · 1/2 = +1 tick,
  // B = (1 − 1/2)⁻¹ · 1/2 = 1 (to bucket 1), and G(k) = k · g1: with 3 iterations, +3 ticks.
  MicroPriceEstimator est(2, 1, 3);
  Price bid = 100;
  for (int i = 0; i < 10; ++i) {
    est.on_book_message(top(bid, bid + 1, 3, 1));  // bucket floor(2·3/4) = 1
    est.on_book_message(top(bid, bid + 1, 3, 1));  // no move
    ++bid;                                         // the next message moves the mid up 1 tick
  }
  const MicroPriceResult r = est.result();
  EXPECT_NEAR(r.first_step_ticks[1], 1.0, 1e-12);
  EXPECT_NEAR(r.first_step_ticks[0], -1.0, 1e-12);
  EXPECT_NEAR(r.adjustment_ticks[1], 3.0, 1e-12);
  EXPECT_NEAR(r.adjustment_ticks[0], -3.0, 1e-12);
  EXPECT_EQ(r.table_text, "-3,3");
}

TEST(MicroPriceEstimator, MatchesCountsSolvedByPowerSeries) {
  const std::size_t buckets = 3;
  const std::int64_t spreads = 2;
  const int iterations = 5;
  MicroPriceEstimator est(buckets, spreads, iterations);
  std::mt19937_64 rng(4);
  std::vector<BookTop> tops;
  Price bid = 1000;
  for (int i = 0; i < 20'000; ++i) {
    const Qty bq = 1 + static_cast<Qty>(rng() % 9), aq = 1 + static_cast<Qty>(rng() % 9);
    const std::int64_t spread = 1 + static_cast<std::int64_t>(rng() % 2);
    // Moves lean toward the heavier side.
    if (rng() % 4 == 0) bid += (static_cast<Qty>(rng() % 20) < 10 + (bq - aq)) ? 1 : -1;
    tops.push_back(top(bid, bid + spread, bq, aq));
    est.on_book_message(tops.back());
  }
  const MicroPriceResult r = est.result();

  const std::size_t n = buckets * static_cast<std::size_t>(spreads);
  std::vector<double> visits(n), q(n * n), t(n * n), move(n);
  const auto state = [&](const BookTop& b) {
    const auto bucket = std::min<std::size_t>(
        buckets - 1,
        static_cast<std::size_t>(b.bid_qty * static_cast<Qty>(buckets) / (b.bid_qty + b.ask_qty)));
    return static_cast<std::size_t>(b.spread() - 1) * buckets + bucket;
  };
  const auto mirror = [&](std::size_t x) {
    return (x / buckets) * buckets + (buckets - 1 - x % buckets);
  };
  for (std::size_t i = 1; i < tops.size(); ++i) {
    const std::size_t from = state(tops[i - 1]), to = state(tops[i]);
    const double dm = static_cast<double>(tops[i].mid2() - tops[i - 1].mid2()) / 2;
    for (const auto& [f, g, d] :
         {std::tuple{from, to, dm}, std::tuple{mirror(from), mirror(to), -dm}}) {
      visits[f] += 1;
      if (d == 0) {
        q[f * n + g] += 1;
      } else {
        t[f * n + g] += 1;
        move[f] += d;
      }
    }
  }
  for (std::size_t x = 0; x < n; ++x) {
    for (std::size_t y = 0; y < n; ++y) {
      q[x * n + y] /= visits[x];
      t[x * n + y] /= visits[x];
    }
    move[x] /= visits[x];
  }
  // g1 = Σ_k Qᵏ R and B = Σ_k Qᵏ T by accumulating powers until they vanish.
  std::vector<double> g1 = move, term = move, b = t, bterm = t;
  for (int k = 0; k < 2000; ++k) {
    std::vector<double> next(n, 0.0), bnext(n * n, 0.0);
    for (std::size_t x = 0; x < n; ++x)
      for (std::size_t y = 0; y < n; ++y) {
        next[x] += q[x * n + y] * term[y];
        for (std::size_t z = 0; z < n; ++z) bnext[x * n + z] += q[x * n + y] * bterm[y * n + z];
      }
    term = next;
    bterm = bnext;
    for (std::size_t x = 0; x < n; ++x) g1[x] += term[x];
    for (std::size_t i = 0; i < n * n; ++i) b[i] += bterm[i];
  }
  std::vector<double> g = g1;
  for (int k = 1; k < iterations; ++k) {
    std::vector<double> next = g1;
    for (std::size_t x = 0; x < n; ++x)
      for (std::size_t y = 0; y < n; ++y) next[x] += b[x * n + y] * g[y];
    g = next;
  }
  for (std::size_t x = 0; x < n; ++x) {
    EXPECT_NEAR(r.first_step_ticks[x], g1[x], 1e-9) << "state " << x;
    EXPECT_NEAR(r.adjustment_ticks[x], g[x], 1e-9) << "state " << x;
    EXPECT_EQ(r.observations[x], static_cast<std::int64_t>(visits[x]));
  }
  // Heavier bid, higher micro-price.
  EXPECT_GT(r.adjustment_ticks[2], 0.0);
  EXPECT_LT(r.adjustment_ticks[0], 0.0);
}

}  // namespace
}  // namespace tilt::study
