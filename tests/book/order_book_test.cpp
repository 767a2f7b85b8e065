// Behaviour of the L2 book on hand-built cases; every test runs against OrderBook and the naive
// reference book (tests/support/naive_book.hpp).
#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "support/naive_book.hpp"
#include "support/signal_test_events.hpp"
#include "tilt/book/book_concepts.hpp"
#include "tilt/book/order_book.hpp"

namespace tilt {
namespace {

static_assert(L2Book<OrderBook>);
static_assert(L2Book<testing::NaiveBook>);

using testing::marker;
Event level(Side side, Price price, Qty qty, Timestamp ts = 0) {
  return testing::level_event(side, price, qty, ts);
}

template <typename Book>
class BookTest : public ::testing::Test {
 protected:
  static Book make(CrossedPolicy policy = CrossedPolicy::error, std::size_t ladder = 64) {
    return Book(BookOptions{policy, ladder});
  }
};

using BookTypes = ::testing::Types<OrderBook, testing::NaiveBook>;
TYPED_TEST_SUITE(BookTest, BookTypes);

TYPED_TEST(BookTest, EmptyBookHasNoLevels) {
  auto book = TestFixture::make();
  for (Side s : {Side::buy, Side::sell}) {
    EXPECT_TRUE(book.empty(s));
    EXPECT_EQ(book.best(s), std::nullopt);
    EXPECT_EQ(book.level(s, 0), std::nullopt);
    EXPECT_EQ(book.depth(s), 0u);
    EXPECT_EQ(book.total_qty(s, 5), 0);
    std::array<Level, 3> out{};
    EXPECT_EQ(book.top(s, out), 0u);
  }
}

TYPED_TEST(BookTest, LevelsOrderedFromTheTouch) {
  auto book = TestFixture::make();
  book.apply(level(Side::buy, 100, 5));
  book.apply(level(Side::buy, 98, 7));
  book.apply(level(Side::buy, 99, 3));
  book.apply(level(Side::sell, 103, 4));
  book.apply(level(Side::sell, 101, 2));
  EXPECT_EQ(book.best(Side::buy), (Level{100, 5}));
  EXPECT_EQ(book.best(Side::sell), (Level{101, 2}));
  EXPECT_EQ(book.level(Side::buy, 1), (Level{99, 3}));
  EXPECT_EQ(book.level(Side::buy, 2), (Level{98, 7}));
  EXPECT_EQ(book.level(Side::buy, 3), std::nullopt);
  EXPECT_EQ(book.level(Side::sell, 1), (Level{103, 4}));
  EXPECT_EQ(book.depth(Side::buy), 3u);
  EXPECT_EQ(book.total_qty(Side::buy, 2), 5 + 3);
  EXPECT_EQ(book.total_qty(Side::buy, 10), 5 + 3 + 7);
  EXPECT_EQ(book.qty_at(Side::sell, 103), 4);
  EXPECT_EQ(book.qty_at(Side::sell, 102), 0);
  std::array<Level, 2> out{};
  ASSERT_EQ(book.top(Side::sell, out), 2u);
  EXPECT_EQ(out[0], (Level{101, 2}));
  EXPECT_EQ(out[1], (Level{103, 4}));
  std::vector<Price> seen;
  book.for_each_level(Side::buy, [&](const Level& l) { seen.push_back(l.price); });
  EXPECT_EQ(seen, (std::vector<Price>{100, 99, 98}));
  EXPECT_EQ(book_integrity_problem(book), "");
}

TYPED_TEST(BookTest, AbsoluteSizeReplacesAndZeroRemoves) {
  auto book = TestFixture::make();
  book.apply(level(Side::buy, 100, 5));
  book.apply(level(Side::buy, 100, 9));
  EXPECT_EQ(book.best(Side::buy), (Level{100, 9}));
  book.apply(level(Side::buy, 99, 1));
  book.apply(level(Side::buy, 100, 0));
  EXPECT_EQ(book.best(Side::buy), (Level{99, 1}));
  book.apply(level(Side::buy, 99, 0));
  EXPECT_TRUE(book.empty(Side::buy));
  book.apply(level(Side::sell, 200, 0));  // removing a level that is not there is harmless
  EXPECT_TRUE(book.empty(Side::sell));
  EXPECT_EQ(book.events_applied(), 6);
}

TYPED_TEST(BookTest, TradesDoNotChangeTheBook) {
  auto book = TestFixture::make();
  book.apply(level(Side::sell, 101, 2));
  Event trade = level(Side::buy, 101, 2);
  trade.kind = EventKind::trade;
  book.apply(trade);
  EXPECT_EQ(book.best(Side::sell), (Level{101, 2}));
}

TYPED_TEST(BookTest, SnapshotClearsBothSidesAndRebuilds) {
  auto book = TestFixture::make();
  book.apply(level(Side::buy, 100, 5));
  book.apply(level(Side::sell, 101, 5));
  book.apply(marker(EventKind::snapshot_begin));
  EXPECT_TRUE(book.in_snapshot());
  EXPECT_TRUE(book.empty(Side::buy));
  EXPECT_TRUE(book.empty(Side::sell));
  book.apply(level(Side::buy, 90, 1));
  book.apply(level(Side::sell, 95, 2));
  book.apply(marker(EventKind::snapshot_end));
  EXPECT_FALSE(book.in_snapshot());
  EXPECT_EQ(book.best(Side::buy), (Level{90, 1}));
  EXPECT_EQ(book.best(Side::sell), (Level{95, 2}));
  EXPECT_EQ(book.depth(Side::buy), 1u);
}

TYPED_TEST(BookTest, SnapshotEndWithoutBeginIsAnError) {
  auto book = TestFixture::make();
  book.apply(level(Side::buy, 100, 5));
  try {
    book.apply(marker(EventKind::snapshot_end, 777));
    FAIL() << "expected BookError";
  } catch (const BookError& e) {
    EXPECT_EQ(e.event_index(), 1);
    EXPECT_EQ(e.exch_ts(), 777);
  }
}

TYPED_TEST(BookTest, NegativeSizeIsAnError) {
  auto book = TestFixture::make();
  EXPECT_THROW(book.apply(level(Side::sell, 100, -3)), BookError);
}

TYPED_TEST(BookTest, CrossedBookThrowsNamingEventAndPrices) {
  auto book = TestFixture::make(CrossedPolicy::error);
  book.apply(level(Side::buy, 100, 5, 10));
  book.apply(level(Side::sell, 102, 5, 20));
  try {
    book.apply(level(Side::buy, 103, 1, 30));
    book.end_message();  // the message at 30 is complete: judged now
    FAIL() << "expected CrossedBookError";
  } catch (const CrossedBookError& e) {
    EXPECT_EQ(e.event_index(), 2);
    EXPECT_EQ(e.exch_ts(), 30);
    EXPECT_EQ(e.updated_side(), Side::buy);
    EXPECT_EQ(e.updated_price(), 103);
    EXPECT_EQ(e.best_bid(), 103);
    EXPECT_EQ(e.best_ask(), 102);
    const std::string what = e.what();
    EXPECT_NE(what.find("event #2"), std::string::npos) << what;
    EXPECT_NE(what.find("crossed"), std::string::npos) << what;
    EXPECT_NE(what.find("103"), std::string::npos) << what;
    EXPECT_NE(what.find("book: {crossed: repair}"), std::string::npos) << what;
  }
}

TYPED_TEST(BookTest, LockedBookIsAnErrorToo) {
  auto book = TestFixture::make(CrossedPolicy::error);
  book.apply(level(Side::buy, 100, 5, 1));
  book.apply(level(Side::sell, 102, 5, 2));
  try {
    book.apply(level(Side::sell, 100, 1, 3));
    book.apply(level(Side::sell, 103, 1, 4));  // a new message: the one at 3 is judged first
    FAIL() << "expected CrossedBookError";
  } catch (const CrossedBookError& e) {
    EXPECT_EQ(e.best_bid(), 100);
    EXPECT_EQ(e.best_ask(), 100);
    EXPECT_NE(std::string(e.what()).find("locked"), std::string::npos);
  }
}

TYPED_TEST(BookTest, RepairRemovesStaleOppositeLevelsAndCounts) {
  auto book = TestFixture::make(CrossedPolicy::repair);
  book.apply(level(Side::buy, 100, 5, 1));
  book.apply(level(Side::buy, 99, 5, 1));
  book.apply(level(Side::sell, 101, 1, 1));
  book.apply(level(Side::sell, 102, 2, 1));
  book.apply(level(Side::sell, 104, 3, 1));
  // A message (time 2) whose bid at 102 crosses asks 101 and locks 102: both are stale, 104 stays.
  book.apply(level(Side::buy, 102, 7, 2));
  EXPECT_EQ(book.repairs(), (CrossRepairs{})) << "judged when the message ends, not before";
  book.end_message();
  EXPECT_EQ(book.best(Side::buy), (Level{102, 7}));
  EXPECT_EQ(book.best(Side::sell), (Level{104, 3}));
  EXPECT_EQ(book.depth(Side::sell), 1u);
  EXPECT_EQ(book.repairs(), (CrossRepairs{1, 2}));
  // An ask at 99 (time 3) removes bids 102, 100 and 99, judged when the next message begins.
  book.apply(level(Side::sell, 99, 1, 3));
  book.apply(level(Side::sell, 110, 1, 4));
  EXPECT_TRUE(book.empty(Side::buy));
  EXPECT_EQ(book.repairs(), (CrossRepairs{2, 5}));
  EXPECT_EQ(book_integrity_problem(book), "");
}

TYPED_TEST(BookTest, MessageLockedMidwayIsNotJudged) {
  // One venue message (time 2) raises the bid to the old ask before removing that ask: locked
  // after its first row, whole after its last. Neither an error nor a repair.
  auto book = TestFixture::make(CrossedPolicy::error);
  book.apply(level(Side::buy, 100, 5, 1));
  book.apply(level(Side::sell, 101, 4, 1));
  book.apply(level(Side::sell, 102, 6, 1));
  EXPECT_NO_THROW(book.apply(level(Side::buy, 101, 3, 2)));  // locked for a moment
  EXPECT_NO_THROW(book.apply(level(Side::sell, 101, 0, 2)));
  EXPECT_NO_THROW(book.end_message());
  EXPECT_NO_THROW(book.apply(level(Side::buy, 99, 1, 3)));
  EXPECT_EQ(book.best(Side::buy), (Level{101, 3}));
  EXPECT_EQ(book.best(Side::sell), (Level{102, 6}));
  EXPECT_EQ(book.repairs(), (CrossRepairs{}));
  auto repairing = TestFixture::make(CrossedPolicy::repair);
  for (const Event& e : {level(Side::buy, 100, 5, 1), level(Side::sell, 101, 4, 1),
                         level(Side::buy, 101, 3, 2), level(Side::sell, 101, 0, 2)})
    repairing.apply(e);
  repairing.end_message();
  EXPECT_EQ(repairing.repairs(), (CrossRepairs{})) << "nothing to repair";
  EXPECT_EQ(repairing.best(Side::buy), (Level{101, 3}));
}

TYPED_TEST(BookTest, MessageEndingCrossedIsRepairedOnceWithItsLastCrossingSideFresh) {
  // Time 2: an ask at 100 crosses bid 100 and 101 (noted, sell side), then a bid at 99 arrives;
  // the message ends crossed: one repair, the sell side is fresh, bids >= 100 go (2 levels).
  auto book = TestFixture::make(CrossedPolicy::repair);
  book.apply(level(Side::buy, 101, 5, 1));
  book.apply(level(Side::buy, 100, 5, 1));
  book.apply(level(Side::sell, 102, 4, 1));
  book.apply(level(Side::sell, 100, 2, 2));
  book.apply(level(Side::buy, 99, 7, 2));
  book.end_message();
  EXPECT_EQ(book.repairs(), (CrossRepairs{1, 2}));
  EXPECT_EQ(book.best(Side::buy), (Level{99, 7}));
  EXPECT_EQ(book.best(Side::sell), (Level{100, 2}));
  EXPECT_EQ(book_integrity_problem(book), "");
}

TYPED_TEST(BookTest, RemovalsNeverCountAsCrossing) {
  auto book = TestFixture::make(CrossedPolicy::error);
  book.apply(level(Side::buy, 100, 5));
  book.apply(level(Side::sell, 101, 5));
  EXPECT_NO_THROW(book.apply(level(Side::buy, 105, 0)));
  EXPECT_EQ(book.repairs(), (CrossRepairs{}));
}

TYPED_TEST(BookTest, FarLevelsAreKeptNotDropped) {
  // The ladder window is 64 ticks here: these levels are hundreds of windows away.
  auto book = TestFixture::make(CrossedPolicy::error, 64);
  book.apply(level(Side::buy, 1'000, 1));
  book.apply(level(Side::buy, 10, 2));
  book.apply(level(Side::buy, -50'000, 3));  // negative ticks are valid prices (spreads, rates)
  book.apply(level(Side::sell, 1'001, 4));
  book.apply(level(Side::sell, 900'000, 5));
  EXPECT_EQ(book.depth(Side::buy), 3u);
  EXPECT_EQ(book.level(Side::buy, 2), (Level{-50'000, 3}));
  EXPECT_EQ(book.level(Side::sell, 1), (Level{900'000, 5}));
  // Remove the touch: the far levels become the best.
  book.apply(level(Side::buy, 1'000, 0));
  book.apply(level(Side::sell, 1'001, 0));
  EXPECT_EQ(book.best(Side::buy), (Level{10, 2}));
  EXPECT_EQ(book.best(Side::sell), (Level{900'000, 5}));
  book.apply(level(Side::buy, 10, 0));
  EXPECT_EQ(book.best(Side::buy), (Level{-50'000, 3}));
  EXPECT_EQ(book_integrity_problem(book), "");
}

TYPED_TEST(BookTest, TouchWalkingFarKeepsEveryLevel) {
  // The touch climbs 20,000 ticks, one tick at a time, leaving a trail of bids behind it; every
  // level must still be there, in order, when it is done.
  auto book = TestFixture::make(CrossedPolicy::error, 64);
  for (Price p = 0; p < 20'000; ++p) book.apply(level(Side::buy, p, 1 + p % 7));
  EXPECT_EQ(book.depth(Side::buy), 20'000u);
  EXPECT_EQ(book.best(Side::buy), (Level{19'999, 1 + 19'999 % 7}));
  EXPECT_EQ(book.level(Side::buy, 19'999), (Level{0, 1}));
  for (Price p = 19'999; p >= 10'000; --p) book.apply(level(Side::buy, p, 0));
  EXPECT_EQ(book.best(Side::buy), (Level{9'999, 1 + 9'999 % 7}));
  EXPECT_EQ(book.total_qty(Side::buy, 3), (1 + 9'999 % 7) + (1 + 9'998 % 7) + (1 + 9'997 % 7));
  EXPECT_EQ(book_integrity_problem(book), "");
}

}  // namespace
}  // namespace tilt
