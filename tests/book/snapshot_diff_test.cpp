// SnapshotDiff on hand-worked cases: which level events a snapshot implies against a book, and in
// what order. Each case runs against OrderBook and the naive reference book.
#include <gtest/gtest.h>

#include <vector>

#include "support/naive_book.hpp"
#include "tilt/book/order_book.hpp"
#include "tilt/book/snapshot_diff.hpp"

namespace tilt {
namespace {

Event row(Side side, Price price, Qty qty, Timestamp ts = 7) {
  Event e{};
  e.exch_ts = ts;
  e.local_ts = ts + 3;
  e.kind = EventKind::level;
  e.side = side;
  e.price = price;
  e.qty = static_cast<std::int32_t>(qty);
  return e;
}
Event end_marker(Timestamp ts = 7) {
  Event e{};
  e.exch_ts = ts;
  e.local_ts = ts + 3;
  e.kind = EventKind::snapshot_end;
  return e;
}

struct Change {
  Side side;
  Price price;
  Qty qty;
  friend bool operator==(const Change&, const Change&) = default;
};
void PrintTo(const Change& c, std::ostream* os) {
  *os << (c.side == Side::buy ? "bid " : "ask ") << c.price << "x" << c.qty;
}

template <typename Book>
class SnapshotDiffTest : public ::testing::Test {
 protected:
  /// Book: bids 100x5, 99x4, 98x3; asks 101x2, 102x6, 103x1.
  static Book make() {
    Book book;
    for (const Event& e :
         {row(Side::buy, 100, 5, 1), row(Side::buy, 99, 4, 1), row(Side::buy, 98, 3, 1),
          row(Side::sell, 101, 2, 1), row(Side::sell, 102, 6, 1), row(Side::sell, 103, 1, 1)})
      book.apply(e);
    book.end_message();
    return book;
  }
  static std::vector<Change> diff(const Book& book, const std::vector<Event>& rows) {
    SnapshotDiff d;
    d.begin();
    EXPECT_TRUE(d.collecting());
    for (const Event& r : rows) d.add(r);
    std::vector<Change> out;
    for (const Event& c : d.finish(book, end_marker())) {
      EXPECT_EQ(c.kind, EventKind::level);
      EXPECT_EQ(c.exch_ts, 7);
      EXPECT_EQ(c.local_ts, 10);
      out.push_back({c.side, c.price, c.size()});
    }
    EXPECT_FALSE(d.collecting());
    return out;
  }
};

using BookTypes = ::testing::Types<OrderBook, testing::NaiveBook>;
TYPED_TEST_SUITE(SnapshotDiffTest, BookTypes);

TYPED_TEST(SnapshotDiffTest, SameBookGivesNoChanges) {
  const auto book = TestFixture::make();
  const auto changes = TestFixture::diff(
      book, {row(Side::sell, 103, 1), row(Side::buy, 98, 3), row(Side::buy, 100, 5),
             row(Side::sell, 101, 2), row(Side::buy, 99, 4), row(Side::sell, 102, 6)});
  EXPECT_TRUE(changes.empty());
}

TYPED_TEST(SnapshotDiffTest, RemovalsFirstThenChangesEachFromTheTouch) {
  // The market moved up one tick: bid 98 and ask 101 are gone, bid 101 is new, bid 100 grew
  // to 7, ask 104 is new, the rest is unchanged.
  const auto book = TestFixture::make();
  const auto changes = TestFixture::diff(
      book, {row(Side::buy, 101, 2), row(Side::buy, 100, 7), row(Side::buy, 99, 4),
             row(Side::sell, 102, 6), row(Side::sell, 103, 1), row(Side::sell, 104, 9)});
  const std::vector<Change> want = {{Side::buy, 98, 0},  // removals: bids, then asks
                                    {Side::sell, 101, 0},
                                    {Side::buy, 101, 2},  // changes: bids from the touch
                                    {Side::buy, 100, 7},
                                    {Side::sell, 104, 9}};
  EXPECT_EQ(changes, want);
}

TYPED_TEST(SnapshotDiffTest, EmptySnapshotRemovesEveryLevel) {
  const auto book = TestFixture::make();
  const auto changes = TestFixture::diff(book, {});
  const std::vector<Change> want = {{Side::buy, 100, 0},  {Side::buy, 99, 0},
                                    {Side::buy, 98, 0},   {Side::sell, 101, 0},
                                    {Side::sell, 102, 0}, {Side::sell, 103, 0}};
  EXPECT_EQ(changes, want);
}

TYPED_TEST(SnapshotDiffTest, LastRowOfAPriceWinsAndZeroRowsMeanNoLevel) {
  const auto book = TestFixture::make();
  // 100 listed twice (5, then 8: the 8 counts); 99 listed with size 0 (absent -> removed).
  const auto changes = TestFixture::diff(
      book,
      {row(Side::buy, 100, 5), row(Side::buy, 100, 8), row(Side::buy, 99, 0), row(Side::buy, 98, 3),
       row(Side::sell, 101, 2), row(Side::sell, 102, 6), row(Side::sell, 103, 1)});
  const std::vector<Change> want = {{Side::buy, 99, 0}, {Side::buy, 100, 8}};
  EXPECT_EQ(changes, want);
}

TYPED_TEST(SnapshotDiffTest, AppliedChangesRebuildTheSnapshot) {
  auto book = TestFixture::make();
  std::vector<Event> rows = {row(Side::buy, 97, 1), row(Side::buy, 100, 2),
                             row(Side::sell, 105, 3)};
  SnapshotDiff d;
  d.begin();
  for (const Event& r : rows) d.add(r);
  for (const Event& c : d.finish(book, end_marker())) book.apply(c);
  book.end_message();
  EXPECT_EQ(book.depth(Side::buy), 2u);
  EXPECT_EQ(book.best(Side::buy), (Level{100, 2}));
  EXPECT_EQ(book.level(Side::buy, 1), (Level{97, 1}));
  EXPECT_EQ(book.depth(Side::sell), 1u);
  EXPECT_EQ(book.best(Side::sell), (Level{105, 3}));
}

}  // namespace
}  // namespace tilt
