// Random L2 event streams for book and signal property tests.
//
// The stream mixes near-touch updates (most of them), removals, deep levels far outside any ladder
// window, drifts and large jumps of the touch (to force ladder recentring), trades, and full
// snapshots. With `well_formed` the generator keeps its own picture of the book and, before a level
// that would cross or lock it, emits the removals a correct feed would have sent, so the stream is
// valid under the error policy; without it, stale crossing levels are left for the repair policy.
// Deterministic in the seed (std::mt19937_64 with hand-rolled draws).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <random>
#include <vector>

#include "tilt/types.hpp"

namespace tilt::testing {

struct RandomStreamOptions {
  std::uint64_t seed = 1;
  std::int64_t events = 100'000;
  bool well_formed = true;
  double deep_probability = 0.02;    ///< level placed 500..50,000 ticks from the touch
  double jump_probability = 0.0005;  ///< touch jumps by up to 5,000 ticks
  double trade_probability = 0.05;
  double snapshot_probability = 0.0005;
  Duration mean_gap = 100 * kMicrosecond;
};

class RandomStream {
 public:
  explicit RandomStream(RandomStreamOptions options) : o_(options), rng_(options.seed) {}

  std::vector<Event> generate() {
    std::vector<Event> out;
    out.reserve(static_cast<std::size_t>(o_.events) + 64);
    while (static_cast<std::int64_t>(out.size()) < o_.events) step(out);
    return out;
  }

 private:
  double uniform() { return static_cast<double>(rng_() >> 11) * 0x1.0p-53; }
  std::int64_t between(std::int64_t lo, std::int64_t hi) {  // inclusive
    return lo + static_cast<std::int64_t>(rng_() % static_cast<std::uint64_t>(hi - lo + 1));
  }

  void push(std::vector<Event>& out, EventKind kind, Side side, Price price, Qty qty) {
    now_ += 1 + between(0, 2 * o_.mean_gap);
    Event e{};
    e.exch_ts = now_;
    e.local_ts = now_ + 50 * kMicrosecond;
    e.price = price;
    e.qty = static_cast<std::int32_t>(qty);
    e.kind = kind;
    e.side = side;
    out.push_back(e);
  }

  void set(std::vector<Event>& out, Side side, Price price, Qty qty) {
    if (o_.well_formed && qty > 0) {
      // Remove what a correct feed would already have removed on the opposite side.
      if (side == Side::buy) {
        while (!asks_.empty() && asks_.begin()->first <= price) {
          push(out, EventKind::level, Side::sell, asks_.begin()->first, 0);
          asks_.erase(asks_.begin());
        }
      } else {
        while (!bids_.empty() && bids_.begin()->first >= price) {
          push(out, EventKind::level, Side::buy, bids_.begin()->first, 0);
          bids_.erase(bids_.begin());
        }
      }
    }
    if (side == Side::buy) {
      if (qty == 0)
        bids_.erase(price);
      else
        bids_[price] = qty;
    } else {
      if (qty == 0)
        asks_.erase(price);
      else
        asks_[price] = qty;
    }
    push(out, EventKind::level, side, price, qty);
  }

  void random_level(std::vector<Event>& out) {
    const Side side = (rng_() & 1) != 0 ? Side::buy : Side::sell;
    std::int64_t offset = 1 + between(0, 6) * between(0, 4);  // mostly near the touch
    if (uniform() < o_.deep_probability) offset = between(500, 50'000);
    const Price price = side == Side::buy ? mid_ - offset : mid_ + offset;
    const Qty qty = uniform() < 0.35 ? 0 : between(1, 100);
    set(out, side, price, qty);
  }

  void step(std::vector<Event>& out) {
    const double u = uniform();
    if (u < o_.snapshot_probability) {
      push(out, EventKind::snapshot_begin, Side::buy, 0, 0);
      bids_.clear();
      asks_.clear();
      const std::int64_t n = between(0, 30);
      for (std::int64_t i = 0; i < n; ++i) random_level(out);
      push(out, EventKind::snapshot_end, Side::buy, 0, 0);
      return;
    }
    if (u < o_.snapshot_probability + o_.jump_probability) {
      mid_ += between(-5'000, 5'000);
      return;
    }
    if (u < 0.05) {
      mid_ += between(-3, 3);
      return;
    }
    if (u < 0.05 + o_.trade_probability) {
      const Side aggressor = (rng_() & 1) != 0 ? Side::buy : Side::sell;
      push(out, EventKind::trade, aggressor, mid_ + (aggressor == Side::buy ? 1 : -1),
           between(1, 50));
      return;
    }
    random_level(out);
  }

  RandomStreamOptions o_;
  std::mt19937_64 rng_;
  Timestamp now_ = 1'700'000'000'000'000'000;
  Price mid_ = 1'000'000;
  std::map<Price, Qty, std::greater<>> bids_;
  std::map<Price, Qty> asks_;
};

inline std::vector<Event> random_stream(RandomStreamOptions options) {
  return RandomStream(options).generate();
}

}  // namespace tilt::testing
