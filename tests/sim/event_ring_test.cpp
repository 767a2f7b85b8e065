// EventRing is a FIFO through wrap-around and growth: checked against a std::deque fed the same
// pushes and pops.
#include <gtest/gtest.h>

#include <deque>
#include <random>

#include "tilt/sim/event_ring.hpp"

namespace tilt {
namespace {

Event event_at(Timestamp exch_ts) {
  Event e{};
  e.exch_ts = exch_ts;
  e.local_ts = exch_ts;
  e.price = exch_ts * 3;
  return e;
}

TEST(EventRing, PushReplacesTheLocalTime) {
  EventRing ring;
  EXPECT_TRUE(ring.empty());
  ring.push(event_at(5), 7);  // the local time given replaces the event's own
  EXPECT_EQ(ring.front().local_ts, 7);
  EXPECT_EQ(ring.front().exch_ts, 5);
  EXPECT_EQ(ring.front().price, 15);
  ring.pop();
  EXPECT_TRUE(ring.empty());
}

// Random runs of pushes and pops, up to 3000 events in flight (the ring starts with 1024 slots,
// so it grows twice) and down to empty many times, wrapping around the slots.
TEST(EventRing, MatchesADequeThroughGrowthAndWrapAround) {
  std::mt19937_64 rng(3);
  EventRing ring;
  std::deque<Event> reference;
  Timestamp t = 0;
  for (int step = 0; step < 200000; ++step) {
    const bool filling = (step / 5000) % 2 == 0;  // long phases that fill, then drain
    const bool push = reference.empty() || (rng() % 100) < (filling ? 70u : 30u);
    if (push && reference.size() < 3000) {
      ++t;
      ring.push(event_at(t), t + 10);
      Event e = event_at(t);
      e.local_ts = t + 10;
      reference.push_back(e);
    } else if (!reference.empty()) {
      ASSERT_EQ(ring.front(), reference.front()) << "step " << step;
      ring.pop();
      reference.pop_front();
    }
    ASSERT_EQ(ring.size(), reference.size());
    ASSERT_EQ(ring.empty(), reference.empty());
  }
}

// Messages of 1 to 6 events pushed and closed with end_message, taken whole from the front with
// front_message_size, through growth (up to ~3000 events in flight) and wrap-around; checked
// against a deque of the message sizes and events.
TEST(EventRing, MessageSizesFollowTheirEventsThroughGrowthAndWrapAround) {
  std::mt19937_64 rng(5);
  EventRing ring;
  std::deque<std::size_t> sizes;
  std::deque<Event> reference;
  Timestamp t = 0;
  EXPECT_EQ(ring.front_time(-1), -1);  // empty: the given "never"
  for (int step = 0; step < 100000; ++step) {
    const bool filling = (step / 3000) % 2 == 0;
    const bool push = sizes.empty() || (rng() % 100) < (filling ? 70u : 30u);
    if (push && reference.size() < 3000) {
      const std::size_t n = 1 + rng() % 6;
      for (std::size_t i = 0; i < n; ++i) {
        ++t;
        ring.push(event_at(t), t + 10);
        Event e = event_at(t);
        e.local_ts = t + 10;
        reference.push_back(e);
      }
      ring.end_message(n);
      sizes.push_back(n);
    } else if (!sizes.empty()) {
      ASSERT_EQ(ring.front_time(-1), reference.front().local_ts) << "step " << step;
      ASSERT_EQ(ring.front_message_size(), sizes.front()) << "step " << step;
      for (std::size_t i = 0; i < sizes.front(); ++i) {
        ASSERT_EQ(ring.at(i), reference[i]) << "step " << step;
      }
      ring.pop(sizes.front());
      reference.erase(reference.begin(),
                      reference.begin() + static_cast<std::ptrdiff_t>(sizes.front()));
      sizes.pop_front();
    }
    ASSERT_EQ(ring.size(), reference.size());
    ASSERT_EQ(ring.front_time(-1), reference.empty() ? -1 : reference.front().local_ts);
  }
}

}  // namespace
}  // namespace tilt
