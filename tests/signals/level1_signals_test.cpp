// Hand-worked cases for the level-1 signals: queue imbalance, weighted mid, micro-price, mid,
// spread and best sizes; each case also runs on the naive book.
#include <gtest/gtest.h>

#include "support/naive_book.hpp"
#include "support/signal_test_events.hpp"
#include "tilt/book/order_book.hpp"
#include "tilt/signals/book_series.hpp"
#include "tilt/signals/micro_price.hpp"
#include "tilt/signals/queue_imbalance.hpp"

namespace tilt {
namespace {

using namespace tilt::testing;
using namespace tilt::signals;

template <typename Book>
class Level1Test : public ::testing::Test {};
using BookTypes = ::testing::Types<OrderBook, NaiveBook>;
TYPED_TEST_SUITE(Level1Test, BookTypes);

// The running case: bid 100 x 30, ask 102 x 10.
template <typename Book, typename Signal>
SignalValue on_case(Signal signal) {
  Book book;
  feed(book, signal, bid(100, 30));
  feed(book, signal, ask(102, 10));
  return signal.value();
}

TYPED_TEST(Level1Test, QueueImbalance) {
  // (30 - 10) / (30 + 10) = 20 / 40 = 0.5
  EXPECT_EQ(on_case<TypeParam>(QueueImbalance{}), (SignalValue{0.5, true}));
}

TYPED_TEST(Level1Test, WeightedMid) {
  // (100·10 + 102·30) / (10 + 30) = (1000 + 3060) / 40 = 101.5: leans toward the thin ask.
  EXPECT_EQ(on_case<TypeParam>(WeightedMid{}), (SignalValue{101.5, true}));
}

TYPED_TEST(Level1Test, MidSpreadSizes) {
  EXPECT_EQ(on_case<TypeParam>(Mid{}), (SignalValue{101.0, true}));   // (100 + 102) / 2
  EXPECT_EQ(on_case<TypeParam>(Spread{}), (SignalValue{2.0, true}));  // 102 - 100
  EXPECT_EQ(on_case<TypeParam>(BestSize(Side::buy)), (SignalValue{30.0, true}));
  EXPECT_EQ(on_case<TypeParam>(BestSize(Side::sell)), (SignalValue{10.0, true}));
}

TYPED_TEST(Level1Test, MicroPriceDefaultTableIsBucketedWeightedMid) {
  // 5 buckets; Vb/(Vb+Va) = 30/40 = 0.75 -> bucket floor(0.75·5) = 3, centre -1 + 7/5 = 0.4,
  // g = 0.4 / 2 = 0.2; micro = mid + spread·g = 101 + 2·0.2 = 101.4.
  const auto table = MicroPrice::weighted_mid_table(5);
  ASSERT_EQ(table.size(), 5u);
  EXPECT_DOUBLE_EQ(table[0], -0.4);
  EXPECT_DOUBLE_EQ(table[2], 0.0);
  EXPECT_DOUBLE_EQ(table[4], 0.4);
  const SignalValue v = on_case<TypeParam>(MicroPrice(table));
  EXPECT_TRUE(v.valid);
  EXPECT_DOUBLE_EQ(v.value, 101.4);
}

TYPED_TEST(Level1Test, MicroPriceWithAnEstimatedTable) {
  // Bucket 3 of {-0.3, -0.1, 0, 0.1, 0.3} is 0.1: 101 + 2·0.1 = 101.2.
  const SignalValue v = on_case<TypeParam>(MicroPrice({-0.3, -0.1, 0.0, 0.1, 0.3}));
  EXPECT_DOUBLE_EQ(v.value, 101.2);
}

TYPED_TEST(Level1Test, MicroPriceBucketEdges) {
  TypeParam book;
  MicroPrice micro({-0.3, -0.1, 0.0, 0.1, 0.3});
  feed(book, micro, bid(100, 20));
  feed(book, micro, ask(102, 20));
  // Vb/(Vb+Va) = 0.5 -> bucket floor(2.5) = 2 -> g = 0: the mid.
  EXPECT_DOUBLE_EQ(micro.value().value, 101.0);
  feed(book, micro, bid(100, 60));
  // 60/80 = 0.75 -> bucket 3 -> 101.2
  EXPECT_DOUBLE_EQ(micro.value().value, 101.2);
  feed(book, micro, bid(100, 80));
  // 80/100 = 0.8 is the edge of bucket 4 (upper bucket wins) -> 101 + 2·0.3 = 101.6
  EXPECT_DOUBLE_EQ(micro.value().value, 101.6);
  feed(book, micro, ask(102, 1'000'000));
  // 80/1000080 -> bucket 0 -> 101 - 0.6 = 100.4
  EXPECT_DOUBLE_EQ(micro.value().value, 100.4);
}

TYPED_TEST(Level1Test, OneSidedAndEmptyBooksAreInvalidNotNaN) {
  TypeParam book;
  QueueImbalance qi;
  WeightedMid wmid;
  Spread spread;
  BestSize bid_size(Side::buy);
  BestSize ask_size(Side::sell);
  auto step = [&](const Event& e) {
    book.apply(e);
    qi.on_event(book, e);
    wmid.on_event(book, e);
    spread.on_event(book, e);
    bid_size.on_event(book, e);
    ask_size.on_event(book, e);
  };
  EXPECT_EQ(qi.value(), (SignalValue{0.0, false}));  // before any event
  step(bid(100, 30));                                // bids only
  EXPECT_EQ(qi.value(), (SignalValue{0.0, false}));
  EXPECT_EQ(wmid.value(), (SignalValue{0.0, false}));
  EXPECT_EQ(spread.value(), (SignalValue{0.0, false}));
  EXPECT_EQ(bid_size.value(), (SignalValue{30.0, true}));
  EXPECT_EQ(ask_size.value(), (SignalValue{0.0, false}));
  step(ask(101, 10));
  EXPECT_EQ(qi.value(), (SignalValue{0.5, true}));
  step(bid(100, 0));  // bids gone
  EXPECT_EQ(qi.value(), (SignalValue{0.0, false}));
  EXPECT_EQ(bid_size.value(), (SignalValue{0.0, false}));
  EXPECT_EQ(ask_size.value(), (SignalValue{10.0, true}));
}

TYPED_TEST(Level1Test, InvalidDuringSnapshotRecomputedAtItsEnd) {
  TypeParam book;
  QueueImbalance qi;
  feed(book, qi, bid(100, 30));
  feed(book, qi, ask(102, 10));
  feed(book, qi, marker(EventKind::snapshot_begin));
  EXPECT_FALSE(qi.value().valid);
  feed(book, qi, bid(100, 10));
  feed(book, qi, ask(101, 30));
  EXPECT_FALSE(qi.value().valid);  // the book is incomplete until snapshot_end
  feed(book, qi, marker(EventKind::snapshot_end));
  EXPECT_EQ(qi.value(), (SignalValue{-0.5, true}));  // (10 - 30) / 40
  feed(book, qi, trade(Side::buy, 101, 5));          // trades alone do not move a book signal
  EXPECT_EQ(qi.value(), (SignalValue{-0.5, true}));
}

}  // namespace
}  // namespace tilt
