// One test per matching rule of tilt/sim/matching.hpp (R1 is in simulator_test.cpp), driving the
// Venue directly against an exchange book. Every expected number is worked by hand in comments.
#include <gtest/gtest.h>

#include "support/sim_events.hpp"
#include "tilt/sim/matching.hpp"

namespace tilt {
namespace {

using testing::level;
using testing::trade;

class MatchingTest : public ::testing::Test {
 protected:
  // Book: bids 100 x 30, 99 x 20; asks 101 x 5, 102 x 7, 103 x 10.
  void SetUp() override {
    book.set_level(Side::buy, 100, 30);
    book.set_level(Side::buy, 99, 20);
    book.set_level(Side::sell, 101, 5);
    book.set_level(Side::sell, 102, 7);
    book.set_level(Side::sell, 103, 10);
  }
  OrderRequest order(std::uint64_t id, Side side, Price price, Qty qty,
                     TimeInForce tif = TimeInForce::gtc, OrderType type = OrderType::limit) {
    return {RequestAction::submit, OrderId{id}, side, type, tif, price, qty};
  }
  std::vector<OrderUpdate> send(Venue& venue, const OrderRequest& r) {
    std::vector<OrderUpdate> out;
    venue.on_request(r, book, 1000, out);
    return out;
  }
  // Applies a level event to the book and the venue as the simulator does.
  std::vector<OrderUpdate> apply_level(Venue& venue, Side side, Price price, Qty qty) {
    const Event e = level(2000, side, price, qty);
    const Qty before = book.qty_at(side, price);
    book.apply(e);
    std::vector<OrderUpdate> out;
    venue.on_level(e, before, book.in_snapshot(), out);
    return out;
  }
  std::vector<OrderUpdate> apply_trade(Venue& venue, Side aggressor, Price price, Qty qty) {
    std::vector<OrderUpdate> out;
    venue.on_trade(trade(2000, aggressor, price, qty), out);
    return out;
  }
  OrderBook book;
};

void expect_fill(const OrderUpdate& u, Price price, Qty qty, Qty leaves, Liquidity liq) {
  EXPECT_EQ(u.kind, UpdateKind::fill);
  EXPECT_EQ(u.price, price);
  EXPECT_EQ(u.qty, qty);
  EXPECT_EQ(u.leaves, leaves);
  EXPECT_EQ(u.liquidity, liq);
}

// R2 + R3 (GTC): buy 20 @ 102 takes 101 x 5 and 102 x 7 (12 lots), 8 rest at 102 where no bid
// exists, so the queue ahead is 0.
TEST_F(MatchingTest, R2_GtcTakesLevelsThenRests) {
  Venue venue;
  const auto out = send(venue, order(1, Side::buy, 102, 20));
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].kind, UpdateKind::accepted);
  EXPECT_EQ(out[0].leaves, 20);
  expect_fill(out[1], 101, 5, 15, Liquidity::taker);
  expect_fill(out[2], 102, 7, 8, Liquidity::taker);
  ASSERT_EQ(venue.resting(Side::buy).size(), 1u);
  EXPECT_EQ(venue.resting(Side::buy)[0].leaves, 8);
  EXPECT_EQ(venue.resting(Side::buy)[0].price, 102);
  EXPECT_EQ(venue.resting(Side::buy)[0].queue.ahead, 0);
}

// R2: our fills do not change the replayed book: a second IOC buy 10 @ 102 takes 101 x 5 and
// 102 x 5 again.
TEST_F(MatchingTest, R2_ReplayedBookIsNotDepleted) {
  Venue venue;
  send(venue, order(1, Side::buy, 102, 12, TimeInForce::ioc));
  const auto out = send(venue, order(2, Side::buy, 102, 10, TimeInForce::ioc));
  ASSERT_EQ(out.size(), 3u);
  expect_fill(out[1], 101, 5, 5, Liquidity::taker);
  expect_fill(out[2], 102, 5, 0, Liquidity::taker);
}

