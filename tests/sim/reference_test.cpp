// The engine against the independent reference simulator (tests/support/reference_sim.hpp) on
// random market data and random order flow: identical fills, positions and cash, in every
// combination of queue model, partial-fill setting and latency.
#include <gtest/gtest.h>

#include "adapters/synthetic/generator.hpp"
#include "support/reference_sim.hpp"
#include "support/sim_random_strategy.hpp"
#include "tilt/sim/simulator.hpp"

namespace tilt {
namespace {

struct Case {
  std::uint64_t seed;
  testing::ReferenceConfig ref;
};

InstanceConfig engine_config(const testing::ReferenceConfig& r) {
  InstanceConfig c;
  c.latency = ConstantLatency{r.entry_latency, r.response_latency};
  c.matching.partial_fills = r.partial_fills;
  if (r.power > 0.0) c.matching.queue = PowerProbQueue{{r.power}};
  c.fees = NotionalFee{r.maker_rate, r.taker_rate};
  return c;
}

void compare(const Case& k) {
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

  testing::ReferenceSim<testing::RandomOrderFlow> ref(testing::RandomOrderFlow(k.seed * 7 + 1),
                                                      k.ref);
  ref.run(events);

  Simulator<testing::RandomOrderFlow> sim;
  sim.add_instance(testing::RandomOrderFlow(k.seed * 7 + 1), engine_config(k.ref));
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
  EXPECT_GT(fills.size(), 30u) << "the scenario should trade";
  EXPECT_GT(inst.counts().submitted, 100);
}

class ReferenceComparison : public ::testing::TestWithParam<int> {};

TEST_P(ReferenceComparison, IdenticalFillsPositionsAndCash) {
  const int i = GetParam();
  Case k;
  k.seed = static_cast<std::uint64_t>(1000 + i);
  k.ref.entry_latency = (i % 3) * 700 * kMicrosecond;
  k.ref.response_latency = (i % 4) * 300 * kMicrosecond;
  k.ref.partial_fills = i % 2 == 0;
  k.ref.power = i % 3 == 1 ? 0.0 : (i % 3 == 2 ? 2.0 : 1.0);
  if (i % 5 == 0) k.ref.power = 0.0;
  k.ref.maker_rate = -0.0001;
  k.ref.taker_rate = 0.0004;
  compare(k);
}

INSTANTIATE_TEST_SUITE_P(RandomStreams, ReferenceComparison, ::testing::Range(0, 24));

}  // namespace
}  // namespace tilt
