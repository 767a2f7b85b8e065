// The accountant (tilt/sim/accountant.hpp, position.hpp) and the fee models (fees.hpp), with
// numbers worked by hand, identities checked after every event, and partial fills reaching
// position and cash (hftbacktest issue #316 reports partial fills that never did).
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "adapters/synthetic/generator.hpp"
#include "support/sim_events.hpp"
#include "support/sim_market_maker.hpp"
#include "tilt/sim/simulator.hpp"

namespace tilt {
namespace {

using testing::level;
using testing::ScriptedStrategy;
using testing::trade;

/// Empty string when realized + unrealized = equity - start (to 1e-9 relative).
std::string identity_problem(const PositionState& s, double mark) {
  const double lhs = s.realized() + s.unrealized(mark);
  const double rhs = s.equity(mark) - static_cast<double>(s.start_cash);
  const double scale =
      std::max({1.0, std::fabs(lhs), std::fabs(rhs), std::fabs(static_cast<double>(s.cash))});
  if (std::fabs(lhs - rhs) > 1e-9 * scale) {
    return "realized + unrealized = " + std::to_string(lhs) +
           " but equity - start = " + std::to_string(rhs);
  }
  return {};
}

// Buy 10 @ 100, buy 10 @ 110: avg (1000 + 1100) / 20 = 105.
// Sell 15 @ 120: realized 15 x (120 - 105) = 225; 5 left at 105.
// Sell 10 @ 100: closes 5 -> realized += 5 x (100 - 105) = -25 -> 200; flips short 5 @ 100.
// Cash: -1000 - 1100 + 1800 + 1000 = 700 (exact). Mark 98: unrealized -5 x (98 - 100) = 10;
// equity 700 + (-5 x 98) = 210 = 200 + 10.
TEST(Position, HandWorkedRoundTrip) {
  PositionState s;
  s.apply_fill(Side::buy, 100, 10, Liquidity::maker, 0.0);
  s.apply_fill(Side::buy, 110, 10, Liquidity::maker, 0.0);
  EXPECT_DOUBLE_EQ(s.avg_price, 105.0);
  s.apply_fill(Side::sell, 120, 15, Liquidity::taker, 0.0);
  EXPECT_DOUBLE_EQ(s.realized(), 225.0);
  EXPECT_EQ(s.position, 5);
  EXPECT_DOUBLE_EQ(s.avg_price, 105.0);
  s.apply_fill(Side::sell, 100, 10, Liquidity::taker, 0.0);
  EXPECT_DOUBLE_EQ(s.realized(), 200.0);
  EXPECT_EQ(s.position, -5);
  EXPECT_DOUBLE_EQ(s.avg_price, 100.0);
  EXPECT_EQ(s.cash, 700);
  EXPECT_DOUBLE_EQ(s.unrealized(98.0), 10.0);
  EXPECT_DOUBLE_EQ(s.equity(98.0), 210.0);
  EXPECT_EQ(s.volume, 45);
  EXPECT_EQ(s.maker_volume, 20);
  EXPECT_EQ(s.notional, 1000 + 1100 + 1800 + 1000);
}

TEST(Position, IdentitiesHoldAfterEveryRandomFill) {
  std::mt19937_64 rng(42);
  PositionState s;
  s.start_cash = 1'000'000;
  s.cash = s.start_cash;
  for (int i = 0; i < 20'000; ++i) {
    const Side side = rng() % 2 ? Side::buy : Side::sell;
    const Price price = 1000 + static_cast<Price>(rng() % 50);
    const Qty qty = 1 + static_cast<Qty>(rng() % 9);
    s.apply_fill(side, price, qty, Liquidity::maker, static_cast<double>(rng() % 7) * 0.25 - 0.5);
    const double mark = 1000.0 + static_cast<double>(rng() % 100) * 0.5;
    ASSERT_EQ(identity_problem(s, mark), "") << "after fill " << i;
  }
}

// Fees: maker -0.0001 x (100 x 5) = -0.05 (a rebate); taker 0.0005 x (101 x 3) = 0.1515.
// Per lot: maker -0.25 x 5 = -1.25; taker 0.5 x 3 = 1.5.
TEST(Fees, NotionalAndPerLot) {
  const FeeModel notional = NotionalFee{-0.0001, 0.0005};
  EXPECT_DOUBLE_EQ(fee_for(notional, Liquidity::maker, 100, 5), -0.05);
  EXPECT_DOUBLE_EQ(fee_for(notional, Liquidity::taker, 101, 3), 0.1515);
  const FeeModel per_lot = PerLotFee{-0.25, 0.5};
  EXPECT_DOUBLE_EQ(fee_for(per_lot, Liquidity::maker, 100, 5), -1.25);
  EXPECT_DOUBLE_EQ(fee_for(per_lot, Liquidity::taker, 101, 3), 1.5);
}

// Partial fills reach position and cash. Post-only buy 10 @ 100 joins behind 30 (ahead 30).
// Trade 35 @ 100 at 2000: 30 ahead, 5 reach us -> position 5, cash -500, maker fee
// -0.0001 x 500 = -0.05. Trade 10 @ 100 at 3000: the last 5 -> position 10, cash -1000.
// A taker IOC buy 3 @ 101 sent at 3900 reaches the venue at 4000 (entry latency 100): 3 @ 101 ->
// position 13, cash -1303, taker fee 0.0005 x 303 = 0.1515.
TEST(Accountant, PartialFillsReachPositionAndCash) {
  std::vector<Event> events = {level(0, Side::buy, 100, 30),     level(0, Side::sell, 101, 5),
                               trade(2000, Side::sell, 100, 35), level(2000, Side::buy, 100, 20),
                               trade(3000, Side::sell, 100, 10), level(3000, Side::buy, 100, 10),
                               level(9000, Side::sell, 102, 4)};
  Simulator<ScriptedStrategy> sim;
  InstanceConfig config;
  config.latency = ConstantLatency{100, 100};
  config.fees = NotionalFee{-0.0001, 0.0005};
  sim.add_instance(
      ScriptedStrategy({{1000, [](StrategyContext& c) { c.post_only(Side::buy, 100, 10); }},
                        {2150,
                         [](StrategyContext& c) {
                           EXPECT_EQ(c.inventory(), 5);  // the partial fill reached the strategy
                           EXPECT_EQ(c.position().cash, -500);
                           EXPECT_EQ(c.order(OrderId{1}).state, OrderState::open);
                           EXPECT_EQ(c.order(OrderId{1}).filled, 5);
                         }},
                        {3900, [](StrategyContext& c) { c.ioc(Side::buy, 101, 3); }}}),
      config);
  sim.run(events);
  const Accountant& a = sim.instance(0).accountant();
  ASSERT_EQ(a.fills().size(), 3u);
  EXPECT_EQ(a.fills()[0].qty, 5);
  EXPECT_EQ(a.fills()[0].position_after, 5);
  EXPECT_EQ(a.fills()[1].position_after, 10);
  EXPECT_EQ(a.fills()[2].liquidity, Liquidity::taker);
  EXPECT_EQ(a.position().position, 13);
  EXPECT_EQ(a.position().cash, -1303);
  EXPECT_NEAR(a.position().fees, -0.05 - 0.05 + 0.1515, 1e-12);
  EXPECT_EQ(sim.instance(0).known_position().position, 13);
  EXPECT_EQ(sim.instance(0).known_position().cash, -1303);
  EXPECT_EQ(sim.instance(0).order(OrderId{1}).state, OrderState::filled);
}

// Samples every second of exchange time from the first event (t0 = 0): at 1 s, 2 s, 3 s and a
// final one at the end (3.5 s). Book at 0: bid 100 / ask 101, mid 100.5. An IOC buy 2 @ 101 sent at
// 0.5 s (no latency) fills 2 @ 101 as taker; mid at the fill 100.5; cash -202.
// At 0.55 s the book moves to bid 101 / ask 102 (mid 101.5); at 1.2 s to bid 99 / ask 100
// (mid 99.5). Markouts, buy: +1 x (mid(t + h) - 100.5):
//   h = 100 ms: mid at 0.6 s = 101.5 -> +1.0;  h = 1 s: mid at 1.5 s = 99.5 -> -1.0;
//   h = 10 s: beyond the end of the data -> NaN.
// Equity at 1 s: -202 + 2 x 101.5 = 1.0; at 2 s: -202 + 2 x 99.5 = -3.0.
TEST(Accountant, SamplesAndMarkouts) {
  std::vector<Event> events = {
      level(0, Side::buy, 100, 10),
      level(0, Side::sell, 101, 10),
      level(550'000'000, Side::sell, 102, 10),
      level(550'000'000, Side::sell, 101, 0),
      level(550'000'000, Side::buy, 101, 5),  // bid 101 / ask 102: mid 101.5
      level(1'200'000'000, Side::buy, 101, 0),
      level(1'200'000'000, Side::buy, 99, 5),
      level(1'200'000'000, Side::buy, 100, 0),
      level(1'200'000'000, Side::sell, 100, 7),
      level(1'200'000'000, Side::sell, 102, 0),  // bid 99 / ask 100: mid 99.5
      level(3'500'000'000, Side::buy, 99, 6)};
  Simulator<ScriptedStrategy> sim;
  InstanceConfig config;
  config.latency = ConstantLatency{0, 0};
  config.accounting.sample_interval = kSecond;
  config.accounting.markout_horizons = {100 * kMillisecond, kSecond, 10 * kSecond};
  sim.add_instance(
      ScriptedStrategy({{500'000'000, [](StrategyContext& c) { c.ioc(Side::buy, 101, 2); }}}),
      config);
  sim.run(events);
  const Accountant& a = sim.instance(0).accountant();
  ASSERT_EQ(a.fills().size(), 1u);
  EXPECT_EQ(a.fills()[0].price, 101);
  EXPECT_DOUBLE_EQ(a.fills()[0].mid, 100.5);
  EXPECT_DOUBLE_EQ(a.markout(0, 0), 1.0);
  EXPECT_DOUBLE_EQ(a.markout(0, 1), -1.0);
  EXPECT_TRUE(std::isnan(a.markout(0, 2)));
  const auto samples = a.samples();
  ASSERT_EQ(samples.size(), 4u);
  EXPECT_EQ(samples[0].ts, kSecond);
  EXPECT_DOUBLE_EQ(samples[0].equity, 1.0);
  EXPECT_EQ(samples[1].ts, 2 * kSecond);
  EXPECT_DOUBLE_EQ(samples[1].equity, -3.0);
  EXPECT_EQ(samples[3].ts, 3'500'000'000);
  for (const auto& s : samples) {
    EXPECT_DOUBLE_EQ(s.realized + s.unrealized, s.equity);  // start cash is 0
  }
  // Peak 1.0 (at 1 s) to -3.0: drawdown 4 tick·lots = 4 x 0.01 x 1 = 0.04 in currency.
  const AccountSummary summary = a.summary(synthetic::synthetic_instrument());
  EXPECT_NEAR(summary.max_drawdown, 0.04, 1e-12);
  EXPECT_EQ(summary.max_abs_inventory, 2);
  // |inventory| 2 from 0.5 s to 3.5 s over a 3.5 s run: 2 x 3 / 3.5.
  EXPECT_NEAR(summary.time_weighted_abs_inventory, 6.0 / 3.5, 1e-12);
  EXPECT_DOUBLE_EQ(summary.maker_share, 0.0);
}

// The strategy-side identities hold at every callback of a real run, and the venue-side ones at
// every sample.
class IdentityChecker {
 public:
  explicit IdentityChecker(testing::MarketMakerParams p) : maker_(p) {}
  void on_start(StrategyContext& c) { check(c); }
  void on_book(StrategyContext& c, const Event& e) {
    check(c);
    maker_.on_book(c, e);
  }
  void on_trade(StrategyContext& c, const Event&) { check(c); }
  void on_order_update(StrategyContext& c, const OrderUpdate& u) {
    check(c);
    maker_.on_order_update(c, u);
  }
  void on_timer(StrategyContext& c, TimerId) { check(c); }
  void on_finish(StrategyContext& c) { check(c); }
  std::int64_t checks = 0;

 private:
  void check(StrategyContext& c) {
    const double mark = std::isnan(c.mid()) ? 0.0 : c.mid();
    ASSERT_EQ(identity_problem(c.position(), mark), "");
    ++checks;
  }
  testing::SimMarketMaker maker_;
};

TEST(Accountant, IdentitiesHoldThroughARun) {
  synthetic::Params p;
  p.events = 20'000;
  p.mean_level_size = 6;
  p.trade_probability = 0.2;
  const auto events = synthetic::generate_all(p);
  for (const bool by_modify : {false, true}) {
    SCOPED_TRACE(by_modify ? "requotes by modify" : "requotes by cancel and new order");
    Simulator<IdentityChecker> sim;
    InstanceConfig config;
    config.latency = ConstantLatency{100 * kMicrosecond, 100 * kMicrosecond};
    config.fees = NotionalFee{-0.0001, 0.0004};
    config.accounting.start_cash = 5'000'000;
    testing::MarketMakerParams params{1, 4, 0.3, {}};
    params.requote_by_modify = by_modify;
    sim.add_instance(IdentityChecker(params), config);
    sim.run(events);
    EXPECT_GT(sim.strategy(0).checks, 20'000);
    const Accountant& a = sim.instance(0).accountant();
    EXPECT_GT(a.fills().size(), 20u);
    for (const EquitySample& s : a.samples()) {
      EXPECT_NEAR(s.realized + s.unrealized, s.equity - 5'000'000.0, 1e-6);
    }
    // The strategy's view catches up with the venue's once every response has arrived.
    const auto summary = sim.instance(0).summary(synthetic::synthetic_instrument());
    EXPECT_GT(summary.orders.submitted, 0);
    EXPECT_EQ(summary.orders.modify_requests > 0, by_modify);
    EXPECT_GT(summary.fill_ratio, 0.0);
    EXPECT_LE(summary.fill_ratio, 1.0);
    EXPECT_DOUBLE_EQ(summary.account.maker_share, 1.0);  // post-only quotes only
  }
}

}  // namespace
}  // namespace tilt
