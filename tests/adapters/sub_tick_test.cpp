// Trades that print between ticks (issue 15): LOBSTER hidden executions and Tardis trades keep
// their exact price in sub-ticks, flagged kSubTickPrice; strict does not fail on them, lenient
// does not drop them; a price off even the sub-tick grid stays a bad row. Stores holding them are
// schema version 2, and `tilt info` counts them. Expected prices are worked out by hand here.
#include <gtest/gtest.h>

#include "adapter_test_support.hpp"
#include "adapters/csv/trade_price.hpp"
#include "adapters/lobster/lobster_replay.hpp"
#include "adapters/tardis/tardis_convert.hpp"
#include "support/run_tilt.hpp"
#include "tilt/error.hpp"
#include "tilt/store/event_store.hpp"

namespace tilt::test {
namespace {

using adapters::Policy;
using adapters::TradePrice;
using adapters::TradePriceGrid;
namespace lobster = adapters::lobster;
namespace tardis = adapters::tardis;

std::vector<Event> collect(const auto& convert_fn, adapters::ConversionStats* stats = nullptr) {
  std::vector<Event> all;
  auto s =
      convert_fn([&all](std::span<const Event> b) { all.insert(all.end(), b.begin(), b.end()); });
  if (stats != nullptr) *stats = s;
  return all;
}

std::vector<Event> trades_of(const std::vector<Event>& events) {
  std::vector<Event> out;
  for (const Event& e : events)
    if (e.kind == EventKind::trade) out.push_back(e);
  return out;
}

TEST(TradePriceGrid, OnTickBetweenTicksAndOffGrid) {
  const TradePriceGrid grid(Decimal{1, 2});  // tick 0.01, sub-tick 0.000001
  TradePrice p;
  ASSERT_EQ(grid.to_price("577.77", p), adapters::DecimalGrid::Result::ok);
  EXPECT_EQ(p.price, 57'777);
  EXPECT_EQ(p.flags, 0);
  // 577.775 = 57,777.5 ticks = 577,775,000 sub-ticks.
  ASSERT_EQ(grid.to_price("577.775", p), adapters::DecimalGrid::Result::ok);
  EXPECT_EQ(p.price, 577'775'000);
  EXPECT_EQ(p.flags, kSubTickPrice);
  // LOBSTER's integer form: 5777750 × 10^-4.
  ASSERT_EQ(grid.to_price(5'777'750, 4, p), adapters::DecimalGrid::Result::ok);
  EXPECT_EQ(p.price, 577'775'000);
  EXPECT_EQ(p.flags, kSubTickPrice);
  // 577.7750001 is 577,775,000.1 sub-ticks: off the sub-tick grid too.
  EXPECT_EQ(grid.to_price("577.7750001", p), adapters::DecimalGrid::Result::off_grid);
  EXPECT_EQ(grid.to_price("abc", p), adapters::DecimalGrid::Result::not_a_number);
}

// --- LOBSTER -------------------------------------------------------------------------------------

// One-level LOBSTER pair: a bid 100.00 × 100, an ask 100.10 × 50, then a hidden execution of
// 30 shares against a hidden sell order at `hidden_price` (price × 10^4).
struct LobsterPair {
  std::string messages;
  std::string orderbook;
};

LobsterPair hidden_execution_pair(const TempDir& dir, const std::string& hidden_price,
                                  int hidden_type = 5) {
  const std::string stem = "TEST_2012-06-21_34200000_57600000_";
  LobsterPair p;
  p.messages = dir.write(stem + "message_1.csv",
                         "34200.000000001,1,1,100,1000000,1\n"
                         "34200.000000002,1,2,50,1001000,-1\n"
                         "34200.000000003," +
                             std::to_string(hidden_type) + ",0,30," + hidden_price + ",-1\n");
  p.orderbook = dir.write(stem + "orderbook_1.csv",
                          "9999999999,0,1000000,100\n"
                          "1001000,50,1000000,100\n"
                          "1001000,50,1000000,100\n");
  return p;
}

lobster::ConvertOptions lobster_options(const LobsterPair& p, Policy policy, const char* tick) {
  lobster::ConvertOptions o;
  o.message_file = p.messages;
  o.orderbook_file = p.orderbook;
  o.instrument.symbol = "TEST";
  o.instrument.tick_size = *Decimal::parse(tick);
  o.instrument.lot_size = Decimal{1, 0};
  o.policy = policy;
  return o;
}

TEST(SubTickLobster, HalfCentHiddenExecutionKeptUnderBothPolicies) {
  TempDir dir;
  const LobsterPair pair = hidden_execution_pair(dir, "1000550");  // 100.055, between ticks
  for (const Policy policy : {Policy::strict, Policy::lenient}) {
    adapters::ConversionStats stats;
    const auto events = collect(
        [&](const adapters::EventSink& sink) {
          return lobster::convert(lobster_options(pair, policy, "0.01"), sink);
        },
        &stats);
    const auto trades = trades_of(events);
    ASSERT_EQ(trades.size(), 1u) << to_string(policy);
    // 100.055 on a 0.01 tick: 10,005.5 ticks = 100,055,000 sub-ticks.
    EXPECT_EQ(trades[0].price, 100'055'000);
    EXPECT_TRUE(has_sub_tick_price(trades[0]));
    EXPECT_EQ(trades[0].qty, 30);
    EXPECT_EQ(trades[0].side, Side::buy);  // a resting (hidden) sell was hit by a buyer
    EXPECT_EQ(stats.counters.at("convert.sub_tick_trades"), 1);
    EXPECT_FALSE(stats.counters.contains("repairs.off_grid"));
    // No visible level moved: every level event is on the tick grid at 100.00 or 100.10.
    for (const Event& e : events) {
      if (e.kind != EventKind::level) continue;
      EXPECT_FALSE(has_sub_tick_price(e));
      EXPECT_TRUE(e.price == 10'000 || e.price == 10'010) << e.price;
    }
  }
}

TEST(SubTickLobster, VisibleExecutionBetweenTicksIsStillOffGrid) {
  TempDir dir;
  // Type 4 executes a visible order: no visible order rests between ticks.
  const LobsterPair pair = hidden_execution_pair(dir, "1000550", 4);
  try {
    collect([&](const adapters::EventSink& sink) {
      return lobster::convert(lobster_options(pair, Policy::strict, "0.01"), sink);
    });
    FAIL() << "expected an off-grid error";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("message_1.csv:3: price: price 100.055 is not a multiple "
                                         "of tick 0.01"),
              std::string::npos)
        << e.what();
  }
}

TEST(SubTickLobster, PriceOffTheSubTickGridStrictErrorLenientRepair) {
  TempDir dir;
  // Tick 0.03: sub-tick 0.000003. Levels 99.99/100.02 are on the tick grid (3,333 and 3,334
  // ticks); the hidden print at 100.0001 is 33,333,366.67 sub-ticks: off both grids.
  const std::string stem = "TEST_2012-06-21_34200000_57600000_";
  LobsterPair pair;
  pair.messages = dir.write(stem + "message_1.csv",
                            "34200.000000001,1,1,100,999900,1\n"
                            "34200.000000002,1,2,50,1000200,-1\n"
                            "34200.000000003,5,0,30,1000001,-1\n");
  pair.orderbook = dir.write(stem + "orderbook_1.csv",
                             "9999999999,0,999900,100\n"
                             "1000200,50,999900,100\n"
                             "1000200,50,999900,100\n");
  try {
    collect([&](const adapters::EventSink& sink) {
      return lobster::convert(lobster_options(pair, Policy::strict, "0.03"), sink);
    });
    FAIL() << "expected an off-grid error";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find(
                  "message_1.csv:3: price: hidden execution price 100.0001 is not a multiple of a "
                  "sub-tick (tick 0.03 / 10000)"),
              std::string::npos)
        << e.what();
  }
  adapters::ConversionStats stats;
  const auto events = collect(
      [&](const adapters::EventSink& sink) {
        return lobster::convert(lobster_options(pair, Policy::lenient, "0.03"), sink);
      },
      &stats);
  EXPECT_TRUE(trades_of(events).empty());
  EXPECT_EQ(stats.counters.at("repairs.off_grid"), 1);
}

// --- Tardis trades -------------------------------------------------------------------------------

constexpr const char* kBookHeader =
    "exchange,symbol,timestamp,local_timestamp,is_snapshot,side,price,amount\n";
constexpr const char* kTradeHeader =
    "exchange,symbol,timestamp,local_timestamp,id,side,price,amount\n";

tardis::ConvertOptions tardis_options(const std::string& book, const std::string& trades,
                                      Policy policy) {
  tardis::ConvertOptions o;
  o.book_files = {book};
  o.trade_files = {trades};
  o.instrument.symbol = "S";
  o.instrument.tick_size = Decimal{5, 1};  // 0.5; sub-tick 0.00005
  o.instrument.lot_size = Decimal{1, 0};
  o.policy = policy;
  return o;
}

TEST(SubTickTardis, TradeBetweenTicksKeptOffSubTickGridRefused) {
  TempDir dir;
  const auto book = dir.write("b.csv", std::string(kBookHeader) +
                                           "x,S,1000,1000,true,bid,100,5\n"
                                           "x,S,1000,1000,true,ask,101,7\n");
  const auto trades = dir.write("t.csv", std::string(kTradeHeader) +
                                             "x,S,2000,2000,1,buy,101,1\n"
                                             "x,S,3000,3000,2,sell,100.25,2\n"
                                             "x,S,4000,4000,3,sell,100.00001,3\n");
  // 100.00001 / 0.00005 = 2,000,000.2 sub-ticks: off the grid, strict names the row.
  try {
    collect([&](const adapters::EventSink& sink) {
      return tardis::convert(tardis_options(book, trades, Policy::strict), sink);
    });
    FAIL() << "expected an off-grid error";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("t.csv:4: price: price 100.00001 is not a multiple of a "
                                         "sub-tick (tick 0.5 / 10000)"),
              std::string::npos)
        << e.what();
  }
  adapters::ConversionStats stats;
  const auto events = collect(
      [&](const adapters::EventSink& sink) {
        return tardis::convert(tardis_options(book, trades, Policy::lenient), sink);
      },
      &stats);
  const auto t = trades_of(events);
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0].price, 202);  // 101 / 0.5, on the tick grid
  EXPECT_EQ(t[0].flags, 0);
  EXPECT_EQ(t[1].price, 2'005'000);  // 100.25 / 0.5 = 200.5 ticks = 2,005,000 sub-ticks
  EXPECT_EQ(t[1].flags, kSubTickPrice);
  EXPECT_EQ(stats.counters.at("repairs.off_grid"), 1);
  EXPECT_EQ(stats.counters.at("convert.sub_tick_trades"), 1);
}