// R2 with remember_consumed: after taking 101 x 5 and 102 x 7, a second IOC buy 10 @ 102 finds
// 5-5 = 0 and 7-7 = 0 lots: no fill, cancelled. The data then refreshes 101 to 6 lots: a third
// IOC buy 10 @ 101 takes those 6.
TEST_F(MatchingTest, R2_RememberConsumedUntilLevelRefresh) {
  Venue venue(MatchingConfig{RiskAverseQueue{}, true, true});
  send(venue, order(1, Side::buy, 102, 12, TimeInForce::ioc));
  auto out = send(venue, order(2, Side::buy, 102, 10, TimeInForce::ioc));
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[1].kind, UpdateKind::cancelled);
  apply_level(venue, Side::sell, 101, 6);
  out = send(venue, order(3, Side::buy, 101, 10, TimeInForce::ioc));
  ASSERT_EQ(out.size(), 3u);
  expect_fill(out[1], 101, 6, 4, Liquidity::taker);
  EXPECT_EQ(out[2].kind, UpdateKind::cancelled);
}

// R3 post-only: buy @ 101 would cross the 101 ask -> rejected; buy @ 100 rests behind 30 lots.
TEST_F(MatchingTest, R3_PostOnlyRejectedIfCrossing) {
  Venue venue;
  auto out = send(venue, order(1, Side::buy, 101, 3, TimeInForce::post_only));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].kind, UpdateKind::rejected);
  EXPECT_EQ(out[0].reason, RejectReason::would_cross);
  out = send(venue, order(2, Side::buy, 100, 3, TimeInForce::post_only));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].kind, UpdateKind::accepted);
  ASSERT_EQ(venue.resting(Side::buy).size(), 1u);
  EXPECT_EQ(venue.resting(Side::buy)[0].queue.ahead, 30);
}

// R3 IOC: bids are 100 x 30 and 99 x 20. Sell 25 @ 99 takes 25 at 100, nothing left to cancel.
// Sell 60 @ 99: 30 @ 100 + 20 @ 99 = 50 filled, 10 cancelled.
TEST_F(MatchingTest, R3_IocRemainderCancelled) {
  Venue venue;
  auto out = send(venue, order(1, Side::sell, 99, 25, TimeInForce::ioc));
  ASSERT_EQ(out.size(), 2u);
  expect_fill(out[1], 100, 25, 0, Liquidity::taker);
  out = send(venue, order(2, Side::sell, 99, 60, TimeInForce::ioc));
  ASSERT_EQ(out.size(), 4u);
  expect_fill(out[1], 100, 30, 30, Liquidity::taker);
  expect_fill(out[2], 99, 20, 10, Liquidity::taker);
  EXPECT_EQ(out[3].kind, UpdateKind::cancelled);
  EXPECT_TRUE(venue.resting(Side::sell).empty());
}

// R3 FOK: buy 13 @ 102 sees 5 + 7 = 12 < 13 -> cancelled with no fill; buy 12 @ 102 fills.
TEST_F(MatchingTest, R3_FokAllOrNothing) {
  Venue venue;
  auto out = send(venue, order(1, Side::buy, 102, 13, TimeInForce::fok));
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].kind, UpdateKind::accepted);
  EXPECT_EQ(out[1].kind, UpdateKind::cancelled);
  out = send(venue, order(2, Side::buy, 102, 12, TimeInForce::fok));
  ASSERT_EQ(out.size(), 3u);
  expect_fill(out[1], 101, 5, 7, Liquidity::taker);
  expect_fill(out[2], 102, 7, 0, Liquidity::taker);
}

