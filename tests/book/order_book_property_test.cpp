// OrderBook against the naive std::map book over long random streams. The seeds are committed;
// a seed that ever fails stays in the list as a regression.
#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "support/book_random_events.hpp"
#include "support/naive_book.hpp"
#include "tilt/book/book_concepts.hpp"
#include "tilt/book/order_book.hpp"

namespace tilt {
namespace {

struct Case {
  std::uint64_t seed;
  bool well_formed;
  std::size_t ladder;
};

void PrintTo(const Case& c, std::ostream* os) {
  *os << "seed " << c.seed << (c.well_formed ? " well-formed" : " crossing") << " ladder "
      << c.ladder;
}

class BookProperty : public ::testing::TestWithParam<Case> {};

void expect_same(const OrderBook& fast, const testing::NaiveBook& naive, std::size_t i) {
  for (Side s : {Side::buy, Side::sell}) {
    ASSERT_EQ(fast.depth(s), naive.depth(s)) << "event " << i;
    ASSERT_EQ(fast.best(s), naive.best(s)) << "event " << i;
    std::array<Level, 5> a{};
    std::array<Level, 5> b{};
    ASSERT_EQ(fast.top(s, a), naive.top(s, b)) << "event " << i;
    ASSERT_EQ(a, b) << "event " << i;
    ASSERT_EQ(fast.total_qty(s, 3), naive.total_qty(s, 3)) << "event " << i;
  }
}

void expect_all_levels_same(const OrderBook& fast, const testing::NaiveBook& naive, std::size_t i) {
  for (Side s : {Side::buy, Side::sell}) {
    std::vector<Level> a;
    std::vector<Level> b;
    fast.for_each_level(s, [&](const Level& l) { a.push_back(l); });
    naive.for_each_level(s, [&](const Level& l) { b.push_back(l); });
    ASSERT_EQ(a, b) << "event " << i;
    if (!b.empty()) {
      const std::size_t k = i % b.size();
      ASSERT_EQ(fast.level(s, k), naive.level(s, k)) << "event " << i;
      ASSERT_EQ(fast.qty_at(s, b[k].price), b[k].qty) << "event " << i;
    }
  }
}

TEST_P(BookProperty, MatchesNaiveBookAfterEveryEvent) {
  const Case c = GetParam();
  testing::RandomStreamOptions o;
  o.seed = c.seed;
  o.events = 120'000;
  o.well_formed = c.well_formed;
  const auto events = testing::random_stream(o);
  const CrossedPolicy policy = c.well_formed ? CrossedPolicy::error : CrossedPolicy::repair;
  OrderBook fast(BookOptions{policy, c.ladder});
  testing::NaiveBook naive(BookOptions{policy, c.ladder});
  for (std::size_t i = 0; i < events.size(); ++i) {
    // Every event of these streams has its own exch_ts (a message of one): judge it at once.
    fast.apply(events[i]);
    fast.end_message();
    naive.apply(events[i]);
    naive.end_message();
    ASSERT_NO_FATAL_FAILURE(expect_same(fast, naive, i));
    ASSERT_EQ(fast.repairs(), naive.repairs()) << "event " << i;
    ASSERT_EQ(fast.in_snapshot(), naive.in_snapshot()) << "event " << i;
    if (i % 97 == 0) {
      ASSERT_EQ(fast.check_invariants(), "") << "event " << i;
      ASSERT_EQ(book_integrity_problem(fast), "") << "event " << i;
      ASSERT_EQ(book_integrity_problem(naive), "") << "event " << i;
      ASSERT_NO_FATAL_FAILURE(expect_all_levels_same(fast, naive, i));
    }
  }
  ASSERT_NO_FATAL_FAILURE(expect_all_levels_same(fast, naive, events.size()));
  if (!c.well_formed) {
    EXPECT_GT(fast.repairs().events, 0) << "stream never exercised repair";
  }
}

INSTANTIATE_TEST_SUITE_P(Seeds, BookProperty,
                         ::testing::Values(Case{1, true, 64}, Case{2, true, 2048},
                                           Case{3, false, 64}, Case{4, false, 2048},
                                           Case{20240601, true, 16}, Case{977, false, 16}));

TEST(BookProperty, ErrorPolicyThrowsWhereTheNaiveBookDoes) {
  // A crossing stream under the error policy: both books must refuse the same first event.
  testing::RandomStreamOptions o;
  o.seed = 11;
  o.events = 50'000;
  o.well_formed = false;
  const auto events = testing::random_stream(o);
  OrderBook fast(BookOptions{CrossedPolicy::error, 64});
  testing::NaiveBook naive(BookOptions{CrossedPolicy::error, 64});
  std::int64_t fast_at = -1;
  std::int64_t naive_at = -1;
  try {
    for (const Event& e : events) {
      fast.apply(e);
      fast.end_message();
    }
  } catch (const CrossedBookError& e) {
    fast_at = e.event_index();
  }
  try {
    for (const Event& e : events) {
      naive.apply(e);
      naive.end_message();
    }
  } catch (const CrossedBookError& e) {
    naive_at = e.event_index();
  }
  EXPECT_GE(naive_at, 0);
  EXPECT_EQ(fast_at, naive_at);
}

}  // namespace
}  // namespace tilt
