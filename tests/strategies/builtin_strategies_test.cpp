// The built-in strategies on crafted data where the right behaviour is known.
#include <gtest/gtest.h>

#include "strategies/builtin/imbalance_market_maker.hpp"
#include "strategies/builtin/imbalance_taker.hpp"
#include "support/sim_events.hpp"
#include "tilt/error.hpp"
#include "tilt/sim/simulator.hpp"

namespace tilt {
namespace {

using strategies::ImbalanceMarketMaker;
using strategies::ImbalanceTaker;
using testing::level;
using testing::marker;

constexpr Timestamp kMs = kMillisecond;

InstanceConfig fast_venue() {
  InstanceConfig ic;
  ic.latency = ConstantLatency{10 * kMicrosecond, 10 * kMicrosecond};
  return ic;
}

// A book of bid 100 x 10 / ask 101 x 10 at t = 1 ms, then bid-size changes at 10, 20, 30... ms,
// then a no-op update of the ask 100 ms later so that answers to the last requests arrive before
// the end.
std::vector<Event> bid_size_path(const std::vector<Qty>& bid_sizes) {
  std::vector<Event> ev = {marker(kMs, EventKind::snapshot_begin), level(kMs, Side::buy, 100, 10),
                           level(kMs, Side::sell, 101, 10), marker(kMs, EventKind::snapshot_end)};
  Timestamp t = 10 * kMs;
  for (Qty q : bid_sizes) {
    ev.push_back(level(t, Side::buy, 100, q));
    t += 10 * kMs;
  }
  ev.push_back(level(t + 100 * kMs, Side::sell, 101, 10));
  return ev;
}

TEST(ImbalanceTaker, BuysWhenImbalanceCrossesThresholdAndNotBefore) {
  ImbalanceTaker::Settings s;
  s.threshold = 0.7;
  s.exit_threshold = 1.0;  // never exits on reversal in this test
  Simulator<ImbalanceTaker> sim;
  sim.signals().add({"queue_imbalance", {}, ""});
  sim.add_instance(ImbalanceTaker(s), fast_venue());
  // Imbalance after each update: (40-10)/50 = 0.6, (60-10)/70 = 0.714..., (80-10)/90 = 0.777...
  sim.run(bid_size_path({40, 60, 80}));
  const auto orders = sim.instance(0).orders();
  ASSERT_EQ(orders.size(), 1u) << "exactly one entry: at 0.714, not at 0.6, and none while long";
  EXPECT_EQ(orders[0].side, Side::buy);
  EXPECT_EQ(orders[0].tif, TimeInForce::ioc);
  EXPECT_EQ(orders[0].price, 101);           // the best ask: crossing the spread
  EXPECT_EQ(orders[0].submitted, 20 * kMs);  // the update that took imbalance to 0.714
  EXPECT_EQ(orders[0].filled, 1);
  EXPECT_EQ(sim.instance(0).known_position().position, 1);
}

TEST(ImbalanceTaker, ExitsOnReversal) {
  ImbalanceTaker::Settings s;
  s.threshold = 0.7;
  s.exit_threshold = 0.2;
  Simulator<ImbalanceTaker> sim;
  sim.signals().add({"queue_imbalance", {}, ""});
  sim.add_instance(ImbalanceTaker(s), fast_venue());
  // 10 ms, 60: I = 0.714 -> buy at 101. 20 ms, 30: I = 0.5, hold.
  // 30 ms, 5: I = (5-10)/15 = -0.333 <= -0.2 -> sell the 1 lot at the bid 100.
  sim.run(bid_size_path({60, 30, 5}));
  const auto orders = sim.instance(0).orders();
  ASSERT_EQ(orders.size(), 2u);
  EXPECT_EQ(orders[1].side, Side::sell);
  EXPECT_EQ(orders[1].price, 100);
  EXPECT_EQ(orders[1].submitted, 30 * kMs);
  EXPECT_EQ(sim.instance(0).known_position().position, 0);
  // Bought at 101, sold at 100: -1 tick x 1 lot.
  EXPECT_DOUBLE_EQ(sim.instance(0).known_position().realized(), -1.0);
}

TEST(ImbalanceTaker, UnknownSignalIsAClearError) {
  ImbalanceTaker::Settings s;
  s.signal = "ofi5";
  Simulator<ImbalanceTaker> sim;
  sim.signals().add({"queue_imbalance", {}, ""});
  sim.add_instance(ImbalanceTaker(s), fast_venue());
  try {
    sim.run(bid_size_path({40}));
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(),
                 "no signal named 'ofi5' in this run; configured signals: queue_imbalance");
  }
}

TEST(ImbalanceMarketMaker, QuotesAroundSkewedFairPriceAndRequotesOnlyBeyondTolerance) {
  ImbalanceMarketMaker::Settings s;
  s.half_spread_ticks = 1.0;
  s.imbalance_skew_ticks = 2.0;
  s.inventory_skew_ticks = 0.0;
  s.requote_ticks = 1;
  s.size = 2;
  Simulator<ImbalanceMarketMaker> sim;
  sim.signals().add({"queue_imbalance", {}, ""});
  sim.add_instance(ImbalanceMarketMaker(s), fast_venue());
  // t=1ms, I = 0: fair = 100.5 -> bid floor(99.5) = 99, ask ceil(101.5) = 102.
  // t=10ms, bid 90: I = (90-10)/100 = 0.8, fair = 100.5 + 1.6 = 102.1 -> bid floor(101.1) = 101,
  //   capped at best ask - 1 = 100: moves 1 tick from 99 (within tolerance 1) -> kept;
  //   ask ceil(103.1) = 104: 2 ticks from 102 -> modified to 104.
  sim.run(bid_size_path({90}));
  const auto orders = sim.instance(0).orders();
  ASSERT_EQ(orders.size(), 2u);
  const Order& bid = orders[0].side == Side::buy ? orders[0] : orders[1];
  const Order& ask = orders[0].side == Side::buy ? orders[1] : orders[0];
  EXPECT_EQ(bid.tif, TimeInForce::post_only);
  EXPECT_EQ(bid.price, 99);
  EXPECT_EQ(bid.qty, 2);
  EXPECT_EQ(ask.price, 104) << "modified from 102 after the imbalance moved fair value up";
  EXPECT_EQ(sim.instance(0).counts().modify_requests, 1);
}

TEST(ImbalanceMarketMaker, StopsQuotingTheSideThatWouldBreachTheInventoryLimit) {
  ImbalanceMarketMaker::Settings s;
  s.max_position = 1;
  s.size = 1;
  s.imbalance_skew_ticks = 0.0;
  s.inventory_skew_ticks = 0.0;
  s.half_spread_ticks = 0.5;  // quote at the touch: bid 100, ask 101
  Simulator<ImbalanceMarketMaker> sim;
  sim.signals().add({"queue_imbalance", {}, ""});
  sim.add_instance(ImbalanceMarketMaker(s), fast_venue());
  std::vector<Event> ev = bid_size_path({});
  ev.pop_back();
  // A sell aggressor sweeps the whole bid (10 lots ahead of us + our 1): we buy 1 and are long 1.
  ev.push_back(testing::trade(10 * kMs, Side::sell, 100, 11));
  ev.push_back(level(10 * kMs, Side::buy, 100, 0));
  ev.push_back(level(10 * kMs, Side::buy, 99, 5));
  ev.push_back(level(20 * kMs, Side::buy, 99, 6));
  ev.push_back(level(200 * kMs, Side::buy, 99, 7));
  sim.run(ev);
  EXPECT_EQ(sim.instance(0).known_position().position, 1);
  std::int64_t buys = 0;
  for (const Order& o : sim.instance(0).orders()) buys += o.side == Side::buy ? 1 : 0;
  EXPECT_EQ(buys, 1) << "long 1 with max_position 1: no new bid";
}

TEST(BuiltinParams, ValidatedWithRangesAndUnknownKeys) {
  Params p = Params::from_map({{"threshold", "1.5"}}, "strategy.params");
  EXPECT_THROW(ImbalanceTaker{p}, ConfigError);
  Params q = Params::from_map({{"half_spread", "1"}}, "strategy.params");
  try {
    ImbalanceMarketMaker mm(q);
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("strategy.params.half_spread: expected one of"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace tilt