// R3 market: buy 30 takes 5 @ 101, 7 @ 102, 10 @ 103 = 22; 8 cancelled.
TEST_F(MatchingTest, R3_MarketTakesAllLevels) {
  Venue venue;
  const auto out = send(venue, order(1, Side::buy, 0, 30, TimeInForce::ioc, OrderType::market));
  ASSERT_EQ(out.size(), 5u);
  expect_fill(out[1], 101, 5, 25, Liquidity::taker);
  expect_fill(out[2], 102, 7, 18, Liquidity::taker);
  expect_fill(out[3], 103, 10, 8, Liquidity::taker);
  EXPECT_EQ(out[4].kind, UpdateKind::cancelled);
}

// R4 + R5, partial fills on: buy 10 @ 100 joins behind 30. Sell trade 20 @ 100: ahead 30-20 = 10,
// no fill. Sell trade 15 @ 100: 10 ahead, excess 5 -> fill 5 (leaves 5). Sell trade 8: fill 5.
TEST_F(MatchingTest, R5_TradeAtPriceEatsQueueAheadFirst) {
  Venue venue;
  send(venue, order(1, Side::buy, 100, 10));
  EXPECT_EQ(venue.resting(Side::buy)[0].queue.ahead, 30);
  EXPECT_TRUE(apply_trade(venue, Side::sell, 100, 20).empty());
  EXPECT_EQ(venue.resting(Side::buy)[0].queue.ahead, 10);
  auto out = apply_trade(venue, Side::sell, 100, 15);
  ASSERT_EQ(out.size(), 1u);
  expect_fill(out[0], 100, 5, 5, Liquidity::maker);
  out = apply_trade(venue, Side::sell, 100, 8);
  ASSERT_EQ(out.size(), 1u);
  expect_fill(out[0], 100, 5, 0, Liquidity::maker);
  EXPECT_TRUE(venue.resting(Side::buy).empty());
}

// R5, partial fills off: same queue; the 15-lot trade leaves an excess of 5 < 10 leaves -> no
// fill, ahead 0. The next trade of 12 reaches us whole: 12 >= 10 -> fill all 10.
TEST_F(MatchingTest, R5_NoPartialFillsWaitsForWholeOrder) {
  Venue venue(MatchingConfig{RiskAverseQueue{}, false, false});
  send(venue, order(1, Side::buy, 100, 10));
  apply_trade(venue, Side::sell, 100, 20);
  EXPECT_TRUE(apply_trade(venue, Side::sell, 100, 15).empty());
  EXPECT_EQ(venue.resting(Side::buy)[0].queue.ahead, 0);
  EXPECT_TRUE(apply_trade(venue, Side::sell, 100, 9).empty());
  const auto out = apply_trade(venue, Side::sell, 100, 12);
  ASSERT_EQ(out.size(), 1u);
  expect_fill(out[0], 100, 10, 0, Liquidity::maker);
}

// R5: a trade whose aggressor is on our side (a buyer lifting asks) never touches our bid.
TEST_F(MatchingTest, R5_SameSideAggressorIgnored) {
  Venue venue;
  send(venue, order(1, Side::buy, 100, 10));
  EXPECT_TRUE(apply_trade(venue, Side::buy, 100, 50).empty());
  EXPECT_EQ(venue.resting(Side::buy)[0].queue.ahead, 30);
}

// R6, risk-averse: ahead 30. Level 30 -> 40 (growth joins behind): ahead 30. Level 40 -> 25
// (cancel of 15): ahead = min(30, 25) = 25. Trade 20 @ 100 then level 25 -> 5: the trade takes
// ahead to 5 and the level update, fully explained by the trade, leaves min(5, 5) = 5.
TEST_F(MatchingTest, R6_RiskAverseQueueOnlyShrinksToLevel) {
  Venue venue;
  send(venue, order(1, Side::buy, 100, 10));
  apply_level(venue, Side::buy, 100, 40);
  EXPECT_EQ(venue.resting(Side::buy)[0].queue.ahead, 30);
  apply_level(venue, Side::buy, 100, 25);
  EXPECT_EQ(venue.resting(Side::buy)[0].queue.ahead, 25);
  apply_trade(venue, Side::sell, 100, 20);
  apply_level(venue, Side::buy, 100, 5);
  EXPECT_EQ(venue.resting(Side::buy)[0].queue.ahead, 5);
  apply_level(venue, Side::buy, 100, 0);  // the level empties: nothing can be ahead
  EXPECT_EQ(venue.resting(Side::buy)[0].queue.ahead, 0);
}

