// Hand-worked trade-flow imbalance cases.
#include <gtest/gtest.h>

#include "support/naive_book.hpp"
#include "support/signal_test_events.hpp"
#include "tilt/signals/trade_flow_imbalance.hpp"

namespace tilt {
namespace {

using namespace tilt::testing;
using signals::TradeFlowImbalance;

TEST(TradeFlowImbalance, CountWindow) {
  NaiveBook book;
  TradeFlowImbalance all(Window::last_events(10));
  TradeFlowImbalance last2(Window::last_events(2));
  auto step = [&](const Event& e) {
    book.apply(e);
    all.on_event(book, e);
    last2.on_event(book, e);
  };
  EXPECT_EQ(all.value(), (SignalValue{0.0, false}));  // no volume: undefined
  step(trade(Side::buy, 101, 10));
  step(bid(100, 5));  // book events do not count as trades
  step(trade(Side::sell, 100, 4));
  step(trade(Side::buy, 101, 6));
  // all: (10 - 4 + 6) / (10 + 4 + 6) = 12 / 20 = 0.6
  EXPECT_EQ(all.value(), (SignalValue{0.6, true}));
  // last two trades: (-4 + 6) / 10 = 0.2
  EXPECT_EQ(last2.value(), (SignalValue{0.2, true}));
}

TEST(TradeFlowImbalance, TimeWindowAndExpiryOnBookEvents) {
  NaiveBook book;
  TradeFlowImbalance tfi(Window::last(100 * kMicrosecond));
  feed(book, tfi, trade(Side::sell, 100, 3, 0));
  feed(book, tfi, trade(Side::sell, 100, 1, 60'000));
  EXPECT_EQ(tfi.value(), (SignalValue{-1.0, true}));   // all selling
  feed(book, tfi, trade(Side::buy, 101, 2, 120'000));  // (20us, 120us]: -1 + 2 over 3
  EXPECT_DOUBLE_EQ(tfi.value().value, 1.0 / 3.0);
  feed(book, tfi, bid(100, 5, 170'000));  // (70us, 170us]: only the buy of 2
  EXPECT_EQ(tfi.value(), (SignalValue{1.0, true}));
  feed(book, tfi, bid(100, 6, 220'000));  // (120us, 220us]: nothing traded -> invalid
  EXPECT_EQ(tfi.value(), (SignalValue{0.0, false}));
}

}  // namespace
}  // namespace tilt
