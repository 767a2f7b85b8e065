// Tardis adapter: vendor samples converted and checked against their own rows, hand-built files
// for snapshots, merging, stitching, and every bad-input case under both policies.
#include <gtest/gtest.h>

#include "adapter_test_support.hpp"
#include "adapters/tardis/tardis_convert.hpp"
#include "tilt/decimal.hpp"
#include "tilt/error.hpp"

namespace tilt::test {
namespace {

using adapters::ConversionStats;
using adapters::Policy;
namespace tardis = adapters::tardis;

constexpr const char* kBookHeader =
    "exchange,symbol,timestamp,local_timestamp,is_snapshot,side,price,amount\n";
constexpr const char* kTradeHeader =
    "exchange,symbol,timestamp,local_timestamp,id,side,price,amount\n";

Instrument make_instrument(std::string symbol, Decimal tick, Decimal lot) {
  Instrument i;
  i.symbol = std::move(symbol);
  i.tick_size = tick;
  i.lot_size = lot;
  return i;
}

struct Converted {
  std::vector<Event> events;
  ConversionStats stats;
};

Converted run(tardis::ConvertOptions options) {
  Converted out;
  out.stats = tardis::convert(options, [&](std::span<const Event> batch) {
    out.events.insert(out.events.end(), batch.begin(), batch.end());
  });
  return out;
}

tardis::ConvertOptions small_options(std::vector<std::string> book,
                                     std::vector<std::string> trades = {},
                                     Policy policy = Policy::strict) {
  tardis::ConvertOptions o;
  o.book_files = std::move(book);
  o.trade_files = std::move(trades);
  o.instrument = make_instrument("S", Decimal{5, 1}, Decimal{1, 0});
  o.policy = policy;
  return o;
}

Event level(Timestamp us, Timestamp local_us, Price px, std::int32_t qty, Side side) {
  return Event{us * 1000, local_us * 1000, px, qty, EventKind::level, side, 0};
}
Event marker(Timestamp us, Timestamp local_us, EventKind kind) {
  return Event{us * 1000, local_us * 1000, 0, 0, kind, Side::buy, 0};
}
Event trade(Timestamp us, Timestamp local_us, Price px, std::int32_t qty, Side side) {
  return Event{us * 1000, local_us * 1000, px, qty, EventKind::trade, side, 0};
}

std::string error_of(const tardis::ConvertOptions& options) {
  try {
    run(options);
  } catch (const DataError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(TardisSamples, DeribitIncrementalSnapshot) {
  tardis::ConvertOptions o;
  o.book_files = {data_path("deribit_incremental_book_L2_BTC-PERPETUAL.csv")};
  o.instrument = make_instrument("BTC-PERPETUAL", Decimal{5, 1}, Decimal{10, 0});
  o.stream.vendor_symbol = "BTC-PERPETUAL";
  const Converted c = run(o);
  ASSERT_EQ(c.events.size(), 17u);  // snapshot_begin, 15 ask levels, snapshot_end
  EXPECT_EQ(c.stats.rows_read, 15);
  EXPECT_EQ(c.events.front(),
            marker(1585699200245000, 1585699200355684, EventKind::snapshot_begin));
  // 6421.5 / 0.5 = 12843 ticks; 18640 / 10 = 1864 lots.
  EXPECT_EQ(c.events[1], level(1585699200245000, 1585699200355684, 12843, 1864, Side::sell));
  EXPECT_EQ(c.events[15], level(1585699200245000, 1585699200355684, 12857, 3995, Side::sell));
  EXPECT_EQ(c.events.back().kind, EventKind::snapshot_end);
  EXPECT_TRUE(c.stats.counters.empty());
}

TEST(TardisSamples, BinanceSnapshot25TopLevelsEqualRows) {
  tardis::ConvertOptions o;
  const std::string path = data_path("binance-futures_book_snapshot_25_BTCUSDT.csv");
  o.book_files = {path};
  o.instrument = make_instrument("BTCUSDT", Decimal{1, 2}, Decimal{1, 3});
  o.require_snapshot_files = true;
  const Converted c = run(o);
  EXPECT_EQ(c.stats.rows_read, 10);
  ASSERT_EQ(c.events.size(), 10u * 52u);

  // Independent reading of the same rows: std::getline and core's Decimal.
  std::stringstream text(read_text(path));
  std::string line;
  std::getline(text, line);  // header
  std::size_t next_event = 0;
  ReferenceBook book;
  int rows = 0;
  while (std::getline(text, line)) {
    const auto f = split(line);
    ASSERT_EQ(f.size(), 4u + 4u * 25u);
    // Apply this row's events (one snapshot) to the reference book.
    do {
      book.apply(c.events[next_event]);
    } while (c.events[next_event++].kind != EventKind::snapshot_end);
    EXPECT_EQ(c.events[next_event - 1].exch_ts, std::stoll(f[2]) * 1000);
    EXPECT_EQ(c.events[next_event - 1].local_ts, std::stoll(f[3]) * 1000);
    const auto bids = ReferenceBook::top(book.bids, 25);
    const auto asks = ReferenceBook::top(book.asks, 25);
    ASSERT_EQ(bids.size(), 25u);
    ASSERT_EQ(asks.size(), 25u);
    for (std::size_t i = 0; i < 25; ++i) {
      auto ticks = [](const std::string& s) {
        return *exact_multiple(*Decimal::parse(s), Decimal{1, 2});
      };
      auto lots = [](const std::string& s) {
        return *exact_multiple(*Decimal::parse(s), Decimal{1, 3});
      };
      EXPECT_EQ(asks[i].first, ticks(f[4 + 4 * i])) << "row " << rows << " ask " << i;
      EXPECT_EQ(asks[i].second, lots(f[5 + 4 * i]));
      EXPECT_EQ(bids[i].first, ticks(f[6 + 4 * i])) << "row " << rows << " bid " << i;
      EXPECT_EQ(bids[i].second, lots(f[7 + 4 * i]));
    }
    ++rows;
  }
  EXPECT_EQ(rows, 10);
  EXPECT_EQ(next_event, c.events.size());
}

TEST(TardisSamples, SnapshotFileRefusedAsIncremental) {
  tardis::ConvertOptions o;
  o.book_files = {data_path("binance-futures_book_snapshot_25_BTCUSDT.csv")};
  o.instrument = make_instrument("BTCUSDT", Decimal{1, 2}, Decimal{1, 3});
  o.require_incremental_files = true;
  EXPECT_THROW(run(o), DataError);
}

TEST(TardisIncremental, SnapshotThenUpdatesMergedWithTrades) {
  TempDir dir;
  const auto book = dir.write("book.csv", std::string(kBookHeader) +
                                              "x,S,1000,1100,true,bid,100,5\n"
                                              "x,S,1000,1100,true,ask,101,7\n"
                                              "x,S,2000,2100,false,bid,100.5,3\n"
                                              "x,S,3000,3100,false,ask,101,0\n");
  const auto trades = dir.write_gz("trades.csv.gz", std::string(kTradeHeader) +
                                                        "x,S,500,600,t0,sell,100,1\n"
                                                        "x,S,2000,2050,t1,buy,101,2\n");
  const Converted c = run(small_options({book}, {trades}));
  const std::vector<Event> expected = {
      trade(500, 600, 200, 1, Side::sell),
      marker(1000, 1100, EventKind::snapshot_begin),
      level(1000, 1100, 200, 5, Side::buy),
      level(1000, 1100, 202, 7, Side::sell),
      marker(1000, 1100, EventKind::snapshot_end),
      trade(2000, 2050, 202, 2, Side::buy),  // a trade goes before the book at equal time
      level(2000, 2100, 201, 3, Side::buy),
      level(3000, 3100, 202, 0, Side::sell),
  };
  EXPECT_EQ(c.events, expected);
  EXPECT_EQ(c.stats.rows_read, 6);
  EXPECT_EQ(c.stats.events_written, 8);
}

TEST(TardisIncremental, DaysStitchInTimeOrderWhateverTheArgumentOrder) {
  TempDir dir;
  const auto day1 = dir.write("d1.csv", std::string(kBookHeader) +
                                            "x,S,1000,1000,true,bid,100,5\n"
                                            "x,S,2000,2000,false,bid,100,6\n");
  const auto day2 = dir.write_gz("d2.csv.gz", std::string(kBookHeader) +
                                                  "x,S,5000,5000,true,bid,99,1\n"
                                                  "x,S,6000,6000,false,ask,101,2\n");
  const Converted c = run(small_options({day2, day1}));
  ASSERT_EQ(c.events.size(), 8u);
  EXPECT_EQ(c.events[0], marker(1000, 1000, EventKind::snapshot_begin));
  EXPECT_EQ(c.events[3], level(2000, 2000, 200, 6, Side::buy));
  EXPECT_EQ(c.events[4], marker(5000, 5000, EventKind::snapshot_begin));
  EXPECT_EQ(c.events[7], level(6000, 6000, 202, 2, Side::sell));
}

TEST(TardisIncremental, CrossWithinOneTimestampIsNotAnError) {
  TempDir dir;
  const auto book = dir.write("b.csv", std::string(kBookHeader) +
                                           "x,S,1000,1000,true,bid,100,5\n"
                                           "x,S,1000,1000,true,ask,101,7\n"
                                           "x,S,2000,2000,false,bid,101,4\n"
                                           "x,S,2000,2000,false,ask,101,0\n");
  EXPECT_EQ(run(small_options({book})).events.size(), 6u);
}

const std::string kCrossed = std::string(kBookHeader) +
                             "x,S,1000,1000,true,bid,100,5\n"
                             "x,S,1000,1000,true,ask,101,7\n"
                             "x,S,2000,2000,false,bid,101,4\n"
                             "x,S,3000,3000,false,bid,99,1\n";

// The crossed-book policy is its own choice, not the row policy: repair by default (as for
// `tilt run` and `tilt book`), under strict rows too; error when asked.
TEST(TardisCrossed, RepairedByDefaultEvenUnderStrictRows) {
  TempDir dir;
  const auto book = dir.write("b.csv", kCrossed);
  const Converted c = run(small_options({book}));  // strict rows, default crossed policy
  EXPECT_EQ(c.stats.counters.at("repairs.crossed_book"), 1);
  EXPECT_NE(c.stats.repair_examples.at("repairs.crossed_book").find("b.csv:4: price: book crossed"),
            std::string::npos);
  // The ask at 101 (older than the bid update) is removed at the bid update's time.
  ASSERT_EQ(c.events.size(), 7u);
  EXPECT_EQ(c.events[5], level(2000, 2000, 202, 0, Side::sell));
  EXPECT_EQ(c.events[6], level(3000, 3000, 198, 1, Side::buy));
  EXPECT_EQ(run(small_options({book}, {}, Policy::lenient)).events, c.events);
}

TEST(TardisCrossed, ErrorPolicyStopsNamingFileAndLine) {
  TempDir dir;
  const auto book = dir.write("b.csv", kCrossed);
  auto options = small_options({book}, {}, Policy::lenient);
  options.stream.crossed = CrossedPolicy::error;
  const std::string message = error_of(options);
  EXPECT_NE(message.find("b.csv:4: price: book crossed after the message at exchange time 2000 us: "
                         "best bid 101 >= best ask 101"),
            std::string::npos)
      << message;
}

TEST(TardisPolicy, DuplicateSnapshot) {
  TempDir dir;
  const auto book = dir.write("b.csv", std::string(kBookHeader) +
                                           "x,S,1000,1000,true,bid,100,5\n"
                                           "x,S,1000,1000,false,bid,100,6\n"
                                           "x,S,1000,1000,true,bid,100,5\n"
                                           "x,S,2000,2000,false,ask,101,1\n");
  EXPECT_NE(error_of(small_options({book})).find("b.csv:4: is_snapshot: snapshot repeated"),
            std::string::npos);
  const Converted c = run(small_options({book}, {}, Policy::lenient));
  EXPECT_EQ(c.stats.counters.at("repairs.duplicate_snapshot"), 1);
  ASSERT_EQ(c.events.size(), 5u);
  EXPECT_EQ(c.events[3], level(1000, 1000, 200, 6, Side::buy));
}

TEST(TardisPolicy, TimeGoingBackwards) {
  TempDir dir;
  const auto book = dir.write("b.csv", std::string(kBookHeader) +
                                           "x,S,1000,1000,true,bid,100,5\n"
                                           "x,S,3000,3000,false,bid,100,6\n"
                                           "x,S,2500,3100,false,bid,100,7\n");
  EXPECT_NE(
      error_of(small_options({book})).find("b.csv:4: timestamp: exchange time goes backwards"),
      std::string::npos);
  Converted c = run(small_options({book}, {}, Policy::lenient));
  EXPECT_EQ(c.stats.counters.at("repairs.time_backwards"), 1);
  EXPECT_EQ(c.events.size(), 4u);
  // Within a tolerance the step back is clamped, not an error.
  auto o = small_options({book});
  o.stream.time_tolerance = 1 * kMillisecond;
  c = run(o);
  ASSERT_EQ(c.events.size(), 5u);
  EXPECT_EQ(c.events[4], Event({3000'000, 3100'000, 200, 7, EventKind::level, Side::buy, 0}));
}

struct BadRow {
  const char* name;
  std::string row;
  std::string expected_error;  // after "b.csv:3: "
  const char* repair;
};

class TardisBadRow : public ::testing::TestWithParam<BadRow> {};

TEST_P(TardisBadRow, StrictStopsLenientCounts) {
  TempDir dir;
  const auto book = dir.write("b.csv", std::string(kBookHeader) + "x,S,1000,1000,true,bid,100,5\n" +
                                           GetParam().row + "\nx,S,3000,3000,false,ask,101,2\n");
  const std::string error = error_of(small_options({book}));
  EXPECT_NE(error.find("b.csv:3: " + GetParam().expected_error), std::string::npos) << error;
  const Converted c = run(small_options({book}, {}, Policy::lenient));
  EXPECT_EQ(c.stats.counters.at(std::string("repairs.") + GetParam().repair), 1);
  EXPECT_EQ(c.events.size(), 4u);  // the bad row skipped
  EXPECT_EQ(c.events.back(), level(3000, 3000, 202, 2, Side::sell));
}

INSTANTIATE_TEST_SUITE_P(
    Rows, TardisBadRow,
    ::testing::Values(BadRow{"non_numeric_price", "x,S,2000,2000,false,bid,abc,1",
                             "price: expected a decimal price, got 'abc'", "malformed_row"},
                      BadRow{"non_numeric_time", "x,S,20x0,2000,false,bid,100,1",
                             "timestamp: expected microseconds", "malformed_row"},
                      BadRow{"more_decimals_than_tick", "x,S,2000,2000,false,bid,100.25,1",
                             "price: price 100.25 is not a multiple of tick 0.5", "off_grid"},
                      BadRow{"size_off_lot", "x,S,2000,2000,false,bid,100,1.5",
                             "amount: size 1.5 is not a multiple of lot 1", "off_grid"},
                      BadRow{"negative_size", "x,S,2000,2000,false,bid,100,-3",
                             "amount: size -3 is negative", "negative_size"},
                      BadRow{"missing_field", "x,S,2000,2000,false,bid,100",
                             "expected 8 columns, got 7", "malformed_row"},
                      BadRow{"bad_side", "x,S,2000,2000,false,buy,100,1",
                             "side: expected bid or ask", "malformed_row"},
                      BadRow{"bad_flag", "x,S,2000,2000,yes,bid,100,1",
                             "is_snapshot: expected true or false", "malformed_row"}),
    [](const ::testing::TestParamInfo<BadRow>& row) { return std::string(row.param.name); });

// Found by tests/fuzz/fuzz_tardis: a local timestamp past 2^62 ns (year 2116) was converted into
// a store that every reader then refused. Prices and times outside the store's range
// [-2^62, 2^62) are bad rows.
TEST(TardisPolicy, PricesAndTimesBeyondTheStoreRangeAreOutOfRange) {
  TempDir dir;
  const std::string first = "x,S,1000,1000,true,bid,100,5\n";
  const auto late = dir.write(
      "late.csv", std::string(kBookHeader) + first + "x,S,2000,8155699200355684,false,bid,100,1\n");
  auto o = small_options({late});
  o.instrument.tick_size = Decimal{1, 2};
  EXPECT_NE(error_of(o).find("late.csv:3: local_timestamp: expected microseconds since the epoch, "
                             "got '8155699200355684'"),
            std::string::npos)
      << error_of(o);
  // 4,611,686,018,427,387 us is the last microsecond before 2^62 ns.
  const auto edge = dir.write("edge.csv", std::string(kBookHeader) + first +
                                              "x,S,2000,4611686018427387,false,bid,100,1\n" +
                                              "x,S,3000,4611686018427388,false,bid,100,2\n");
  o.book_files = {edge};
  EXPECT_NE(error_of(o).find("edge.csv:4: local_timestamp"), std::string::npos) << error_of(o);

  // 5e16 at a 0.01 tick is 5e18 ticks, past 2^62 = 4.6e18.
  const auto high = dir.write("high.csv", std::string(kBookHeader) + first +
                                              "x,S,2000,2000,false,ask,50000000000000000,1\n");
  o.book_files = {high};
  EXPECT_NE(error_of(o).find("high.csv:3: price: price 50000000000000000 is out of range"),
            std::string::npos)
      << error_of(o);
  o.policy = Policy::lenient;
  const Converted c = run(o);
  EXPECT_EQ(c.stats.counters.at("repairs.malformed_row"), 1);
  EXPECT_EQ(c.events.size(), 3u);  // the snapshot of the first row only
}

TEST(TardisPolicy, WrongHeaderAndMissingColumnAreRefusedUnderBothPolicies) {
  TempDir dir;
  const auto wrong = dir.write("w.csv",
                               "exchange,symbol,ts,local_timestamp,is_snapshot,side,price,"
                               "amount\nx,S,1,1,true,bid,1,1\n");
  const auto missing = dir.write("m.csv",
                                 "exchange,symbol,timestamp,local_timestamp,is_snapshot,"
                                 "side,price\nx,S,1,1,true,bid,1\n");
  for (const Policy p : {Policy::strict, Policy::lenient}) {
    EXPECT_NE(
        error_of(small_options({wrong}, {}, p)).find("w.csv:1: header: missing column 'timestamp'"),
        std::string::npos);
    EXPECT_NE(
        error_of(small_options({missing}, {}, p)).find("m.csv:1: header: missing column 'amount'"),
        std::string::npos);
  }
}

TEST(TardisPolicy, TruncatedGzip) {
  TempDir dir;
  std::string text = kBookHeader;
  text += "x,S,1000,1000,true,bid,100,5\n";
  for (int i = 0; i < 20000; ++i)
    text += "x,S," + std::to_string(2000 + i) + ",1,false,ask," + std::to_string(101 + i % 50) +
            "," + std::to_string(1 + i % 7) + "\n";
  const auto full = dir.write_gz("full.csv.gz", text);
  const std::string bytes = read_text(full);
  const auto cut = dir.write("cut.csv.gz", bytes.substr(0, bytes.size() / 2));
  EXPECT_NE(error_of(small_options({cut})).find("gzip stream ends early"), std::string::npos);
  const Converted c = run(small_options({cut}, {}, Policy::lenient));
  EXPECT_EQ(c.stats.counters.at("repairs.truncated_input"), 1);
  EXPECT_GT(c.stats.rows_read, 100);
  EXPECT_LT(c.stats.rows_read, 20001);
  // Every kept row is complete: the last event is one of the generated rows.
  const Event& last = c.events.back();
  const auto i = last.exch_ts / 1000 - 2000;
  EXPECT_EQ(last.price, 2 * (101 + i % 50));
  EXPECT_EQ(last.qty, 1 + i % 7);
  // The whole file converts cleanly.
  EXPECT_EQ(run(small_options({full})).stats.rows_read, 20001);
}

TEST(TardisTrades, UnknownAggressorAndBadSize) {
  TempDir dir;
  const auto book = dir.write("b.csv", std::string(kBookHeader) + "x,S,1000,1000,true,bid,100,5\n");
  const auto trades = dir.write("t.csv", std::string(kTradeHeader) +
                                             "x,S,1000,1,a,unknown,100,1\n"
                                             "x,S,1001,1,b,buy,100,0\n"
                                             "x,S,1002,1,c,sell,100,2\n");
  EXPECT_NE(error_of(small_options({book}, {trades})).find("t.csv:2: side: aggressor side unknown"),
            std::string::npos);
  const Converted c = run(small_options({book}, {trades}, Policy::lenient));
  EXPECT_EQ(c.stats.counters.at("repairs.unknown_side"), 1);
  EXPECT_EQ(c.stats.counters.at("repairs.negative_size"), 1);
  EXPECT_EQ(c.events.back(), trade(1002, 1, 200, 2, Side::sell));
}

}  // namespace
}  // namespace tilt::test
