// Ordered latency sessions (latency.hpp) and requests in flight (instance.hpp): hand-worked
// scenarios through the whole Simulator. Every expected time is worked out in the comments.
#include <gtest/gtest.h>

#include "support/sim_events.hpp"
#include "tilt/sim/simulator.hpp"

namespace tilt {
namespace {

using testing::level;
using testing::ScriptedStrategy;
using testing::trade;

std::vector<Event> base_book() {
  return {level(0, Side::buy, 100, 10), level(0, Side::sell, 101, 5), level(0, Side::sell, 102, 5)};
}

std::vector<UpdateKind> kinds(const std::vector<OrderUpdate>& updates) {
  std::vector<UpdateKind> out;
  for (const auto& u : updates) out.push_back(u.kind);
  return out;
}

// Recorded latency rows (req_ts, exch_ts, resp_ts): (0, 100, 10100) and (5000, 5100, 5200).
// A post-only buy 2 @ 100 sent at 0 draws entry 100 and ack response 10000 (row 0 exactly): it
// rests at 100 behind 10 lots, and its ack leaves for the strategy at 100 + 10000 = 10100.
// A sell trade of 12 @ 100 at 3000 fills it; that fill's response latency is interpolated at
// w = 3000 / 5000 = 0.6: 0.4 * 10000 + 0.6 * 100 = 4060, so it would reach the strategy at 7060,
// before the ack, and abort the run (fill in pending_new). The ordered session holds it until the
// ack: both arrive at 10100, ack first.
TEST(OrderedLatency, FillNeverOvertakesTheAck) {
  auto events = base_book();
  events.push_back(trade(3000, Side::sell, 100, 12));
  events.push_back(level(3000, Side::buy, 100, 0));
  events.push_back(level(20000, Side::buy, 99, 4));
  Simulator<ScriptedStrategy> sim;
  InstanceConfig config;
  config.latency = RecordedLatency({{0, 100, 10100}, {5000, 5100, 5200}});
  sim.add_instance(
      ScriptedStrategy({{0, [](StrategyContext& c) { c.post_only(Side::buy, 100, 2); }}}), config);
  ASSERT_NO_THROW(sim.run(events));
  const auto& u = sim.strategy(0).updates;
  ASSERT_EQ(kinds(u), (std::vector{UpdateKind::accepted, UpdateKind::fill}));
  EXPECT_EQ(u[0].local_ts, 10100);
  EXPECT_EQ(u[1].exch_ts, 3000);
  EXPECT_EQ(u[1].local_ts, 10100);
  EXPECT_EQ(sim.instance(0).order(OrderId{1}).state, OrderState::filled);
}

// Rows (0, 1000, 1100) and (10, 20, 120). A post-only buy 1 @ 99 sent at 0 draws entry 1000 and
// arrives at 1000. Its cancel, sent at 10 (while pending_new), draws entry 10 (row 1): it would
// arrive at 20, before the order, and be answered not_open. The ordered session makes it arrive
// at 1000 right behind the order: the venue accepts, then cancels it. Answers: ack at
// 1000 + 100 = 1100 (row 0's response), cancelled at 1000 + 100 = 1100, in that order.
TEST(OrderedLatency, RequestNeverOvertakesAnEarlierOne) {
  auto events = base_book();
  events.push_back(level(5000, Side::buy, 99, 4));
  Simulator<ScriptedStrategy> sim;
  InstanceConfig config;
  config.latency = RecordedLatency({{0, 1000, 1100}, {10, 20, 120}});
  RequestResult result = RequestResult::not_working;
  sim.add_instance(
      ScriptedStrategy({{0, [](StrategyContext& c) { c.post_only(Side::buy, 99, 1); }},
                        {10, [&](StrategyContext& c) { result = c.cancel(OrderId{1}); }}}),
      config);
  sim.run(events);
  EXPECT_EQ(result, RequestResult::sent);
  const auto& u = sim.strategy(0).updates;
  ASSERT_EQ(kinds(u), (std::vector{UpdateKind::accepted, UpdateKind::cancelled}));
  EXPECT_EQ(u[0].exch_ts, 1000);
  EXPECT_EQ(u[1].exch_ts, 1000);
  EXPECT_EQ(u[1].local_ts, 1100);
  EXPECT_EQ(sim.instance(0).order(OrderId{1}).state, OrderState::cancelled);
  EXPECT_TRUE(sim.instance(0).venue().resting(Side::buy).empty());
}

// Constant latency 300 / 200. A post-only buy 1 @ 99 and its cancel, both sent at 1000: the cancel
// is sent (pending_new is no obstacle), both arrive at 1300 in order, and the answers come back at
// 1500: accepted (the order is then pending_cancel: its cancel is on the way), then cancelled.
TEST(RequestsInFlight, CancelOfPendingNewIsHandledAfterTheOrder) {
  auto events = base_book();
  events.push_back(level(5000, Side::buy, 99, 4));
  Simulator<ScriptedStrategy> sim;
  InstanceConfig config;
  config.latency = ConstantLatency{300, 200};
  std::vector<OrderState> states_seen;
  RequestResult result = RequestResult::not_working;
  sim.add_instance(ScriptedStrategy({{1000,
                                      [&](StrategyContext& c) {
                                        const OrderId id = c.post_only(Side::buy, 99, 1);
                                        EXPECT_TRUE(c.can_cancel(id));
                                        result = c.cancel(id);
                                        states_seen.push_back(c.order(id).state);
                                        EXPECT_FALSE(c.can_cancel(id));  // one at a time
                                      }}}),
                   config);
  sim.run(events);
  EXPECT_EQ(result, RequestResult::sent);
  EXPECT_EQ(states_seen, std::vector{OrderState::pending_new});
  const auto& u = sim.strategy(0).updates;
  ASSERT_EQ(kinds(u), (std::vector{UpdateKind::accepted, UpdateKind::cancelled}));
  EXPECT_EQ(u[0].local_ts, 1500);
  EXPECT_EQ(u[1].local_ts, 1500);
  const Order& o = sim.instance(0).order(OrderId{1});
  EXPECT_EQ(o.state, OrderState::cancelled);
  EXPECT_EQ(o.pending, PendingRequest::none);
  EXPECT_EQ(sim.instance(0).counts().cancel_requests, 1);
}

// A modify sent with its order (both at 1000, constant latency 300 / 200) reaches the venue right
// behind it at 1300 and takes effect: 99 x 1 becomes 98 x 3. At 1400 the strategy has heard
// nothing yet (pending_new); the ack and `modified` both come back at 1500.
TEST(RequestsInFlight, ModifyOfPendingNewIsHandledAfterTheOrder) {
  auto events = base_book();
  events.push_back(level(5000, Side::buy, 97, 4));
  Simulator<ScriptedStrategy> sim;
  InstanceConfig config;
  config.latency = ConstantLatency{300, 200};
  OrderState at_1400 = OrderState::rejected;
  sim.add_instance(
      ScriptedStrategy({{1000,
                         [&](StrategyContext& c) {
                           const OrderId id = c.post_only(Side::buy, 99, 1);
                           EXPECT_EQ(c.modify(id, 98, 3), RequestResult::sent);
                         }},
                        {1400, [&](StrategyContext& c) { at_1400 = c.order(OrderId{1}).state; }}}),
      config);
  sim.run(events);
  EXPECT_EQ(at_1400, OrderState::pending_new);
  const auto& u = sim.strategy(0).updates;
  ASSERT_EQ(kinds(u), (std::vector{UpdateKind::accepted, UpdateKind::modified}));
  const Order& o = sim.instance(0).order(OrderId{1});
  EXPECT_EQ(o.state, OrderState::open);
  EXPECT_EQ(o.price, 98);
  EXPECT_EQ(o.leaves, 3);
  ASSERT_EQ(sim.instance(0).venue().resting(Side::buy).size(), 1u);
  EXPECT_EQ(sim.instance(0).venue().resting(Side::buy)[0].price, 98);
}

// A second modify while one is pending is not sent: modify returns request_pending, can_modify
// and can_cancel say false, and nothing reaches the venue (one modify request counted, one
// `modified` answer). After the answer (at 2000 + 300 + 200 = 2500) the order can be modified
// again. A cancel of the finished order later returns not_working. No run abort anywhere.
TEST(RequestsInFlight, SecondModifyWhilePendingGivesATestableAnswer) {
  auto events = base_book();
  events.push_back(level(9000, Side::buy, 97, 4));
  Simulator<ScriptedStrategy> sim;
  InstanceConfig config;
  config.latency = ConstantLatency{300, 200};
  std::vector<RequestResult> results;
  std::vector<bool> can;
  sim.add_instance(
      ScriptedStrategy({{1000, [](StrategyContext& c) { c.post_only(Side::buy, 99, 1); }},
                        {2000,
                         [&](StrategyContext& c) {
                           results.push_back(c.modify(OrderId{1}, 98, 2));
                           results.push_back(c.modify(OrderId{1}, 97, 2));
                           results.push_back(c.cancel(OrderId{1}));
                           can.push_back(c.can_modify(OrderId{1}));
                           can.push_back(c.can_cancel(OrderId{1}));
                         }},
                        {2600,
                         [&](StrategyContext& c) {
                           can.push_back(c.can_modify(OrderId{1}));
                           results.push_back(c.cancel(OrderId{1}));
                         }},
                        {4000,
                         [&](StrategyContext& c) {
                           results.push_back(c.cancel(OrderId{1}));
                           results.push_back(c.modify(OrderId{1}, 98, 1));
                         }}}),
      config);
  ASSERT_NO_THROW(sim.run(events));
  EXPECT_EQ(results, (std::vector{RequestResult::sent, RequestResult::request_pending,
                                  RequestResult::request_pending, RequestResult::sent,
                                  RequestResult::not_working, RequestResult::not_working}));
  EXPECT_EQ(can, (std::vector{false, false, true}));
  const auto& u = sim.strategy(0).updates;
  ASSERT_EQ(kinds(u),
            (std::vector{UpdateKind::accepted, UpdateKind::modified, UpdateKind::cancelled}));
  EXPECT_EQ(u[1].price, 98);
  EXPECT_EQ(u[1].local_ts, 2500);
  EXPECT_EQ(sim.instance(0).counts().modify_requests, 1);
  EXPECT_EQ(sim.instance(0).counts().cancel_requests, 1);
}

// A cancel that crosses a fill on the wire. Constant latency 300 / 200; a post-only buy 2 @ 100
// rests behind 10 lots (ack at 1500). A sell trade of 12 @ 100 at 2000 fills it; the fill reaches
// the strategy at 2200. At 2100 the strategy still sees it open and cancels: the cancel arrives at
// 2400, finds nothing, and is answered cancel_rejected (not_open) at 2600; the order stays filled.
TEST(RequestsInFlight, CancelCrossingAFillIsCancelRejected) {
  auto events = base_book();
  events.push_back(trade(2000, Side::sell, 100, 12));
  events.push_back(level(2000, Side::buy, 100, 0));
  events.push_back(level(5000, Side::buy, 99, 4));
  Simulator<ScriptedStrategy> sim;
  InstanceConfig config;
  config.latency = ConstantLatency{300, 200};
  RequestResult result = RequestResult::not_working;
  sim.add_instance(
      ScriptedStrategy({{1000, [](StrategyContext& c) { c.post_only(Side::buy, 100, 2); }},
                        {2100, [&](StrategyContext& c) { result = c.cancel(OrderId{1}); }}}),
      config);
  sim.run(events);
  EXPECT_EQ(result, RequestResult::sent);
  const auto& u = sim.strategy(0).updates;
  ASSERT_EQ(kinds(u),
            (std::vector{UpdateKind::accepted, UpdateKind::fill, UpdateKind::cancel_rejected}));
  EXPECT_EQ(u[1].local_ts, 2200);
  EXPECT_EQ(u[2].reason, RejectReason::not_open);
  EXPECT_EQ(u[2].exch_ts, 2400);
  EXPECT_EQ(u[2].local_ts, 2600);
  EXPECT_EQ(sim.instance(0).order(OrderId{1}).state, OrderState::filled);
}

// A cancel sent before its order's rejection comes back: the post-only buy @ 101 crosses the ask
// and is rejected (would_cross); the cancel behind it is answered cancel_rejected (not_open), and
// the order stays rejected.
TEST(RequestsInFlight, CancelOfAnOrderThatIsRejected) {
  auto events = base_book();
  events.push_back(level(5000, Side::buy, 99, 4));
  Simulator<ScriptedStrategy> sim;
  InstanceConfig config;
  config.latency = ConstantLatency{300, 200};
  sim.add_instance(ScriptedStrategy({{1000,
                                      [](StrategyContext& c) {
                                        const OrderId id = c.post_only(Side::buy, 101, 1);
                                        c.cancel(id);
                                      }}}),
                   config);
  ASSERT_NO_THROW(sim.run(events));
  const auto& u = sim.strategy(0).updates;
  ASSERT_EQ(kinds(u), (std::vector{UpdateKind::rejected, UpdateKind::cancel_rejected}));
  EXPECT_EQ(sim.instance(0).order(OrderId{1}).state, OrderState::rejected);
}

}  // namespace
}  // namespace tilt
