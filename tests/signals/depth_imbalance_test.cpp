// Hand-worked depth imbalance cases.
#include <gtest/gtest.h>

#include <cmath>

#include "support/naive_book.hpp"
#include "support/signal_test_events.hpp"
#include "tilt/book/order_book.hpp"
#include "tilt/signals/depth_imbalance.hpp"

namespace tilt {
namespace {

using namespace tilt::testing;
using signals::DepthImbalance;
using signals::LevelWeights;

template <typename Book>
class DepthImbalanceTest : public ::testing::Test {};
using BookTypes = ::testing::Types<OrderBook, NaiveBook>;
TYPED_TEST_SUITE(DepthImbalanceTest, BookTypes);

// bids 100x10, 99x20, 98x30; asks 101x5, 102x15, 103x40
template <typename Book>
SignalValue on_case(DepthImbalance signal) {
  Book book;
  for (const Event& e :
       {bid(100, 10), bid(99, 20), bid(98, 30), ask(101, 5), ask(102, 15), ask(103, 40)}) {
    feed(book, signal, e);
  }
  return signal.value();
}

TYPED_TEST(DepthImbalanceTest, Unweighted) {
  // N = 2: Vb = 10 + 20 = 30, Va = 5 + 15 = 20 -> (30 - 20) / 50 = 0.2
  EXPECT_EQ(on_case<TypeParam>(DepthImbalance(2, LevelWeights::none, 0)), (SignalValue{0.2, true}));
  // N = 1 is the queue imbalance: (10 - 5) / 15 = 1/3
  EXPECT_DOUBLE_EQ(on_case<TypeParam>(DepthImbalance(1, LevelWeights::none, 0)).value, 1.0 / 3);
}

TYPED_TEST(DepthImbalanceTest, LinearWeights) {
  // N = 3, w = 1, 2/3, 1/3: Vb = 10 + 40/3 + 10 = 100/3, Va = 5 + 10 + 40/3 = 85/3
  // -> (15/3) / (185/3) = 15/185 = 3/37
  const SignalValue v = on_case<TypeParam>(DepthImbalance(3, LevelWeights::linear, 0));
  EXPECT_TRUE(v.valid);
  EXPECT_NEAR(v.value, 3.0 / 37.0, 1e-15);
}

TYPED_TEST(DepthImbalanceTest, ExponentialWeights) {
  // decay ln 2: w = 1, 1/2, 1/4; Vb = 10 + 10 + 7.5 = 27.5, Va = 5 + 7.5 + 10 = 22.5
  // -> 5 / 50 = 0.1
  const SignalValue v =
      on_case<TypeParam>(DepthImbalance(3, LevelWeights::exponential, std::log(2.0)));
  EXPECT_NEAR(v.value, 0.1, 1e-15);
}

TYPED_TEST(DepthImbalanceTest, FewerLevelsThanNAndOneSidedBook) {
  TypeParam book;
  DepthImbalance di(5, LevelWeights::none, 0);
  for (const Event& e : {bid(100, 10), bid(99, 20), bid(98, 30)}) feed(book, di, e);
  EXPECT_EQ(di.value(), (SignalValue{0.0, false}));  // no asks: undefined, reported invalid
  feed(book, di, ask(101, 5));
  // Vb = 60 (three levels), Va = 5 (one level) -> 55 / 65 = 11/13
  EXPECT_DOUBLE_EQ(di.value().value, 11.0 / 13.0);
  EXPECT_TRUE(di.value().valid);
}

}  // namespace
}  // namespace tilt