// R7: a sell aggressor trading at 99 went through our 100 bid: all 10 leaves fill at 100, maker,
// even with partial fills off.
TEST_F(MatchingTest, R7_TradeThroughFillsAll) {
  Venue venue(MatchingConfig{RiskAverseQueue{}, false, false});
  send(venue, order(1, Side::buy, 100, 10));
  const auto out = apply_trade(venue, Side::sell, 99, 1);
  ASSERT_EQ(out.size(), 1u);
  expect_fill(out[0], 100, 10, 0, Liquidity::maker);
}

// R8: an ask appearing at 100 (0 -> 3 lots) crosses our 100 bid: fill all 10 at 100 as maker. A
// size decrease at a crossing price fills nothing.
TEST_F(MatchingTest, R8_CrossingLiquidityFills) {
  Venue venue;
  send(venue, order(1, Side::buy, 100, 10));
  book.set_level(Side::buy, 100, 0);  // make room for an ask at 100 without crossing the book
  auto out = apply_level(venue, Side::sell, 101, 4);  // 5 -> 4 at 101: not crossing
  EXPECT_TRUE(out.empty());
  out = apply_level(venue, Side::sell, 100, 3);
  ASSERT_EQ(out.size(), 1u);
  expect_fill(out[0], 100, 10, 0, Liquidity::maker);
}

// R8: the size a GTC order just swept (R2) does not fill its own remainder again; only new size.
TEST_F(MatchingTest, R8_SweptLevelDoesNotRefill) {
  Venue venue;
  send(venue, order(1, Side::buy, 101, 8));                     // takes 5 @ 101, 3 rest at 101
  EXPECT_TRUE(apply_level(venue, Side::sell, 101, 4).empty());  // data shrinks the ask: no fill
  const auto out = apply_level(venue, Side::sell, 101, 6);      // new size arrives: fill 3
  ASSERT_EQ(out.size(), 1u);
  expect_fill(out[0], 101, 3, 0, Liquidity::maker);
}

// R6 + R8 with orders on both sides: buys 1 (4 @ 99) and 2 (6 @ 100), sell 3 (5 @ 103, behind
// 10). A bid at 100 shrinking 30 -> 25 moves only order 2's queue (risk-averse: ahead 30 -> 25).
// An ask appearing at 99 (size 0 -> 2, after the bids leave) crosses both buys: both fill all
// their leaves as makers, in arrival order (1 then 2); the sell keeps its place (ahead 10).
TEST_F(MatchingTest, R8_FillsBothSidesListsInArrivalOrder) {
  Venue venue;
  send(venue, order(1, Side::buy, 99, 4));
  send(venue, order(2, Side::buy, 100, 6));
  send(venue, order(3, Side::sell, 103, 5));
  EXPECT_TRUE(apply_level(venue, Side::buy, 100, 25).empty());
  ASSERT_EQ(venue.resting(Side::buy).size(), 2u);
  EXPECT_EQ(venue.resting(Side::buy)[0].queue.ahead, 20);  // order 1 at 99: untouched
  EXPECT_EQ(venue.resting(Side::buy)[1].queue.ahead, 25);
  book.set_level(Side::buy, 100, 0);
  book.set_level(Side::buy, 99, 0);  // room for an ask at 99 without crossing the book
  const auto out = apply_level(venue, Side::sell, 99, 2);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].id, OrderId{1});
  expect_fill(out[0], 99, 4, 0, Liquidity::maker);
  EXPECT_EQ(out[1].id, OrderId{2});
  expect_fill(out[1], 100, 6, 0, Liquidity::maker);
  EXPECT_TRUE(venue.resting(Side::buy).empty());
  ASSERT_EQ(venue.resting(Side::sell).size(), 1u);
  EXPECT_EQ(venue.resting(Side::sell)[0].queue.ahead, 10);
}

