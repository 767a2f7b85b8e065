#include "adapters/synthetic/generator.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "support/map_book.hpp"
#include "tilt/error.hpp"

namespace tilt::synthetic {
namespace {

// A deliberately plain book, independent of core's, to check the generator's stream.
using testing::MapBook;

Params small(std::uint64_t seed, double strength = 0.6) {
  Params p;
  p.events = 200'000;
  p.seed = seed;
  p.imbalance_strength = strength;
  return p;
}

TEST(Synthetic, SameSeedSameEventsOtherSeedOtherEvents) {
  EXPECT_EQ(generate_all(small(1)), generate_all(small(1)));
  EXPECT_NE(generate_all(small(1)), generate_all(small(2)));
  EXPECT_EQ(generate_all(small(1)).size(), 200'000u);
}

TEST(Synthetic, BatchSizeDoesNotChangeTheStream) {
  std::vector<Event> a;
  generate(
      small(3), [&a](std::span<const Event> b) { a.insert(a.end(), b.begin(), b.end()); }, 1);
  EXPECT_EQ(a, generate_all(small(3)));
}

TEST(Synthetic, StreamIsAConsistentBookInTimeOrder) {
  const Params p = small(11);
  const auto events = generate_all(p);
  ASSERT_EQ(events.front().kind, EventKind::snapshot_begin);
  ASSERT_EQ(events[static_cast<std::size_t>(2 * p.levels + 1)].kind, EventKind::snapshot_end);
  MapBook book;
  Timestamp last_exch = 0, last_local = 0;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const Event& e = events[i];
    ASSERT_GE(e.exch_ts, last_exch) << i;
    ASSERT_GE(e.local_ts, last_local) << i;
    ASSERT_GE(e.local_ts - e.exch_ts, p.feed_latency_min) << i;
    last_exch = e.exch_ts;
    last_local = e.local_ts;
    ASSERT_GE(e.qty, 0) << i;
    if (e.kind == EventKind::trade) {
      // Trades happen at the touch of the side the aggressor takes from.
      if (e.side == Side::buy)
        ASSERT_EQ(e.price, book.asks.begin()->first) << i;
      else
        ASSERT_EQ(e.price, book.bids.begin()->first) << i;
      const Qty resting =
          e.side == Side::buy ? book.asks.begin()->second : book.bids.begin()->second;
      ASSERT_LE(e.qty, resting) << i;
    }
    book.apply(e);
    if (i > static_cast<std::size_t>(2 * p.levels + 1) && e.kind == EventKind::level) {
      // Between the steps of a price move the touch is briefly rebuilt; check at step ends.
      const bool step_end = i + 1 == events.size() || events[i + 1].exch_ts != e.exch_ts;
      if (step_end) {
        ASSERT_EQ(book.bids.size(), static_cast<std::size_t>(p.levels)) << i;
        ASSERT_EQ(book.asks.size(), static_cast<std::size_t>(p.levels)) << i;
        ASSERT_EQ(book.asks.begin()->first - book.bids.begin()->first, 1) << "spread at " << i;
      }
    }
  }
}

// Hit rate of sign(level-1 imbalance) for the direction of the next mid move, measured from the
// stream with the map book above.
double imbalance_hit_rate(const Params& p, int* moves_out) {
  const auto events = generate_all(p);
  MapBook book;
  int hits = 0, moves = 0;
  for (const Event& e : events) {
    if (e.kind == EventKind::trade && !book.bids.empty() && !book.asks.empty()) {
      const Qty vb = book.bids.begin()->second, va = book.asks.begin()->second;
      const bool whole_level = e.qty == (e.side == Side::buy ? va : vb);
      if (whole_level && vb != va) {  // a price move; ties carry no prediction
        ++moves;
        const bool predicted_up = vb > va;
        if (predicted_up == (e.side == Side::buy)) ++hits;
      }
    }
    book.apply(e);
  }
  *moves_out = moves;
  return static_cast<double>(hits) / moves;
}

TEST(Synthetic, ImbalancePredictsTheNextMoveOnlyWhenAskedTo) {
  int moves = 0;
  const double with_effect = imbalance_hit_rate(small(5, 0.6), &moves);
  ASSERT_GT(moves, 3000);
  // P(hit) = 1/2 + s E|I| / 2; with sizes ~ U{1..100}, E|I| is about 1/3, so about 0.6 for s = 0.6.
  EXPECT_GT(with_effect, 0.56);
  EXPECT_LT(with_effect, 0.66);
  const double without = imbalance_hit_rate(small(5, 0.0), &moves);
  const double se = 0.5 / std::sqrt(static_cast<double>(moves));
  EXPECT_NEAR(without, 0.5, 4 * se);
}

TEST(Synthetic, RejectsOutOfRangeParameters) {
  Params p;
  p.imbalance_strength = 1.5;
  EXPECT_THROW(p.validate(), Error);
  p = Params{};
  p.levels = 1;
  EXPECT_THROW(p.validate(), Error);
  p = Params{};
  p.move_probability = 0.9;
  p.trade_probability = 0.2;
  EXPECT_THROW(p.validate(), Error);
}

}  // namespace
}  // namespace tilt::synthetic