// --- store schema and tilt info -----------------------------------------------------------------

TEST(SubTickStore, SchemaVersionTwoOnlyWithFlagsAndBothRead) {
  TempDir dir;
  Instrument ins;
  ins.symbol = "S";
  const Event plain{1000, 1000, 100, 1, EventKind::trade, Side::buy, 0};
  const Event between{2000, 2000, 1'005'000, 1, EventKind::trade, Side::sell, kSubTickPrice};
  {
    StoreWriter w(dir.file("v1.h5"), ins, StoreOptions{Compression::none});
    w.append(plain);
    w.close();
    StoreWriter w2(dir.file("v2.h5"), ins, StoreOptions{Compression::none});
    w2.append(plain);
    w2.append(between);
    w2.close();
  }
  EXPECT_EQ(read_store_metadata(dir.file("v1.h5")).schema_version, 1);
  EXPECT_EQ(read_store_metadata(dir.file("v2.h5")).schema_version, 2);
  std::vector<Event> back;
  for_each_batch(dir.file("v2.h5"),
                 [&](std::span<const Event> b) { back.insert(back.end(), b.begin(), b.end()); });
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back[1], between);
}

/// tilt's output (stdout and stderr), whatever its exit status.
std::string run_tilt(const std::string& args) {
  return testing::run_tilt(args).output;
}