// R9 looks the order up by id: a cancel that names the wrong side still cancels it.
TEST_F(MatchingTest, R9_CancelFindsTheOrderWhateverTheRequestSide) {
  Venue venue;
  send(venue, order(1, Side::sell, 103, 5));
  const OrderRequest c{RequestAction::cancel, OrderId{1}, Side::buy, OrderType::limit,
                       TimeInForce::gtc,      0,          0};
  const auto out = send(venue, c);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].kind, UpdateKind::cancelled);
  EXPECT_EQ(out[0].side, Side::sell);
  EXPECT_EQ(out[0].price, 103);
  EXPECT_TRUE(venue.resting(Side::sell).empty());
}

// R9: cancel removes the order; a second cancel finds nothing -> cancel_rejected(not_open).
TEST_F(MatchingTest, R9_Cancel) {
  Venue venue;
  send(venue, order(1, Side::buy, 100, 10));
  OrderRequest c{RequestAction::cancel, OrderId{1}, Side::buy, OrderType::limit,
                 TimeInForce::gtc,      0,          0};
  auto out = send(venue, c);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].kind, UpdateKind::cancelled);
  EXPECT_EQ(out[0].price, 100);
  out = send(venue, c);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].kind, UpdateKind::cancel_rejected);
  EXPECT_EQ(out[0].reason, RejectReason::not_open);
}

// R10: buy 10 @ 100 behind 30; trade 12 -> ahead 18. Size decrease 10 -> 6 keeps ahead 18. Size
// increase 6 -> 9 loses priority: ahead = level size 30. Price change to 99: ahead = 20. A
// modify to 101 would cross the 101 ask: rejected, order unchanged.
TEST_F(MatchingTest, R10_ModifyPriority) {
  Venue venue;
  send(venue, order(1, Side::buy, 100, 10));
  apply_trade(venue, Side::sell, 100, 12);
  EXPECT_EQ(venue.resting(Side::buy)[0].queue.ahead, 18);
  auto modify = [&](Price p, Qty q) {
    return send(venue, {RequestAction::modify, OrderId{1}, Side::buy, OrderType::limit,
                        TimeInForce::gtc, p, q});
  };
  auto out = modify(100, 6);
  EXPECT_EQ(out[0].kind, UpdateKind::modified);
  EXPECT_EQ(venue.resting(Side::buy)[0].queue.ahead, 18);
  EXPECT_EQ(venue.resting(Side::buy)[0].leaves, 6);
  modify(100, 9);
  EXPECT_EQ(venue.resting(Side::buy)[0].queue.ahead, 30);
  modify(99, 9);
  EXPECT_EQ(venue.resting(Side::buy)[0].queue.ahead, 20);
  out = modify(101, 9);
  EXPECT_EQ(out[0].kind, UpdateKind::modify_rejected);
  EXPECT_EQ(out[0].reason, RejectReason::would_cross);
  EXPECT_EQ(venue.resting(Side::buy)[0].price, 99);
}

// R4 + R5, several of our orders at one price: buys A 6 and B 6 at 98, where nothing is
// displayed (public ahead 0 for both). A sell trade of 10 @ 98 reaches A first: A takes 6 (filled);
// B gets 10 - 6 = 4 (leaves 2). 10 lots in total, not 6 + 6 = 12.
TEST_F(MatchingTest, R5_OurOrdersShareOneTradeInArrivalOrder) {
  Venue venue;
  send(venue, order(1, Side::buy, 98, 6));
  send(venue, order(2, Side::buy, 98, 6));
  const auto out = apply_trade(venue, Side::sell, 98, 10);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].id, OrderId{1});
  expect_fill(out[0], 98, 6, 0, Liquidity::maker);
  EXPECT_EQ(out[1].id, OrderId{2});
  expect_fill(out[1], 98, 4, 2, Liquidity::maker);
  ASSERT_EQ(venue.resting(Side::buy).size(), 1u);
  EXPECT_EQ(venue.resting(Side::buy)[0].leaves, 2);
  // The next trade of 2 reaches B whole (its public ahead is 0, and A is gone).
  const auto next = apply_trade(venue, Side::sell, 98, 2);
  ASSERT_EQ(next.size(), 1u);
  expect_fill(next[0], 98, 2, 0, Liquidity::maker);
}

