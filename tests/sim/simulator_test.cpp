// Engine-level tests of Simulator: tie order (R1), latency, what the strategy may see, and the
// multi-instance replay.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>

#include "adapters/synthetic/generator.hpp"
#include "support/naive_book.hpp"
#include "support/sim_events.hpp"
#include "support/sim_market_maker.hpp"
#include "tilt/sim/simulator.hpp"

namespace tilt {
namespace {

using testing::level;
using testing::ScriptedStrategy;
using testing::trade;

std::vector<Event> base_book() {
  return {level(0, Side::buy, 100, 10), level(0, Side::sell, 101, 5), level(0, Side::sell, 102, 5)};
}

// R1: at equal time, market data is applied before our order arrives. The IOC buy @ 101 is sent
// at 500 and arrives at 500 + 500 = 1000, the instant the data removes the 101 ask: it finds 102
// as the best ask, does not cross, and expires. Its answers come back at 1000 + 200 = 1200.
TEST(Simulator, R1_MarketDataBeforeOrderArrivalAtEqualTime) {
  auto events = base_book();
  events.push_back(level(1000, Side::sell, 101, 0));
  events.push_back(level(5000, Side::buy, 100, 11));
  Simulator<ScriptedStrategy> sim;
  InstanceConfig config;
  config.latency = ConstantLatency{500, 200};
  sim.add_instance(ScriptedStrategy({{500, [](StrategyContext& c) { c.ioc(Side::buy, 101, 5); }}}),
                   config);
  sim.run(events);
  const auto& u = sim.strategy(0).updates;
  ASSERT_EQ(u.size(), 2u);
  EXPECT_EQ(u[0].kind, UpdateKind::accepted);
  EXPECT_EQ(u[1].kind, UpdateKind::cancelled);
  EXPECT_EQ(u[1].exch_ts, 1000);
  EXPECT_EQ(u[1].local_ts, 1200);
  EXPECT_TRUE(sim.instance(0).accountant().fills().empty());
}

// Entry 300, response 200. A post-only buy 2 @ 100 sent at 1000 reaches the venue at 1300 behind
// the 10-lot bid; the ack reaches the strategy at 1500. The bid grows to 14 at 1500 (behind us, so
// 10 stay ahead). A sell trade of 12 @ 100 at 2000 eats the 10 ahead and fills our 2 at exchange
// time 2000; the strategy hears of it at 2200, and only then does
// its known position change, while the accountant has had it since 2000.
TEST(Simulator, LatencyOnEveryLeg) {
  auto events = base_book();
  events.push_back(level(1500, Side::buy, 100, 14));
  events.push_back(trade(2000, Side::sell, 100, 12));
  events.push_back(level(2000, Side::buy, 100, 2));
  events.push_back(level(3000, Side::buy, 99, 4));
  Simulator<ScriptedStrategy> sim;
  InstanceConfig config;
  config.latency = ConstantLatency{300, 200};
  sim.add_instance(
      ScriptedStrategy({{1000, [](StrategyContext& c) { c.post_only(Side::buy, 100, 2); }},
                        {2100, [](StrategyContext& c) { EXPECT_EQ(c.inventory(), 0); }},
                        {2300, [](StrategyContext& c) { EXPECT_EQ(c.inventory(), 2); }}}),
      config);
  sim.run(events);
  const auto& u = sim.strategy(0).updates;
  ASSERT_EQ(u.size(), 2u);
  EXPECT_EQ(u[0].kind, UpdateKind::accepted);
  EXPECT_EQ(u[0].exch_ts, 1300);
  EXPECT_EQ(u[0].local_ts, 1500);
  EXPECT_EQ(u[1].kind, UpdateKind::fill);
  EXPECT_EQ(u[1].qty, 2);
  EXPECT_EQ(u[1].exch_ts, 2000);
  EXPECT_EQ(u[1].local_ts, 2200);
  const auto fills = sim.instance(0).accountant().fills();
  ASSERT_EQ(fills.size(), 1u);
  EXPECT_EQ(fills[0].exch_ts, 2000);
  // Every callback happened at the time the scenario says.
  for (const auto& s : sim.strategy(0).seen) {
    if (s.what == testing::Seen::What::update) {
      EXPECT_EQ(s.now, s.update.local_ts);
    }
  }
}

// A latency row marks the request as rejected: no arrival, a rejection after the recorded delay.
TEST(Simulator, LatencyDataRejection) {
  auto events = base_book();
  events.push_back(level(9000, Side::buy, 100, 12));
  Simulator<ScriptedStrategy> sim;
  InstanceConfig config;
  config.latency = RecordedLatency({{0, 100, 200}, {1000, 0, 1700}});
  sim.add_instance(
      ScriptedStrategy({{1200, [](StrategyContext& c) { c.post_only(Side::buy, 99, 1); }}}),
      config);
  sim.run(events);
  const auto& u = sim.strategy(0).updates;
  ASSERT_EQ(u.size(), 1u);
  EXPECT_EQ(u[0].kind, UpdateKind::rejected);
  EXPECT_EQ(u[0].reason, RejectReason::latency_reject);
  EXPECT_EQ(u[0].local_ts, 1200 + 700);
  EXPECT_EQ(sim.instance(0).order(OrderId{1}).state, OrderState::rejected);
}

// An invalid request surfaces as an OrderError naming the order, never as a silent no-op.
TEST(Simulator, InvalidRequestThrowsOrderError) {
  auto events = base_book();
  events.push_back(level(9000, Side::buy, 100, 12));
  Simulator<ScriptedStrategy> sim;
  sim.add_instance(ScriptedStrategy({{1000, [](StrategyContext& c) {
                                        const OrderId id = c.post_only(Side::buy, 99, 1);
                                        c.modify(id, 99, 0);  // size 0: cancel instead
                                      }}}));
  try {
    sim.run(events);
    FAIL() << "expected OrderError";
  } catch (const OrderError& e) {
    EXPECT_EQ(e.order_id(), OrderId{1});
    EXPECT_EQ(e.state(), OrderState::pending_new);
    EXPECT_EQ(e.event(), OrderEvent::modify_request);
  }
}

synthetic::Params small_market(std::int64_t n = 30'000) {
  synthetic::Params p;
  p.events = n;
  p.seed = 7;
  p.levels = 6;
  p.mean_level_size = 8;
  p.trade_probability = 0.15;
  p.move_probability = 0.05;
  return p;
}

// The strategy never sees anything before its local time: at every callback, the local book is
// exactly the book of the events delivered so far, those all have local_ts <= now, and every event
// not yet delivered has local_ts >= now. Updates arrive at their local_ts, after their exch_ts.
class Peeker {
 public:
  Peeker(const std::vector<Event>* events, testing::MarketMakerParams params)
      : events_(events), maker_(params) {}
  void on_start(StrategyContext& ctx) { check(ctx); }
  void on_book(StrategyContext& ctx, const Event& e) {
    deliver(ctx, e);
    maker_.on_book(ctx, e);
  }
  void on_trade(StrategyContext& ctx, const Event& e) { deliver(ctx, e); }
  void on_order_update(StrategyContext& ctx, const OrderUpdate& u) {
    EXPECT_EQ(u.local_ts, ctx.now());
    EXPECT_LE(u.exch_ts, ctx.now());
    check(ctx);
    maker_.on_order_update(ctx, u);
    ++updates;
  }
  void on_timer(StrategyContext& ctx, TimerId) { check(ctx); }
  void on_finish(StrategyContext&) {}
  std::int64_t checks = 0;
  std::int64_t updates = 0;

