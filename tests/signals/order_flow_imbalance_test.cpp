// Hand-worked order-flow imbalance cases (Cont, Kukanov & Stoikov 2014; Xu, Gould & Howison 2019).
#include <gtest/gtest.h>

#include "support/naive_book.hpp"
#include "support/signal_test_events.hpp"
#include "tilt/book/order_book.hpp"
#include "tilt/signals/order_flow_imbalance.hpp"

namespace tilt {
namespace {

using namespace tilt::testing;
using signals::OrderFlowImbalance;

template <typename Book>
class OfiTest : public ::testing::Test {};
using BookTypes = ::testing::Types<OrderBook, NaiveBook>;
TYPED_TEST_SUITE(OfiTest, BookTypes);

TYPED_TEST(OfiTest, BestLevelCaseByCase) {
  TypeParam book;
  OrderFlowImbalance raw(1, Window::last_events(100), false);
  OrderFlowImbalance norm(1, Window::last_events(100), true);
  OrderFlowImbalance last3(1, Window::last_events(3), false);
  auto step = [&](const Event& e) {
    book.apply(e);
    raw.on_event(book, e);
    norm.on_event(book, e);
    last3.on_event(book, e);
  };
  EXPECT_EQ(raw.value(), (SignalValue{0.0, true}));  // no flow yet
  EXPECT_FALSE(norm.value().valid);                  // no depth seen yet: AD = 0
  //    event              e_n                                     depth qb+qa after
  // 1  bid 100 x 10       bid appears on an empty side: +10       10 + 0  = 10
  // 2  ask 102 x 5        ask appears: -5                         10 + 5  = 15
  // 3  bid 100 x 15       same price, +5 lots: +5                 15 + 5  = 20
  // 4  ask 101 x 3        better ask: -3                          15 + 3  = 18
  // 5  bid 100 x 0        bid side empties: -15                    0 + 3  = 3
  // 6  bid 99 x 0         nothing there, nothing changes: 0        0 + 3  = 3
  step(bid(100, 10));
  EXPECT_EQ(raw.value().value, 10);
  step(ask(102, 5));
  EXPECT_EQ(raw.value().value, 5);
  step(bid(100, 15));
  EXPECT_EQ(raw.value().value, 10);
  step(ask(101, 3));
  EXPECT_EQ(raw.value().value, 7);
  step(bid(100, 0));
  EXPECT_EQ(raw.value().value, -8);
  step(bid(99, 0));
  // Sum 10 - 5 + 5 - 3 - 15 + 0 = -8.
  EXPECT_EQ(raw.value(), (SignalValue{-8.0, true}));
  // AD = (10 + 15 + 20 + 18 + 3 + 3) / (2 · 6) = 69 / 12 = 5.75; -8 / 5.75 = -1.3913...
  EXPECT_TRUE(norm.value().valid);
  EXPECT_DOUBLE_EQ(norm.value().value, -8.0 / 5.75);
  // Last 3 events: -3 - 15 + 0 = -18.
  EXPECT_EQ(last3.value().value, -18);
  // 7  ask 101 x 0: the ask retreats to nothing (side empty): +3 (the old ask size leaves)
  step(ask(101, 0));
  EXPECT_EQ(raw.value().value, -5);
  // Last 3 now: -15 + 0 + 3 = -12.
  EXPECT_EQ(last3.value().value, -12);
}

TYPED_TEST(OfiTest, AskRetreatAndBidImprovement) {
  TypeParam book;
  OrderFlowImbalance ofi(1, Window::last_events(100), false);
  for (const Event& e : {marker(EventKind::snapshot_begin), bid(100, 10), ask(101, 4), ask(102, 7),
                         marker(EventKind::snapshot_end)}) {
    feed(book, ofi, e);
  }
  EXPECT_EQ(ofi.value().value, 0);  // a snapshot is a resync, not flow
  feed(book, ofi, ask(101, 0));     // best ask 101x4 -> 102x7: price up, +4 (qa_{n-1})
  EXPECT_EQ(ofi.value().value, 4);
  feed(book, ofi, bid(101, 2));  // better bid 101x2: +2
  EXPECT_EQ(ofi.value().value, 6);
}

TYPED_TEST(OfiTest, MultiLevelSeesLevelsShift) {
  // bids 100x10, 99x20; asks 101x5, 102x7. Removing bid 100:
  //   level 1: 100x10 -> 99x20, price down: -10
  //   level 2: 99x20 -> missing, price down: -20
  // M = 1 gives -10, M = 2 gives -30 (Xu, Gould & Howison's levels are by depth).
  TypeParam book;
  OrderFlowImbalance m1(1, Window::last_events(10), false);
  OrderFlowImbalance m2(2, Window::last_events(10), false);
  OrderFlowImbalance m2n(2, Window::last_events(10), true);
  auto step = [&](const Event& e) {
    book.apply(e);
    m1.on_event(book, e);
    m2.on_event(book, e);
    m2n.on_event(book, e);
  };
  for (const Event& e : {marker(EventKind::snapshot_begin), bid(100, 10), bid(99, 20), ask(101, 5),
                         ask(102, 7), marker(EventKind::snapshot_end)}) {
    step(e);
  }
  step(bid(100, 0));
  EXPECT_EQ(m1.value().value, -10);
  EXPECT_EQ(m2.value().value, -30);
  // Depth after: bids 20 + 0, asks 5 + 7 -> 32 over 2 levels x 2 sides: AD = 8; -30 / 8 = -3.75
  EXPECT_DOUBLE_EQ(m2n.value().value, -3.75);
}

TYPED_TEST(OfiTest, TimeWindowExpiresOldFlow) {
  TypeParam book;
  OrderFlowImbalance ofi(1, Window::last(1'500'000), false);  // 1.5 ms
  const Timestamp ms = kMillisecond;
  feed(book, ofi, bid(100, 10, 0));       // +10 at t = 0
  feed(book, ofi, bid(100, 13, 1 * ms));  // +3 at 1 ms
  EXPECT_EQ(ofi.value().value, 13);
  feed(book, ofi, bid(100, 14, 2 * ms));  // +1 at 2 ms; window (0.5 ms, 2 ms] drops t = 0
  EXPECT_EQ(ofi.value().value, 4);
  feed(book, ofi, trade(Side::sell, 100, 1, 3 * ms));  // a trade only expires: (1.5, 3] -> +1
  EXPECT_EQ(ofi.value().value, 1);
  feed(book, ofi, trade(Side::sell, 100, 1, 3'500'000));  // (2, 3.5]: entry at 2 ms is out
  EXPECT_EQ(ofi.value(), (SignalValue{0.0, true}));
}

TEST(OfiFlow, IndicatorFormulaCases) {
  using L = Level;
  // Bid: up -> +new, same -> new - old, down -> -old.
  EXPECT_EQ(OrderFlowImbalance::bid_flow(L{100, 5}, L{101, 7}), 7);
  EXPECT_EQ(OrderFlowImbalance::bid_flow(L{100, 5}, L{100, 7}), 2);
  EXPECT_EQ(OrderFlowImbalance::bid_flow(L{100, 5}, L{99, 7}), -5);
  // Ask (mirrored, opposite sign): down -> -new, same -> -(new - old), up -> +old.
  EXPECT_EQ(OrderFlowImbalance::ask_flow(L{100, 5}, L{99, 7}), -7);
  EXPECT_EQ(OrderFlowImbalance::ask_flow(L{100, 5}, L{100, 7}), -2);
  EXPECT_EQ(OrderFlowImbalance::ask_flow(L{100, 5}, L{101, 7}), 5);
}

}  // namespace
}  // namespace tilt
