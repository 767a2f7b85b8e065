// The engine against the independent reference simulator (tests/support/reference_sim.hpp) on
// random market data and random order flow: identical fills, positions and cash, in every
// combination of queue model, partial-fill setting and latency (constant, or recorded with the
// ordered sessions), with several of our orders per price (the random flow quotes near the touch)
// (every third stream stacks them all at the touch) and, in half the recorded cases, cancels and
// modifies of orders whose previous request is still in flight. The coverage (streams, events,
// orders, fills compared) is printed at the end.
#include <gtest/gtest.h>

#include <cstdio>

#include "adapters/synthetic/generator.hpp"
#include "support/reference_sim.hpp"
#include "support/sim_random_strategy.hpp"
#include "tilt/sim/simulator.hpp"

namespace tilt {
namespace {

struct Case {
  std::uint64_t seed;
  testing::ReferenceConfig ref;
  bool requote_in_flight = false;
  bool recorded_latency = false;  ///< random recorded rows over the stream's span
  int price_span = 2;             ///< RandomOrderFlow's; 0 stacks our orders at the touch
};

struct Coverage {
  int streams = 0;
  std::int64_t events = 0;
  std::int64_t orders = 0;
  std::int64_t fills = 0;
  std::int64_t shared_trades = 0;
  std::int64_t held_requests = 0;
  std::int64_t held_responses = 0;
  std::int64_t refused_requests = 0;
};
Coverage coverage;

class PrintCoverage : public ::testing::Environment {
 public:
  void TearDown() override {
    std::printf(
        "reference comparison: %d random streams, %lld events, %lld orders, %lld fills compared "
        "(%lld trades shared by several of our orders, %lld requests and %lld answers held by "
        "ordered sessions, %lld requests refused while one was in flight)\n",
        coverage.streams, static_cast<long long>(coverage.events),
        static_cast<long long>(coverage.orders), static_cast<long long>(coverage.fills),
        static_cast<long long>(coverage.shared_trades),
        static_cast<long long>(coverage.held_requests),
        static_cast<long long>(coverage.held_responses),
        static_cast<long long>(coverage.refused_requests));
  }
};
const auto* const kCoverage = ::testing::AddGlobalTestEnvironment(new PrintCoverage);

InstanceConfig engine_config(const testing::ReferenceConfig& r) {
  InstanceConfig c;
  c.latency = ConstantLatency{r.entry_latency, r.response_latency};
  if (!r.recorded.empty()) {
    std::vector<LatencyRow> rows;
    for (const auto& row : r.recorded) rows.push_back({row.req, row.exch, row.resp});
    c.latency = RecordedLatency(std::move(rows));
  }
  c.matching.partial_fills = r.partial_fills;
  if (r.power > 0.0) c.matching.queue = PowerProbQueue{{r.power}};
  c.fees = NotionalFee{r.maker_rate, r.taker_rate};
  return c;
}

/// Random round trips over [begin, end]: a row every 0.5-4 ms, entry and response latencies of
/// 20 µs to 3 ms each (so consecutive draws often disagree by more than their spacing, and would
/// overtake each other without ordered sessions), one row in 40 a rejection.
std::vector<testing::ReferenceLatencyRow> random_rows(std::uint64_t seed, Timestamp begin,
                                                      Timestamp end) {
  std::uint64_t state = seed;
  const auto next = [&state] {  // splitmix64
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  };
  std::vector<testing::ReferenceLatencyRow> rows;
  for (Timestamp t = begin; t <= end;
       t += 500 * kMicrosecond + static_cast<Duration>(next() % 3500) * kMicrosecond) {
    const Duration entry = 20 * kMicrosecond + static_cast<Duration>(next() % 2980) * kMicrosecond;
    const Duration response =
        20 * kMicrosecond + static_cast<Duration>(next() % 2980) * kMicrosecond;
    if (next() % 40 == 0) {
      rows.push_back({t, 0, t + response});
    } else {
      rows.push_back({t, t + entry, t + entry + response});
    }
  }
  return rows;
}

void compare(Case k) {
  synthetic::Params p;
  p.events = 20'000;
  p.seed = k.seed;
  p.levels = 5;
  p.mean_level_size = 4 + static_cast<Qty>(k.seed % 5);
  p.trade_probability = 0.2;
  p.move_probability = 0.06;
  p.mean_gap = 1 * kMillisecond;
  p.feed_latency_min = static_cast<Duration>(k.seed % 3) * kMillisecond;
  const auto events = synthetic::generate_all(p);
  if (k.recorded_latency) {
    k.ref.recorded = random_rows(k.seed * 13 + 5, events.front().exch_ts - kMillisecond,
                                 events.back().local_ts + 50 * kMillisecond);
  }

  const testing::RandomOrderFlow flow(k.seed * 7 + 1, 15, k.requote_in_flight, k.price_span);
  testing::ReferenceSim<testing::RandomOrderFlow> ref(flow, k.ref);
  ref.run(events);

  Simulator<testing::RandomOrderFlow> sim;
  sim.add_instance(flow, engine_config(k.ref));
  sim.run(events);

  const Instance& inst = sim.instance(0);
  const auto fills = inst.accountant().fills();
  ASSERT_EQ(fills.size(), ref.fills.size());
  for (std::size_t i = 0; i < fills.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(fills[i].exch_ts, ref.fills[i].exch_ts);
    EXPECT_EQ(fills[i].order_id, ref.fills[i].id);
    EXPECT_EQ(fills[i].side, ref.fills[i].side);
    EXPECT_EQ(fills[i].price, ref.fills[i].price);
    ASSERT_EQ(fills[i].qty, ref.fills[i].qty);
    EXPECT_EQ(fills[i].liquidity, ref.fills[i].liquidity);
  }
  EXPECT_EQ(inst.accountant().position().position, ref.position);
  EXPECT_EQ(inst.accountant().position().cash, ref.cash);
  EXPECT_DOUBLE_EQ(inst.accountant().position().fees, ref.fees);
  EXPECT_EQ(inst.known_position().position, ref.known_position);
  EXPECT_EQ(inst.known_position().cash, ref.known_cash);
  EXPECT_EQ(sim.strategy(0).refused, ref.strategy.refused);
  EXPECT_GT(fills.size(), 30u) << "the scenario should trade";
  EXPECT_GT(inst.counts().submitted, 100);
  if (k.price_span == 0) {
    EXPECT_GT(ref.shared_trades, 0) << "some trade should reach several of our orders";
  }
  if (!k.ref.recorded.empty()) {
    EXPECT_GT(ref.held_requests + ref.held_responses, 0) << "draws should try to overtake";
  }
  if (k.requote_in_flight) {
    EXPECT_GT(ref.strategy.refused, 0);
  }

  ++coverage.streams;
  coverage.events += static_cast<std::int64_t>(events.size());
  coverage.orders += inst.counts().submitted;
  coverage.fills += static_cast<std::int64_t>(fills.size());
  coverage.shared_trades += ref.shared_trades;
  coverage.held_requests += ref.held_requests;
  coverage.held_responses += ref.held_responses;
  coverage.refused_requests += ref.strategy.refused;
}

Case make_case(int i) {
  Case k;
  k.seed = static_cast<std::uint64_t>(1000 + i);
  k.ref.entry_latency = (i % 3) * 700 * kMicrosecond;
  k.ref.response_latency = (i % 4) * 300 * kMicrosecond;
  k.ref.partial_fills = i % 2 == 0;
  k.ref.power = i % 3 == 1 ? 0.0 : (i % 3 == 2 ? 2.0 : 1.0);
  if (i % 5 == 0) k.ref.power = 0.0;
  k.ref.maker_rate = -0.0001;
  k.ref.taker_rate = 0.0004;
  k.price_span = i % 3 == 0 ? 0 : 2;
  return k;
}

class ReferenceComparison : public ::testing::TestWithParam<int> {};

TEST_P(ReferenceComparison, IdenticalFillsPositionsAndCash) {
  compare(make_case(GetParam()));
}

INSTANTIATE_TEST_SUITE_P(RandomStreams, ReferenceComparison, ::testing::Range(0, 24));

// Recorded latencies (random rows over the stream, so draws reorder without ordered sessions);
// odd cases also cancel and modify orders whose previous request is still in flight.
class RecordedReferenceComparison : public ::testing::TestWithParam<int> {};

TEST_P(RecordedReferenceComparison, IdenticalFillsPositionsAndCash) {
  const int i = GetParam();
  Case k = make_case(100 + i);
  k.recorded_latency = true;
  k.requote_in_flight = i % 2 == 1;
  compare(k);
}

INSTANTIATE_TEST_SUITE_P(RandomStreams, RecordedReferenceComparison, ::testing::Range(0, 24));

// Constant latency with requoting in flight: cancels and modifies of pending orders.
class InFlightReferenceComparison : public ::testing::TestWithParam<int> {};

TEST_P(InFlightReferenceComparison, IdenticalFillsPositionsAndCash) {
  Case k = make_case(200 + GetParam());
  k.requote_in_flight = true;
  compare(k);
}

INSTANTIATE_TEST_SUITE_P(RandomStreams, InFlightReferenceComparison, ::testing::Range(0, 12));

}  // namespace
}  // namespace tilt