TEST(SubTickStore, ConvertAndInfoReportTheCount) {
  TempDir dir;
  const LobsterPair pair = hidden_execution_pair(dir, "1000550");
  const std::string store = dir.file("hidden.h5");
  const std::string converted =
      run_tilt("convert --from lobster --messages " + pair.messages + " --orderbook " +
               pair.orderbook + " --symbol TEST --tick-size 0.01 --lot-size 1 -o " + store);
  EXPECT_NE(converted.find("sub-tick trades 1\n"), std::string::npos) << converted;
  const std::string info = run_tilt("info " + store);
  EXPECT_NE(info.find("schema version  2\n"), std::string::npos) << info;
  EXPECT_NE(info.find("sub-tick trades 1 "), std::string::npos) << info;
  EXPECT_NE(info.find("calendar us_equities"), std::string::npos) << info;  // LOBSTER default
  // The instrument YAML can say otherwise; the store keeps it as its `calendar` attribute.
  const std::string yaml = dir.write("i.yaml",
                                     "symbol: TEST\ntick_size: 0.01\nlot_size: 1\n"
                                     "calendar: crypto_24_7\n");
  run_tilt("convert --from lobster --messages " + pair.messages + " --orderbook " + pair.orderbook +
           " --instrument " + yaml + " -o " + dir.file("c.h5"));
  EXPECT_EQ(read_store_metadata(dir.file("c.h5")).instrument.calendar,
            TradingCalendar::crypto_24_7);
}

}  // namespace
}  // namespace tilt::test
