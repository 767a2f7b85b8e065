// Real recordings run as recorded (issue 15), end to end through the built `tilt` binary with
// default settings: every vendor sample in tests/data is converted with `tilt convert` defaults
// and replayed by both built-in strategies (imbalance_market_maker, imbalance_taker) with default
// parameters. The full LOBSTER AMZN day is unzipped into a temporary folder at test time.
//
// A Binance-like Tardis recording is also generated here: three minutes of incremental_book_L2
// where each depth message updates both sides under one timestamp (so the book is locked for a
// moment inside many messages), a trades file, a local clock 1.2 s behind the exchange clock, two
// prints between ticks and three genuinely crossed messages (a stale ask the venue never
// removed). It must convert with defaults, run with both built-ins, and the crossed-book repairs
// and the negative feed latency must reach summary.json.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>

#include "support/run_tilt.hpp"
#include "tilt/store/event_store.hpp"

namespace tilt {
namespace {

const std::string kData = TILT_TEST_DATA_DIR;

class TempDir {
 public:
  TempDir() {
    static int counter = 0;
    path_ = std::filesystem::temp_directory_path() /
            ("tilt_realdata_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

using Result = testing::TiltResult;
using testing::run_command;

Result tilt(const std::string& args) {
  return run_command(std::string(TILT_BINARY) + " " + args);
}

nlohmann::json read_json(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return nlohmann::json::parse(text.str());
}

constexpr std::array<const char*, 2> kStrategies = {"imbalance_market_maker", "imbalance_taker"};

// Runs one built-in strategy with default settings: only the store, the signal its default
// parameters read, the strategy's name and an output folder.
nlohmann::json run_default(const TempDir& dir, const std::string& store, const char* strategy,
                           const std::string& tag) {
  const std::string out = dir.file(tag + "_" + strategy);
  const std::string config = dir.file(tag + "_" + strategy + ".yaml");
  std::ofstream(config) << "data: {store: " << store << "}\n"
                        << "signals:\n  - {type: queue_imbalance}\n"
                        << "strategy: {name: " << strategy << "}\n"
                        << "output: {dir: " << out << "}\n";
  const Result r = tilt("run " + config);
  EXPECT_EQ(r.status, 0) << tag << " " << strategy << ":\n" << r.output;
  if (r.status != 0 || !std::filesystem::exists(out + "/summary.json")) return {};
  nlohmann::json summary = read_json(out + "/summary.json");
  // The run replayed the whole store.
  EXPECT_EQ(summary["data"]["events"].get<std::int64_t>(), read_store_metadata(store).event_count)
      << tag << " " << strategy;
  return summary;
}

void convert_ok(const std::string& args, const std::string& store) {
  const Result r = tilt("convert " + args + " -o " + store);
  ASSERT_EQ(r.status, 0) << r.output;
  ASSERT_TRUE(std::filesystem::exists(store));
}

// --- the repository's vendor samples ------------------------------------------------------------

TEST(RealSamplesEndToEnd, TardisSamplesConvertAndRunWithDefaults) {
  TempDir dir;
  const std::string deribit = dir.file("deribit.h5");
  convert_ok("--from tardis --book " + kData + "/deribit_incremental_book_L2_BTC-PERPETUAL.csv" +
                 " --symbol BTC-PERPETUAL --tick-size 0.5 --lot-size 10",
             deribit);
  const std::string binance = dir.file("binance.h5");
  convert_ok("--from tardis --book " + kData + "/binance-futures_book_snapshot_25_BTCUSDT.csv" +
                 " --symbol BTCUSDT --tick-size 0.01 --lot-size 0.001",
             binance);
  for (const char* strategy : kStrategies) {
    run_default(dir, deribit, strategy, "deribit");
    run_default(dir, binance, strategy, "binance");
  }
}

TEST(RealSamplesEndToEnd, LobsterAaplConvertsAndRunsWithDefaults) {
  TempDir dir;
  const std::string store = dir.file("aapl.h5");
  convert_ok("--from lobster --messages " + kData +
                 "/AAPL_2012-06-21_34200000_57600000_message_10.csv --orderbook " + kData +
                 "/AAPL_2012-06-21_34200000_57600000_orderbook_10.csv --symbol AAPL --tick-size "
                 "0.01 --lot-size 1",
             store);
  const StoreMetadata meta = read_store_metadata(store);
  EXPECT_EQ(meta.counters.at("lobster.messages"), 999);
  EXPECT_EQ(meta.instrument.calendar, TradingCalendar::us_equities);
  for (const char* strategy : kStrategies) {
    const nlohmann::json s = run_default(dir, store, strategy, "aapl");
    if (s.is_null()) continue;
    // 49 s of data on a 6.5 h session: the annualized Sharpe is an extrapolation.
    EXPECT_EQ(s["sharpe_calendar"], "us_equities");
    EXPECT_EQ(s["sharpe_extrapolated"], true);
  }
}

TEST(RealSamplesEndToEnd, LobsterAmznFullDayConvertsAndRunsWithDefaults) {
  TempDir dir;
  const Result unzip = run_command(
      "unzip -q -o " + kData + "/LOBSTER_SampleFile_AMZN_2012-06-21_5.zip -d " + dir.file("amzn"));
  ASSERT_EQ(unzip.status, 0) << unzip.output;
  std::string messages;
  std::string orderbook;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir.file("amzn"))) {
    const std::string name = entry.path().filename().string();
    if (name.find("_message_5.csv") != std::string::npos) messages = entry.path().string();
    if (name.find("_orderbook_5.csv") != std::string::npos) orderbook = entry.path().string();
  }
  ASSERT_FALSE(messages.empty());
  ASSERT_FALSE(orderbook.empty());
  const std::string store = dir.file("amzn.h5");
  convert_ok("--from lobster --messages " + messages + " --orderbook " + orderbook +
                 " --symbol AMZN --tick-size 0.01 --lot-size 1",
             store);
  const StoreMetadata meta = read_store_metadata(store);
  EXPECT_EQ(meta.counters.at("lobster.messages"), 155'935);
  // The half-cent hidden executions of the day (tests/data/README.md), kept between ticks.
  EXPECT_EQ(meta.counters.at("convert.sub_tick_trades"), 63);
  EXPECT_EQ(meta.schema_version, 2);
  for (const char* strategy : kStrategies) {
    const nlohmann::json s = run_default(dir, store, strategy, "amzn");
    if (s.is_null()) continue;
    // A whole 6.5 h session: no extrapolation on the US equities calendar.
    EXPECT_EQ(s["sharpe_calendar"], "us_equities");
    EXPECT_EQ(s["sharpe_extrapolated"], false);
  }
}

// --- a generated Binance-like recording ----------------------------------------------------------

struct Recording {
  std::string book;
  std::string trades;
  int crossed_messages = 0;  // messages that leave the book crossed: repaired by convert
  int sub_tick_trades = 0;
  std::int64_t rows = 0;
};

constexpr std::int64_t kStartUs = 1'700'000'000'000'000;
constexpr std::int64_t kClockSkewUs = 1'200'000;  // local clock behind the exchange's
constexpr std::int64_t kMinutes = 3;

// Prices in ticks of 0.1, sizes in lots of 0.001.
std::string price_text(std::int64_t ticks) {
  return std::to_string(ticks / 10) + "." + std::to_string(ticks % 10);
}
std::string size_text(std::int64_t lots) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld.%03lld", static_cast<long long>(lots / 1000),
                static_cast<long long>(lots % 1000));
  return buf;
}

Recording generate_binance_like(const TempDir& dir) {
  Recording rec;
  rec.book = dir.file("binance-futures_incremental_book_L2_BTCUSDT.csv");
  rec.trades = dir.file("binance-futures_trades_BTCUSDT.csv");
  std::ofstream book(rec.book);
  std::ofstream trades(rec.trades);
  book << "exchange,symbol,timestamp,local_timestamp,is_snapshot,side,price,amount\n";
  trades << "exchange,symbol,timestamp,local_timestamp,id,side,price,amount\n";
  std::mt19937_64 rng(15);
  auto uniform = [&rng](std::int64_t lo, std::int64_t hi) {
    return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng);
  };
  std::map<std::int64_t, std::int64_t> bids;  // ticks -> lots
  std::map<std::int64_t, std::int64_t> asks;
  std::int64_t best_bid = 600'000;  // 60,000.0
  for (int i = 0; i < 20; ++i) {
    bids[best_bid - i] = uniform(1, 5'000);
    asks[best_bid + 1 + i] = uniform(1, 5'000);
  }
  auto row = [&](std::int64_t ts, bool snapshot, bool bid, std::int64_t px, std::int64_t lots) {
    const std::int64_t local = ts - kClockSkewUs + uniform(0, 2'000);
    book << "binance-futures,BTCUSDT," << ts << "," << local << "," << (snapshot ? "true" : "false")
         << "," << (bid ? "bid" : "ask") << "," << price_text(px) << "," << size_text(lots) << "\n";
    ++rec.rows;
  };
  for (const auto& [px, q] : bids) row(kStartUs, true, true, px, q);
  for (const auto& [px, q] : asks) row(kStartUs, true, false, px, q);

  std::int64_t ts = kStartUs;
  std::int64_t trade_id = 1;
  const std::int64_t end = kStartUs + kMinutes * 60 * 1'000'000;
  int message = 0;
  while (ts < end) {
    ts += uniform(2'000, 40'000);
    ++message;
    const std::int64_t bid = bids.rbegin()->first;
    const std::int64_t ask = asks.begin()->first;
    const std::int64_t move = uniform(0, 9);
    if (message % 2'500 == 1'250 && rec.crossed_messages < 3) {  // about 8,500 messages in all
      // A stale ask the venue never removes: the bid jumps over it. Converted with the default
      // policy the ask side (updated longer ago) loses its crossing levels.
      const std::int64_t new_bid = ask + 1;
      row(ts, false, true, new_bid, uniform(1, 500));
      bids[new_bid] = 1;
      while (!asks.empty() && asks.begin()->first <= new_bid) asks.erase(asks.begin());
      ++rec.crossed_messages;
    } else if (move == 0 && ask - bid == 1) {
      // Up one tick in one message: the new bid lands on the old ask first (locked book), then
      // the old ask goes, then a new ask level appears further out.
      row(ts, false, true, ask, uniform(1, 3'000));
      row(ts, false, false, ask, 0);
      bids[ask] = 1;
      asks.erase(ask);
      const std::int64_t far = asks.rbegin()->first + 1;
      const std::int64_t q = uniform(1, 5'000);
      row(ts, false, false, far, q);
      asks[far] = q;
    } else if (move == 1 && ask - bid == 1) {
      // Down one tick, mirrored.
      row(ts, false, false, bid, uniform(1, 3'000));
      row(ts, false, true, bid, 0);
      asks[bid] = 1;
      bids.erase(bid);
      const std::int64_t far = bids.begin()->first - 1;
      const std::int64_t q = uniform(1, 5'000);
      row(ts, false, true, far, q);
      bids[far] = q;
    } else {
      // Sizes change on both sides in one message; a gap at the touch is refilled.
      if (ask - bid > 1) {
        row(ts, false, true, bid + 1, uniform(1, 2'000));
        bids[bid + 1] = 1;
      }
      for (int k = 0; k < 2; ++k) {
        const std::int64_t b = bids.rbegin()->first - uniform(0, 4);
        const std::int64_t a = asks.begin()->first + uniform(0, 4);
        row(ts, false, true, b, uniform(1, 5'000));
        row(ts, false, false, a, uniform(1, 5'000));
        bids[b] = 1;
        asks[a] = 1;
      }
    }
    if (message % 7 == 0) {
      // A trade at the touch just after the message (its own timestamp); two of them print
      // between ticks (a midpoint execution): 60,000.05 on a 0.1 tick.
      const std::int64_t trade_ts = ts + 1;
      const bool buy = uniform(0, 1) == 1;
      std::string px = price_text(buy ? asks.begin()->first : bids.rbegin()->first);
      if (message % 1'001 == 0 && rec.sub_tick_trades < 2) {
        px = price_text(bids.rbegin()->first) + "5";
        ++rec.sub_tick_trades;
      }
      trades << "binance-futures,BTCUSDT," << trade_ts << "," << trade_ts - kClockSkewUs << ","
             << trade_id++ << "," << (buy ? "buy" : "sell") << "," << px << ","
             << size_text(uniform(1, 200)) << "\n";
      ++rec.rows;
    }
  }
  return rec;
}

TEST(GeneratedBinanceRecording, ConvertsWithDefaultsAndRunsWithBothBuiltIns) {
  TempDir dir;
  const Recording rec = generate_binance_like(dir);
  ASSERT_EQ(rec.crossed_messages, 3);
  ASSERT_EQ(rec.sub_tick_trades, 2);
  const std::string store = dir.file("btcusdt.h5");
  const Result converted =
      tilt("convert --from tardis --book " + rec.book + " --trades " + rec.trades +
           " --symbol BTCUSDT --tick-size 0.1 --lot-size 0.001" + " -o " + store);
  ASSERT_EQ(converted.status, 0) << converted.output;
  EXPECT_NE(converted.output.find("negative feed latency"), std::string::npos) << converted.output;
  const StoreMetadata meta = read_store_metadata(store);
  EXPECT_EQ(meta.counters.at("convert.rows_read"), rec.rows);
  // Only the three messages that end crossed are repaired; the hundreds of books locked inside a
  // message are not.
  EXPECT_EQ(meta.counters.at("repairs.crossed_book"), 3);
  EXPECT_EQ(meta.counters.at("convert.sub_tick_trades"), 2);
  // Every event is stamped ~1.2 s early by the local clock (jitter 0..2 ms on book rows).
  EXPECT_EQ(meta.counters.at("feed.negative_latency_events"), meta.event_count);
  const std::int64_t worst = meta.counters.at("feed.worst_negative_latency_ns");
  EXPECT_LE(worst, -1'198'000'000);
  EXPECT_GE(worst, -1'200'000'000);

  for (const char* strategy : kStrategies) {
    const nlohmann::json s = run_default(dir, store, strategy, "binance_like");
    if (s.is_null()) continue;
    // The store's repairs reach summary.json.
    EXPECT_EQ(s["repairs"]["store.crossed_book"], 3) << s.dump(2);
    // The run reports the negative feed latency it met (the engine's feed-clock block).
    ASSERT_TRUE(s.contains("feed")) << s.dump(2);
    EXPECT_GT(s["feed"]["negative_latency_events"].get<std::int64_t>(), 0) << s.dump(2);
    EXPECT_LE(s["feed"]["worst_negative_latency_ns"].get<std::int64_t>(), -1'198'000'000)
        << s.dump(2);
  }
}

}  // namespace
}  // namespace tilt
