// LOBSTER adapter: the book rebuilt from the 999-message AAPL sample must equal LOBSTER's own
// orderbook file on all 10 levels after every message; reconciliations happen only where the
// messages cannot know the answer; mismatched files are caught.
#include <gtest/gtest.h>

#include "adapter_test_support.hpp"
#include "adapters/lobster/lobster_replay.hpp"
#include "adapters/lobster/lobster_time.hpp"
#include "tilt/book/order_book.hpp"
#include "tilt/error.hpp"

namespace tilt::test {
namespace {

namespace lobster = adapters::lobster;
using adapters::Policy;

const std::string kMessages = "AAPL_2012-06-21_34200000_57600000_message_10.csv";
const std::string kOrderbook = "AAPL_2012-06-21_34200000_57600000_orderbook_10.csv";

lobster::ConvertOptions options(const std::string& messages, const std::string& orderbook,
                                Policy policy = Policy::strict) {
  lobster::ConvertOptions o;
  o.message_file = messages;
  o.orderbook_file = orderbook;
  o.instrument.symbol = "AAPL";
  o.instrument.tick_size = Decimal{1, 2};
  o.instrument.lot_size = Decimal{1, 0};
  o.policy = policy;
  return o;
}

struct Level {
  Price price;
  Qty qty;
  friend bool operator==(const Level&, const Level&) = default;
};
struct Row {
  std::vector<Level> asks, bids;
};

// The orderbook file read independently: prices are dollars × 10^4, tick 0.01 = 100 units.
std::vector<Row> read_orderbook(const std::string& path) {
  std::vector<Row> rows;
  std::stringstream text(read_text(path));
  std::string line;
  while (std::getline(text, line)) {
    const auto f = split(line);
    EXPECT_EQ(f.size(), 40u);
    Row row;
    for (std::size_t level = 0; level < 10; ++level) {
      const long long ask_px = std::stoll(f[4 * level]);
      const long long bid_px = std::stoll(f[4 * level + 2]);
      if (ask_px != 9999999999LL) row.asks.push_back({ask_px / 100, std::stoll(f[4 * level + 1])});
      if (bid_px != -9999999999LL) row.bids.push_back({bid_px / 100, std::stoll(f[4 * level + 3])});
    }
    rows.push_back(row);
  }
  return rows;
}

template <typename Map>
std::vector<Level> top10(const Map& m) {
  std::vector<Level> out;
  for (const auto& [p, q] : ReferenceBook::top(m, 10)) out.push_back({p, q});
  return out;
}

TEST(LobsterSample, BookEqualsOrderbookFileAfterEveryMessage) {
  adapters::Repairs repairs(Policy::strict);
  lobster::Replay replay(options(data_path(kMessages), data_path(kOrderbook)), repairs);
  const std::vector<Row> rows = read_orderbook(data_path(kOrderbook));
  ASSERT_EQ(rows.size(), 999u);
  ReferenceBook book;
  std::vector<Event> events;
  std::size_t n = 0;
  Timestamp last_ts = 0;
  while (replay.next_message(events)) {
    ASSERT_LT(n, rows.size());
    for (const Event& e : events) {
      EXPECT_GE(e.exch_ts, last_ts);
      last_ts = e.exch_ts;
      book.apply(e);
    }
    events.clear();
    ASSERT_EQ(top10(book.asks), rows[n].asks) << "asks after message " << n + 1;
    ASSERT_EQ(top10(book.bids), rows[n].bids) << "bids after message " << n + 1;
    ++n;
  }
  EXPECT_EQ(n, 999u);
  EXPECT_EQ(replay.messages(), 999);
  EXPECT_EQ(repairs.total(), 0);
}

TEST(LobsterSample, ReconcilesOnlyLevelsComingFromBelowTheShownDepth) {
  adapters::Repairs repairs(Policy::strict);
  lobster::Replay replay(options(data_path(kMessages), data_path(kOrderbook)), repairs);
  std::vector<Event> events;
  while (replay.next_message(events)) events.clear();
  const std::vector<Row> rows = read_orderbook(data_path(kOrderbook));
  // The sample has deep levels that only appear when the top of the book thins out.
  ASSERT_FALSE(replay.reconciliations().empty());
  for (const auto& r : replay.reconciliations()) {
    ASSERT_GE(r.message, 2);  // row 1 itself is the initial book
    // Independently: the price lay beyond the 10th level of the previous row, where LOBSTER's
    // message file (which only holds messages changing the top 10) could not have told its size.
    const Row& before = rows[static_cast<std::size_t>(r.message - 2)];
    const auto& side = r.side == Side::buy ? before.bids : before.asks;
    ASSERT_EQ(side.size(), 10u);
    if (r.side == Side::buy) {
      EXPECT_LT(r.price, side.back().price) << "message " << r.message;
    } else {
      EXPECT_GT(r.price, side.back().price) << "message " << r.message;
    }
    const auto& shown = r.side == Side::buy ? rows[static_cast<std::size_t>(r.message - 1)].bids
                                            : rows[static_cast<std::size_t>(r.message - 1)].asks;
    EXPECT_NE(std::find(shown.begin(), shown.end(), Level{r.price, r.file_qty}), shown.end());
  }
}

TEST(LobsterSample, TimestampsTradesAndCounters) {
  std::vector<Event> all;
  auto o = options(data_path(kMessages), data_path(kOrderbook));
  o.feed_latency = 250 * kMicrosecond;
  const auto stats = lobster::convert(
      o, [&](std::span<const Event> b) { all.insert(all.end(), b.begin(), b.end()); });
  // 2012-06-21 is day 15512 after the epoch; New York is on EDT (UTC-4) in June.
  const Timestamp first = 15512LL * 86400 * kSecond + 4LL * 3600 * kSecond + 34200'004241176LL;
  ASSERT_FALSE(all.empty());
  EXPECT_EQ(all.front().kind, EventKind::snapshot_begin);
  EXPECT_EQ(all.front().exch_ts, first);
  EXPECT_EQ(all.front().local_ts, first + 250 * kMicrosecond);
  // The message file holds 98 visible (type 4) and 61 hidden (type 5) executions.
  std::int64_t trades = 0;
  for (const Event& e : all) trades += e.kind == EventKind::trade;
  EXPECT_EQ(trades, 98 + 61);
  EXPECT_EQ(stats.counters.at("lobster.messages"), 999);
  EXPECT_EQ(stats.counters.count("repairs.orderbook_mismatch"), 0u);
  EXPECT_GT(stats.counters.at("lobster.unknown_order_messages"), 0);
}

TEST(LobsterSample, ExecutionOfRestingBuyIsSellAggressor) {
  TempDir dir;
  // A bid rests, then is executed: the trade's aggressor is a seller.
  const auto msg = dir.write("X_2012-06-21_0_0_message_1.csv",
                             "34200.000000001,1,7,100,1000000,1\n"
                             "34200.5,4,7,40,1000000,1\n"
                             "34201,7,0,0,-1,-1\n");
  const auto ob = dir.write("X_2012-06-21_0_0_orderbook_1.csv",
                            "9999999999,0,1000000,100\n9999999999,0,1000000,60\n"
                            "9999999999,0,1000000,60\n");
  std::vector<Event> all;
  const auto stats = lobster::convert(options(msg, ob), [&](std::span<const Event> b) {
    all.insert(all.end(), b.begin(), b.end());
  });
  ASSERT_EQ(all.size(), 5u);  // empty snapshot (2), level 100, trade, level 60
  EXPECT_EQ(all[2].qty, 100);
  EXPECT_EQ(all[3].kind, EventKind::trade);
  EXPECT_EQ(all[3].side, Side::sell);
  EXPECT_EQ(all[3].price, 10000);
  EXPECT_EQ(all[3].qty, 40);
  EXPECT_EQ(all[4].qty, 60);
  EXPECT_EQ(stats.counters.at("lobster.halt_messages"), 1);
}

/// Converting with `o` fails with a DataError whose message contains `part`.
::testing::AssertionResult fails_with(const lobster::ConvertOptions& o, const std::string& part) {
  std::string error = "(no error)";
  try {
    lobster::convert(o, [](std::span<const Event>) {});
  } catch (const DataError& e) {
    error = e.what();
  }
  if (error.find(part) != std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "error: " << error << "\nexpected it to contain: " << part;
}

TEST(LobsterPolicy, OrderbookThatDoesNotMatchMessages) {
  TempDir dir;
  const std::string ob_text = read_text(data_path(kOrderbook));
  std::vector<std::string> lines = split(ob_text, '\n');
  // Row 500: one share more at the best bid than the messages explain.
  auto f = split(lines[499]);
  f[3] = std::to_string(std::stoll(f[3]) + 1);
  std::string row;
  for (std::size_t i = 0; i < f.size(); ++i) row += (i ? "," : "") + f[i];
  lines[499] = row;
  std::string changed;
  for (const auto& l : lines) changed += l + "\n";
  const auto msg = dir.write(kMessages, read_text(data_path(kMessages)));
  const auto ob = dir.write(kOrderbook, changed);
  EXPECT_TRUE(fails_with(options(msg, ob), "orderbook_10.csv:500: bid level 1: at price 585.3"));
  const auto stats =
      lobster::convert(options(msg, ob, Policy::lenient), [](std::span<const Event>) {});
  // Row 500 disagrees, and row 501 disagrees back (the file's extra share vanishes).
  EXPECT_GE(stats.counters.at("repairs.orderbook_mismatch"), 1);

  // Files of different lengths are refused under both policies.
  const auto short_ob = dir.write("short_orderbook.csv",
                                  ob_text.substr(0, ob_text.rfind('\n', ob_text.size() - 2) + 1));
  for (const Policy p : {Policy::strict, Policy::lenient})
    EXPECT_TRUE(fails_with(options(msg, short_ob, p), "ends before message 999"));
}

TEST(LobsterPolicy, MalformedMessageRow) {
  TempDir dir;
  std::string text = read_text(data_path(kMessages));
  text.replace(text.find("34200.025551909"), 15, "34200.0255x1909");
  const auto msg = dir.write(kMessages, text);
  EXPECT_TRUE(
      fails_with(options(msg, data_path(kOrderbook)), "message_10.csv:4: time: expected seconds"));
  const auto stats = lobster::convert(options(msg, data_path(kOrderbook), Policy::lenient),
                                      [](std::span<const Event>) {});
  EXPECT_EQ(stats.counters.at("repairs.malformed_row"), 1);
  // The skipped new order is restored from the orderbook file.
  EXPECT_GE(stats.counters.at("repairs.orderbook_mismatch"), 1);
}

// Found by tests/fuzz/fuzz_lobster: a time of 3,420,007,691.867 s after midnight put the event past
// 2^62 ns (year 2116), into a store that every reader then refused; larger ones overflowed.
TEST(LobsterPolicy, TimeBeyondTheStoreRangeIsAMalformedRow) {
  TempDir dir;
  const std::string ob = "9999999999,0,1000000,100\n9999999999,0,1000000,100\n";
  const auto ob_file = dir.write("X_2012-06-21_0_0_orderbook_1.csv", ob);
  for (const char* time : {"3420007691.867", "9223372035.5"}) {
    const auto msg =
        dir.write("X_2012-06-21_0_0_message_1.csv",
                  std::string("34200.000000001,1,7,100,1000000,1\n") + time + ",1,8,5,1000000,1\n");
    EXPECT_TRUE(fails_with(
        options(msg, ob_file),
        "message_1.csv:2: time: expected seconds after midnight, got '" + std::string(time) + "'"));
  }
}

// Found by tests/fuzz/fuzz_lobster: an orderbook row with a size above 2^31-1 lots reached an
// event's 32-bit size truncated (negative here). Such a size, and a level that orders add up past
// it, are errors naming the row.
TEST(LobsterPolicy, SizesAboveTheEventLimitAreRefused) {
  TempDir dir;
  const auto msg = dir.write("X_2012-06-21_0_0_message_1.csv",
                             "34200.000000001,1,7,100,1000000,1\n"
                             "34200.5,1,8,2147483647,1000000,1\n");
  const auto ob_big = dir.write("X_2012-06-21_0_0_orderbook_1.csv",
                                "9999999999,0,1000000,2339999999999\n"
                                "9999999999,0,1000000,2339999999999\n");
  EXPECT_TRUE(fails_with(options(msg, ob_big),
                         "orderbook_1.csv:1: bid size 1: size 2339999999999 is out of range"));
  // 100 + 2,147,483,647 lots at one price: the second message cannot be represented.
  const auto ob = dir.write("X_2012-06-21_0_0_orderbook_1.csv",
                            "9999999999,0,1000000,100\n9999999999,0,1000000,100\n");
  EXPECT_TRUE(fails_with(options(msg, ob),
                         "message_1.csv:2: size: the level at 100 would hold 2147483747 lots"));
}

// Found by tests/fuzz/fuzz_lobster: when the first message row was skipped (lenient), the initial
// book from a crossed first orderbook row was emitted without the crossed-book check.
TEST(LobsterPolicy, ASkippedFirstRowStillGetsTheCrossedBookCheck) {
  TempDir dir;
  const auto msg = dir.write("X_2012-06-21_0_0_message_1.csv",
                             "34200.0x,1,7,100,1000000,1\n"
                             "34200.5,1,8,5,1000100,-1\n");
  // Row 1: bid 100.00 x 100, ask 99.99 x 50 (crossed); row 2 adds 5 at the ask 100.01.
  const auto ob = dir.write("X_2012-06-21_0_0_orderbook_1.csv",
                            "999900,50,1000000,100\n"
                            "1000100,5,1000000,100\n");
  const auto o = options(msg, ob, Policy::lenient);
  std::vector<Event> all;
  const auto stats = lobster::convert(
      o, [&](std::span<const Event> b) { all.insert(all.end(), b.begin(), b.end()); });
  EXPECT_EQ(stats.counters.at("repairs.malformed_row"), 1);
  EXPECT_EQ(stats.counters.at("repairs.crossed_book"), 1);
  // The whole stream, message by message, never leaves the book crossed.
  OrderBook book(BookOptions{CrossedPolicy::error});
  EXPECT_NO_THROW({
    for (const Event& e : all) book.apply(e);
    book.end_message();
  });
  EXPECT_EQ(book.best(Side::buy)->price, 10000);
  EXPECT_EQ(book.best(Side::sell)->price, 10001);
  auto strict = options(msg, ob, Policy::lenient);
  strict.crossed = CrossedPolicy::error;
  EXPECT_TRUE(fails_with(strict, "message_1.csv:1: price: book crossed"));
}

TEST(LobsterTime, NewYorkOffsetAndDates) {
  EXPECT_EQ(lobster::new_york_utc_offset({2012, 6, 21}), -4 * 3600 * kSecond);
  EXPECT_EQ(lobster::new_york_utc_offset({2012, 1, 3}), -5 * 3600 * kSecond);
  EXPECT_EQ(lobster::new_york_utc_offset({2012, 3, 11}), -4 * 3600 * kSecond);  // 2nd Sunday
  EXPECT_EQ(lobster::new_york_utc_offset({2012, 3, 10}), -5 * 3600 * kSecond);
  EXPECT_EQ(lobster::new_york_utc_offset({2012, 11, 4}), -5 * 3600 * kSecond);  // 1st Sunday
  EXPECT_EQ(lobster::parse_utc_offset("-04:00"), -4 * 3600 * kSecond);
  EXPECT_EQ(lobster::parse_utc_offset("+05:30"), (5 * 3600 + 1800) * kSecond);
  const auto d =
      lobster::date_from_file_name("/x/AAPL_2012-06-21_34200000_57600000_message_10.csv");
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->year, 2012);
  EXPECT_EQ(d->month, 6u);
  EXPECT_EQ(d->day, 21u);
  EXPECT_FALSE(lobster::date_from_file_name("messages.csv").has_value());
}

}  // namespace
}  // namespace tilt::test
