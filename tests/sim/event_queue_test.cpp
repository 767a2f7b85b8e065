// EventQueue pops in (time, source priority, push order): checked against a plain list searched
// linearly for its least element.
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <tuple>
#include <vector>

#include "tilt/sim/event_queue.hpp"

namespace tilt {
namespace {

struct Pushed {
  Timestamp time;
  EventSource source;
  std::uint64_t sequence;  ///< push order
  std::uint64_t tag;       ///< written into the payload, read back at pop
};

bool before(const Pushed& a, const Pushed& b) {
  return std::tie(a.time, a.source, a.sequence) < std::tie(b.time, b.source, b.sequence);
}

std::uint64_t tag_of(const PendingEvent& p) {
  switch (p.source) {
    case EventSource::order_arrival:
      return p.arrival.request.id.value;
    case EventSource::order_response:
      return p.update.id.value;
    default:
      return p.timer.id.value;
  }
}

void push(EventQueue& q, std::vector<Pushed>& reference, const Pushed& e) {
  switch (e.source) {
    case EventSource::order_arrival:
      q.push_arrival(e.time, 0).request.id = OrderId{e.tag};
      break;
    case EventSource::order_response:
      q.push_response(e.time, 0).id = OrderId{e.tag};
      break;
    default:
      q.push_timer(e.time, 0, TimerId{e.tag});
      break;
  }
  reference.push_back(e);
}

/// Pushes `events` in the order given, then pops everything: the tags in pop order.
std::vector<std::uint64_t> push_all_then_drain(EventQueue& q, const std::vector<Pushed>& events) {
  std::vector<Pushed> ignored;
  for (const Pushed& e : events) push(q, ignored, e);
  std::vector<std::uint64_t> tags;
  while (!q.empty()) tags.push_back(tag_of(q.pop()));
  return tags;
}

TEST(EventQueue, TiesBreakBySourceThenPushOrder) {
  // All at t = 10: the timer pushed first still pops last; the two responses keep push order.
  EventQueue q;
  EXPECT_EQ(push_all_then_drain(q, {{10, EventSource::timer, 0, 1},
                                    {10, EventSource::order_response, 1, 2},
                                    {10, EventSource::order_arrival, 2, 3},
                                    {10, EventSource::order_response, 3, 4}}),
            (std::vector<std::uint64_t>{3, 2, 4, 1}));
  EXPECT_EQ(q.next_time(), kNever);
}

TEST(EventQueue, AnEarlierPushAfterALaterOneStillPopsFirst) {
  // Response latency from data can make a response due before one pushed earlier (here 50 < 80):
  // it still comes out first, whatever the order of the pushes.
  EventQueue q;
  std::vector<Pushed> ignored;
  push(q, ignored, {80, EventSource::order_response, 0, 1});
  push(q, ignored, {50, EventSource::order_response, 1, 2});
  EXPECT_EQ(q.top_time(), 50);
  EXPECT_EQ(q.top_source(), EventSource::order_response);
  EXPECT_EQ(push_all_then_drain(q, {{90, EventSource::order_response, 2, 3},
                                    {60, EventSource::order_arrival, 3, 4}}),
            (std::vector<std::uint64_t>{2, 4, 1, 3}));
}

// Random pushes (in some rounds non-decreasing times per source, as with constant latencies; in
// the others some keys out of order, as with latencies from data) interleaved with pops: every pop,
// the head's time and source, and the size agree with the linear reference.
TEST(EventQueue, PopsInKeyOrderAgainstALinearReference) {
  std::mt19937_64 rng(42);
  for (int round = 0; round < 20; ++round) {
    EventQueue q;
    std::vector<Pushed> reference;
    std::uint64_t sequence = 0;
    Timestamp clock = 0;
    const int out_of_order_percent = round % 2 == 0 ? 0 : 20;
    for (int step = 0; step < 5000; ++step) {
      const bool do_push = reference.empty() || rng() % 100 < 55;
      if (do_push) {
        clock += static_cast<Timestamp>(rng() % 3);  // often equal times: ties matter
        const auto kind = rng() % 10;
        const EventSource source = kind < 5   ? EventSource::order_arrival
                                   : kind < 9 ? EventSource::order_response
                                              : EventSource::timer;
        Timestamp time = clock + 100;
        if (source == EventSource::timer || static_cast<int>(rng() % 100) < out_of_order_percent) {
          time = clock + static_cast<Timestamp>(rng() % 200);
        }
        push(q, reference, {time, source, sequence, sequence + 1});
        ++sequence;
      } else {
        std::size_t least = 0;
        for (std::size_t i = 1; i < reference.size(); ++i) {
          if (before(reference[i], reference[least])) least = i;
        }
        ASSERT_EQ(q.top_time(), reference[least].time) << "round " << round << " step " << step;
        ASSERT_EQ(q.top_source(), reference[least].source);
        const PendingEvent p = q.pop();
        ASSERT_EQ(p.time, reference[least].time);
        ASSERT_EQ(tag_of(p), reference[least].tag) << "round " << round << " step " << step;
        reference.erase(reference.begin() + static_cast<std::ptrdiff_t>(least));
      }
      ASSERT_EQ(q.size(), reference.size());
      ASSERT_EQ(q.empty(), reference.empty());
      if (reference.empty()) {
        ASSERT_EQ(q.next_time(), kNever);
      }
    }
  }
}

}  // namespace
}  // namespace tilt