 private:
  // The strategy sees whole messages: the reference book takes every raw event of e's message.
  void deliver(StrategyContext& ctx, const Event& e) {
    ASSERT_LT(delivered_, events_->size() + 1);
    EXPECT_EQ(e.local_ts, ctx.now());
    if (delivered_ == 0 || (*events_)[delivered_ - 1].exch_ts != e.exch_ts) {
      ASSERT_LT(delivered_, events_->size());
      EXPECT_EQ((*events_)[delivered_].exch_ts, e.exch_ts);
      while (delivered_ < events_->size() && (*events_)[delivered_].exch_ts == e.exch_ts)
        reference_.apply((*events_)[delivered_++]);
      reference_.end_message();
    }
    check(ctx);
  }
  void check(StrategyContext& ctx) {
    ++checks;
    // local_ts is non-decreasing in the data (checked by the test), so the last delivered event
    // and the first undelivered one bound everything.
    if (delivered_ > 0) {
      ASSERT_LE((*events_)[delivered_ - 1].local_ts, ctx.now());
    }
    if (delivered_ < events_->size()) {
      ASSERT_GE((*events_)[delivered_].local_ts, ctx.now());
    }
    for (Side side : {Side::buy, Side::sell}) {
      ASSERT_EQ(ctx.book().depth(side), reference_.depth(side));
      for (std::size_t k = 0; k < 3; ++k) {
        ASSERT_EQ(ctx.book().level(side, k), reference_.level(side, k));
      }
    }
  }
  const std::vector<Event>* events_;
  testing::NaiveBook reference_;
  std::size_t delivered_ = 0;
  testing::SimMarketMaker maker_;
};

TEST(Simulator, StrategyNeverSeesTheFuture) {
  auto p = small_market(20'000);
  p.feed_latency_min = 2 * kMillisecond;  // several events in flight between the two clocks
  const auto events = synthetic::generate_all(p);
  for (std::size_t i = 1; i < events.size(); ++i) {
    ASSERT_GE(events[i].local_ts, events[i - 1].local_ts);
    ASSERT_GE(events[i].local_ts, events[i].exch_ts);
  }
  Simulator<Peeker> sim;
  InstanceConfig config;
  config.latency = ConstantLatency{300 * kMicrosecond, 300 * kMicrosecond};
  sim.add_instance(Peeker(&events, {}), config);
  sim.run(events);
  EXPECT_GT(sim.strategy(0).checks, static_cast<std::int64_t>(events.size()));
  EXPECT_GT(sim.strategy(0).updates, 100);  // the maker did trade, so updates were checked too
  EXPECT_GT(sim.instance(0).accountant().fills().size(), 10u);
}

// --- one replay, many instances ------------------------------------------------------------

bool same_double(double a, double b) {
  return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

void expect_same_results(const Instance& a, const Instance& b) {
  const auto fa = a.accountant().fills();
  const auto fb = b.accountant().fills();
  ASSERT_EQ(fa.size(), fb.size());
  for (std::size_t i = 0; i < fa.size(); ++i) {
    EXPECT_EQ(fa[i].exch_ts, fb[i].exch_ts);
    EXPECT_EQ(fa[i].order_id, fb[i].order_id);
    EXPECT_EQ(fa[i].side, fb[i].side);
    EXPECT_EQ(fa[i].price, fb[i].price);
    EXPECT_EQ(fa[i].qty, fb[i].qty);
    EXPECT_EQ(fa[i].liquidity, fb[i].liquidity);
    EXPECT_TRUE(same_double(fa[i].fee, fb[i].fee));
    EXPECT_EQ(fa[i].position_after, fb[i].position_after);
    EXPECT_TRUE(same_double(fa[i].mid, fb[i].mid));
  }
  const auto ma = a.accountant().markouts();
  const auto mb = b.accountant().markouts();
  ASSERT_EQ(ma.size(), mb.size());
  for (std::size_t i = 0; i < ma.size(); ++i) EXPECT_TRUE(same_double(ma[i], mb[i]));
  const auto sa = a.accountant().samples();
  const auto sb = b.accountant().samples();
  ASSERT_EQ(sa.size(), sb.size());
  for (std::size_t i = 0; i < sa.size(); ++i) {
    EXPECT_EQ(sa[i].ts, sb[i].ts);
    EXPECT_EQ(sa[i].position, sb[i].position);
    EXPECT_TRUE(same_double(sa[i].equity, sb[i].equity));
  }
  ASSERT_EQ(a.orders().size(), b.orders().size());
  for (std::size_t i = 0; i < a.orders().size(); ++i) {
    const Order& x = a.orders()[i];
    const Order& y = b.orders()[i];
    EXPECT_EQ(x.state, y.state);
    EXPECT_EQ(x.price, y.price);
    EXPECT_EQ(x.filled, y.filled);
    EXPECT_EQ(x.updated, y.updated);
  }
  EXPECT_EQ(a.accountant().position().cash, b.accountant().position().cash);
  EXPECT_EQ(a.accountant().position().position, b.accountant().position().position);
}

struct Variant {
  testing::MarketMakerParams params;
  InstanceConfig config;
};

std::vector<Variant> variants(SignalHandle qi) {
  Variant a;
  a.params = {1, 3, 0.3, qi};
  a.config.latency = ConstantLatency{200 * kMicrosecond, 150 * kMicrosecond};
  a.config.fees = NotionalFee{-0.0001, 0.0004};
  Variant b;
  b.params = {2, 6, 0.5, qi};
  b.config.latency = ConstantLatency{50 * kMicrosecond, 400 * kMicrosecond};
  b.config.matching.queue = PowerProbQueue{{2.0}};
  b.config.matching.partial_fills = false;
  b.config.accounting.sample_interval = 100 * kMillisecond;
  b.params.requote_by_modify = true;  // requotes by modify: the R10 path in a shared replay too
  return {a, b};
}

TEST(Simulator, TwoInstancesInOneReplayEqualTwoSeparateRuns) {
  const auto events = synthetic::generate_all(small_market());
  Simulator<testing::SimMarketMaker> together;
  const SignalHandle qi = together.signals().add({"queue_imbalance", {}, ""});
  together.signals().add({"ofi", {{"levels", "3"}}, ""});
  for (const Variant& v : variants(qi))
    together.add_instance(testing::SimMarketMaker(v.params), v.config);
  together.run(events);
  for (std::size_t i = 0; i < 2; ++i) {
    Simulator<testing::SimMarketMaker> alone;
    const SignalHandle h = alone.signals().add({"queue_imbalance", {}, ""});
    const Variant v = variants(h)[i];
    alone.add_instance(testing::SimMarketMaker(v.params), v.config);
    alone.run(events);
    SCOPED_TRACE(i);
    EXPECT_GT(alone.instance(0).accountant().fills().size(), 20u);
    expect_same_results(together.instance(i), alone.instance(0));
  }
}

// Same inputs, bit-identical outputs.
TEST(Simulator, Deterministic) {
  const auto events = synthetic::generate_all(small_market(10'000));
  auto run = [&] {
    auto sim = std::make_unique<Simulator<testing::SimMarketMaker>>();
    const SignalHandle qi = sim->signals().add({"queue_imbalance", {}, ""});
    const Variant v = variants(qi)[0];
    sim->add_instance(testing::SimMarketMaker(v.params), v.config);
    sim->run(events);
    return sim;
  };
  const auto a = run();
  const auto b = run();
  expect_same_results(a->instance(0), b->instance(0));
}

TEST(Simulator, OutOfOrderDataIsAnError) {
  std::vector<Event> events = base_book();
  events.push_back(level(500, Side::buy, 100, 3));
  events.push_back(level(400, Side::buy, 100, 4));
  Simulator<ScriptedStrategy> sim;
  sim.add_instance(ScriptedStrategy{});
  EXPECT_THROW(sim.run(events), Error);
}

// A feed never delivers before the venue published: a negative constant feed latency is refused
// when the simulator is made (zero is allowed).
TEST(Simulator, NegativeConstantFeedLatencyIsAnError) {
  SimConfig config;
  config.feed_latency = -1;
  EXPECT_THROW(Simulator<ScriptedStrategy>{config}, Error);
  config.feed_latency = 0;
  EXPECT_NO_THROW(Simulator<ScriptedStrategy>{config});
}

}  // namespace
}  // namespace tilt