// R4 + R5 with public queue: buys A 3 and B 5 at 100 behind the displayed 30 (ahead 30 each). A
// sell trade of 35 @ 100: 30 go to the public queue, 5 reach A, which takes 3; B gets 5 - 3 = 2.
TEST_F(MatchingTest, R5_PublicQueueThenOursInOrder) {
  Venue venue;
  send(venue, order(1, Side::buy, 100, 3));
  send(venue, order(2, Side::buy, 100, 5));
  const auto out = apply_trade(venue, Side::sell, 100, 35);
  ASSERT_EQ(out.size(), 2u);
  expect_fill(out[0], 100, 3, 0, Liquidity::maker);
  expect_fill(out[1], 100, 2, 3, Liquidity::maker);
}

// R5 with partial fills off: A 6 and B 4 at 98 (ahead 0). A trade of 8 reaches A with 6 = all its
// leaves (filled); B gets 8 - 6 = 2 < 4: no fill. A trade of 3 reaches A's 6... A is gone, so B
// gets 3 < 4: no fill. A trade of 5: B filled 4.
TEST_F(MatchingTest, R5_SharedTradeWithoutPartialFills) {
  Venue venue(MatchingConfig{RiskAverseQueue{}, false, false});
  send(venue, order(1, Side::buy, 98, 6));
  send(venue, order(2, Side::buy, 98, 4));
  auto out = apply_trade(venue, Side::sell, 98, 8);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].id, OrderId{1});
  expect_fill(out[0], 98, 6, 0, Liquidity::maker);
  EXPECT_TRUE(apply_trade(venue, Side::sell, 98, 3).empty());
  out = apply_trade(venue, Side::sell, 98, 5);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].id, OrderId{2});
  expect_fill(out[0], 98, 4, 0, Liquidity::maker);
}

// R10 + R5: A 6 then B 6 at 98; A's size increase loses priority, so B is now first in our queue.
// A trade of 8: B takes 6, A (now 7 lots) gets 2.
TEST_F(MatchingTest, R10_PriorityLossGoesBehindOurOtherOrders) {
  Venue venue;
  send(venue, order(1, Side::buy, 98, 6));
  send(venue, order(2, Side::buy, 98, 6));
  send(venue,
       {RequestAction::modify, OrderId{1}, Side::buy, OrderType::limit, TimeInForce::gtc, 98, 7});
  const auto out = apply_trade(venue, Side::sell, 98, 8);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].id, OrderId{2});
  expect_fill(out[0], 98, 6, 0, Liquidity::maker);
  EXPECT_EQ(out[1].id, OrderId{1});
  expect_fill(out[1], 98, 2, 5, Liquidity::maker);
}

// R7 is unchanged by the shared queue: a trade through our price fills every order of ours there
// in full (A 6 and B 6 at 98; a sell trade of 1 @ 97 sweeps the 98 level).
TEST_F(MatchingTest, R7_TradeThroughFillsAllOursAtTheLevel) {
  Venue venue;
  send(venue, order(1, Side::buy, 98, 6));
  send(venue, order(2, Side::buy, 98, 6));
  const auto out = apply_trade(venue, Side::sell, 97, 1);
  ASSERT_EQ(out.size(), 2u);
  expect_fill(out[0], 98, 6, 0, Liquidity::maker);
  expect_fill(out[1], 98, 6, 0, Liquidity::maker);
}

}  // namespace
}  // namespace tilt
