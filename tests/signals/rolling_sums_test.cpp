// RollingSums against a plain model that evicts on every call (a deque, entries dropped from the
// front at or before now - span whenever a time is given), under random pushes, expiries and
// reads, including times that go back (a recording's local clock may): the lazy eviction of time
// windows must read exactly what eager eviction holds.
#include <gtest/gtest.h>

#include <array>
#include <deque>
#include <random>

#include "tilt/signals/rolling_window.hpp"

namespace tilt {
namespace {

struct EagerModel {
  Duration span;
  std::deque<std::pair<Timestamp, std::array<std::int64_t, 2>>> entries;
  void expire(Timestamp now) {
    while (!entries.empty() && entries.front().first <= now - span) entries.pop_front();
  }
  void push(Timestamp ts, const std::array<std::int64_t, 2>& v) {
    expire(ts);
    entries.emplace_back(ts, v);
  }
  std::array<std::int64_t, 2> sums() const {
    std::array<std::int64_t, 2> s{};
    for (const auto& e : entries) {
      s[0] += e.second[0];
      s[1] += e.second[1];
    }
    return s;
  }
};

class RollingSumsTimeWindow : public ::testing::TestWithParam<int> {};

TEST_P(RollingSumsTimeWindow, ReadsWhatEagerEvictionHolds) {
  std::mt19937_64 rng(static_cast<std::uint64_t>(GetParam()));
  const Duration span = 50 + static_cast<Duration>(rng() % 200);
  RollingSums<2> sums(Window::last(span));
  EagerModel model{span, {}};
  Timestamp t = 1000;
  std::int64_t reads = 0;
  std::int64_t backwards = 0;
  for (int step = 0; step < 100'000; ++step) {
    const auto r = rng() % 100;
    // Mostly forward in small steps (bursts at one time included), sometimes a jump, rarely back.
    if (r < 3) {
      t -= static_cast<Timestamp>(rng() % 120);
      ++backwards;
    } else if (r < 8) {
      t += static_cast<Timestamp>(rng() % 400);
    } else {
      t += static_cast<Timestamp>(rng() % 4);
    }
    const auto op = rng() % 10;
    if (op < 7) {
      const std::array<std::int64_t, 2> v{static_cast<std::int64_t>(rng() % 21) - 10,
                                          static_cast<std::int64_t>(rng() % 9)};
      sums.push(t, v);
      model.push(t, v);
    } else {
      sums.expire(t);
      model.expire(t);
    }
    if (rng() % 7 == 0) {
      ++reads;
      ASSERT_EQ(sums.size(), model.entries.size()) << "step " << step;
      ASSERT_EQ(sums.sums(), model.sums()) << "step " << step;
    }
  }
  EXPECT_GT(reads, 10'000);
  EXPECT_GT(backwards, 1'000);
  EXPECT_EQ(sums.size(), model.entries.size());
  EXPECT_EQ(sums.sums(), model.sums());
}

INSTANTIATE_TEST_SUITE_P(Seeds, RollingSumsTimeWindow, ::testing::Values(1, 2, 3, 4));

}  // namespace
}  // namespace tilt
